import { describe, expect, it } from 'vitest';
import { checkArticles, extractLinks, formatProblems, type ArticleSource } from '../../../src/lib/content/check.ts';

const categoryIds = ['agent-skills', 'team-building'];

function article(id: string, body: string, extra: Partial<ArticleSource> = {}): ArticleSource {
  const category = id.split('/')[1]!;
  const source = `---\ntitle: T\ndescription: Something long enough\ncategory: ${extra.category ?? category}\nrelated: []\n---\n\n${body}\n`;
  return { id, file: `content/articles/${id}.mdx`, source, category, draft: false, related: [], ...extra };
}

describe('extractLinks', () => {
  it('finds Markdown and JSX links with their line numbers, skipping frontmatter and code', () => {
    const source = [
      '---',
      'title: "[x](/fa/nope/)"',
      '---',
      'See [one](/en/agent-skills/a/) and [two](</en/team-building/b/>).',
      '```mdx',
      '[in code](/en/broken/)',
      '```',
      'Inline `[code](/en/also-broken/)` is skipped; <a href="/ru/agent-skills/c/">jsx</a>',
    ].join('\n');
    expect(extractLinks(source)).toEqual([
      { href: '/en/agent-skills/a/', line: 4 },
      { href: '/en/team-building/b/', line: 4 },
      { href: '/ru/agent-skills/c/', line: 8 },
    ]);
  });
  it('takes images for images, not links, also inside a link', () => {
    const source = '![A chart](../../../images/chart.png) and [![logo](../../../images/logo.png)](/en/agent-skills/a/)';
    expect(extractLinks(source)).toEqual([{ href: '/en/agent-skills/a/', line: 1 }]);
  });
});

describe('checkArticles', () => {
  const target = article('en/agent-skills/patience', 'Body');

  it("checks the links of the writers' guide, which is no article, against the published articles", () => {
    const guide = {
      file: 'content/writers-guide/en.mdx',
      source: '---\ntitle: Guide\n---\n\nSee [a](/en/agent-skills/patience/).\n\nAnd [b](/en/agent-skills/gone/).\n',
    };
    expect(checkArticles([target], { categoryIds, includeDrafts: false, linkingPages: [guide] })).toEqual([
      {
        file: 'content/writers-guide/en.mdx',
        line: 7,
        message: 'broken link "/en/agent-skills/gone/": no such article or page',
      },
    ]);
  });

  it('passes links to existing articles, categories, homes, anchors and external sites', () => {
    const source = article(
      'en/team-building/hiring',
      '[a](/en/agent-skills/patience/#practice) [b](/en/agent-skills/) [c](/fa/) [d](https://example.com/x) [e](#top) [f](mailto:x@example.com)',
    );
    expect(checkArticles([target, source], { categoryIds, includeDrafts: false })).toEqual([]);
  });

  it('reports a broken link with file and line', () => {
    const source = article('en/team-building/hiring', 'line one\n\nSee [this](/en/agent-skills/impatience/).');
    const problems = checkArticles([target, source], { categoryIds, includeDrafts: false });
    expect(problems).toEqual([
      {
        file: 'content/articles/en/team-building/hiring.mdx',
        line: 10,
        message: 'broken link "/en/agent-skills/impatience/": no such article or page',
      },
    ]);
    expect(formatProblems(problems)).toBe(
      'content/articles/en/team-building/hiring.mdx:10  broken link "/en/agent-skills/impatience/": no such article or page',
    );
  });

  it('asks for the trailing slash and for absolute paths', () => {
    const source = article('en/team-building/hiring', '[a](/en/agent-skills/patience)\n[b](../agent-skills/patience/)');
    const messages = checkArticles([target, source], { categoryIds, includeDrafts: false }).map((p) => p.message);
    expect(messages[0]).toMatch(/needs a trailing slash/);
    expect(messages[1]).toMatch(/relative link/);
  });

  it('treats links to drafts as broken in production builds only', () => {
    const draft = article('en/agent-skills/patience', 'Body', { draft: true });
    const source = article('en/team-building/hiring', '[a](/en/agent-skills/patience/)');
    expect(checkArticles([draft, source], { categoryIds, includeDrafts: false })).toHaveLength(1);
    expect(checkArticles([draft, source], { categoryIds, includeDrafts: true })).toHaveLength(0);
  });

  it('checks `related`, the folder/category match and duplicate translation keys', () => {
    const wrongFolder = article('en/team-building/x', 'Body', { category: 'agent-skills' });
    const badRelated = article('en/team-building/y', 'Body', { related: ['agent-skills/missing'] });
    const dupA = article('en/agent-skills/a', 'Body', { translationKey: 'same' });
    const dupB = article('en/agent-skills/b', 'Body', { translationKey: 'same' });
    const messages = checkArticles([wrongFolder, badRelated, dupA, dupB], { categoryIds, includeDrafts: false }).map(
      (p) => `${p.file.split('/').pop()}:${p.line} ${p.message}`,
    );
    expect(messages).toEqual([
      'x.mdx:4 category "agent-skills" does not match the folder "team-building"',
      'y.mdx:5 related "agent-skills/missing" is not a published en article (expected <category>/<slug>)',
      'b.mdx:1 translationKey "same" is already used by content/articles/en/agent-skills/a.mdx',
    ]);
  });

  it('checks that translatedFrom names an article of the same key in another language', () => {
    const original = article('fa/agent-skills/a', 'Body', { translationKey: 'a' });
    const good = article('en/agent-skills/a', 'Body', { translationKey: 'a', translatedFrom: { locale: 'fa' } });
    const chained = article('ru/agent-skills/a', 'Body', { translationKey: 'a', translatedFrom: { locale: 'en' } });
    const noKey = article('ru/agent-skills/b', 'Body', { translatedFrom: { locale: 'fa' } });
    const own = article('fa/agent-skills/c', 'Body', { translationKey: 'c', translatedFrom: { locale: 'fa' } });
    const missing = article('en/agent-skills/d', 'Body', { translationKey: 'd', translatedFrom: { locale: 'ru' } });
    const messages = checkArticles([original, good, chained, noKey, own, missing], {
      categoryIds,
      includeDrafts: false,
    }).map((p) => `${p.file.split('/').slice(-3).join('/')} ${p.message}`);
    expect(messages).toEqual([
      "ru/agent-skills/b.mdx translatedFrom needs a translationKey, the same as the original's",
      "fa/agent-skills/c.mdx translatedFrom names this article's own language (fa); name the original's",
      'en/agent-skills/d.mdx translatedFrom: no ru article has translationKey "d"',
    ]);
  });

  it('lets links into application sections through when they are declared', () => {
    const source = article('en/team-building/hiring', '[ask](/en/community/new/)');
    expect(checkArticles([source], { categoryIds, includeDrafts: false })).toHaveLength(1);
    expect(checkArticles([source], { categoryIds, includeDrafts: false, appSections: ['community'] })).toHaveLength(0);
  });

  it('rejects files outside <locale>/<category>/<slug>', () => {
    const stray = article('de/agent-skills/x', 'Body');
    expect(checkArticles([stray], { categoryIds, includeDrafts: false })[0]?.message).toMatch(/must live at/);
  });
});
