// Every setting Pasokh reads from the environment, in one typed place: the only module that reads
// process.env. The schema has the shape of Astro's `envField` definitions, so astro.config.mjs
// hands the same object to `env.schema` (astro:env), while `npm start` and the other commands,
// which run outside Astro, check it here first: a bad value stops them with one line naming the
// variable and what was expected, before anything is built, migrated or served.

import { proxyTrust } from './http/forwarded.ts';

/** A setting a command cannot run with; its message is the one line the operator reads. */
export class SettingError extends Error {}

type Common = { context: 'server'; access: 'secret'; optional?: boolean };
type StringField = Common & { type: 'string'; default?: string; url?: boolean };
type NumberField = Common & { type: 'number'; default?: number; int?: boolean; min?: number; max?: number };
type EnumField = Common & { type: 'enum'; values: string[]; default?: string };
type Field = StringField | NumberField | EnumField;

const server = { context: 'server', access: 'secret' } as const;
const text = <O extends { optional?: true; default?: string; url?: true }>(options: O) =>
  ({ ...server, type: 'string', ...options }) as const;
const integer = (options: { default: number; min: number; max?: number }) =>
  ({ ...server, type: 'number', int: true, ...options }) as const;

/** README, "Settings", says what each one does. */
export const envSchema = {
  NODE_ENV: text({ optional: true }),
  PORT: integer({ default: 4321, min: 1, max: 65_535 }),
  HOST: text({ default: 'localhost' }),
  SITE_URL: text({ optional: true }),
  DATABASE_PATH: text({ default: 'data/pasokh.db' }),
  DATABASE_URL: text({ optional: true }),
  DATABASE_POOL_SIZE: integer({ default: 10, min: 1, max: 1_000 }),
  SMTP_URL: text({ optional: true, url: true }),
  OUTBOX_DIR: text({ default: 'data/outbox' }),
  MAIL_FROM: text({ default: 'Pasokh <no-reply@pasokh.example>' }),
  // How long a thread's notification mail waits for more (src/lib/notification-mail/schedule.ts): 5 minutes.
  NOTIFY_MAIL_DELAY_MS: integer({ default: 300_000, min: 1_000, max: 86_400_000 }),
  MAIL_UNSUBSCRIBE_ADDRESS: text({ optional: true }),
  ANONYMOUS_CACHE_SECONDS: integer({ default: 30, min: 0 }),
  RATE_LIMIT_SCALE: integer({ default: 1, min: 1 }),
  SUPPORT_WEBHOOK_URL: text({ optional: true, url: true }),
  SUPPORT_WEBHOOK_SECRET: text({ optional: true }),
  SUPPORT_EMAIL: text({ optional: true }),
  SUPPORT_RETRY_BASE_MS: integer({ default: 30_000, min: 1 }),
  SUPPORT_RETRY_MAX_MS: integer({ default: 3_600_000, min: 1 }),
  SUPPORT_MAX_ATTEMPTS: integer({ default: 10, min: 1 }),
  SUPPORT_TIMEOUT_MS: integer({ default: 10_000, min: 1 }),
  SUPPORT_LEASE_MS: integer({ default: 60_000, min: 1 }),
  SUPPORT_POLL_MS: integer({ default: 1_000, min: 1 }),
  TRUST_PROXY: text({ optional: true }),
  LOG_LEVEL: {
    ...server,
    type: 'enum',
    values: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
    default: 'info',
  },
  WEB_CONCURRENCY: integer({ default: 1, min: 1, max: 64 }),
} satisfies Record<string, Field>;

type Schema = typeof envSchema;
type ValueOf<F> = F extends { type: 'number' } ? number : string;
type Required<F> = F extends { default: unknown } ? true : false;

/** The settings, typed, with defaults filled in; `siteOrigin` is SITE_URL checked (or the local default). */
export type Env = {
  -readonly [K in keyof Schema]: Required<Schema[K]> extends true ? ValueOf<Schema[K]> : ValueOf<Schema[K]> | undefined;
} & {
  siteOrigin: string;
};

export type RawEnv = Readonly<Record<string, string | undefined>>;

function readField(name: string, field: Field, raw: string | undefined): string | number | undefined {
  const value = raw?.trim();
  if (!value) return field.default;
  if (field.type === 'number') {
    const n = Number(value);
    const inRange = Number.isInteger(n) && n >= (field.min ?? -Infinity) && n <= (field.max ?? Infinity);
    if (!inRange) {
      const range = field.max === undefined ? `${field.min} or more` : `from ${field.min} to ${field.max}`;
      throw new SettingError(`${name} must be a whole number ${range}; it is "${raw}"`);
    }
    return n;
  }
  if (field.type === 'enum' && !field.values.includes(value)) {
    throw new SettingError(`${name} must be one of ${field.values.join(', ')}; it is "${raw}"`);
  }
  if (field.type === 'string' && field.url && !URL.canParse(value)) {
    throw new SettingError(`${name} must be a URL such as https://example.com/path; it is "${raw}"`);
  }
  return value;
}

