// Frozen in time: never edit a migration that has shipped; add a new one.
// article_daily is kept by triggers, so every write to votes or views is one statement and the
// rollups can never drift from the rows they count, whoever writes (app, CLI, a repair script).
// The same triggers in both dialects: SQLite's below, then PL/pgSQL's (postgresUp) for Postgres.
import { sql, SqliteAdapter, type Kysely } from 'kysely';

const voteColumns =
  'helpful, unhelpful, reason_inaccurate, reason_unclear, reason_missing, reason_irrelevant, reason_other';
const voteValues = (row: 'NEW' | 'OLD', sign: '' | '-') =>
  [
    `${sign}${row}.helpful`,
    `${sign}(1 - ${row}.helpful)`,
    ...['inaccurate', 'unclear', 'missing', 'irrelevant', 'other'].map(
      (r) => `${sign}(${row}.helpful = 0 AND ${row}.reason IS '${r}')`,
    ),
  ].join(', ');
const addUp = voteColumns
  .split(', ')
  .map((c) => `${c} = ${c} + excluded.${c}`)
  .join(', ');
const upsertVote = (row: 'NEW' | 'OLD', sign: '' | '-') =>
  `INSERT INTO article_daily (article, day, ${voteColumns}) VALUES (${row}.article, date(${row}.updated_at / 1000, 'unixepoch'), ${voteValues(row, sign)})
   ON CONFLICT (day, article) DO UPDATE SET ${addUp};`;

export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return postgresUp(db);
  await sql
    .raw(`CREATE TRIGGER article_votes_rollup_insert AFTER INSERT ON article_votes BEGIN ${upsertVote('NEW', '')} END`)
    .execute(db);
  await sql
    .raw(`CREATE TRIGGER article_votes_rollup_delete AFTER DELETE ON article_votes BEGIN ${upsertVote('OLD', '-')} END`)
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER article_votes_rollup_update AFTER UPDATE OF helpful, reason, updated_at ON article_votes BEGIN ${upsertVote('OLD', '-')} ${upsertVote('NEW', '')} END`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER article_views_rollup AFTER INSERT ON article_views BEGIN
         INSERT INTO article_daily (article, day, views) VALUES (NEW.article, NEW.day, 1)
         ON CONFLICT (day, article) DO UPDATE SET views = views + 1;
       END`,
    )
    .execute(db);
}

// Postgres: one row-level trigger function per table. A vote's day is its updated_at's UTC day,
// as SQLite's date(…, 'unixepoch'); `IS NOT DISTINCT FROM` is SQLite's `IS`.
const postgresDay = (row: 'NEW' | 'OLD') =>
  `to_char(to_timestamp(${row}.updated_at / 1000) AT TIME ZONE 'UTC', 'YYYY-MM-DD')`;
const postgresValues = (row: 'NEW' | 'OLD', sign: '' | '-') =>
  [
    `${sign}${row}.helpful`,
    `${sign}(1 - ${row}.helpful)`,
    ...['inaccurate', 'unclear', 'missing', 'irrelevant', 'other'].map(
      (r) => `${sign}(${row}.helpful = 0 AND ${row}.reason IS NOT DISTINCT FROM '${r}')::int`,
    ),
  ].join(', ');
const postgresAddUp = voteColumns
  .split(', ')
  .map((c) => `${c} = article_daily.${c} + excluded.${c}`)
  .join(', ');
const postgresUpsertVote = (row: 'NEW' | 'OLD', sign: '' | '-') =>
  `INSERT INTO article_daily (article, day, ${voteColumns}) VALUES (${row}.article, ${postgresDay(row)}, ${postgresValues(row, sign)})
   ON CONFLICT (day, article) DO UPDATE SET ${postgresAddUp};`;

async function postgresUp(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `CREATE FUNCTION article_votes_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP IN ('UPDATE', 'DELETE') THEN ${postgresUpsertVote('OLD', '-')} END IF;
         IF TG_OP IN ('INSERT', 'UPDATE') THEN ${postgresUpsertVote('NEW', '')} END IF;
         RETURN NULL;
       END $$`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER article_votes_rollup AFTER INSERT OR DELETE OR UPDATE OF helpful, reason, updated_at ON article_votes
       FOR EACH ROW EXECUTE FUNCTION article_votes_rollup()`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE FUNCTION article_views_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         INSERT INTO article_daily (article, day, views) VALUES (NEW.article, NEW.day, 1)
         ON CONFLICT (day, article) DO UPDATE SET views = article_daily.views + 1;
         RETURN NULL;
       END $$`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER article_views_rollup AFTER INSERT ON article_views FOR EACH ROW EXECUTE FUNCTION article_views_rollup()`,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) {
    await sql.raw('DROP TRIGGER article_votes_rollup ON article_votes').execute(db);
    await sql.raw('DROP TRIGGER article_views_rollup ON article_views').execute(db);
    await sql.raw('DROP FUNCTION article_votes_rollup, article_views_rollup').execute(db);
    return;
  }
  for (const name of [
    'article_votes_rollup_insert',
    'article_votes_rollup_delete',
    'article_votes_rollup_update',
    'article_views_rollup',
  ]) {
    await sql.raw(`DROP TRIGGER ${name}`).execute(db);
  }
}
