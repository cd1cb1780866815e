// Contact support (/{locale}/contact/), the last step of the deflection funnel, as one function
// over the database: the page reads the request, calls runContactForm and renders (or follows)
// what it answers. GET opens (or continues) this visitor's contact flow. A POST is one of:
// "Look for answers" / "I still need help" (no JavaScript: suggestions found here, and the email
// step), "This solved my problem" (the flow ends deflected, 303 to ?done=solved), or "Send the
// request" (stored with its deliveries, 303 to the confirmation page with a receipt for its
// cookie). A failed post renders the form again with what was sent and localized messages.
// Honeypot, crawler check and per-address limits on every write; sending also needs the form's
// signed stamp to be old enough (a bot posts at once). The stamp of the first view is carried
// through the steps, so the time counted is the whole visit.
//
// Not an Astro Action: an action's form posts to `?_action=…` and the page reads its result, but
// this form is posted to the page's own URL (by the browser without script, by scripts and the
// e2e tests) and each step answers with exact HTTP: 303 to ?done=solved or to sent/ with the
// receipt cookie, 429 with Retry-After, 422 with the form and server-found suggestions again,
// a quiet 303 for the honeypot. An action would need this same handler kept beside it.
import { useTranslations, type Locale } from '../../i18n/index.ts';
import type { Db } from '../db/index.ts';
import { articleUrl, type ArticleRef } from '../content/articles.ts';
import { threadPath } from '../forum/urls.ts';
import { suggestAnsweredThreads } from '../forum/search.ts';
import { checkFormSubmission, HONEYPOT_FIELD, issueFormStamp, STAMP_FIELD } from '../moderation/spam.ts';
import { hitRateLimit } from '../rate-limit.ts';
import { getSettings } from '../settings.ts';
import { cleanUserText } from '../text.ts';
import {
  deflectFlow,
  knownSuggestions,
  ownFlow,
  recordSuggestions,
  startOrResumeFlow,
  suggestionKey,
} from './flows.ts';
import { wakeDeliveryWorker } from '../mail/wake.ts';
import { handOffReceivers, outboxConfig } from './outbox.ts';
import { submitRequest } from './requests.ts';
import { matchArticles, type SuggestibleArticle } from './suggest.ts';
import { cleanContact, DESCRIPTION_MAX, DESCRIPTION_MIN, SUBJECT_MAX, SUBJECT_MIN, type ContactField } from './text.ts';

const MINUTES_10 = 10 * 60_000;
const CONTACT_LIMITS = {
  /** New flows per address (every view opens or resumes one). */
  flow: { max: 120, windowMs: MINUTES_10 },
  /** Every post writes (suggestions shown, the flow), so every post counts. */
  write: { max: 60, windowMs: MINUTES_10 },
  /** Requests sent per address. */
  submit: { max: 10, windowMs: 60 * 60_000 },
};

export interface ContactValues {
  subject: string;
  description: string;
  email: string;
  flow: string;
  shown: string;
  /** The signed time the form was first shown (lib/moderation/spam.ts). */
  stamp: string;
}

export interface ServerSuggestions {
  articles: { key: string; title: string; url: string; excerpt: string }[];
  threads: { key: string; title: string; url: string; excerpt: string; solved: boolean }[];
}

export type ContactArticle = SuggestibleArticle & Pick<ArticleRef, 'locale' | 'category' | 'slug'>;

export interface ContactRequest {
  locale: Locale;
  /** The posted fields; null for a GET. */
  form: Record<string, string | undefined> | null;
  /** GET ?done=solved: the page that closes a deflected flow. */
  done: boolean;
  visitor: string;
  user: { id: number; email: string } | null;
  /** The user agent is a crawler's. */
  bot: boolean;
  /** The client address's key (lib/auth/address.ts). */
  address: string;
  /** The content collections, asked only when needed (the page passes server/content.ts). */
  content: { articles: () => Promise<readonly ContactArticle[]>; published: () => Promise<ReadonlySet<string>> };
}

/** The page rendered again: status 200, 422 or 429 (with Retry-After). */
export interface ContactPage {
  redirect?: undefined;
  status: number;
  retryAfterMs?: number;
  done: boolean;
  /** The server answered a post: the fields hold what was sent. */
  submitted: boolean;
  values: ContactValues;
  showEmail: boolean;
  error?: string;
  fieldErrors: Partial<Record<ContactField, string>>;
  /** Suggestions the server found (no JavaScript); undefined when it did not look. */
  suggestions?: ServerSuggestions;
}

/** The page again, or a 303 elsewhere (with a receipt for the sent page's cookie). */
export type ContactAnswer = ContactPage | { redirect: string; receipt?: string };

