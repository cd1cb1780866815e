import { describe, expect, it } from 'vitest';
import { useTranslations } from '../../../src/i18n/index.ts';
import { moderationNoticeText, sentenceKey } from '../../../src/lib/forum/notification-text.ts';

const { t } = useTranslations('en');

describe('notification text', () => {
  it('says a reply, an accepted answer or a mention around the actor; any other kind is a reply', () => {
    expect(['reply', 'accepted', 'mention', 'other'].map(sentenceKey)).toEqual([
      'forum.notifications.reply',
      'forum.notifications.accepted',
      'forum.notifications.mention',
      'forum.notifications.reply',
    ]);
  });

  it('translates a flag reason code, keeps a moderator\u2019s own words, and says nothing for no reason', () => {
    expect(moderationNoticeText(t, 'mod.flaggedHidden', 'offTopic')).toBe(
      'Your post was hidden after members flagged it (off topic). A moderator will review it.',
    );
    expect(moderationNoticeText(t, 'mod.flaggedHidden', 'Looks like an ad')).toBe(
      'Your post was hidden after members flagged it (Looks like an ad). A moderator will review it.',
    );
    expect(moderationNoticeText(t, 'mod.flaggedHidden', null)).toBe(
      'Your post was hidden after members flagged it (). A moderator will review it.',
    );
    expect(moderationNoticeText(t, 'mod.warned', 'spam')).toBe('A moderator sent you a warning.');
  });
});
