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

export type Role = 'member' | 'writer' | 'moderator' | 'admin';

export interface UsersTable {
  id: Generated<number>;
  /** Lower-cased, trimmed. */
  email: string;
  email_verified_at: string | null;
  /** argon2id PHC string. */
  password_hash: string;
  display_name: string;
  /** UTS #39 skeleton of the display name; unique, so look-alike names are refused. */
  name_skeleton: string;
  role: Generated<Role>;
  trust_level: Generated<number>;
  locale: Generated<string>;
  suspended_until: string | null;
  silenced_until: string | null;
  created_at: Generated<string>;
}

/** Times are Unix milliseconds. The token's secret is never stored, only its SHA-256. */
export interface SessionsTable {
  id: string;
  secret_hash: string;
  user_id: number;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  user_agent: Generated<string>;
}

export type EmailTokenPurpose = 'verify' | 'reset';

export interface EmailTokensTable {
  id: string;
  secret_hash: string;
  user_id: number;
  purpose: EmailTokenPurpose;
  expires_at: number;
  used_at: number | null;
}

export interface AuthThrottleTable {
  key: string;
  failures: number;
  locked_until: number;
  updated_at: number;
}

export interface RateLimitsTable {
  key: string;
  window_start: number;
  count: number;
}

export interface SearchEventsTable {
  id: Generated<number>;
  locale: string;
  query: string;
  normalized: string;
  result_count: number;
  clicked_url: string | null;
  clicked_rank: number | null;
  /** UTC date, YYYY-MM-DD, for per-day counts. */
  day: string;
  created_at: number;
}

export type VoteReason = 'inaccurate' | 'unclear' | 'missing' | 'irrelevant' | 'other';
export type CommentStatus = 'new' | 'acknowledged' | 'fixed';

/** One row per visitor and article: the visitor's current answer. Times are Unix ms. */
export interface ArticleVotesTable {
  id: Generated<number>;
  /** The article's content id, `<locale>/<category>/<slug>`. */
  article: string;
  locale: string;
  /** Random first-party id from the visitor cookie; no personal data. */
  visitor: string;
  /** 1 = yes, 0 = no. */
  helpful: number;
  reason: VoteReason | null;
  comment: string | null;
  /** Triage of the comment; null when there is no comment. */
  comment_status: CommentStatus | null;
  status_by: number | null;
  status_at: number | null;
  created_at: number;
  updated_at: number;
}

/** One row per visitor, article and UTC day: a view counts once a day. */
export interface ArticleViewsTable {
  article: string;
  visitor: string;
  day: string;
  at: number;
}

/** Per article and UTC day: views, and votes by the day they were last cast. */
export interface ArticleDailyTable {
  article: string;
  day: string;
  views: Generated<number>;
  helpful: Generated<number>;
  unhelpful: Generated<number>;
  reason_inaccurate: Generated<number>;
  reason_unclear: Generated<number>;
  reason_missing: Generated<number>;
  reason_irrelevant: Generated<number>;
  reason_other: Generated<number>;
}

export interface Database {
  settings: SettingsTable;
  users: UsersTable;
  sessions: SessionsTable;
  email_tokens: EmailTokensTable;
  auth_throttle: AuthThrottleTable;
  rate_limits: RateLimitsTable;
  search_events: SearchEventsTable;
  article_votes: ArticleVotesTable;
  article_views: ArticleViewsTable;
  article_daily: ArticleDailyTable;
}
