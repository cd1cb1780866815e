// Article drafts from solved threads and from searches that found nothing (src/lib/content/draft.ts):
// the file's frontmatter is what Astro reads and the article schema accepts, the body compiles as
// MDX, only what readers may see goes in, and the people who answered are credited by the names
// the forum shows.
import { readFileSync } from 'node:fs';
import { parseFrontmatter } from '@astrojs/internal-helpers/frontmatter';
import { compile } from '@mdx-js/mdx';
import { mdxToJs } from 'satteri';
import { describe, expect, it } from 'vitest';
import categories from '../../../content/categories.json';
import { acceptAnswer } from '../../../src/lib/forum/answers.ts';
import { saveCategory } from '../../../src/lib/forum/categories.ts';
import { hidePost, reply } from '../../../src/lib/forum/posts.ts';
import { deleteThread, hideThread } from '../../../src/lib/forum/threads.ts';
import {
  articleDraftFromQuery,
  articleDraftFromThread,
  describe as describeQuestion,
  draftHref,
  draftSlug,
  guessCategory,
  trimAtWord,
  type DraftOutcome,
} from '../../../src/lib/content/draft.ts';
import { articleSchema } from '../../../src/lib/content/schema.ts';
import { setSetting } from '../../../src/lib/settings.ts';
import { ok } from '../factories.ts';
import { T0, ask, forum, member } from '../forum/fixture.ts';

const ORIGIN = 'https://help.example.com';
const TODAY = new Date('2026-12-05T12:00:00Z');
const categoryIds = categories.map((c) => c.id) as [string, ...string[]];
const schema = articleSchema(categoryIds);
const blns = JSON.parse(readFileSync('tests/fixtures/blns.json', 'utf8')) as string[];

function drafted(outcome: DraftOutcome) {
  if (!outcome.ok) throw new Error(`Refused: ${outcome.problem}`);
  return outcome.draft;
}

