// Every migration, in order. Static imports so the CLI, the tests and a bundled server all see
// the same list without scanning the file system.
// One history for both databases: migrations are written in SQLite's terms and mapped on
// Postgres (src/lib/db/portable-schema.ts). When Postgres arrived (2026-12-05), the shipped
// migrations gained Postgres branches for triggers and full-text search; the SQL they run on
// SQLite did not change by a byte, so databases migrated before stay valid.
import type { Migration } from 'kysely/migration';
import * as settings from './2026_11_23_0001_settings.ts';
import * as accounts from './2026_11_23_0002_accounts.ts';
import * as searchEvents from './2026_11_23_0003_search_events.ts';
import * as articleFeedback from './2026_11_23_0004_article_feedback.ts';
import * as articleFeedbackTriggers from './2026_11_23_0005_article_feedback_triggers.ts';
import * as forum from './2026_11_23_0006_forum.ts';
import * as contact from './2026_11_23_0007_contact.ts';
import * as moderation from './2026_11_23_0008_moderation.ts';
import * as accountMail from './2026_12_04_0001_account_mail.ts';
import * as tableAlignClasses from './2026_12_04_0002_table_align_classes.ts';
import * as usernames from './2026_12_05_0001_usernames.ts';
import * as reviewReminders from './2026_12_05_0010_review_reminders.ts';
import * as notificationMail from './2026_12_05_0030_notification_mail.ts';
import * as twoFactor from './2026_12_05_0040_two_factor.ts';
import * as accountDeletion from './2026_12_05_0050_account_deletion.ts';
import * as notificationFanouts from './2026_12_05_0060_notification_fanouts.ts';
import * as digest from './2026_12_05_0070_digest.ts';

export const migrations: Record<string, Migration> = {
  '2026_11_23_0001_settings': settings,
  '2026_11_23_0002_accounts': accounts,
  '2026_11_23_0003_search_events': searchEvents,
  '2026_11_23_0004_article_feedback': articleFeedback,
  '2026_11_23_0005_article_feedback_triggers': articleFeedbackTriggers,
  '2026_11_23_0006_forum': forum,
  '2026_11_23_0007_contact': contact,
  '2026_11_23_0008_moderation': moderation,
  '2026_12_04_0001_account_mail': accountMail,
  '2026_12_04_0002_table_align_classes': tableAlignClasses,
  '2026_12_05_0001_usernames': usernames,
  '2026_12_05_0010_review_reminders': reviewReminders,
  '2026_12_05_0030_notification_mail': notificationMail,
  '2026_12_05_0040_two_factor': twoFactor,
  '2026_12_05_0050_account_deletion': accountDeletion,
  '2026_12_05_0060_notification_fanouts': notificationFanouts,
  '2026_12_05_0070_digest': digest,
};
