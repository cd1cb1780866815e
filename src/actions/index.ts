// Astro Actions (public endpoints at /_actions/<name>, and form actions on pages). Each group
// lives in its own file; add actions to a group by spreading it: `forum: { ...forum, ask }`.
import { createThread } from './ask.ts';
import { forum } from './forum.ts';

export const server = {
  forum: { ...forum, createThread },
};
