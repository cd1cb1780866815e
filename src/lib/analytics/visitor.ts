// A visitor is a random first-party id in a cookie: enough to keep one vote per article and one
// view a day, and nothing that identifies a person (no address, no fingerprint, no account).
import { randomBytes } from 'node:crypto';

export const VISITOR_COOKIE = 'pasokh_visitor';
const VISITOR_PATTERN = /^[A-Za-z0-9_-]{22}$/;
const ONE_YEAR_S = 365 * 24 * 60 * 60;

export function isVisitorId(value: string | undefined): value is string {
  return Boolean(value && VISITOR_PATTERN.test(value));
}

export function newVisitorId(): string {
  return randomBytes(16).toString('base64url');
}

export function visitorCookieOptions(secure: boolean) {
  return { httpOnly: true, sameSite: 'lax' as const, secure, path: '/', maxAge: ONE_YEAR_S };
}
