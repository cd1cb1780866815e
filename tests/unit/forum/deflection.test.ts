import { describe, expect, it } from 'vitest';
import {
  abandonComposerSession,
  closeIdleComposerSessions,
  deflectionFunnel,
  recordSuggestionClick,
  recordSuggestionsShown,
  startComposerSession,
} from '../../../src/lib/forum/deflection.ts';
import { createThread } from '../../../src/lib/forum/threads.ts';
import { ok } from '../factories.ts';
import { T0, MINUTE, HOUR, forum } from './fixture.ts';

describe('deflection funnel', () => {
  it('records suggestions shown and clicked, and whether the question was posted or abandoned', async () => {
    const { db, categoryId, asker } = await forum();
    const posted = await startComposerSession(db, { locale: 'en', userId: asker.id }, T0);
    const deflected = await startComposerSession(db, { locale: 'en', userId: asker.id }, T0);
    const idle = await startComposerSession(db, { locale: 'en', userId: null }, T0);
    const elsewhere = await startComposerSession(db, { locale: 'fa', userId: null }, T0);

    expect(await recordSuggestionsShown(db, posted, 3, T0 + 1)).toBe(true);
    ok(
      await createThread(
        db,
        asker,
        {
          locale: 'en',
          categoryId,
          title: 'My question was not answered yet',
          body: 'Body',
          composerSessionId: posted,
        },
        T0 + 2,
      ),
    );
    expect(await recordSuggestionsShown(db, posted, 2, T0 + 3)).toBe(false); // closed

    await recordSuggestionsShown(db, deflected, 4, T0 + 1);
    expect(await recordSuggestionClick(db, deflected, 42, T0 + 2)).toBe(true);
    expect(await abandonComposerSession(db, deflected, T0 + 3)).toBe(true);
    expect(await abandonComposerSession(db, deflected, T0 + 4)).toBe(false);

    await recordSuggestionsShown(db, idle, 1, T0 + 1);
    expect(await closeIdleComposerSessions(db, T0 + 10 * MINUTE)).toBe(0);
    expect(await closeIdleComposerSessions(db, T0 + HOUR)).toBe(2); // idle, and the fa one
    void elsewhere;

    const period = { fromMs: T0, toMs: T0 + HOUR, locale: 'en' };
    expect(await deflectionFunnel(db, period)).toEqual({
      sessions: 3,
      sawSuggestions: 3,
      clicked: 1,
      posted: 1,
      postedAfterClick: 0,
      abandoned: 2,
      deflected: 1,
      open: 0,
    });
    expect((await deflectionFunnel(db, { fromMs: T0, toMs: T0 + HOUR })).sessions).toBe(4);
    const row = await db.selectFrom('composer_sessions').selectAll().where('id', '=', posted).executeTakeFirstOrThrow();
    expect([row.outcome, row.suggestions_shown, row.thread_id !== null]).toEqual(['posted', 3, true]);
  });
});