/** The file as Astro reads it: frontmatter (js-yaml, as Astro parses it) checked by the article schema, the body compiled by both MDX compilers. */
async function read(mdx: string) {
  const { frontmatter, content } = parseFrontmatter(mdx);
  const parsed = schema.safeParse(frontmatter);
  if (!parsed.success) throw new Error(`${JSON.stringify(parsed.error.issues)}\n${mdx}`);
  try {
    mdxToJs(content, { features: { gfm: true } });
    await compile(content);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n--- MDX ---\n${mdx}`, { cause: error });
  }
  return { data: parsed.data, frontmatter, content };
}

/** A forum with a solved English thread: a question, the accepted answer, another reply. */
async function solvedThread(body = 'My customer shouts on the phone every time.\n\nWhat should I say first?') {
  const scene = await forum();
  const { db, categoryId, asker, helper, stranger } = scene;
  const thread = await ask(db, asker, categoryId, 'How do I calm an angry customer on the phone?', body);
  const answer = ok(
    await reply(db, helper, thread.threadId, '# Listen first\n\nLet them finish, then **name the feeling**.', T0 + 1),
  );
  ok(await reply(db, stranger, thread.threadId, 'Also: never argue back.', T0 + 2));
  ok(await acceptAnswer(db, asker, answer.postId, T0 + 3));
  return { ...scene, thread, answer };
}

describe('a draft from a solved thread', () => {
  it('is an article draft Astro accepts: title, description, a category, today, draft: true', async () => {
    const { db, thread } = await solvedThread();
    const draft = drafted(await articleDraftFromThread(db, thread.threadId, { origin: ORIGIN, today: TODAY }));
    const { data, content } = await read(draft.mdx);
    expect(data).toMatchObject({
      title: 'How do I calm an angry customer on the phone?',
      description: 'My customer shouts on the phone every time.',
      category: 'difficult-customers',
      draft: true,
      tags: [],
    });
    expect(data.updated?.toISOString().slice(0, 10)).toBe('2026-12-05');
    expect(draft).toMatchObject({
      locale: 'en',
      category: 'difficult-customers',
      slug: 'how-do-i-calm-an-angry-customer-on-the-phone',
      filename: 'how-do-i-calm-an-angry-customer-on-the-phone.mdx',
    });
    // The question is the introduction, the answer the body under a section of its own.
    const question = content.indexOf('My customer shouts');
    const solution = content.indexOf('## Solution');
    const answer = content.indexOf('### Listen first');
    expect(question).toBeGreaterThan(0);
    expect(solution).toBeGreaterThan(question);
    expect(answer).toBeGreaterThan(solution);
    expect(content).toContain('Let them finish, then **name the feeling**.');
    // The writer is told what to do, in a comment readers never see.
    expect(content.trimStart()).toMatch(
      /^\{\/\* Drafted on 2026-12-05 from the solved community thread https:\/\/help\.example\.com\/en\/community\/t\/\d+\//,
    );
  });

  it('links back to the thread and credits the members who answered, by the names the forum shows', async () => {
    const { db, thread, helper, stranger, asker } = await solvedThread();
    const draft = drafted(await articleDraftFromThread(db, thread.threadId, { origin: ORIGIN, today: TODAY }));
    const link = `${ORIGIN}/en/community/t/${thread.threadId}/`;
    expect(draft.mdx).toContain(
      `This article grew out of the community thread [How do I calm an angry customer on the phone?](${link}). ` +
        `Thanks to [Dmitry](${ORIGIN}/en/community/u/${helper.id}/) and [Alex Stone](${ORIGIN}/en/community/u/${stranger.id}/), who answered there.`,
    );
    // The asker asked; they are not among those who answered. Nobody's address is anywhere.
    expect(draft.mdx).not.toContain(`/u/${asker.id}/`);
    expect(draft.mdx).not.toMatch(/@example\.com/);
  });

  it('leaves out hidden and held replies and their authors', async () => {
    const { db, thread, moderator, stranger } = await solvedThread();
    const hidden = ok(await reply(db, stranger, thread.threadId, 'A secret reply nobody may read.', T0 + 4));
    ok(await hidePost(db, moderator, hidden.postId, 'spam', T0 + 5));
    await setSetting(db, 'trust.holdFirstPosts', 2);
    const newcomer = await member(db, 'Held Newcomer');
    const held = ok(await reply(db, newcomer, thread.threadId, 'A held reply waiting for review.', T0 + 6));
    expect(held.pending).toBe(true);
    const { mdx } = drafted(await articleDraftFromThread(db, thread.threadId, { origin: ORIGIN, today: TODAY }));
    expect(mdx).not.toContain('secret reply');
    expect(mdx).not.toContain('held reply');
    expect(mdx).not.toContain('Held Newcomer');
    // Alex Stone answered visibly before, so is still credited; once only.
    expect(mdx.match(/\[Alex Stone\]/g)).toHaveLength(1);
  });

  it('refuses what readers cannot see, what does not exist and what is not solved', async () => {
    const { db, categoryId, asker, helper, moderator, thread, answer } = await solvedThread();
    const draft = (id: number) => articleDraftFromThread(db, id, { origin: ORIGIN });
    expect(await draft(99_999)).toEqual({ ok: false, problem: 'notFound' });

    const open = await ask(db, asker, categoryId, 'Is there a phone number for support?');
    ok(await reply(db, helper, open.threadId, 'Yes, on the contact page.', T0 + 1));
    expect(await draft(open.threadId)).toEqual({ ok: false, problem: 'notSolved' });

    // An accepted answer that is no longer visible (its row changed behind the forum's back).
    await db
      .updateTable('posts')
      .set({ hidden_at: T0 + 9 })
      .where('id', '=', answer.postId)
      .execute();
    expect(await draft(thread.threadId)).toEqual({ ok: false, problem: 'notVisible' });
    await db.updateTable('posts').set({ hidden_at: null }).where('id', '=', answer.postId).execute();
    expect((await draft(thread.threadId)).ok).toBe(true);

    ok(await hideThread(db, moderator, thread.threadId, 'off topic', T0 + 10));
    expect(await draft(thread.threadId)).toEqual({ ok: false, problem: 'hidden' });

    const gone = await ask(db, asker, categoryId, 'A question its asker deletes');
    ok(await deleteThread(db, asker, gone.threadId));
    expect(await draft(gone.threadId)).toEqual({ ok: false, problem: 'hidden' });

    await setSetting(db, 'trust.holdFirstPosts', 2);
    const newcomer = await member(db, 'Newcomer');
    const held = await ask(db, newcomer, categoryId, 'A held question waiting for approval');
    expect(held.pending).toBe(true);
    expect(await draft(held.threadId)).toEqual({ ok: false, problem: 'hidden' });
  });

  it('links mentions to public profiles, and keeps links a help article may have', async () => {
    const { db, categoryId, asker } = await forum();
    // Past trust level 0, whose posts may hold more than two links.
    const helper = await member(db, 'Link Helper', { trustLevel: 1 });
    const thread = await ask(
      db,
      asker,
      categoryId,
      'Where do I change the invoice address?',
      'See [this thread](/en/community/t/1/x/) and [the guide](/en/agent-skills/patience-and-empathy/).',
    );
    const answer = ok(
      await reply(
        db,
        helper,
        thread.threadId,
        `@${asker.displayName} open [Settings](https://example.com/settings) — not [this](javascript:alert(1)) — or [search](/en/search/?q=invoice).`,
        T0 + 1,
      ),
    );
    ok(await acceptAnswer(db, asker, answer.postId, T0 + 2));
    const { mdx } = drafted(await articleDraftFromThread(db, thread.threadId, { origin: ORIGIN, today: TODAY }));
    await read(mdx);
    expect(mdx).toContain(
      `[@سارا](${ORIGIN}/en/community/u/${asker.id}/) open [Settings](https://example.com/settings)`,
    );
    expect(mdx).toContain('— not this —');
    expect(mdx).toContain(`[search](${ORIGIN}/en/search/?q=invoice)`);
    expect(mdx).toContain(`[this thread](${ORIGIN}/en/community/t/1/x/)`);
    // An article link stays a path, so the content checks still say when it breaks.
    expect(mdx).toContain('[the guide](/en/agent-skills/patience-and-empathy/)');
    expect(mdx).not.toContain('javascript');
  });

  it('survives hostile posts and titles: the Big List of Naughty Strings in the question and the answer', async () => {
    const { db, categoryId } = await forum();
    // Members past trust level 0, whose posts may hold more than two links (the list has URLs).
    const asker = await member(db, 'Naughty Asker', { trustLevel: 1 });
    const helper = await member(db, 'Naughty Helper', { trustLevel: 1 });
    // Posts take up to 20,000 characters: the list in a few posts of its own.
    const chunks: string[][] = [[]];
    for (const s of blns) {
      if (chunks.at(-1)!.join('\n\n').length + s.length > 6_000) chunks.push([]);
      chunks.at(-1)!.push(s);
    }
    const titled = blns.filter((s) => s.trim().length >= 3 && s.length <= 100).slice(0, 40);
    for (const [i, chunk] of chunks.entries()) {
      const title = `${titled[i % titled.length]!} — naughty ${i}`.replace(/\s+/g, ' ');
      const thread = await ask(
        db,
        asker,
        categoryId,
        title.length >= 10 ? title : `${title} question`,
        chunk.join('\n\n'),
      );
      const answer = ok(await reply(db, helper, thread.threadId, [...chunk].reverse().join('\n\n'), T0 + i));
      ok(await acceptAnswer(db, asker, answer.postId, T0 + i + 1));
      const draft = drafted(await articleDraftFromThread(db, thread.threadId, { origin: ORIGIN, today: TODAY }));
      const { data } = await read(draft.mdx);
      expect(data.description.length).toBeGreaterThanOrEqual(10);
      expect(draft.filename).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*\.mdx$/);
    }
  });

  it('takes the category and slug a writer asks for, and refuses ones an article cannot have', async () => {
    const { db, thread } = await solvedThread();
    const draft = drafted(
      await articleDraftFromThread(db, thread.threadId, {
        origin: ORIGIN,
        category: 'agent-skills',
        slug: 'calm-on-the-phone',
      }),
    );
    expect(draft).toMatchObject({
      category: 'agent-skills',
      slug: 'calm-on-the-phone',
      filename: 'calm-on-the-phone.mdx',
    });
    expect(draft.mdx).toContain('\ncategory: agent-skills\n');
    expect(draft.mdx).not.toContain('# TODO');
    expect(await articleDraftFromThread(db, thread.threadId, { origin: ORIGIN, category: 'cooking' })).toEqual({
      ok: false,
      problem: 'invalidCategory',
    });
    expect(await articleDraftFromThread(db, thread.threadId, { origin: ORIGIN, slug: '../etc/passwd' })).toEqual({
      ok: false,
      problem: 'invalidSlug',
    });
  });

  it('in Persian: a slug from the id, the thread’s language throughout, many helpers counted', async () => {
    const { db, asker } = await forum();
    const category = await saveCategory(db, 'system', {
      slug: 'team-building',
      titles: { fa: 'تیم', ru: 'Команда', en: 'Team' },
      position: 3,
    });
    const thread = await ask(
      db,
      asker,
      category.id,
      'چطور برای تیم پشتیبانی شیفت شب بچینیم؟',
      'تیم ما کوچک است و شب‌ها پیام زیادی می‌رسد.',
      T0,
      'fa',
    );
    const helpers = [];
    for (let i = 0; i < 12; i++) {
      const helper = await member(db, `یاور ${i}`, { trustLevel: 1 });
      helpers.push(ok(await reply(db, helper, thread.threadId, `پیشنهاد شمارهٔ ${i}`, T0 + i + 1)));
    }
    ok(await acceptAnswer(db, asker, helpers[5]!.postId, T0 + 100));
    const draft = drafted(await articleDraftFromThread(db, thread.threadId, { origin: ORIGIN, today: TODAY }));
    const { data, content } = await read(draft.mdx);
    expect(draft).toMatchObject({ slug: `thread-${thread.threadId}`, locale: 'fa', category: 'team-building' });
    expect(data.title).toBe('چطور برای تیم پشتیبانی شیفت شب بچینیم؟');
    expect(content).toContain('## راه‌حل');
    // The accepted answer's author first, ten names, then the rest counted.
    expect(content).toMatch(/از \[یاور 5\]\([^)]+\)،\u200F? \[یاور 0\]/);
    expect(content).toContain('و ۲ عضو دیگر که در آنجا پاسخ دادند سپاسگزاریم.');
  });
});

