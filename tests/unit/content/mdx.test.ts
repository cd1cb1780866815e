// Articles' MDX rendered at content-load time with the writers' kit (src/lib/content/mdx.ts,
// src/components/mdx/kit.ts): the HTML the MDX integration rendered with the kit's Astro
// components before, which the built pages were compared against when this replaced it.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderArticle, renderArticles, type RenderOutcome } from '../../../src/components/mdx/render.ts';
import { hasModuleSyntax, renderMdx } from '../../../src/lib/content/mdx.ts';
import { kitComponents, kitHtml } from '../../../src/components/mdx/kit.ts';

const render = (source: string, locale: 'fa' | 'ru' | 'en' = 'en') => renderMdx(source, kitComponents(locale));

describe('renderMdx', () => {
  it('gives headings ids and lists them for the table of contents, as the MDX integration does', () => {
    const { html, headings } = render('## First steps\n\nText.\n\n### First steps\n\n## Что делать?\n');
    expect(html).toContain('<h2 id="first-steps">First steps</h2>');
    expect(html).toContain('<h3 id="first-steps-1">First steps</h3>');
    expect(headings).toEqual([
      { depth: 2, slug: 'first-steps', text: 'First steps' },
      { depth: 3, slug: 'first-steps-1', text: 'First steps' },
      { depth: 2, slug: 'что-делать', text: 'Что делать?' },
    ]);
  });

  it('renders each kit component with its markup and the locale’s labels', () => {
    const { html } = render(
      [
        '<Callout type="warning">Check the **order number**.</Callout>',
        '<Callout title="Own title">Body.</Callout>',
        '<Steps>\n\n1. One\n2. Two\n\n</Steps>',
        '<Tabs>\n<TabItem label="Email">Mail text.</TabItem>\n<TabItem label="Chat">Chat text.</TabItem>\n</Tabs>',
        'Press <Kbd>Ctrl</Kbd>.',
        '<Video id="abc 1" title="Intro" />',
        '<FAQ items={[{ question: "Is it free?", answer: "Yes." }]} />',
      ].join('\n\n'),
      'ru',
    );
    expect(html).toContain(
      '<aside class="callout callout-warning" aria-label="Внимание"><p class="callout-title"><svg',
    );
    expect(html).toContain('stroke-linecap="round"');
    expect(html).toContain('<div class="callout-body">Check the <strong>order number</strong>.</div></aside>');
    expect(html).toContain('aria-label="Own title"');
    expect(html).toContain('<path d="M12 8h.01M11 12h1v5h1"></path>');
    expect(html).toMatch(/<div class="steps"><ol>\s*<li>One<\/li>/);
    expect(html).toContain(
      '<pasokh-tabs class="tabs"><div class="tab-panels"><section class="tab-panel" data-label="Email"><p class="tab-label"><strong>Email</strong></p>',
    );
    expect(html).toContain('<kbd class="kbd">Ctrl</kbd>');
    expect(html).toContain('<pasokh-video class="video" data-id="abc%201" data-title="Intro">');
    expect(html).toContain('href="https://www.youtube.com/watch?v=abc%201"');
    expect(html).toContain('<section class="faq"><h2>');
    expect(html).toContain('<details><summary>Is it free?</summary><p>Yes.</p></details>');
    expect(html).toMatch(/<script type="application\/ld\+json">\{"@context":"https:\/\/schema.org","@type":"FAQPage"/);
  });

  it('wraps tables for keyboard scrolling and turns column alignment into a class (the CSP blocks style)', () => {
    const { html } = render('| Channel | Hours |\n| :-- | --: |\n| Chat | 24 |\n', 'fa');
    expect(html).toMatch(/^<div class="table-wrap" tabindex="0" role="region" aria-label="[^"]+"><table>/);
    expect(html).not.toContain('style=');
    expect(html).toMatch(/<th class="[^"]+">Hours<\/th>/);
  });

  it('makes code blocks focusable and keeps them out of search', () => {
    const { html } = render('```yaml\ntitle: Refunds\n```\n');
    expect(html).toContain(
      '<pre tabindex="0" data-pagefind-ignore="" dir="ltr"><code class="language-yaml" dir="ltr">',
    );
  });

  it('isolates Latin runs in Persian text, as for Markdown', () => {
    const { html } = render('نسخه‌ی برنامه: v2.3.1 را نصب کنید.', 'fa');
    expect(html).toContain('<bdi>v2.3.1</bdi>');
  });

  it('escapes what writers type as text', () => {
    const { html } = render("<Callout title={'\"><img src=x onerror=alert(1)>'}>a &lt;b&gt;</Callout>");
    expect(html).toContain('aria-label="&#x22;><img src=x onerror=alert(1)>"');
    expect(html).toContain('<span>">&#x3C;img src=x onerror=alert(1)></span>');
    expect(html).toContain('<div class="callout-body">a &#x3C;b></div>');
  });

  it('fails on broken MDX and on a component the kit does not have', () => {
    expect(() => render('<Callout>never closed\n')).toThrow();
    expect(() => render('<Sidebar>text</Sidebar>\n')).toThrow(/Sidebar/);
  });
});

describe('hasModuleSyntax', () => {
  it('finds import and export lines, not the words in code or prose', () => {
    expect(hasModuleSyntax("import lifecycle from '../images/a.png';\n\nText.")).toBe(true);
    expect(hasModuleSyntax('Text.\n\nexport const hours = 4;\n')).toBe(true);
    expect(hasModuleSyntax("```js\nimport x from 'y';\n```\n")).toBe(false);
    expect(hasModuleSyntax('How to import tickets from email.\n')).toBe(false);
  });
});

describe('kitHtml (the .astro wrappers for the MDX integration)', () => {
  it('renders a component around content Astro already rendered, without escaping it', () => {
    expect(kitHtml('fa', 'Steps', {}, '<ol><li>یک</li></ol>')).toBe('<div class="steps"><ol><li>یک</li></ol></div>');
    expect(kitHtml('en', 'td', { style: { textAlign: 'center' } }, 'x')).toMatch(/^<td class="[^"]+">x<\/td>$/);
  });
});

describe('renderArticles (the content loader’s rendering, on worker threads when many)', () => {
  it('gives the same files, headings and reading times on workers as in this thread', async () => {
    const sources = [
      '## Один\n\n<Callout type="tip">Совет.</Callout>\n\nТекст статьи.',
      '## دو\n\n<Steps>\n\n1. یک\n2. دو\n\n</Steps>\n\nنسخه‌ی v2.3.1 را نصب کنید.',
      '## Three\n\n| a | b |\n| :-: | -- |\n| 1 | 2 |\n',
    ];
    const locales = ['ru', 'fa', 'en'] as const;
    const jobs = Array.from({ length: 450 }, (_, i) => ({
      id: `job-${i}`,
      locale: locales[i % 3]!,
      body: `${sources[i % 3]}\n\nParagraph ${i}.`,
    }));
    const htmlDir = mkdtempSync(join(tmpdir(), 'pasokh-mdx-'));
    try {
      const inThread = jobs.map((job) => renderArticle(job, htmlDir));
      const onWorkers = await renderArticles(jobs, htmlDir, resolve('src/components/mdx/render-worker.ts'));
      const byId = (outcomes: RenderOutcome[]) => Object.fromEntries(outcomes.map((o) => [o.id, o]));
      expect(byId(onWorkers)).toEqual(byId(inThread));
      expect(readdirSync(htmlDir)).toHaveLength(450);
      const first = inThread[0]!;
      expect('article' in first && readFileSync(first.article.htmlFile, 'utf8')).toContain(
        '<aside class="callout callout-tip"',
      );
    } finally {
      rmSync(htmlDir, { recursive: true, force: true });
    }
  });

  it('reports a broken article by its id instead of failing the others', () => {
    const htmlDir = mkdtempSync(join(tmpdir(), 'pasokh-mdx-'));
    try {
      const outcome = renderArticle({ id: 'en/x/broken', locale: 'en', body: '<Callout>never closed\n' }, htmlDir);
      expect(outcome).toMatchObject({ id: 'en/x/broken', error: expect.any(String) });
    } finally {
      rmSync(htmlDir, { recursive: true, force: true });
    }
  });
});
