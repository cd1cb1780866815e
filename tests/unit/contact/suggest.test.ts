// The contact page's article suggestions without JavaScript (src/lib/contact/suggest.ts) read a
// subject as article search does: stop words, spoken Persian, customers' words.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { matchArticles } from '../../../src/lib/contact/suggest.ts';

/** The sample articles' own front matter (title, description, tags). */
function article(path: string) {
  const source = readFileSync(`content/articles/${path}.mdx`, 'utf8');
  const field = (name: string) =>
    /^(\w+): (.*)$/m.exec(source.split('\n').find((l) => l.startsWith(`${name}:`)) ?? '')?.[2] ?? '';
  const unquote = (text: string) => text.replace(/^"(.*)"$/, '$1');
  return {
    id: path,
    locale: path.slice(0, 2),
    title: unquote(field('title')),
    description: unquote(field('description')),
    tags: field('tags')
      .replace(/^\[|\]$/g, '')
      .split(',')
      .map((t) => t.trim()),
  };
}
const articles = [
  'fa/difficult-customers/calm-angry-customer',
  'fa/difficult-customers/handling-complaints',
  'fa/agent-skills/patience-and-empathy',
  'fa/team-building/hiring-support-agents',
  'ru/difficult-customers/calm-angry-customer',
  'ru/agent-skills/clear-writing',
  'en/difficult-customers/calm-angry-customer',
  'en/agent-skills/patience-and-empathy',
].map(article);

describe('contact suggestions', () => {
  it('suggest the angry-customer article for a whole subject, first', () => {
    expect(matchArticles(articles, 'fa', 'مشتری عصبانی پول را پس می‌خواهد')[0]?.id).toBe(
      'fa/difficult-customers/calm-angry-customer',
    );
    expect(matchArticles(articles, 'ru', 'Клиент кричит, что делать?')[0]?.id).toBe(
      'ru/difficult-customers/calm-angry-customer',
    );
    expect(matchArticles(articles, 'en', 'A customer is yelling at me')[0]?.id).toBe(
      'en/difficult-customers/calm-angry-customer',
    );
  });
});
