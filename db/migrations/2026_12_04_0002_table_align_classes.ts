// Forum posts are stored rendered. Table column alignment used to be rendered as an inline style
// (`<td style="text-align:center" …>`), which the Content-Security-Policy blocks; the renderer
// now writes a class (src/lib/markdown/table-align.ts). This rewrites posts stored before that,
// so no stored post carries a style attribute. The renderer's sanitizer only ever let these three
// exact attributes through, so plain string replacement is exact (and portable: SQLite and
// PostgreSQL both have replace()). Frozen in time: the strings are spelled out here.
import { sql, type Kysely } from 'kysely';

const PAIRS: [style: string, className: string][] = [
  [' style="text-align:left"', ' class="align-start"'],
  [' style="text-align:center"', ' class="align-center"'],
  [' style="text-align:right"', ' class="align-end"'],
];

async function rewrite(db: Kysely<any>, from: 0 | 1): Promise<void> {
  const to = from === 0 ? 1 : 0;
  let html = sql`html`;
  for (const pair of PAIRS) html = sql`replace(${html}, ${pair[from]}, ${pair[to]})`;
  const marker = from === 0 ? '%text-align:%' : '%class="align-%';
  await sql`UPDATE posts SET html = ${html} WHERE html LIKE ${marker}`.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  await rewrite(db, 0);
}

export async function down(db: Kysely<any>): Promise<void> {
  await rewrite(db, 1);
}
