import { describe, expect, it } from 'vitest';
import { acceptAnswer } from '../../../src/lib/forum/answers.ts';
import { timestampMs } from '../../../src/lib/forum/policy.ts';
import { reply } from '../../../src/lib/forum/posts.ts';
import { profilePage, userProfile } from '../../../src/lib/forum/profiles.ts';
import { useTranslations } from '../../../src/i18n/index.ts';
import { hideThread } from '../../../src/lib/forum/threads.ts';
import { ok } from '../factories.ts';
import { T0, MINUTE, member, forum, ask } from './fixture.ts';

describe('profiles', () => {
  it('lists a member\u2019s visible questions and accepted answers, newest first, by keyset', async () => {
    const { db, categoryId, asker, helper } = await forum();
    const ids = [];
    for (let i = 0; i < 3; i++)
      ids.push((await ask(db, asker, categoryId, `Profile question number ${i}`, 'Body', T0 + i)).threadId);
    const answer = ok(await reply(db, helper, ids[0]!, 'Here is how.', T0 + 10));
    ok(await acceptAnswer(db, asker, answer.postId, T0 + 11));
    const first = (await userProfile(db, asker.id, { limit: 2 }))!;
    expect(first.user).toMatchObject({ id: asker.id, name: 'سارا' });
    expect(first.threads.map((t) => t.id)).toEqual([ids[2], ids[1]]);
    const second = (await userProfile(db, asker.id, { limit: 2, threadsBefore: first.nextThreads }))!;
    expect(second.threads.map((t) => t.id)).toEqual([ids[0]]);
    expect(second.nextThreads).toBeNull();
    const helperProfile = (await userProfile(db, helper.id))!;
    expect(helperProfile.acceptedAnswers.map((a) => [a.postId, a.number, a.thread.id])).toEqual([
      [answer.postId, 2, ids[0]],
    ]);
    expect(await userProfile(db, 9999)).toBeNull();
  });

  it('has no public profile for an account with no visible post; its owner and moderators still see it', async () => {
    const { db, categoryId } = await forum();
    const fresh = await member(db, 'Fresh Face');
    const reader = await member(db, 'Curious Reader');
    const moderator = await member(db, 'Mod', { role: 'moderator' });
    expect(await userProfile(db, fresh.id)).toBeNull();
    expect(await userProfile(db, fresh.id, {}, reader)).toBeNull();
    const own = await userProfile(db, fresh.id, {}, fresh);
    expect(own!.user).toMatchObject({ id: fresh.id, name: 'Fresh Face' });
    expect(Number.isFinite(timestampMs(own!.user.joinedAt))).toBe(true);
    expect([own!.threads, own!.acceptedAnswers, own!.nextThreads, own!.nextAnswers]).toEqual([[], [], null, null]);
    expect((await userProfile(db, fresh.id, {}, moderator))!.user.id).toBe(fresh.id);
    // One visible post makes the profile public; hiding it takes it back.
    const thread = await ask(db, fresh, categoryId, 'My first question here');
    expect((await userProfile(db, fresh.id))!.threads.map((t) => t.id)).toEqual([thread.threadId]);
    ok(await hideThread(db, moderator, thread.threadId, 'Under review', T0 + MINUTE));
    expect(await userProfile(db, fresh.id, {}, reader)).toBeNull();
  });

  it('the profile page: 404 for an id that is not plain digits; its addresses; the moderation link for moderators only', async () => {
    const { db, categoryId, asker, helper, moderator } = await forum();
    await ask(db, asker, categoryId, 'Where is my parcel today');
    const options = { locale: 'ru' as const, site: new URL('https://help.example.com'), t: useTranslations('ru').t };
    const request = (id: string | undefined) => ({ id, threadsBefore: null, answersBefore: null });
    for (const id of [undefined, '', '12a', '-1', '1'.repeat(16)])
      expect(await profilePage(db, null, request(id), options)).toBeNull();
    expect(await profilePage(db, null, request(String(helper.id)), options)).toBeNull();

    const page = (await profilePage(db, null, request(String(asker.id)), options))!;
    expect(page.user).toMatchObject({ id: asker.id, name: 'سارا' });
    expect(page.path).toBe(`/ru/community/u/${asker.id}/`);
    expect(page.alternates).toEqual({
      fa: `/fa/community/u/${asker.id}/`,
      ru: `/ru/community/u/${asker.id}/`,
      en: `/en/community/u/${asker.id}/`,
    });
    expect(page.crumbs.at(-1)).toEqual({ name: 'سارا', url: `https://help.example.com/ru/community/u/${asker.id}/` });
    expect(Number.isFinite(page.joined)).toBe(true);
    expect(page.canModerate).toBe(false);
    expect((await profilePage(db, helper, request(String(asker.id)), options))!.canModerate).toBe(false);
    expect((await profilePage(db, moderator, request(String(asker.id)), options))!.canModerate).toBe(true);
  });
});
