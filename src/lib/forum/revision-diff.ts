// What an edit changed, word by word: the text before and after as runs that stayed, were added
// or were removed. Words are cut by Intl.Segmenter, since jsdiff's own word pattern knows only
// Latin letters (Persian and Cyrillic text would be compared letter by letter); the segmenter
// also keeps a ZWNJ inside its word (می‌شود). Pages render the runs, so every byte is escaped.
import { diffWords } from 'diff';

export interface DiffRun {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

/** Longest a diff may compute; past it the edit is shown as the whole text replaced. */
const DIFF_TIMEOUT_MS = 250;

export function wordDiff(before: string, after: string, locale: string): DiffRun[] {
  if (before === after) return before ? [{ kind: 'same', text: before }] : [];
  const changes = diffWords(before, after, {
    intlSegmenter: new Intl.Segmenter(locale, { granularity: 'word' }),
    timeout: DIFF_TIMEOUT_MS,
  });
  if (!changes) {
    return [
      ...(before ? [{ kind: 'removed' as const, text: before }] : []),
      ...(after ? [{ kind: 'added' as const, text: after }] : []),
    ];
  }
  return changes.map((c) => ({ kind: c.added ? 'added' : c.removed ? 'removed' : 'same', text: c.value }));
}

export interface RevisionStep<R> {
  revision: R;
  /** Title before and after this edit; null when the edit left the title as it was. */
  title: { before: string; after: string } | null;
  /** The body before this edit and after it. */
  before: string;
  after: string;
}

/**
 * Pairs each stored revision (the post as it was before edit n, newest first, with a title only
 * when that edit changed it) with the version that edit produced: the next newer revision, or
 * the current post for the newest.
 */
export function revisionSteps<R extends { source: string; title: string | null }>(
  current: { source: string; title: string | null },
  revisionsNewestFirst: readonly R[],
): RevisionStep<R>[] {
  let after = current.source;
  let titleAfter = current.title ?? '';
  return revisionsNewestFirst.map((revision) => {
    const step: RevisionStep<R> = {
      revision,
      before: revision.source,
      after,
      title: revision.title === null ? null : { before: revision.title, after: titleAfter },
    };
    after = revision.source;
    if (revision.title !== null) titleAfter = revision.title;
    return step;
  });
}
