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
  /** Unique handle for mentions (src/lib/auth/usernames.ts), as typed. */
  username: string;
  /** UTS #39 skeleton of the username; unique, so look-alike usernames are refused. */
  username_skeleton: string;
  /** Need not be unique. */
  display_name: string;
  /** UTS #39 skeleton of the display name (not unique), for finding members by name. */
  name_skeleton: string;
  role: Generated<Role>;
  trust_level: Generated<number>;
  locale: Generated<string>;
  suspended_until: string | null;
  silenced_until: string | null;
  created_at: Generated<string>;
  /**
   * Unix ms when the member deleted their account (migration 0050): the row is a tombstone with
   * e-mail, names and password erased; the username's skeleton stays reserved.
   */
  deleted_at: Generated<number | null>;
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

/** Two-factor sign-in (migration 2026_12_05_0040). Times are Unix milliseconds. */
export interface UserTwoFactorTable {
  user_id: number;
  /** AES-256-GCM of the TOTP secret under an installation key (src/lib/auth/two-factor.ts); never shown again once enabled. */
  secret_enc: string;
  /** Null while enrolment waits for the first code. */
  enabled_at: number | null;
  /** The last 30-second TOTP step a code was accepted for (no step is accepted twice). */
  last_step: number | null;
  created_at: number;
}

/** Single-use recovery codes: only the SHA-256 of each is stored. */
export interface TwoFactorRecoveryCodesTable {
  id: Generated<number>;
  user_id: number;
  code_hash: string;
  used_at: number | null;
  created_at: number;
}

/** A sign-in between a correct password and the second factor: `<id>.<secret>`, only the secret's SHA-256 stored. */
export interface TwoFactorChallengesTable {
  id: string;
  secret_hash: string;
  user_id: number;
  failures: Generated<number>;
  expires_at: number;
}

/** `reset`: a forgot-password request; the others are security notices (src/lib/auth/security-notice.ts). */
export type AccountMailKind = 'reset' | 'twoFactorOff' | 'twoFactorReset' | 'recoveryCodeUsed';

export interface AccountMailJobsTable {
  id: Generated<number>;
  kind: AccountMailKind;
  email: string;
  locale: string;
  attempts: Generated<number>;
  next_attempt_at: number;
  created_at: number;
}

/** Review reminders (migration 2026_12_05_0010): one row per owner and ISO week. Times are Unix milliseconds. */
export type ReviewReminderState = 'pending' | 'sent' | 'failed';

