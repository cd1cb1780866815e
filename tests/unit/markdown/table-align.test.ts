// Table column alignment is a class, never an inline style (the CSP blocks those): in the
// mapping both renderers share, in posts written now, and in posts stored before (migration 0009).
import { describe, expect, it } from 'vitest';
import * as tableAlignMigration from '../../../db/migrations/2026_12_04_0002_table_align_classes.ts';
import type { SessionUser } from '../../../src/lib/auth/session.ts';
import { saveCategory } from '../../../src/lib/forum/categories.ts';
import { createThread } from '../../../src/lib/forum/threads.ts';
import { renderMarkdown } from '../../../src/lib/markdown/render.ts';
import { tableAlignClass } from '../../../src/lib/markdown/table-align.ts';
import { setSetting } from '../../../src/lib/settings.ts';
import { testDb } from '../helpers.ts';

const TABLE = '| Plan | Price | Note |\n|:--|--:|:-:|\n| Basic | ۱۰۰ | yes |';

describe('table alignment', () => {
  it('maps left, center and right to logical classes, and nothing else to a class', () => {
    expect(['left', 'center', 'right', 'Center '].map(tableAlignClass)).toEqual([
      'align-start',
      'align-center',
      'align-end',
      'align-center',
    ]);
    for (const other of [
      undefined,
      null,
      '',
      'justify',
      'start',
      'left;color:red',
      'url(x)',
      'constructor',
      '__proto__',
    ])
      expect(tableAlignClass(other)).toBeUndefined();
  });

  it('a post with an aligned table is stored with classes; one stored with inline styles before is rewritten by the migration', async () => {
    const db = await testDb();
    await setSetting(db, 'trust.holdFirstPosts', 0);
    const row = await db
      .insertInto('users')
      .values({
        email: 'a@example.com',
        email_verified_at: '2026-11-01T00:00:00Z',
        password_hash: 'x',
        display_name: 'Asker',
        name_skeleton: 'asker',
        username: 'asker',
        username_skeleton: 'asker',
        role: 'member',
        trust_level: 1,
        suspended_until: null,
        silenced_until: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const user: SessionUser = {
      id: row.id,
      email: 'a@example.com',
      emailVerified: true,
      displayName: 'Asker',
      role: 'member',
      trustLevel: 1,
      locale: 'en',
      suspendedUntil: null,
      silencedUntil: null,
    };
    const category = await saveCategory(db, 'system', {
      slug: 'billing',
      titles: { fa: 'پرداخت', ru: 'Оплата', en: 'Billing' },
      position: 1,
    });
    const outcome = await createThread(
      db,
      user,
      { locale: 'en', categoryId: category.id, title: 'Which plan should I pick?', body: TABLE },
      Date.parse('2026-11-20T10:00:00Z'),
    );
    expect(outcome.ok).toBe(true);
    const stored = await db.selectFrom('posts').select(['id', 'html']).executeTakeFirstOrThrow();
    expect(stored.html).toBe(renderMarkdown(TABLE));
    expect(stored.html).toContain('<td class="align-end" dir="auto">۱۰۰</td>');
    expect(stored.html).not.toContain('style=');

    // As the renderer wrote it before: the same HTML with the alignment as a style attribute.
    const before = stored.html.replace(
      / class="align-(start|center|end)"/g,
      (_, a: string) => ` style="text-align:${{ start: 'left', center: 'center', end: 'right' }[a]}"`,
    );
    expect(before).toContain('<td style="text-align:right" dir="auto">۱۰۰</td>');
    await db.updateTable('posts').set({ html: before }).where('id', '=', stored.id).execute();
    await tableAlignMigration.up(db);
    expect((await db.selectFrom('posts').select('html').executeTakeFirstOrThrow()).html).toBe(stored.html);
    await tableAlignMigration.down(db);
    expect((await db.selectFrom('posts').select('html').executeTakeFirstOrThrow()).html).toBe(before);
  });
});
