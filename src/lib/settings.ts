// Site settings: typed defaults in code, overrides stored as JSON in the `settings` table.
import { randomBytes } from 'node:crypto';
import type { Db } from './db/index.ts';

export const defaultSettings = {
  /** Where the "contact support" step sends people who still need help. */
  'support.email': 'support@example.com',
  /** Name shown in mail and structured data. */
  'site.organization': 'Pasokh',

  // Moderation (issue 7): one settings screen edits these.
  /** Flags from members that hide a post pending review. */
  'moderation.flagThreshold': 3,
  /** Flags from moderators or trusted users that hide a post pending review. */
  'moderation.trustedFlagThreshold': 1,
  /** From this trust level up, a member's flag counts as trusted. */
  'moderation.trustedFlagLevel': 3,
  /** How long a claim on a review item lasts. */
  'moderation.claimMinutes': 15,
  /** A level-0 user's first this many posts wait for approval. */
  'trust.holdFirstPosts': 2,
  /** Links a level-0 user may put in one post. */
  'trust.newUserMaxLinks': 2,
  /** Posts (threads + replies) a level-0 user may write per 24 hours. */
  'trust.newUserPostsPerDay': 10,
  /** Level 0 → 1 after this many approved, visible posts… */
  'trust.promotePosts': 3,
  /** …and this many days since sign-up. */
  'trust.promoteDays': 1,
  /** A form sent sooner than this after it was shown is treated as a bot. */
  'spam.minSubmitSeconds': 3,
  /** Same user, same normalized text within this window: refused as a duplicate. */
  'spam.duplicateWindowMinutes': 60,
  /** Forum writes per client address and hour (addresses are stored as keyed hashes only). */
  'spam.writesPerAddressPerHour': 60,

  // Sign-in (issue 20), on the same settings screen.
  /** Moderators and admins must use two-factor sign-in to open the admin pages. Off: existing installs and the demo keep working. */
  'auth.require2faForStaff': false as boolean,
};
export type SettingKey = keyof typeof defaultSettings;
export type Settings = { -readonly [K in SettingKey]: (typeof defaultSettings)[K] };

export async function getSettings(db: Db): Promise<Settings> {
  const rows = await db.selectFrom('settings').select(['key', 'value']).execute();
  const settings: Settings = { ...defaultSettings };
  for (const row of rows) {
    if (row.key in defaultSettings) {
      try {
        (settings as Record<string, unknown>)[row.key] = JSON.parse(row.value);
      } catch {
        // A hand-edited, unparsable value falls back to the default.
      }
    }
  }
  return settings;
}

export async function setSetting<K extends SettingKey>(db: Db, key: K, value: Settings[K]): Promise<void> {
  const json = JSON.stringify(value);
  await db
    .insertInto('settings')
    .values({ key, value: json })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: json, updated_at: new Date().toISOString() }))
    .execute();
}

/** Every installation secret the site uses: `npm start` makes them before it serves (ensureInstallationSecrets). */
export const INSTALLATION_SECRETS = [
  'secret.address_key',
  'secret.form_key',
  'secret.signup_key',
  /** Encrypts two-factor secrets at rest (src/lib/auth/two-factor.ts); losing it means resetting everyone's two-factor sign-in. */
  'secret.totp_key',
] as const;
export type InstallationSecretName = (typeof INSTALLATION_SECRETS)[number];

const secrets = new WeakMap<Db, Map<string, Promise<string>>>();

/**
 * A random key of this installation (HMAC keys for addresses, form stamps), made on first use
 * and kept in the settings table; read once per database handle. Callers that ask at once share
 * one read, so they go on in the order they asked (on a pool, separate reads return in any order).
 */
export async function installationSecret(db: Db, name: InstallationSecretName): Promise<string> {
  if (!secrets.has(db)) secrets.set(db, new Map());
  const known = secrets.get(db)!;
  let secret = known.get(name);
  if (!secret) {
    secret = readInstallationSecret(db, name);
    known.set(name, secret);
    secret.catch(() => known.delete(name));
  }
  return secret;
}

/**
 * Makes every installation secret that does not exist yet. Made on first use they would agree too
 * (the insert keeps the first), but then a production site's first requests would write; and a
 * database that refuses the write shows here, before anything serves.
 */
export async function ensureInstallationSecrets(db: Db): Promise<void> {
  for (const name of INSTALLATION_SECRETS) await readInstallationSecret(db, name);
}

async function readInstallationSecret(db: Db, name: string): Promise<string> {
  await db
    .insertInto('settings')
    .values({ key: name, value: JSON.stringify(randomBytes(32).toString('hex')) })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db.selectFrom('settings').select('value').where('key', '=', name).executeTakeFirstOrThrow();
  return JSON.parse(row.value) as string;
}
