// What a customer types, made safe to store, show and mail: Unicode NFC, bidi controls and
// invisible characters removed, control characters gone (line breaks kept in the description
// only, so a subject can never break a mail header line), lengths in grapheme clusters.
import { graphemeCount, stripInvisible } from '../auth/names.ts';
import { emailProblem, normalizeEmail } from '../auth/accounts.ts';

export const SUBJECT_MIN = 4;
export const SUBJECT_MAX = 150;
export const DESCRIPTION_MIN = 10;
export const DESCRIPTION_MAX = 5_000;

// C0/C1 controls and the Unicode line/paragraph separators; \n and \t are handled by the callers.
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u2028\u2029]/g;

/** One line: every line break, tab or control becomes a space, runs of space collapse. */
export function oneLine(raw: string): string {
  return stripInvisible(raw.replace(/[\r\n\t\u2028\u2029\u0085]/g, ' ').replace(CONTROLS, ' '))
    .replace(/\s+/gu, ' ')
    .trim();
}

/** Several lines: \r\n and \r become \n, other controls go, at most two blank lines in a row. */
export function multiLine(raw: string): string {
  return stripInvisible(raw.replace(/\r\n?/g, '\n').replace(/\t/g, '    ').replace(CONTROLS, ''))
    .replace(/[ \u00A0]+$/gmu, '')
    .replace(/\n{4,}/g, '\n\n\n')
    .trim();
}

export type ContactField = 'subject' | 'description' | 'email';
export type ContactProblem = 'subjectLength' | 'descriptionLength' | 'email';

export interface ContactInput {
  subject: string;
  description: string;
  email: string;
}

/** The cleaned fields, or which fields to fix. Bounded work whatever the input's length. */
export function cleanContact(
  raw: { subject?: string | undefined; description?: string | undefined; email?: string | undefined },
  options: { email?: boolean } = {},
):
  | { ok: true; value: ContactInput }
  | { ok: false; problems: Partial<Record<ContactField, ContactProblem>>; value: ContactInput } {
  const subject = oneLine((raw.subject ?? '').slice(0, SUBJECT_MAX * 8));
  const description = multiLine((raw.description ?? '').slice(0, DESCRIPTION_MAX * 8));
  const email = normalizeEmail((raw.email ?? '').slice(0, 300));
  const problems: Partial<Record<ContactField, ContactProblem>> = {};
  const subjectLength = graphemeCount(subject);
  if (subjectLength < SUBJECT_MIN || subjectLength > SUBJECT_MAX) problems.subject = 'subjectLength';
  const descriptionLength = graphemeCount(description);
  if (descriptionLength < DESCRIPTION_MIN || descriptionLength > DESCRIPTION_MAX)
    problems.description = 'descriptionLength';
  if (options.email !== false && emailProblem(email)) problems.email = 'email';
  const value = { subject, description, email };
  return Object.keys(problems).length ? { ok: false, problems, value } : { ok: true, value };
}
