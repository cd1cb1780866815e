import { describe, expect, it } from 'vitest';
import { threadJsonLd, type JsonLdPost } from '../../../src/lib/seo/forum-json-ld.ts';
import { serializeJsonLd } from '../../../src/lib/seo/json-ld.ts';
import { listKind, relativeTime } from '../../../src/components/forum/format.ts';
import { threadPath } from '../../../src/lib/forum/urls.ts';

const at = Date.parse('2026-11-20T10:00:00Z');
const post = (text: string, upvotes = 0): JsonLdPost => ({
  text,
  url: `https://example.com/fa/community/t/1/x/#post-${upvotes}`,
  createdAt: at,
  upvotes,
  author: { name: 'نگار', url: 'https://example.com/fa/community/u/3/' },
});

describe('thread JSON-LD', () => {
  it('is a QAPage with the accepted and suggested answers once someone replied', () => {
    const data = threadJsonLd({
      title: 'کد تأیید نمی‌رسد',
      url: 'https://example.com/fa/community/t/1/x/',
      inLanguage: 'fa',
      question: post('سؤال', 2),
      answerCount: 2,
      accepted: post('پاسخ', 5),
      suggested: [post('یک پاسخ دیگر', 1)],
    });
    expect(data['@type']).toBe('QAPage');
    const question = (data as { mainEntity: Record<string, unknown> }).mainEntity;
    expect(question).toMatchObject({
      '@type': 'Question',
      name: 'کد تأیید نمی‌رسد',
      answerCount: 2,
      upvoteCount: 2,
      dateCreated: '2026-11-20T10:00:00.000Z',
      author: { '@type': 'Person', name: 'نگار' },
      acceptedAnswer: { '@type': 'Answer', text: 'پاسخ', upvoteCount: 5 },
    });
    expect(question.suggestedAnswer).toHaveLength(1);
  });

  it('is a DiscussionForumPosting while nobody has replied', () => {
    const data = threadJsonLd({
      title: 'T',
      url: 'https://example.com/t',
      inLanguage: 'en',
      question: post('Q'),
      answerCount: 0,
      accepted: null,
      suggested: [],
    });
    expect(data['@type']).toBe('DiscussionForumPosting');
    expect(data).toMatchObject({ headline: 'T', text: 'Q', datePublished: '2026-11-20T10:00:00.000Z' });
  });

  it('cannot close its script element, whatever a user wrote', () => {
    const data = threadJsonLd({
      title: '</script><script>alert(1)</script>',
      url: 'https://example.com/t',
      inLanguage: 'en',
      question: post('<!--'),
      answerCount: 0,
      accepted: null,
      suggested: [],
    });
    const text = serializeJsonLd(data);
    expect(text).not.toMatch(/<|>/);
    expect(JSON.parse(text).headline).toBe('</script><script>alert(1)</script>');
  });

  it('clips very long posts', () => {
    const data = threadJsonLd({
      title: 'T',
      url: 'u',
      inLanguage: 'en',
      question: post('ж'.repeat(20_000)),
      answerCount: 0,
      accepted: null,
      suggested: [],
    }) as { text: string };
    expect([...data.text].length).toBe(5_000);
  });
});

describe('forum page helpers', () => {
  it('builds thread paths with encoded slugs and no ?page=1', () => {
    expect(threadPath({ locale: 'fa', id: 7, slug: 'کد-تأیید' })).toBe(
      `/fa/community/t/7/${encodeURIComponent('کد-تأیید')}/`,
    );
    expect(threadPath({ locale: 'en', id: 7, slug: 'a-b' }, 1)).toBe('/en/community/t/7/a-b/');
    expect(threadPath({ locale: 'en', id: 7, slug: 'a-b' }, 3)).toBe('/en/community/t/7/a-b/?page=3');
  });

  it('reads ?list= strictly', () => {
    expect(listKind('unanswered')).toBe('unanswered');
    expect(listKind('solved')).toBe('solved');
    expect(listKind(null)).toBe('latest');
    expect(listKind('__proto__')).toBe('latest');
  });

  it('says how long ago in the reader’s language and digits', () => {
    const now = at + 3 * 24 * 3_600_000;
    expect(relativeTime('en', at, now)).toBe('3 days ago');
    expect(relativeTime('fa', at, now)).toMatch(/۳/);
    expect(relativeTime('ru', at, now)).toBe('3 дня назад');
  });
});