export async function runContactForm(db: Db, input: ContactRequest, now = Date.now()): Promise<ContactAnswer> {
  const { locale, form, visitor, bot, address } = input;
  const { t } = useTranslations(locale);
  const here = `/${locale}/contact/`;
  const userId = input.user?.id ?? null;

  /** This visitor's flow: the one the form names when it is theirs, else their open one or a new one (limited per address). */
  async function flowFor(named: string | undefined): Promise<string | null> {
    if (bot) return null;
    const own = await ownFlow(db, named, visitor);
    // A flow that already ended (Back after sending, a second request) does not take a new ending.
    if (own && own.locale === locale && (own.outcome === 'open' || own.outcome === 'abandoned')) return own.id;
    const limit = await hitRateLimit(db, `contact-flow:${address}`, CONTACT_LIMITS.flow, now);
    if (!limit.allowed) return null;
    return (await startOrResumeFlow(db, { locale, visitor, userId }, now)).id;
  }

  const blank: ContactValues = {
    subject: '',
    description: '',
    email: input.user?.email ?? '',
    flow: '',
    shown: '',
    stamp: '',
  };
  if (!form) {
    const done = input.done;
    const values = {
      ...blank,
      flow: done ? '' : ((await flowFor(undefined)) ?? ''),
      stamp: await issueFormStamp(db, now),
    };
    return { status: 200, done, submitted: false, values, showEmail: false, fieldErrors: {} };
  }

  const stampVerdict = await checkFormSubmission(db, { [STAMP_FIELD]: form[STAMP_FIELD] }, now);
  const values: ContactValues = {
    // Shown again as typed, less what never reaches a page (bidi overrides, control characters).
    subject: cleanUserText(form.subject ?? ''),
    description: cleanUserText(form.description ?? ''),
    email: form.email ?? blank.email,
    flow: form.flow ?? '',
    shown: form.shown ?? '',
    // A stamp that is only too recent is kept: sent again a moment later, it passes.
    stamp: stampVerdict === null || stampVerdict === 'tooFast' ? form[STAMP_FIELD]! : await issueFormStamp(db, now),
  };
  const step = form.step === 'send' || form.step === 'email' ? form.step : 'suggest';
  // Honeypot filled or a crawler: looks like success, stores nothing.
  if (form[HONEYPOT_FIELD] || bot) return { redirect: form.solved ? `${here}?done=solved` : `${here}sent/` };

  const page: ContactPage = { status: 200, done: false, submitted: true, values, showEmail: false, fieldErrors: {} };
  const refuse = (status: number, error: string) => Object.assign(page, { status, error });
  const tooMany = (retryAfterMs: number) =>
    Object.assign(refuse(429, t('contact.error.rateLimited')), { retryAfterMs });
  const writes = await hitRateLimit(db, `contact-write:${address}`, CONTACT_LIMITS.write, now);
  // Refused: the form comes back with everything typed, and no suggestions are looked for.
  if (!writes.allowed) return { ...tooMany(writes.retryAfterMs), showEmail: form.step === 'send' };

  const flowId = await flowFor(values.flow);
  values.flow = flowId ?? values.flow;
  const published = await input.content.published();
  const shown = await knownSuggestions(db, values.shown.split(' ').filter(Boolean), published);

  if (form.solved !== undefined) {
    const [solvedBy] = await knownSuggestions(db, [form.solved], published);
    if (solvedBy) {
      if (flowId) {
        await recordSuggestions(db, flowId, shown, now);
        await deflectFlow(db, flowId, solvedBy, now);
      }
      return { redirect: `${here}?done=solved` };
    }
    refuse(422, t('contact.error.solved'));
  } else {
    const checked = cleanContact(form, { email: step === 'send' });
    const problems = checked.ok ? {} : checked.problems;
    if (step !== 'suggest' && !checked.ok) {
      const messages: Record<string, string> = {
        subjectLength: t('contact.error.subject', { min: SUBJECT_MIN, max: SUBJECT_MAX }),
        descriptionLength: t('contact.error.description', { min: DESCRIPTION_MIN, max: DESCRIPTION_MAX }),
        email: t('account.error.email.invalid'),
      };
      page.fieldErrors = Object.fromEntries(
        Object.entries(checked.problems).map(([field, problem]) => [field, messages[problem]!]),
      );
      refuse(422, t('contact.error.summary'));
    }
    page.showEmail = step === 'send' || (step === 'email' && !problems.subject && !problems.description);
    if (step === 'send' && checked.ok && stampVerdict) {
      refuse(422, t('forum.error.spam'));
    } else if (step === 'send' && checked.ok) {
      const limit = await hitRateLimit(db, `contact-submit:${address}`, CONTACT_LIMITS.submit, now);
      if (!limit.allowed) tooMany(limit.retryAfterMs);
      else {
        if (flowId) await recordSuggestions(db, flowId, shown, now);
        const settings = await getSettings(db);
        // The environment's outbox settings (read by lib/contact/outbox.ts, not here).
        const receivers = handOffReceivers(outboxConfig(settings['support.email']));
        const request = await submitRequest(db, { ...checked.value, locale, visitor, userId, flowId, receivers }, now);
        wakeDeliveryWorker();
        return { redirect: `${here}sent/`, receipt: request.receipt };
      }
    }
  }

  // Without script the server looks for answers, like the browser would while typing.
  const query = suggestQuery(values.subject);
  if (!query) return page;
  const articles = matchArticles(await input.content.articles(), locale, query, 3);
  const threads = await suggestAnsweredThreads(db, locale, query, { limit: 5 });
  const suggestions: ServerSuggestions = {
    articles: articles.map((a) => ({
      key: suggestionKey({ kind: 'article', ref: a.id }),
      title: a.title,
      url: articleUrl(a),
      excerpt: a.description,
    })),
    threads: threads.map((h) => ({
      key: suggestionKey({ kind: 'thread', ref: String(h.id) }),
      title: h.title,
      url: threadPath(h),
      excerpt: h.excerpt,
      solved: h.solved,
    })),
  };
  const keys = new Set(values.shown.split(' ').filter(Boolean));
  for (const s of [...suggestions.articles, ...suggestions.threads]) keys.add(s.key);
  values.shown = [...keys].slice(0, 40).join(' ');
  if (flowId) await recordSuggestions(db, flowId, await knownSuggestions(db, [...keys], published), now);
  return { ...page, suggestions };
}

/** The subject as a search query: one line, at most 300 characters; '' when too short to search. */
function suggestQuery(subject: string): string {
  const text = subject.replace(/\s+/gu, ' ').trim().slice(0, 300);
  return [...text].length >= 4 ? text : '';
}
