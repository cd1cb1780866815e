// Kysely table types: one interface per table, named after it. Keep in step with db/migrations.
import type { ColumnType } from 'kysely';

/** A column the database fills in on insert. */
type Generated<T> = ColumnType<T, T | undefined, T>;

export interface SettingsTable {
  key: string;
  /** JSON-encoded value. */
  value: string;
  updated_at: Generated<string>;
}

export interface Database {
  settings: SettingsTable;
}