/** Checks every setting in `raw` (the process environment by default); throws SettingError on the first bad one. */
export function readEnv(raw: RawEnv = process.env): Env {
  const values: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(envSchema)) values[name] = readField(name, field, raw[name]);
  const settings = values as Omit<Env, 'siteOrigin'>;
  checkDatabaseUrl(settings.DATABASE_URL);
  checkTrustProxy(settings.TRUST_PROXY);
  checkMailbox('MAIL_UNSUBSCRIBE_ADDRESS', settings.MAIL_UNSUBSCRIBE_ADDRESS);
  return { ...settings, siteOrigin: siteOrigin(settings) };
}

/** DATABASE_URL, when set, names a PostgreSQL server; its password never appears in the message. */
function checkDatabaseUrl(raw: string | undefined): void {
  if (!raw) return;
  const url = URL.parse(raw);
  if (url && (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname) return;
  const shown = !url ? 'not a URL' : `"${url.password ? raw.replace(`:${url.password}@`, ':…@') : raw}"`;
  throw new SettingError(
    `DATABASE_URL must be a PostgreSQL URL such as postgres://pasokh:secret@db.example.com:5432/pasokh; it is ${shown}`,
  );
}

/** A bare address (it goes into a mailto: link): one @, no spaces, brackets or query characters. */
function checkMailbox(name: string, raw: string | undefined): void {
  if (raw === undefined || /^[^\s@<>?&,;:"()]+@[^\s@<>?&,;:"()]+\.[^\s@<>?&,;:"()]+$/.test(raw)) return;
  throw new SettingError(`${name} must be a bare e-mail address such as unsubscribe@example.com; it is "${raw}"`);
}

/** TRUST_PROXY is `false`, a hop count or a list of addresses proxy-addr can read (src/lib/http/forwarded.ts). */
function checkTrustProxy(raw: string | undefined): void {
  try {
    proxyTrust(raw);
  } catch {
    throw new SettingError(
      `TRUST_PROXY must be false, a number of proxies (1) or addresses and CIDRs such as "127.0.0.1, 10.0.0.0/8" or "loopback"; it is "${raw}"`,
    );
  }
}

const EXAMPLE_ORIGIN = 'https://help.example.com';

/**
 * The site's public origin, for every link that leaves the page (verification, reset and contact
 * mails, webhooks). It comes from SITE_URL and never from the request: Host and X-Forwarded-Host
 * are whatever the client sends, so a forged Host turned a real reset mail into a link to the
 * attacker's site, and behind a TLS proxy the request's own origin is http://.
 */
export function siteOrigin(settings: { SITE_URL?: string; NODE_ENV?: string; PORT?: string | number }): string {
  const raw = settings.SITE_URL?.trim();
  if (!raw) {
    if (settings.NODE_ENV === 'production') {
      throw new SettingError(
        `SITE_URL is required when NODE_ENV=production: the site's public address, e.g. ${EXAMPLE_ORIGIN}`,
      );
    }
    return `http://localhost:${settings.PORT || envSchema.PORT.default}`;
  }
  const url = URL.parse(raw);
  const plainOrigin =
    url &&
    (url.protocol === 'https:' || url.protocol === 'http:') &&
    !url.username &&
    !url.password &&
    url.pathname === '/' &&
    !url.search &&
    !url.hash;
  if (!plainOrigin) {
    throw new SettingError(
      `SITE_URL must be the site's origin, such as ${EXAMPLE_ORIGIN} (http or https, no path, query or credentials); it is "${raw}"`,
    );
  }
  return url.origin;
}

/**
 * For astro.config.mjs: `astro build` and `astro check` set NODE_ENV=production themselves, so
 * SITE_URL's production requirement is left to `npm start`; every other setting is checked.
 */
export function buildEnv(): Env {
  return readEnv({ ...process.env, NODE_ENV: undefined });
}

let current: Env | undefined;

/** This process's settings, read once. */
export function env(): Env {
  current ??= readEnv();
  return current;
}

/**
 * Set by `npm start` while its background checkpointer runs (lib/db/checkpointer.ts): connections
 * opened afterwards, in this process and the threads it starts, leave WAL checkpoints to it.
 * An environment variable because worker threads inherit the environment at their start.
 */
const BACKGROUND_CHECKPOINT = 'PASOKH_BACKGROUND_CHECKPOINT';

export function setBackgroundCheckpoints(on: boolean): void {
  if (on) process.env[BACKGROUND_CHECKPOINT] = '1';
  else delete process.env[BACKGROUND_CHECKPOINT];
}

export function backgroundCheckpoints(): boolean {
  return process.env[BACKGROUND_CHECKPOINT] === '1';
}

/** `npm start` serves Astro's handler from its own http server (lib/http/server.ts), so the adapter must not listen itself. */
export function disableAstroAutostart(): void {
  process.env.ASTRO_NODE_AUTOSTART = 'disabled';
}

/**
 * Whether Astro's handler runs inside `npm start`'s server. The built entry run on its own
 * (`node dist/server/entry.mjs`) listens by itself and would believe any client's
 * X-Forwarded-For and -Proto (astro.config.mjs trusts them because our server in front decides
 * who may send them), with none of our body limits, rate limits or vote beacon in front.
 */
export function servedByOurServer(): boolean {
  return process.env.ASTRO_NODE_AUTOSTART === 'disabled';
}

/** The environment of a child process (pg_dump, pg_restore): this one's, with `extra` added. */
export function environmentWith(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...extra };
}
