// npm run content:from-thread (src/cli/content-drafts.ts): the draft lands where an article lives,
// an existing file is never replaced without --force, and a refusal is one line saying why.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeThreadDraft } from '../../../src/cli/content-drafts.ts';
import { acceptAnswer } from '../../../src/lib/forum/answers.ts';
import { reply } from '../../../src/lib/forum/posts.ts';
import { ok } from '../factories.ts';
import { T0, ask, forum } from '../forum/fixture.ts';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

function contentFolder(): string {
  const root = mkdtempSync(join(tmpdir(), 'pasokh-content-'));
  roots.push(root);
  return root;
}

async function scene() {
  const { db, categoryId, asker, helper } = await forum();
  const thread = await ask(db, asker, categoryId, 'Export to CSV shows broken characters in Excel');
  const answer = ok(await reply(db, helper, thread.threadId, 'Use Data → From Text/CSV and pick UTF-8.', T0 + 1));
  ok(await acceptAnswer(db, asker, answer.postId, T0 + 2));
  return { db, thread, categoryId, asker };
}

describe('content:from-thread', () => {
  it('writes content/articles/<locale>/<category>/<slug>.mdx and keeps an existing file unless --force', async () => {
    const { db, thread } = await scene();
    const contentRoot = contentFolder();
    const job = { db, threadId: thread.threadId, origin: 'https://help.example.com', contentRoot };
    const path = join(contentRoot, 'articles/en/agent-skills/export-to-csv-shows-broken-characters-in-excel.mdx');

    expect(await writeThreadDraft(job)).toEqual({ ok: true, path });
    const written = readFileSync(path, 'utf8');
    expect(written).toMatch(/^---\ntitle: "Export to CSV shows broken characters in Excel"\n/);
    expect(written).toContain('draft: true');

    writeFileSync(path, 'the writer’s edits');
    const again = await writeThreadDraft(job);
    expect(again.ok).toBe(false);
    expect(!again.ok && again.message).toMatch(
      /export-to-csv-shows-broken-characters-in-excel\.mdx exists already; --force replaces it\.$/,
    );
    expect(readFileSync(path, 'utf8')).toBe('the writer’s edits');

    expect(await writeThreadDraft({ ...job, force: true })).toEqual({ ok: true, path });
    expect(readFileSync(path, 'utf8')).toBe(written);
  });

  it('puts it in the category and under the slug asked for', async () => {
    const { db, thread } = await scene();
    const contentRoot = contentFolder();
    const result = await writeThreadDraft({
      db,
      threadId: thread.threadId,
      origin: 'https://help.example.com',
      contentRoot,
      category: 'communication-kpis',
      slug: 'csv-in-excel',
    });
    const path = join(contentRoot, 'articles/en/communication-kpis/csv-in-excel.mdx');
    expect(result).toEqual({ ok: true, path });
    expect(readFileSync(path, 'utf8')).toContain('\ncategory: communication-kpis\n');
  });

  it('says why there is no draft, and writes nothing', async () => {
    const { db, categoryId, asker } = await scene();
    const open = await ask(db, asker, categoryId, 'A question nobody answered yet');
    const contentRoot = contentFolder();
    const base = { db, origin: 'https://help.example.com', contentRoot };
    expect(await writeThreadDraft({ ...base, threadId: open.threadId })).toEqual({
      ok: false,
      message: `Thread ${open.threadId} has no accepted answer yet.`,
    });
    expect(await writeThreadDraft({ ...base, threadId: 424242 })).toEqual({
      ok: false,
      message: 'Thread 424242 does not exist.',
    });
    expect((await writeThreadDraft({ ...base, threadId: open.threadId - 1, slug: 'Bad Slug' })).ok).toBe(false);
    expect(existsSync(join(contentRoot, 'articles'))).toBe(false);
  });
});
