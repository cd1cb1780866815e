// npm run content:import -- <file> --locale fa --category <id> [--slug s] [--title t] [--description d] [--force]
// Writes a draft article from a .txt, .md, .html or .docx file (src/lib/content/import/) and
// prints what it found and changed, where the draft is, and what to do next.
import { parseArgs } from 'node:util';
import { FORMATS, ImportError, importArticle, type ImportReport } from '../lib/content/import/index.ts';

const USAGE = `Usage: npm run content:import -- <file${Object.keys(FORMATS).join('|')}> --locale fa|ru|en --category <id> [--slug <slug>] [--title "…"] [--description "…"] [--force] [--content-dir content]`;

function parse() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        locale: { type: 'string' },
        category: { type: 'string' },
        slug: { type: 'string' },
        title: { type: 'string' },
        description: { type: 'string' },
        force: { type: 'boolean', default: false },
        'content-dir': { type: 'string', default: 'content' },
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

function table(rows: [string, string | number][]): string {
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`).join('\n');
}

function print(report: ImportReport): void {
  const s = report.structure;
  const escaped = Object.entries(report.escaped);
  const escapedTotal = escaped.reduce((sum, [, n]) => sum + n, 0);
  const orthography = Object.entries(report.orthography).filter(([, n]) => n > 0);
  const lines = [
    `Wrote ${report.path} (draft) from a ${report.format} file.`,
    '',
    'Frontmatter',
    table([
      [
        'title',
        `${report.title.value}  (from the ${report.title.from === 'option' ? '--title option' : report.title.from})`,
      ],
      [
        'description',
        `${report.description.value.length} characters (from the ${report.description.from === 'option' ? '--description option' : report.description.from})`,
      ],
    ]),
    '',
    'Structure',
    table([
      ['headings', s.headings],
      ['lists', s.lists],
      ['list items', s.listItems],
      ['links', s.links],
      ['images', s.images],
      ['tables', s.tables],
      ['code blocks', s.codeBlocks],
      [
        'escaped characters',
        escapedTotal ? `${escapedTotal}  (${escaped.map(([c, n]) => `${c} ${n}`).join(', ')})` : 0,
      ],
    ]),
    '',
    'Orthography',
    orthography.length ? table(orthography) : '  nothing to fix',
    '',
    report.words.missing.length
      ? `Words: ${report.words.missing.length} of the input's words are not in the draft (see the warning below).`
      : `Words: all ${report.words.input} words of the input are in the draft.`,
  ];
  if (report.images.length) lines.push('', 'Images saved', ...report.images.map((image) => `  content/${image}`));
  if (report.warnings.length) lines.push('', 'Warnings', ...report.warnings.map((w) => `  - ${w}`));
  lines.push(
    '',
    'Next steps',
    `  1. Read the draft in ${report.path}: check the headings and lists the importer recognised.`,
    '  2. When it is ready, delete the line "draft: true" from its frontmatter.',
    `  3. Run "npm run dev" and open http://localhost:4321${report.url} (drafts show in dev only).`,
  );
  console.log(lines.join('\n'));
}

const { values, positionals } = parse();
if (positionals.length !== 1 || !values.locale || !values.category) {
  console.error(USAGE);
  process.exit(2);
}
try {
  print(
    await importArticle({
      file: positionals[0]!,
      locale: values.locale,
      category: values.category,
      contentDir: values['content-dir'],
      slug: values.slug,
      title: values.title,
      description: values.description,
      force: values.force,
      today: new Date(),
    }),
  );
} catch (error) {
  if (!(error instanceof ImportError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
