// Article votes: the intake shared by the form post and the fetch beacon (checks, per-address
// limit, batched writes), and the beacon over real HTTP.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createVoteIntake, VOTE_LIMIT, type VoteSubmission } from '../../../src/lib/analytics/vote-intake.ts';
import { startVoteIntakeThread } from '../../../src/lib/analytics/vote-intake-thread.ts';
import { builtArticleCheck } from '../../../src/lib/content/built-articles.ts';
import type { Db } from '../../../src/lib/db/index.ts';
import { createVoteBeacon } from '../../../src/lib/http/vote-beacon.ts';
import { tempSite, testDb } from '../helpers.ts';

const A = 'fa/agent-skills/patience-and-empathy';
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36';
const published = new Set([A]);
const isPublished = (article: string) => published.has(article);

const submission = (fields: Record<string, string>, over: Partial<VoteSubmission> = {}): VoteSubmission => ({
  fields: { article: A, ...fields },
  userAgent: BROWSER,
  clientAddress: '203.0.113.7',
  visitor: 'visitor-one',
  ...over,
});

const votes = (db: Db) =>
  db.selectFrom('article_votes').select(['visitor', 'helpful', 'reason', 'comment']).orderBy('id').execute();

describe('vote intake', () => {
  it('writes votes that arrive together in one batch, in order, and limits each address in it', async () => {
    const db = await testDb();
    const intake = createVoteIntake(db, { isPublished });
    const total = VOTE_LIMIT.max + 10;
    const outcomes = await Promise.all(
      Array.from({ length: total }, (_, i) =>
        intake.submit(
          submission(
            { helpful: i % 2 ? 'yes' : 'no' },
            { visitor: `v${i}`, clientAddress: i < total - 1 ? '203.0.113.7' : '198.51.100.1' },
          ),
        ),
      ),
    );
    // The first 30 from one address pass, the next 9 are refused; the other address is untouched.
    const refused = outcomes.filter((o) => !o.ok);
    expect(refused).toHaveLength(total - 1 - VOTE_LIMIT.max);
    expect(refused[0]).toMatchObject({ status: 429, error: 'rateLimited' });
    expect(outcomes.slice(0, VOTE_LIMIT.max).every((o) => o.ok)).toBe(true);
    expect(outcomes.at(-1)).toEqual({ ok: true, step: 'yes' });
    const rows = await votes(db);
    expect(rows).toHaveLength(VOTE_LIMIT.max + 1);
    expect(rows.slice(0, 3).map((r) => r.visitor)).toEqual(['v0', 'v1', 'v2']);
  });

  it('applies a vote and its follow-up in the same batch as if sent one after the other', async () => {
    const db = await testDb();
    const intake = createVoteIntake(db, { isPublished });
    const [first, second] = await Promise.all([
      intake.submit(submission({ helpful: 'no' })),
      intake.submit(
        submission({
          helpful: 'no',
          reason: 'missing',
          comment: '  نوشته‌ای دربارهٔ بازپرداخت نیست  ',
          step: 'details',
        }),
      ),
    ]);
    expect([first, second]).toEqual([
      { ok: true, step: 'no' },
      { ok: true, step: 'thanks-no' },
    ]);
    expect(await votes(db)).toEqual([
      { visitor: 'visitor-one', helpful: 0, reason: 'missing', comment: 'نوشته‌ای دربارهٔ بازپرداخت نیست' },
    ]);
  });

  it('refuses unknown articles and malformed votes, and counts nothing from bots or the honeypot', async () => {
    const db = await testDb();
    const intake = createVoteIntake(db, { isPublished });
    expect(await intake.submit(submission({ article: 'fa/agent-skills/nope', helpful: 'yes' }))).toEqual({
      ok: false,
      status: 404,
      error: 'unknownArticle',
    });
    expect(await intake.submit(submission({ helpful: 'maybe' }))).toEqual({ ok: false, status: 422, error: 'invalid' });
    expect(await intake.submit(submission({ helpful: 'no', reason: 'because' }))).toEqual({
      ok: false,
      status: 422,
      error: 'invalid',
    });
    expect(await intake.submit(submission({ helpful: 'no', comment: 'ж'.repeat(1_001) }))).toEqual({
      ok: false,
      status: 422,
      error: 'tooLong',
      count: 1_001,
    });
    expect(await intake.submit(submission({ helpful: 'yes' }, { userAgent: 'Googlebot/2.1' }))).toEqual({
      ok: true,
      step: 'thanks-yes',
    });
    expect(await intake.submit(submission({ helpful: 'no', website: 'http://spam.example' }))).toEqual({
      ok: true,
      step: 'thanks-no',
    });
    expect(await votes(db)).toEqual([]);
  });
});

