// npm run content:status [-- --csv] [--strict]
// The translation status of content/articles: every translation key × locale (original, up to
// date, outdated, untracked, missing), drafts, owners and review dates, and each article's content
// hash, which a translator records in `translatedFrom`. --csv prints one row per key and locale;
// --strict exits 1 when a translation is outdated or a `translatedFrom` names nothing (and says
// which). Reads the current folder's content/.
import { parseArgs } from 'node:util';
import { locales } from '../i18n/locales.ts';
import { toCsv } from '../lib/analytics/csv.ts';
import { readStatusArticles } from '../lib/content/sources.ts';
import {
  outdatedCells,
  statusCounts,
  statusProblems,
  statusRows,
  translatedFromLine,
  translationStatus,
  type StatusCell,
  type StatusGroup,
} from '../lib/content/status.ts';

const USAGE = 'Usage: npm run content:status [-- --csv] [--strict]';

function cellText(cell: StatusCell, today: string): string {
  if (cell.state === 'missing') return '—';
  const article = cell.article!;
  const parts: string[] = [cell.state === 'current' ? 'up to date' : cell.state];
  if (cell.state === 'original' || cell.state === 'untracked') parts[0] += ` ${article.hash}`;
  if (article.draft) parts.push('draft');
  if (article.reviewBy && article.reviewBy < today) parts.push('review!');
  return parts.join(', ');
}

function table(groups: readonly StatusGroup[], today: string): string {
  const header = ['key', ...locales, 'owner', 'review by'];
  const rows = groups.map((group) => {
    const articles = locales.flatMap((l) => (group.cells[l].article ? [group.cells[l].article!] : []));
    const owners = [...new Set(articles.flatMap((a) => (a.owner ? [a.owner] : [])))];
    const reviews = [...new Set(articles.flatMap((a) => (a.reviewBy ? [a.reviewBy] : [])))].sort();
    return [
      group.key,
      ...locales.map((l) => cellText(group.cells[l], today)),
      owners.join(' ') || '—',
      reviews[0] ?? '—',
    ];
  });
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((row) => row[i]!.length)));
  const line = (row: string[]) =>
    row
      .map((text, i) => text.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function csv(groups: readonly StatusGroup[], today: string): string {
  const header = [
    'key',
    'locale',
    'state',
    'draft',
    'title',
    'file',
    'owner',
    'review_by',
    'past_review',
    'updated',
    'hash',
    'translated_from',
    'recorded',
    'original_hash',
    'problem',
  ];
  const rows = statusRows(groups, today).map((row) => {
    const a = row.article;
    const from = a?.translatedFrom;
    return [
      row.key,
      row.locale,
      row.state,
      a ? a.draft : null,
      a?.title,
      a?.file,
      a?.owner,
      a?.reviewBy,
      a ? row.pastReview : null,
      a?.updated.slice(0, 10),
      a?.hash,
      from?.locale,
      from?.hash ?? from?.date,
      row.source?.hash,
      row.problem,
    ];
  });
  // No byte order mark here: this goes to a terminal or a pipe, not straight into Excel.
  return toCsv(header, rows).replace(/^\uFEFF/, '');
}

let values: { csv?: boolean; strict?: boolean };
try {
  ({ values } = parseArgs({ options: { csv: { type: 'boolean' }, strict: { type: 'boolean' } } }));
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}

const today = new Date().toISOString().slice(0, 10);
const { articles, problems: unreadable } = readStatusArticles();
const groups = translationStatus(articles);
const outdated = outdatedCells(groups);
const problems = [...unreadable, ...statusProblems(groups)];

if (values.csv) process.stdout.write(csv(groups, today));
else {
  const counts = statusCounts(groups);
  console.log(table(groups, today));
  console.log(
    `\n${counts.keys} keys: ${counts.original} originals, ${counts.current} up to date, ${counts.outdated} outdated, ` +
      `${counts.untracked} untracked, ${counts.missing} missing.`,
  );
  console.log(
    "A hash in a cell is that article's content hash; a translation made from it records " +
      'translatedFrom: { locale: <the original\'s locale>, hash: "<hash>" }',
  );
  if (outdated.length) {
    console.log('\nOutdated translations (the original changed after they were translated):');
    for (const cell of outdated) {
      const from = cell.article.translatedFrom!;
      const source = cell.source!;
      const recorded = from.hash ? `hash ${from.hash}` : `the version of ${from.date}`;
      console.log(
        `  ${cell.article.file}: translated from ${recorded}; the original, ${source.file}, ` +
          `was updated ${source.updated.slice(0, 10)} and is now ${source.hash}`,
      );
      console.log(`    once brought up to date: ${translatedFromLine(cell.source!)}`);
    }
  }
  const past = statusRows(groups, today).filter((row) => row.pastReview);
  if (past.length) {
    console.log(`\nPast their review date (today is ${today}):`);
    for (const row of past)
      console.log(`  ${row.article!.file}: review by ${row.article!.reviewBy}, owner ${row.article!.owner ?? '—'}`);
  }
}

if (problems.length) {
  console.error(`\nProblems:\n${problems.map((p) => `  ${p.file}: ${p.message}`).join('\n')}`);
}
if (values.strict && (outdated.length || problems.length)) {
  const what = [
    ...outdated.map((c) => `${c.article.file} is outdated`),
    ...problems.map((p) => `${p.file}: ${p.message}`),
  ];
  console.error(`\ncontent:status --strict: ${what.length} to fix:\n${what.map((w) => `  ${w}`).join('\n')}`);
  process.exitCode = 1;
}
