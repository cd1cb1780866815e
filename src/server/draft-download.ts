// The answer of the article-draft downloads (src/pages/admin/content/drafts/): the MDX file as an
// attachment, or why there is none as one localized line of plain text. Writers' files, never
// cached on the way.
import type { Locale } from '@/i18n/index.ts';
import { useTranslations } from '@/i18n/index.ts';
import type { DraftOutcome, DraftProblem } from '@/lib/content/draft.ts';

const HEADERS = { 'Cache-Control': 'private, no-store', 'X-Content-Type-Options': 'nosniff' };

/** 404 for what readers cannot see (or does not exist), 409 for a thread not solved yet, 400 for bad input. */
const STATUS: Record<DraftProblem, number> = {
  notFound: 404,
  hidden: 404,
  notVisible: 404,
  notSolved: 409,
  emptyQuery: 400,
  invalidCategory: 400,
  invalidSlug: 400,
};

const MESSAGE = {
  notFound: 'admin.drafts.notFound',
  hidden: 'admin.drafts.notFound',
  notVisible: 'admin.drafts.notFound',
  notSolved: 'admin.drafts.notSolved',
  emptyQuery: 'admin.drafts.emptyQuery',
  invalidCategory: 'admin.drafts.emptyQuery',
  invalidSlug: 'admin.drafts.emptyQuery',
} as const satisfies Record<DraftProblem, string>;

export function draftDownload(outcome: DraftOutcome, locale: Locale): Response {
  if (!outcome.ok) {
    const { t } = useTranslations(locale);
    return new Response(`${t(MESSAGE[outcome.problem])}\n`, {
      status: STATUS[outcome.problem],
      headers: { ...HEADERS, 'Content-Type': 'text/plain; charset=utf-8' },
    });
  }
  return new Response(outcome.draft.mdx, {
    headers: {
      ...HEADERS,
      'Content-Type': 'text/markdown; charset=utf-8',
      // The slug is lower-case ASCII letters, digits and hyphens: no quoting or encoding needed.
      'Content-Disposition': `attachment; filename="${outcome.draft.filename}"`,
    },
  });
}