describe('a draft from a search that found nothing', () => {
  it('has the query as its working title and a skeleton to fill, in the query’s language', async () => {
    const draft = drafted(articleDraftFromQuery('  refund   policy  ', 'en', { today: TODAY }));
    const { data, content } = await read(draft.mdx);
    expect(data).toMatchObject({ title: 'refund policy', draft: true, category: 'agent-skills' });
    expect(draft.filename).toBe('refund-policy.mdx');
    expect(draft.mdx).toContain(
      '# TODO: choose the category (the first one is set for now): agent-skills, team-building',
    );
    expect(content).toContain('TODO: who searches for “refund policy”');
    expect(content).toContain('## Step by step');
    const fa = drafted(articleDraftFromQuery('بازپرداخت وجه', 'fa', { today: TODAY }));
    expect(fa.filename).toBe('search-2026-12-05.mdx');
    expect((await read(fa.mdx)).content).toContain('## گام‌به‌گام');
  });

  it('guesses the category from the query when its words say so', () => {
    const draft = drafted(articleDraftFromQuery('how to calm an angry customer', 'en', { today: TODAY }));
    expect(draft.category).toBe('difficult-customers');
    expect(draft.mdx).toContain(
      '# TODO: check the category, guessed from the words of the question; the others are agent-skills,',
    );
  });

  it('refuses a query with nothing in it, and pads one too short to be a title', async () => {
    expect(articleDraftFromQuery(' \u202E ?! ', 'en')).toEqual({ ok: false, problem: 'emptyQuery' });
    const short = drafted(articleDraftFromQuery('a', 'ru', { today: TODAY }));
    expect((await read(short.mdx)).data.title).toBe('Рабочий заголовок: a');
  });

  it(`every string of the Big List of Naughty Strings as a query makes a valid draft (or is refused as empty)`, async () => {
    const refused: string[] = [];
    for (const [i, query] of blns.entries()) {
      const outcome = articleDraftFromQuery(query, (['fa', 'ru', 'en'] as const)[i % 3]!, { today: TODAY });
      if (!outcome.ok) {
        expect(outcome.problem).toBe('emptyQuery');
        refused.push(query);
        continue;
      }
      const { data } = await read(outcome.draft.mdx);
      expect(data.title.length).toBeLessThanOrEqual(120);
    }
    // Only strings without a letter or digit are refused.
    expect(refused.filter((q) => /[\p{L}\p{N}]/u.test(q.replace(/[\u202A-\u202E\u2066-\u2069]/g, '')))).toEqual([]);
  });
});

