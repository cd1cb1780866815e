import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createUnsubscribeEndpoint } from '../../../src/lib/http/unsubscribe-endpoint.ts';
import { mailPrefs, setMailPrefs } from '../../../src/lib/notification-mail/preferences.ts';
import { readUnsubscribeToken, unsubscribe, unsubscribeToken } from '../../../src/lib/notification-mail/unsubscribe.ts';
import type { Db } from '../../../src/lib/db/index.ts';
import { makeUser } from '../factories.ts';
import { testDb } from '../helpers.ts';

const servers: Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

async function serve(db: Db): Promise<string> {
  const endpoint = createUnsubscribeEndpoint({ db });
  const server = createServer((req, res) => {
    if (!endpoint.handle(req, res)) res.writeHead(404).end();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return `http://127.0.0.1:${address.port}`;
}

describe('unsubscribe tokens', () => {
  it('name the member and the kinds, and verify only as made', async () => {
    const db = await testDb();
    const user = await makeUser(db, 'Ali');
    const token = await unsubscribeToken(db, user.id, ['replyWatched', 'mention']);
    expect(token).toMatch(new RegExp(`^${user.id}\\.mention_replyWatched\\.[\\w-]{43}$`));
    expect(await readUnsubscribeToken(db, token)).toMatchObject({
      userId: user.id,
      kinds: ['mention', 'replyWatched'],
    });

    const [id, kinds, mac] = token.split('.') as [string, string, string];
    const flip = (s: string) => s.slice(0, -1) + (s.endsWith('A') ? 'B' : 'A');
    for (const forged of [
      `${id}.${kinds}.${flip(mac)}`,
      `${id}.mention_moderation_replyWatched.${mac}`,
      `${Number(id) + 1}.${kinds}.${mac}`,
      `${id}.${kinds}`,
      `${id}.spam.${mac}`,
      '',
    ])
      expect(await readUnsubscribeToken(db, forged), forged).toBeNull();
  });

  it('are bound to the account: one that got the same id later does not match', async () => {
    const db = await testDb();
    const user = await makeUser(db, 'Ali');
    const token = await unsubscribeToken(db, user.id, ['mention']);
    await db.updateTable('users').set({ created_at: '2027-01-01 00:00:00' }).where('id', '=', user.id).execute();
    expect(await readUnsubscribeToken(db, token)).toBeNull();
  });

  it('are signed with the installation key: another installation’s token does not verify', async () => {
    const db = await testDb();
    const user = await makeUser(db, 'Ali');
    const token = await unsubscribeToken(db, user.id, ['mention']);
    const other = await testDb();
    const twin = await makeUser(other, 'Ali');
    await other.updateTable('users').set({ id: user.id }).where('id', '=', twin.id).execute();
    expect(await readUnsubscribeToken(other, token)).toBeNull();
    expect(await readUnsubscribeToken(db, token)).not.toBeNull();
  });

  it('turn off exactly the kinds named, twice without harm', async () => {
    const db = await testDb();
    const user = await makeUser(db, 'Ali');
    await setMailPrefs(db, user.id, { accepted: 'daily' });
    const token = await unsubscribeToken(db, user.id, ['replyWatched']);
    expect((await unsubscribe(db, token))!.prefs.replyWatched).toBe('off');
    expect((await unsubscribe(db, token))!.prefs.replyWatched).toBe('off');
    expect(await mailPrefs(db, user.id)).toMatchObject({
      replyWatched: 'off',
      accepted: 'daily',
      mention: 'immediately',
    });
    expect(await unsubscribe(db, token.slice(0, -2))).toBeNull();
  });
});

describe('POST /api/unsubscribe/ (RFC 8058 one-click)', () => {
  it('unsubscribes a one-click post without session or Origin; never on GET; refuses a bad token', async () => {
    const db = await testDb();
    const user = await makeUser(db, 'Ali');
    const base = await serve(db);
    const token = await unsubscribeToken(db, user.id, ['mention']);

    const get = await fetch(`${base}/api/unsubscribe/?token=${token}`, {
      redirect: 'manual',
      headers: { 'Accept-Language': 'ru' },
    });
    expect(get.status).toBe(303);
    expect(get.headers.get('location')).toBe(`/ru/account/unsubscribe/?token=${token}`);
    expect((await mailPrefs(db, user.id)).mention).toBe('immediately');

    const bad = await fetch(`${base}/api/unsubscribe/?token=${token.slice(0, -1)}x`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(bad.status).toBe(400);
    expect((await mailPrefs(db, user.id)).mention).toBe('immediately');

    const form = new FormData();
    form.set('List-Unsubscribe', 'One-Click');
    const oneClick = await fetch(`${base}/api/unsubscribe/?token=${token}`, { method: 'POST', body: form });
    expect(oneClick.status).toBe(200);
    expect((await mailPrefs(db, user.id)).mention).toBe('off');

    // The page's button comes back to the page in its language.
    const button = await fetch(`${base}/api/unsubscribe/?token=${token}&back=fa`, {
      method: 'POST',
      redirect: 'manual',
    });
    expect(button.status).toBe(303);
    expect(button.headers.get('location')).toBe(`/fa/account/unsubscribe/?token=${token}`);
    expect((await fetch(`${base}/api/unsubscribe/`, { method: 'PUT' })).status).toBe(405);
  });
});
