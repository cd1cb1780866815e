// The comments inbox page's data: its filters and keyset page from the address, the time zone
// dates are shown in, one page of comments, the cursor of the next (older) page, and which row
// asks to confirm its delete (`?confirm=<id>`, a link; the delete itself is a form post).
import type { Locale } from '../../i18n/index.ts';
import type { Db } from '../db/index.ts';
import { formatCursor, readInboxQuery, requestedTimeZone } from './dashboard.ts';
import { commentInbox } from './feedback.ts';

export async function commentInboxView(db: Db, params: URLSearchParams, uiLocale: Locale) {
  const query = readInboxQuery(params);
  const inbox = await commentInbox(db, { status: query.status, locale: query.locale, before: query.before, limit: 25 });
  return {
    query,
    timeZone: requestedTimeZone(params, uiLocale),
    inbox,
    older: inbox.next ? formatCursor(inbox.next) : null,
    confirmId: Number(params.get('confirm') ?? 0),
  };
}