describe('the pieces', () => {
  it('cuts at a word boundary with an ellipsis', () => {
    expect(trimAtWord('short enough', 20)).toBe('short enough');
    expect(trimAtWord('one two three four five', 14)).toBe('one two three…');
    expect(trimAtWord('x'.repeat(50), 10)).toBe(`${'x'.repeat(9)}…`);
    expect(trimAtWord('a\u{1F600}'.repeat(10), 6).length).toBeLessThanOrEqual(6);
  });

  it('describes a question by its first paragraph, or the title when it is too short', () => {
    expect(describeQuestion('Help!\n\nThe export has broken letters in Excel.', 'Export to CSV')).toBe(
      'Help! The export has broken letters in Excel.',
    );
    expect(describeQuestion('Help!', 'Export to CSV shows broken characters')).toBe(
      'Export to CSV shows broken characters',
    );
    expect(describeQuestion('**Bold** and `code` and [a link](https://x.example).', 'T')).toBe(
      'Bold and code and a link.',
    );
  });

  it('makes a slug from a Latin title only', () => {
    expect(draftSlug('Export to CSV shows broken characters in Excel', 'thread-1')).toBe(
      'export-to-csv-shows-broken-characters-in-excel',
    );
    expect(draftSlug('Café crème: ça marche?', 'thread-1')).toBe('cafe-creme-ca-marche');
    expect(draftSlug('Ошибка 502 при загрузке', 'thread-9')).toBe('thread-9');
    expect(draftSlug('!!!', 'thread-9')).toBe('thread-9');
  });

  it('guesses a category by id, by words, or not at all', () => {
    expect(guessCategory(categories, 'en', 'team-building', 'anything')).toBe('team-building');
    expect(guessCategory(categories, 'ru', null, 'Как успокоить клиента, который кричит?')).toBe('difficult-customers');
    expect(guessCategory(categories, 'fa', null, 'مشتری عصبانی فریاد می‌زند')).toBe('difficult-customers');
    expect(guessCategory(categories, 'en', 'billing', 'Charged twice for the same order')).toBeUndefined();
  });

  it('carries links as an article may have them', () => {
    const thread = `${ORIGIN}/en/community/t/5/x/`;
    expect(draftHref('https://example.com/a', thread, ORIGIN)).toBe('https://example.com/a');
    expect(draftHref('mailto:help@example.com', thread, ORIGIN)).toBe('mailto:help@example.com');
    expect(draftHref('javascript:alert(1)', thread, ORIGIN)).toBeNull();
    expect(draftHref('data:text/html,x', thread, ORIGIN)).toBeNull();
    expect(draftHref('/en/agent-skills/x/#a', thread, ORIGIN)).toBe('/en/agent-skills/x/#a');
    expect(draftHref('/fa/community/', thread, ORIGIN)).toBe(`${ORIGIN}/fa/community/`);
    expect(draftHref('/uploads/a.png', thread, ORIGIN)).toBe(`${ORIGIN}/uploads/a.png`);
    expect(draftHref('../../', thread, ORIGIN)).toBe(`${ORIGIN}/en/community/t/`);
  });
});
