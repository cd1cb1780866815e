// CSV exports of the dashboard's tables, for Excel and LibreOffice: UTF-8 with a byte order
// mark (without it Excel reads Persian and Russian as mojibake), CRLF rows, RFC 4180 quoting by
// csv-stringify, and no formulas: comments and search queries are written by the public, and a
// cell starting with = + - @ would be run by a spreadsheet (OWASP "CSV injection").
import { stringify } from 'csv-stringify/sync';
import { dateTimeFormat } from '../../i18n/locales.ts';

export const BOM = '\uFEFF';
export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

export type Cell = string | number | boolean | null | undefined;

export interface Column<T> {
  header: string;
  value: (row: T) => Cell;
}

// Leading characters that spreadsheets ignore before deciding a cell is a formula: spaces,
// bidi marks and other invisible format characters.
const INVISIBLE_LEAD = /^[\s\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]*/u;
// = + - @, their full-width forms, and tab / carriage return (both start formulas in some apps).
const FORMULA_START = /^[=+\-@\uff1d\uff0b\uff0d\uff20\t\r]/u;

/** Text a spreadsheet would run as a formula gets a leading apostrophe; anything else is unchanged. */
export function guardFormula(text: string): string {
  const lead = INVISIBLE_LEAD.exec(text)?.[0] ?? '';
  return FORMULA_START.test(text) || FORMULA_START.test(text.slice(lead.length)) ? `'${text}` : text;
}

/** One cell as CSV text: numbers stay numbers (negative ones too), strings are guarded. */
export function cellText(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? '1' : '0';
  return guardFormula(value);
}

/** A whole CSV document: BOM, header row, then the rows. */
export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const records = [header.map(cellText), ...rows.map((row) => row.map(cellText))];
  // With CRLF rows csv-stringify leaves a bare \n inside a cell unquoted, which splits a
  // multi-line comment into rows: quote any line break, and edge spaces so they survive.
  return BOM + stringify(records, { record_delimiter: 'windows', quoted_match: /[\r\n]|^\s|\s$/ });
}

/** A CSV document from rows and column definitions. */
export function tableCsv<T>(columns: readonly Column<T>[], rows: readonly T[]): string {
  return toCsv(
    columns.map((c) => c.header),
    rows.map((row) => columns.map((c) => c.value(row))),
  );
}

/** A plain ASCII file name: pasokh-articles-2026-11-01-2026-11-30.csv. */
export function csvFilename(...parts: readonly string[]): string {
  const safe = ['pasokh', ...parts]
    .map((p) =>
      p
        .toLowerCase()
        .replace(/[^a-z0-9-]+/g, '-')
        .replace(/^-+|-+$/g, ''),
    )
    .filter(Boolean)
    .join('-');
  return `${safe}.csv`;
}

/** The response for a download: the right type, an attachment, never cached. */
export function csvResponse(body: string, filename: string): Response {
  return new Response(body, {
    headers: {
      'Content-Type': CSV_CONTENT_TYPE,
      'Content-Disposition': `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

/** A number rounded for a spreadsheet (percentages with one decimal), or empty. */
export function roundTo(value: number | null | undefined, digits = 1): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** An instant as "YYYY-MM-DD HH:MM" in a time zone, a form every spreadsheet reads as a date. */
export function spreadsheetDateTime(ms: number | null | undefined, timeZone = 'UTC'): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '';
  const parts = dateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(ms);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}