export interface ReviewRemindersTable {
  id: Generated<number>;
  user_id: number;
  /** ISO 8601 week: 2026-W49. */
  week: string;
  /** JSON: the ReminderItem list the mail shows (src/lib/content/reminders.ts). */
  items: string;
  state: Generated<ReviewReminderState>;
  attempts: Generated<number>;
  next_attempt_at: number;
  last_error: string | null;
  sent_at: number | null;
  created_at: number;
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

// Community forum (migration 0006). Times are Unix milliseconds.

export type ThreadState = 'open' | 'solved' | 'locked';

export interface ForumCategoriesTable {
  id: Generated<number>;
  slug: string;
  /** JSON object keyed by locale. */
  titles: string;
  /** JSON object keyed by locale. */
  descriptions: Generated<string>;
  position: Generated<number>;
  created_at: number;
}

export interface ThreadsTable {
  id: Generated<number>;
  locale: string;
  category_id: number;
  author_id: number;
  title: string;
  slug: string;
  state: Generated<ThreadState>;
  /** 1 = pinned to the top of its lists. */
  pinned: Generated<number>;
  accepted_post_id: number | null;
  /** Visible replies, the question not included. */
  reply_count: Generated<number>;
  /** Highest post number handed out (hidden and deleted posts included). */
  last_post_number: Generated<number>;
  /** The question post's score. */
  vote_score: Generated<number>;
  view_count: Generated<number>;
  flag_count: Generated<number>;
  last_post_at: number;
  last_poster_id: number;
  created_at: number;
  hidden_at: number | null;
  hidden_by: number | null;
  hidden_reason: string | null;
  deleted_at: number | null;
  deleted_by: number | null;
  /** Set while the question waits for a moderator's approval (the thread is hidden meanwhile). */
  held_at: Generated<number | null>;
  /** 0 = off; otherwise one post per user per this many minutes. */
  slow_mode_minutes: Generated<number>;
  /** Closed as a duplicate of this thread. */
  duplicate_of: Generated<number | null>;
}

export interface PostsTable {
  id: Generated<number>;
  thread_id: number;
  author_id: number;
  /** 1 is the question. */
  number: number;
  /** Markdown as written. */
  source: string;
  /** Sanitized HTML rendered from source. */
  html: string;
  vote_score: Generated<number>;
  flag_count: Generated<number>;
  accepted_at: number | null;
  revision_count: Generated<number>;
  created_at: number;
  edited_at: number | null;
  edited_by: number | null;
  hidden_at: number | null;
  hidden_by: number | null;
  hidden_reason: string | null;
  deleted_at: number | null;
  deleted_by: number | null;
  /** Set while the post waits for approval; a held post is hidden too (hidden_at set). */
  held_at: Generated<number | null>;
}

/** What a post said before an edit. */
export interface PostRevisionsTable {
  id: Generated<number>;
  post_id: number;
  revision: number;
  source: string;
  title: string | null;
  edited_by: number | null;
  edited_at: number;
  reason: string | null;
}

export interface PostVotesTable {
  post_id: number;
  user_id: number;
  created_at: number;
}

export interface ThreadWatchesTable {
  thread_id: number;
  user_id: number;
  created_at: number;
}

export type ForumNotificationKind = 'reply' | 'accepted' | 'mention';
/** Notices from moderation (migration 0008); each carries the moderator's reason when there is one. */
export type ModerationNotificationKind =
  | 'mod.flaggedHidden'
  | 'mod.held'
  | 'mod.approved'
  | 'mod.hidden'
  | 'mod.deleted'
  | 'mod.restored'
  | 'mod.edited'
  | 'mod.warned'
  | 'mod.silenced'
  | 'mod.suspended'
  | 'mod.trustLevel';
export type NotificationKind = ForumNotificationKind | ModerationNotificationKind;

export interface NotificationsTable {
  id: Generated<number>;
  user_id: number;
  kind: NotificationKind;
  /** Null for notices about the user rather than a thread (warnings, sanctions). */
  thread_id: number | null;
  post_id: number | null;
  actor_id: number | null;
  created_at: number;
  read_at: number | null;
  /** The moderator's reason, shown to the user. */
  reason: Generated<string | null>;
  /** Mail (src/lib/notification-mail/): null until the worker looked at it, 0 for no mail, else its batch. */
  mail_batch_id: Generated<number | null>;
}

/** A reply's watchers not told yet: the worker expands it into notifications (src/lib/forum/fanout.ts). */
export interface NotificationFanoutsTable {
  id: Generated<number>;
  thread_id: number;
  post_id: number;
  actor_id: number;
  /** JSON array of user ids told already (the reply's @mentions). */
  skip_user_ids: string;
  created_at: number;
}

export type MailKind = 'replyMine' | 'replyWatched' | 'mention' | 'accepted' | 'moderation';
export type MailMode = 'immediately' | 'daily' | 'off';

/** A member's choice for one kind of notification mail; no row means the default. */
export interface NotificationMailPrefsTable {
  user_id: number;
  kind: MailKind;
  mode: MailMode;
  updated_at: number;
}

/** Notifications waiting to leave as one mail: a member's thread (`t:<id>`), notices, or the daily summary. */
export interface NotificationMailBatchesTable {
  id: Generated<number>;
  user_id: number;
  batch_key: string;
  created_at: number;
  /** Set when a sender claims it; an open batch takes new notifications. */
  closed_at: number | null;
  /** Open: when its window ends. Closed: when its lease ends or the next attempt is due. */
  next_at: number;
  attempts: Generated<number>;
}

export type ComposerOutcome = 'open' | 'posted' | 'abandoned';

export interface ComposerSessionsTable {
  /** Random token held by the composer page. */
  id: string;
  user_id: number | null;
  locale: string;
  started_at: number;
  updated_at: number;
  suggestions_shown: Generated<number>;
  suggestions_clicked: Generated<number>;
  last_clicked_thread_id: number | null;
  outcome: Generated<ComposerOutcome>;
  thread_id: number | null;
  ended_at: number | null;
}

export interface ForumEventsTable {
  id: Generated<number>;
  actor_id: number | null;
  action: string;
  thread_id: number | null;
  post_id: number | null;
  subject_user_id: number | null;
  reason: string | null;
  /** JSON. */
  data: string | null;
  created_at: number;
}

// Moderation (migration 0008). Times are Unix milliseconds.

export type FlagReason = 'spam' | 'abusive' | 'offTopic' | 'other';
export type FlagStatus = 'pending' | 'agreed' | 'dismissed';

export interface FlagsTable {
  id: Generated<number>;
  post_id: number;
  user_id: number;
  reason: FlagReason;
  note: string | null;
  /** 1 when a moderator or trusted user flagged: counts against the lower threshold. */
  trusted: Generated<number>;
  status: Generated<FlagStatus>;
  item_id: number | null;
  created_at: number;
}

export type ReviewKind = 'flag' | 'held' | 'watched_word';
export type ReviewStatus = 'pending' | 'approved' | 'rejected' | 'dismissed';

export interface ReviewItemsTable {
  id: Generated<number>;
  kind: ReviewKind;
  status: Generated<ReviewStatus>;
  post_id: number;
  thread_id: number;
  author_id: number;
  /** JSON. */
  data: string | null;
  claimed_by: number | null;
  claimed_until: number | null;
  created_at: number;
  updated_at: number;
  resolved_at: number | null;
  resolved_by: number | null;
}

export type SanctionKind = 'warn' | 'silence' | 'suspend';

export interface UserSanctionsTable {
  id: Generated<number>;
  user_id: number;
  kind: SanctionKind;
  reason: string;
  /** ISO timestamp; null for warnings. */
  until: string | null;
  item_id: number | null;
  created_by: number | null;
  created_at: number;
}

export type WatchedWordAction = 'block' | 'hold' | 'censor';

export interface WatchedWordsTable {
  id: Generated<number>;
  locale: string;
  word: string;
  normalized: string;
  action: WatchedWordAction;
  created_by: number | null;
  created_at: number;
}

/** Append-only (SQLite triggers refuse UPDATE and DELETE). */
export interface ModerationAuditTable {
  id: Generated<number>;
  actor_id: number | null;
  action: string;
  target_user_id: number | null;
  thread_id: number | null;
  post_id: number | null;
  item_id: number | null;
  reason: string | null;
  /** JSON. */
  data: string | null;
  created_at: number;
}

// Contact support (migration 0007). Times are Unix milliseconds.

export type ContactOutcome = 'open' | 'deflected' | 'submitted' | 'abandoned';
export type ContactSuggestionKind = 'article' | 'thread';

export interface ContactFlowsTable {
  /** Random token held by the contact page. */
  id: string;
  locale: string;
  /** First-party visitor id (cookie); no personal data. */
  visitor: string;
  user_id: number | null;
  started_at: number;
  updated_at: number;
  outcome: Generated<ContactOutcome>;
  deflected_kind: ContactSuggestionKind | null;
  /** Article id (`<locale>/<category>/<slug>`) or thread id, as text. */
  deflected_ref: string | null;
  request_id: number | null;
  ended_at: number | null;
}

export interface ContactFlowSuggestionsTable {
  flow_id: string;
  kind: ContactSuggestionKind;
  ref: string;
}

export interface ContactRequestsTable {
  id: Generated<number>;
  /** Human-friendly, random: `PSK-XXXX-XXXX`. */
  reference: string;
  /** SHA-256 of the receipt token in the submitting browser's cookie. */
  receipt_hash: string;
  locale: string;
  email: string;
  subject: string;
  description: string;
  user_id: number | null;
  visitor: string;
  flow_id: string | null;
  created_at: number;
}

export type DeliveryReceiver = 'webhook' | 'support_mail' | 'confirmation';
export type DeliveryState = 'pending' | 'delivering' | 'delivered' | 'failed';

export interface ContactDeliveriesTable {
  id: Generated<number>;
  request_id: number;
  receiver: DeliveryReceiver;
  idempotency_key: string;
  state: Generated<DeliveryState>;
  attempts: Generated<number>;
  failures: Generated<number>;
  next_attempt_at: number;
  lease_token: string | null;
  lease_until: number | null;
  last_error: string | null;
  last_status: number | null;
  last_attempt_at: number | null;
  delivered_at: number | null;
  retried_by: number | null;
  retried_at: number | null;
  created_at: number;
}

/** Following a category for the weekly digest (migration 0070): an article category's id or a forum category's slug. */
export type FollowKind = 'articles' | 'community';
export interface CategoryFollowsTable {
  user_id: number;
  kind: FollowKind;
  category: string;
  created_at: number;
}

/** A row: the member turned the weekly digest on (off by default). */
export interface DigestSubscribersTable {
  user_id: number;
  created_at: number;
}

export type DigestMailState = 'pending' | 'sent' | 'failed' | 'empty' | 'skipped';
export interface DigestMailsTable {
  id: Generated<number>;
  user_id: number;
  /** ISO 8601 week: 2026-W49. */
  week: string;
  /** JSON: the DigestItems the mail shows (src/lib/digest/plan.ts). */
  items: string;
  state: Generated<DigestMailState>;
  attempts: Generated<number>;
  next_attempt_at: number;
  last_error: string | null;
  sent_at: number | null;
  created_at: number;
}

export interface Database {
  settings: SettingsTable;
  users: UsersTable;
  sessions: SessionsTable;
  email_tokens: EmailTokensTable;
  auth_throttle: AuthThrottleTable;
  account_mail_jobs: AccountMailJobsTable;
  review_reminders: ReviewRemindersTable;
  category_follows: CategoryFollowsTable;
  digest_subscribers: DigestSubscribersTable;
  digest_mails: DigestMailsTable;
  user_two_factor: UserTwoFactorTable;
  two_factor_recovery_codes: TwoFactorRecoveryCodesTable;
  two_factor_challenges: TwoFactorChallengesTable;
  rate_limits: RateLimitsTable;
  search_events: SearchEventsTable;
  article_votes: ArticleVotesTable;
  article_views: ArticleViewsTable;
  article_daily: ArticleDailyTable;
  forum_categories: ForumCategoriesTable;
  threads: ThreadsTable;
  posts: PostsTable;
  post_revisions: PostRevisionsTable;
  post_votes: PostVotesTable;
  thread_watches: ThreadWatchesTable;
  notifications: NotificationsTable;
  notification_fanouts: NotificationFanoutsTable;
  notification_mail_prefs: NotificationMailPrefsTable;
  notification_mail_batches: NotificationMailBatchesTable;
  composer_sessions: ComposerSessionsTable;
  forum_events: ForumEventsTable;
  flags: FlagsTable;
  review_items: ReviewItemsTable;
  user_sanctions: UserSanctionsTable;
  watched_words: WatchedWordsTable;
  moderation_audit: ModerationAuditTable;
  contact_flows: ContactFlowsTable;
  contact_flow_suggestions: ContactFlowSuggestionsTable;
  contact_requests: ContactRequestsTable;
  contact_deliveries: ContactDeliveriesTable;
}