describe('published articles from the built site', () => {
  it('knows an article by its built page carrying that id, and never reads outside the site', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pasokh-built-'));
    try {
      mkdirSync(join(dir, 'fa/agent-skills/patience-and-empathy'), { recursive: true });
      writeFileSync(
        join(dir, 'fa/agent-skills/patience-and-empathy/index.html'),
        `<section data-article="${A}"></section>`,
      );
      mkdirSync(join(dir, 'fa/account/sign-in'), { recursive: true });
      writeFileSync(join(dir, 'fa/account/sign-in/index.html'), '<form></form>');
      writeFileSync(join(dir, 'index.html'), '<p data-article="fa/../..">');
      const check = builtArticleCheck(dir);
      expect(await check(A)).toBe(true);
      expect(await check(A)).toBe(true);
      expect(await check('fa/account/sign-in')).toBe(false);
      expect(await check('fa/agent-skills/missing')).toBe(false);
      expect(await check('fa/../..')).toBe(false);
      expect(await check('de/agent-skills/patience-and-empathy')).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the intake on its own thread', () => {
  it('answers each submission with its own outcome and writes the votes', async () => {
    const site = await tempSite([A]);
    const setup = site.db;
    const intake = startVoteIntakeThread({ database: site.database, clientDir: site.clientDir });
    try {
      const outcomes = await Promise.all([
        intake.submit(submission({ helpful: 'yes' }, { visitor: 'a' })),
        intake.submit(submission({ helpful: 'no', reason: 'unclear', step: 'details' }, { visitor: 'b' })),
        intake.submit(submission({ article: 'fa/agent-skills/nope', helpful: 'yes' })),
        intake.submit(submission({ helpful: 'no', comment: 'ж'.repeat(1_001) })),
      ]);
      expect(outcomes).toEqual([
        { ok: true, step: 'yes' },
        { ok: true, step: 'thanks-no' },
        { ok: false, status: 404, error: 'unknownArticle' },
        { ok: false, status: 422, error: 'tooLong', count: 1_001 },
      ]);
      // Two visitors' votes: each checks the built page (a file read) before it is written, and
      // reads may finish in either order, so the rows' order is not the point.
      expect((await votes(setup)).sort((x, y) => x.visitor.localeCompare(y.visitor))).toEqual([
        { visitor: 'a', helpful: 1, reason: null, comment: null },
        { visitor: 'b', helpful: 0, reason: 'unclear', comment: null },
      ]);
    } finally {
      await intake.stop();
      await site.remove();
    }
  });
});

describe('stopping the intake thread', () => {
  it('answers every vote handed over before it ends the thread, and takes no more', async () => {
    const site = await tempSite([A]);
    const setup = site.db;
    const intake = startVoteIntakeThread({ database: site.database, clientDir: site.clientDir });
    try {
      await intake.submit(submission({ helpful: 'no' }, { visitor: 'warm-up' })); // the thread is up
      // Votes in flight when the server shuts down: each from its own address, so none is limited.
      const inFlight = Array.from({ length: 40 }, (_, i) =>
        intake.submit(submission({ helpful: 'yes' }, { visitor: `v${i}`, clientAddress: `198.51.100.${i}` })),
      );
      const stopped = intake.stop();
      expect(await Promise.allSettled(inFlight)).toEqual(
        inFlight.map(() => ({ status: 'fulfilled', value: { ok: true, step: 'yes' } })),
      );
      await stopped;
      expect(await votes(setup)).toHaveLength(41);
      await expect(intake.submit(submission({ helpful: 'no' }))).rejects.toThrow('vote intake stopped');
    } finally {
      await intake.stop();
      await site.remove();
    }
  });
});

describe('vote beacon over HTTP', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  async function start() {
    const db = await testDb();
    const beacon = createVoteBeacon({ intake: createVoteIntake(db, { isPublished }), secureCookies: true });
    server = createServer((req, res) => {
      if (beacon.handle(req, res)) return;
      res.writeHead(418).end('renderer'); // what Astro would answer
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const post = (body: string, headers: Record<string, string> = {}, path = '/fa/feedback/') =>
      fetch(`${origin}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
          origin,
          'user-agent': BROWSER,
          ...headers,
        },
        body,
      });
    return { db, post, origin };
  }

  it('records a vote, gives a new visitor its cookie, and keeps one vote per visitor', async () => {
    const { db, post } = await start();
    const first = await post(`article=${encodeURIComponent(A)}&helpful=no`);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ ok: true, step: 'no' });
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(
      /^pasokh_visitor=[A-Za-z0-9_-]{22}; Max-Age=31536000; Path=\/; HttpOnly; Secure; SameSite=Lax$/,
    );
    const changed = await post(`article=${encodeURIComponent(A)}&helpful=yes`, { cookie: cookie.split(';')[0]! });
    expect(await changed.json()).toEqual({ ok: true, step: 'yes' });
    expect(changed.headers.get('set-cookie')).toBeNull();
    expect((await votes(db)).map((v) => v.helpful)).toEqual([1]);
  });

  it('answers refusals in the page language, with what to do', async () => {
    const { post } = await start();
    const tooLong = await post(
      `article=${encodeURIComponent(A)}&helpful=no&comment=${encodeURIComponent('ب'.repeat(1_200))}`,
    );
    expect(tooLong.status).toBe(422);
    expect((await tooLong.json()).error).toContain('۱٬۲۰۰');
    const crossSite = await post(`article=${encodeURIComponent(A)}&helpful=no`, { origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    expect((await crossSite.json()).error).toMatch(/[\u0600-\u06FF]/);
    const huge = await post(
      `article=${encodeURIComponent(A)}&helpful=no&comment=${'x'.repeat(40_000)}`,
      {},
      '/ru/feedback/',
    );
    expect(huge.status).toBe(413);
    expect((await huge.json()).error).toMatch(/[а-я]/);
    const unknown = await post('article=fa%2Fx%2Fy&helpful=no', {}, '/en/feedback/');
    expect([unknown.status, (await unknown.json()).error]).toEqual([404, 'We could not find that article.']);
  });

  it('refuses a flood from one address with Retry-After', async () => {
    const { post } = await start();
    const answers = await Promise.all(
      Array.from({ length: VOTE_LIMIT.max + 1 }, (_, i) =>
        post(`article=${encodeURIComponent(A)}&helpful=yes`, {
          cookie: `pasokh_visitor=${String(i).padStart(22, 'v')}`,
        }),
      ),
    );
    const last = answers.find((r) => r.status === 429)!;
    expect(answers.filter((r) => r.status === 200)).toHaveLength(VOTE_LIMIT.max);
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(500);
  });

  it('leaves everything else to the page renderer', async () => {
    const { post, origin } = await start();
    expect((await post('article=x', { accept: 'text/html' })).status).toBe(418); // the no-JavaScript form post
    expect((await post('article=x', { 'content-type': 'multipart/form-data; boundary=x' })).status).toBe(418);
    expect((await post('article=x', {}, '/fa/feedback/?x=1')).status).toBe(418);
    expect((await post('article=x', {}, '/de/feedback/')).status).toBe(418);
    expect((await fetch(`${origin}/fa/feedback/`)).status).toBe(418);
  });
});
