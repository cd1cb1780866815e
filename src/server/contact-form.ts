// The contact page's request (/{locale}/contact/), read for the step machine in
// lib/contact/contact-form.ts: what was posted, who sends it (visitor cookie, account, bot,
// address). Its answer goes on the response here: the status and Retry-After of a page shown
// again, or the receipt cookie the sent page reads after the 303.
import type { AstroGlobal } from 'astro';
import type { Locale } from '@/i18n/index.ts';
import { addressKey } from '@/lib/auth/address.ts';
import { runContactForm, type ContactAnswer } from '@/lib/contact/contact-form.ts';
import { RECEIPT_COOKIE } from '@/lib/contact/receipt.ts';
import { isBot } from '@/lib/http/bots.ts';
import { setAnswerStatus } from '@/lib/http/form-answer.ts';
import { readForm } from '@/lib/http/form.ts';
import { getArticles, publishedArticleIds } from './content.ts';
import { getDb } from './context.ts';
import { ensureVisitor } from './visitor-cookie.ts';

/** The runner's answer; the page redirects (303) when it names a place, or renders it. */
export async function answerContactForm(Astro: AstroGlobal, locale: Locale): Promise<ContactAnswer> {
  const db = getDb();
  const answer = await runContactForm(db, {
    locale,
    form: Astro.request.method === 'POST' ? await readForm(Astro.request) : null,
    done: Astro.url.searchParams.get('done') === 'solved',
    visitor: ensureVisitor(Astro.cookies),
    user: Astro.locals.user,
    bot: isBot(Astro.request.headers.get('user-agent')),
    address: await addressKey(db, Astro.clientAddress),
    content: { articles: getArticles, published: publishedArticleIds },
  });
  if (answer.redirect === undefined) setAnswerStatus(Astro.response, answer);
  else if (answer.receipt)
    Astro.cookies.set(RECEIPT_COOKIE, answer.receipt, {
      path: `/${locale}/contact/sent/`,
      maxAge: 3600,
      httpOnly: true,
      sameSite: 'lax',
      secure: !import.meta.env.DEV,
    });
  return answer;
}
