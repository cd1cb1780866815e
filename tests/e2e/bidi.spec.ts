// Mixed-direction text: in a Persian sentence, a version number (in code or not) and the Latin
// words after it keep the order they were written in, in an article (MDX) and in a forum post.
// Checked from glyph positions (Range.getBoundingClientRect), so fonts and antialiasing do not
// matter; screenshots go to tests/e2e/screenshots/ for a look.
import { mkdirSync } from 'node:fs';
import { expect, test, type Locator } from '@playwright/test';
import { openDatabase } from '../../src/lib/db/index.ts';
import { categoryBySlug } from '../../src/lib/forum/categories.ts';
import { createThread } from '../../src/lib/forum/threads.ts';
import { screenshot, sessionUserByEmail, signInAs } from './helpers.ts';

mkdirSync('tests/e2e/screenshots', { recursive: true });

const LINES = ['نسخه‌ی برنامه: `v2.3.1` (Android 14)', 'نسخه‌ی برنامه: v2.3.1 (Android 14)'];

interface Box {
  left: number;
  right: number;
}

/**
 * Where each part of the line is drawn: the box of «برنامه:», of "v2.3.1" and of "(Android 14)",
 * and the left edge of each character of "v2.3.1" in order.
 */
function layout(line: Locator) {
  return line.evaluate((el) => {
    const nodes: Text[] = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) nodes.push(walker.currentNode as Text);
    const text = nodes.map((n) => n.data).join('');
    /** A range over text[from, to) across the element's text nodes. */
    const range = (from: number, to: number) => {
      const r = document.createRange();
      let start = 0;
      for (const node of nodes) {
        const end = start + node.data.length;
        if (from >= start && from <= end) r.setStart(node, from - start);
        if (to >= start && to <= end) {
          r.setEnd(node, to - start);
          break;
        }
        start = end;
      }
      return r;
    };
    const box = (part: string) => {
      const from = text.indexOf(part);
      if (from < 0) throw new Error(`"${part}" not in "${text}"`);
      const { left, right } = range(from, from + part.length).getBoundingClientRect();
      return { left, right };
    };
    const version = text.indexOf('v2.3.1');
    return {
      label: box('برنامه:'),
      version: box('v2.3.1'),
      android: box('(Android 14)'),
      versionChars: [...'v2.3.1'].map((_, i) => range(version + i, version + i + 1).getBoundingClientRect().left),
    };
  });
}

function expectWrittenOrder(parts: { label: Box; version: Box; android: Box; versionChars: number[] }, what: string) {
  // "v2.3.1" is one left-to-right unit: its characters go rightwards.
  expect(parts.versionChars, `${what}: v2.3.1 drawn left to right`).toEqual(
    [...parts.versionChars].sort((a, b) => a - b),
  );
  // Reading right to left: «برنامه:», then v2.3.1, then (Android 14), each wholly left of the one before.
  expect(parts.version.right, `${what}: v2.3.1 comes after «برنامه:»`).toBeLessThanOrEqual(parts.label.left + 1);
  expect(parts.android.right, `${what}: (Android 14) comes after v2.3.1`).toBeLessThanOrEqual(parts.version.left + 1);
}

test('an article: a version number and the Latin after it read in written order in a Persian sentence', async ({
  page,
  baseURL,
}) => {
  // The writers' guide holds the sample; writers open it in the admin area.
  await signInAs(page, baseURL!, 'writer');
  await page.goto('/admin/content/guide/fa/');
  const lines = page.locator('main p').filter({ hasText: 'نسخه‌ی برنامه:' });
  await expect(lines).toHaveCount(2);
  await lines.first().scrollIntoViewIfNeeded();
  await screenshot(page, {
    path: 'tests/e2e/screenshots/bidi-article-fa.png',
    clip: (await lines.first().locator('..').boundingBox())!,
  });
  for (const [i, what] of ['in code', 'plain'].entries())
    expectWrittenOrder(await layout(lines.nth(i)), `article, ${what}`);
  await expect(lines.first().locator('code')).toHaveAttribute('dir', 'ltr');
});

test('a forum post: a version number and the Latin after it read in written order in a Persian sentence', async ({
  page,
}) => {
  const db = openDatabase('data/e2e.db');
  let path: string;
  try {
    const author = await sessionUserByEmail(db, 'writer@pasokh.example');
    const { id } = (await categoryBySlug(db, 'fa', 'technical'))!;
    const asked = await createThread(db, author, {
      locale: 'fa',
      categoryId: id,
      title: `برنامه پس از به‌روزرسانی باز نمی‌شود (${Date.now()})`,
      body: LINES.join('\n\n'),
    });
    if (!asked.ok) throw new Error(`ask refused: ${asked.problem}`);
    path = `/fa/community/t/${asked.threadId}/${encodeURIComponent(asked.slug)}/`;
  } finally {
    await db.destroy();
  }
  await page.goto(path);
  const lines = page.locator('.post-question p').filter({ hasText: 'نسخه‌ی برنامه:' });
  await expect(lines).toHaveCount(2);
  await screenshot(page, {
    path: 'tests/e2e/screenshots/bidi-forum-fa.png',
    clip: (await lines.first().locator('..').boundingBox())!,
  });
  for (const [i, what] of ['in code', 'plain'].entries())
    expectWrittenOrder(await layout(lines.nth(i)), `forum post, ${what}`);
  await expect(lines.first().locator('code')).toHaveAttribute('dir', 'ltr');
});
