// Moderation and anti-spam (issue 7): plain functions over a Kysely handle, no astro:* imports.
// Pages and actions import from here.
export * from './audit.ts';
export * from './flags.ts';
export * from './gate.ts';
export * from './queue.ts';
export * from './review-items.ts';
export * from './sanctions.ts';
export * from './settings.ts';
export * from './spam.ts';
export * from './thread-tools.ts';
export * from './trust.ts';
export * from './words.ts';
export * from './review-form.ts';
export * from './thread-form.ts';
