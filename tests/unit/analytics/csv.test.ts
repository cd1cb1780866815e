import { describe, expect, it } from 'vitest';
import {
  BOM,
  cellText,
  csvFilename,
  csvResponse,
  guardFormula,
  spreadsheetDateTime,
  tableCsv,
  toCsv,
} from '../../../src/lib/analytics/csv.ts';

describe('CSV', () => {
  it('starts with a UTF-8 byte order mark and ends rows with CRLF', () => {
    const csv = toCsv(['a', 'b'], [[1, 'x']]);
    expect(csv.startsWith(BOM)).toBe(true);
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv.slice(1)).toBe('a,b\r\n1,x\r\n');
  });

  it('quotes commas, quotes and line breaks as RFC 4180 says, and keeps Persian and Russian as they are', () => {
    const csv = toCsv(
      ['متن', 'Текст'],
      [
        ['سلام، دنیا', 'он сказал "да"'],
        ['two\nlines', 'a,b'],
      ],
    );
    expect(csv.slice(1)).toBe('متن,Текст\r\nسلام، دنیا,"он сказал ""да"""\r\n"two\nlines","a,b"\r\n');
  });

  it('defuses cells a spreadsheet would run as a formula', () => {
    for (const evil of [
      '=1+1',
      '+1',
      '-2+3',
      '@SUM(A1)',
      '\t=1',
      '\r=1',
      '＝1',
      '  =HYPERLINK("x")',
      '\u200f=cmd',
      '\u202b-1',
    ]) {
      expect(guardFormula(evil), JSON.stringify(evil)).toBe(`'${evil}`);
    }
    for (const safe of ['hello', 'مشتری عصبانی', 'злой клиент', 'a=b', '1-2', "'=already", '']) {
      expect(guardFormula(safe)).toBe(safe);
    }
    // Inside a quoted cell the guard still applies.
    expect(toCsv(['q'], [['=HYPERLINK("http://x","y")']]).slice(1)).toBe('q\r\n"\'=HYPERLINK(""http://x"",""y"")"\r\n');
  });

  it('leaves numbers as numbers (negative too) and writes empty cells for missing values', () => {
    expect(cellText(-5)).toBe('-5');
    expect(cellText('-5')).toBe("'-5");
    expect(cellText(72.5)).toBe('72.5');
    expect(cellText(null)).toBe('');
    expect(cellText(undefined)).toBe('');
    expect(cellText(Number.NaN)).toBe('');
  });

  it('builds a document from column definitions', () => {
    const csv = tableCsv(
      [
        { header: 'Query', value: (r: { q: string; n: number }) => r.q },
        { header: 'Searches', value: (r) => r.n },
      ],
      [
        { q: '@admin', n: 3 },
        { q: 'refund', n: 1 },
      ],
    );
    expect(csv).toBe(`${BOM}Query,Searches\r\n'@admin,3\r\nrefund,1\r\n`);
  });

  it('names files in plain ASCII and answers as an attachment', async () => {
    expect(csvFilename('articles', '2026-11-01', '2026-11-30')).toBe('pasokh-articles-2026-11-01-2026-11-30.csv');
    expect(csvFilename('search', 'top', 'fa', '', 'x/../y')).toBe('pasokh-search-top-fa-x-y.csv');
    const response = csvResponse(toCsv(['a'], []), 'pasokh-a.csv');
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="pasokh-a.csv"');
    expect(new Uint8Array(await response.arrayBuffer()).subarray(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
  });

  it('writes instants as local date and time', () => {
    expect(spreadsheetDateTime(Date.parse('2026-11-23T20:45:00Z'), 'Asia/Tehran')).toBe('2026-11-24 00:15');
    expect(spreadsheetDateTime(Date.parse('2026-11-23T20:45:00Z'), 'UTC')).toBe('2026-11-23 20:45');
    expect(spreadsheetDateTime(null)).toBe('');
  });
});
