import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  extractMentions,
  firstParagraphText,
  htmlToText,
  isOwnUpload,
  mentionKey,
  renderMarkdown,
} from '../../../src/lib/markdown/render.ts';

const ALLOWED_TAGS = new Set([
  'p',
  'blockquote',
  'ul',
  'ol',
  'li',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'h3',
  'h4',
  'h5',
  'h6',
  'br',
  'hr',
  'pre',
  'code',
  'bdi',
  'strong',
  'em',
  's',
  'a',
  'img',
  'input',
  'label',
]);
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'srcset', 'poster']);

function decodeEntities(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);?/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);?/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&colon;/gi, ':')
    .replace(/&tab;/gi, '\t')
    .replace(/&newline;/gi, '\n')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Everything in rendered HTML that could run script or pull in active content. Empty is safe. */
function unsafeFindings(html: string): string[] {
  const findings: string[] = [];
  if (/<\s*\/?\s*(script|iframe|style|object|embed|svg|math|form|base|link|meta|frame|template)\b/i.test(html))
    findings.push('dangerous tag');
  // Text is escaped, so every `<` left in the output opens a real tag.
  for (const tag of html.matchAll(/<\/?([a-zA-Z][\w:-]*)([^>]*)>/g)) {
    const [, name = '', attributes = ''] = tag;
    if (!ALLOWED_TAGS.has(name.toLowerCase())) findings.push(`tag <${name}>`);
    for (const attribute of attributes.matchAll(/([^\s=/>]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?/g)) {
      const attrName = attribute[1]!.toLowerCase();
      const value = decodeEntities((attribute[2] ?? '').replace(/^["']|["']$/g, ''))
        .replace(/[\u0000-\u0020\u007f-\u009f]/g, '')
        .toLowerCase();
      if (attrName.startsWith('on')) findings.push(`event handler ${attrName}`);
      if (attrName === 'style' && !/^text-align:(left|right|center)$/.test(value)) findings.push(`style ${value}`);
      if (URL_ATTRIBUTES.has(attrName) && /^(javascript|vbscript|data|file):/.test(value))
        findings.push(`${attrName}=${value}`);
      if (attrName === 'target') findings.push('target');
    }
  }
  return findings;
}

describe('markdown: what renders', () => {
  it('renders GitHub tables with dir="auto" cells and alignment', () => {
    const html = renderMarkdown('| Plan | Price |\n|:-----|------:|\n| Basic | ۱۰۰ |\n| پایه | 200 |');
    expect(html).toContain('<table dir="auto">');
    // Alignment as a class (logical: start/end), never a style attribute, which the CSP blocks.
    expect(html).toContain('<th class="align-start" dir="auto">Plan</th>');
    expect(html).toContain('<td class="align-end" dir="auto">۱۰۰</td>');
    expect(html).toContain('<td class="align-start" dir="auto">پایه</td>');
  });

  it('maps every column alignment to a class and lets no style attribute through', () => {
    const html = renderMarkdown('| a | b | c | d |\n|:--|:-:|--:|---|\n| 1 | 2 | 3 | 4 |');
    expect(html).toContain('<th class="align-start" dir="auto">a</th>');
    expect(html).toContain('<th class="align-center" dir="auto">b</th>');
    expect(html).toContain('<th class="align-end" dir="auto">c</th>');
    expect(html).toContain('<th dir="auto">d</th>');
    expect(html).toContain('<td class="align-center" dir="auto">2</td>');
    expect(html).not.toMatch(/style=/);
    // Raw HTML is off, so a style or class written by hand is only text.
    expect(renderMarkdown('<td style="text-align:center" class="align-end">x</td>')).not.toMatch(/<td/);
  });

  it('renders task lists as disabled checkboxes inside their label, without ids that would clash between posts', () => {
    const html = renderMarkdown('- [ ] بررسی فاکتور\n- [x] Call support');
    expect(html).toBe(
      '<ul class="task-list-container" dir="auto">\n' +
        '<li class="task-list-item" dir="auto"><label class="task-list-item-label"><input type="checkbox" class="task-list-item-checkbox" disabled /> بررسی فاکتور</label></li>\n' +
        '<li class="task-list-item" dir="auto"><label class="task-list-item-label"><input type="checkbox" class="task-list-item-checkbox" checked disabled /> Call support</label></li>\n' +
        '</ul>',
    );
  });

  it('gives every block dir="auto" so each paragraph finds its own direction; code stays ltr', () => {
    const html = renderMarkdown(
      'سلام، این یک test است.\n\nHello **world**\n\n> نقل قول\n\n1. اول\n2. دوم\n\n```js\nconst x = "سلام";\n```\n\nRun `npm start` first.',
    );
    expect(html).toContain('<p dir="auto">سلام، این یک <bdi>test</bdi> است.</p>');
    expect(html).toContain('<blockquote dir="auto">\n<p dir="auto">نقل قول</p>\n</blockquote>');
    expect(html).toContain('<ol dir="auto">\n<li dir="auto">اول</li>');
    expect(html).toContain('<pre dir="ltr"><code class="language-js" dir="ltr">const x = "سلام";\n</code></pre>');
    expect(html).toContain('<code dir="ltr">npm start</code>');
  });

  it('starts headings at h3, keeps strikethrough, line breaks and bare URLs', () => {
    expect(renderMarkdown('# Title\n## Sub')).toBe('<h3 dir="auto">Title</h3>\n<h4 dir="auto">Sub</h4>');
    expect(renderMarkdown('~~old~~ new\nnext line')).toBe('<p dir="auto"><s>old</s> new<br />\nnext line</p>');
    expect(renderMarkdown('see https://example.com/a?b=1')).toBe(
      '<p dir="auto">see <a href="https://example.com/a?b=1" rel="nofollow ugc noopener">https://example.com/a?b=1</a></p>',
    );
  });

  it('adds rel="nofollow ugc noopener" to links, keeps http(s), mailto and relative ones, no target', () => {
    expect(renderMarkdown('[docs](https://example.com "Docs")')).toBe(
      '<p dir="auto"><a href="https://example.com" title="Docs" rel="nofollow ugc noopener">docs</a></p>',
    );
    expect(renderMarkdown('[article](/fa/billing/refunds/)')).toBe(
      '<p dir="auto"><a href="/fa/billing/refunds/" rel="nofollow ugc noopener">article</a></p>',
    );
    expect(renderMarkdown('<mailto:help@example.com>')).toContain('href="mailto:help@example.com"');
    expect(renderMarkdown('[x](http://example.com){target=_blank}')).not.toMatch(/<a [^>]*target/);
  });

  it('drops javascript:, vbscript:, data: and protocol-relative link targets', () => {
    for (const source of [
      '[x](javascript:alert(1))',
      '[x](JaVaScRiPt:alert(1))',
      '[x]( javascript:alert(1))',
      '[x](<javascript:alert(1)>)',
      '[x](&#106;avascript:alert(1))',
      '[x](javascript&#58;alert(1))',
      '[x](java%0ascript:alert(1))',
      '[x](vbscript:msgbox(1))',
      '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
      '[x](//evil.example/)',
      '<javascript:alert(1)>',
      '[x]\n\n[x]: javascript:alert(1)',
    ]) {
      const html = renderMarkdown(source);
      expect(unsafeFindings(html), source).toEqual([]);
      // Resolved as a browser would, whatever is left stays on our site or is http(s)/mailto.
      for (const [, href] of html.matchAll(/href="([^"]*)"/g)) {
        const url = new URL(decodeEntities(href!), 'https://help.example/fa/community/');
        expect(url.protocol === 'https:' && url.host === 'help.example', `${source} → ${href}`).toBe(true);
      }
    }
  });

  it('escapes raw HTML instead of rendering it', () => {
    expect(renderMarkdown('<b>bold</b> <script>alert(1)</script>')).toBe(
      '<p dir="auto">&lt;b&gt;bold&lt;/b&gt; &lt;script&gt;alert(1)&lt;/script&gt;</p>',
    );
    expect(renderMarkdown('<div onclick="x()">\nhi\n</div>')).toBe(
      '<p dir="auto">&lt;div onclick="x()"&gt;<br />\nhi<br />\n&lt;/div&gt;</p>',
    );
  });

  it('keeps images from our uploads only; others become their alt text', () => {
    expect(renderMarkdown('![screenshot](/uploads/2026/11/a.png "Error")')).toBe(
      '<p dir="auto"><img src="/uploads/2026/11/a.png" alt="screenshot" title="Error" /></p>',
    );
    expect(renderMarkdown('![tracking pixel](https://evil.example/p.gif)')).toBe('<p dir="auto">tracking pixel</p>');
    expect(
      renderMarkdown(
        '![x](//evil.example/p.gif) ![y](/uploads/../admin/) ![z](/uploads/%2e%2e/admin) ![w](data:image/png;base64,AAAA) ![v](/avatars/a.png)',
      ),
    ).toBe('<p dir="auto">x y z w v</p>');
    expect(renderMarkdown('![<script>alert(1)</script>](https://evil.example/x.png)')).toBe(
      '<p dir="auto">&lt;script&gt;alert(1)&lt;/script&gt;</p>',
    );
    expect([
      isOwnUpload('/uploads/a.png'),
      isOwnUpload('/uploads/a/../../b'),
      isOwnUpload('/uploads\\..\\b'),
      isOwnUpload(undefined),
    ]).toEqual([true, false, false, false]);
  });

  it('removes bidi override controls that would make text read differently than stored', () => {
    expect(renderMarkdown('invoice\u202Efdp.exe \u2067x\u2069')).toBe('<p dir="auto">invoicefdp.exe x</p>');
  });

  it('links mentions only for users the caller resolved, and never inside code or addresses', () => {
    const source =
      'سلام @سارا و @[Alex Stone]، @Unknown. `@code` user@example.com [@link](https://example.com)\n\n```\n@fenced\n```';
    expect(extractMentions(source)).toEqual(['سارا', 'Alex Stone', 'Unknown']);
    const users = new Map([
      [mentionKey('سارا'), { id: 7, username: 'سارا', profile: true }],
      [mentionKey('alex_stone'), { id: 9, username: 'Alex_Stone', profile: true }],
    ]);
    const html = renderMarkdown(source, { mentions: { locale: 'fa', users } });
    expect(html).toContain(
      '<a href="/fa/community/u/7/" class="mention" dir="auto" rel="nofollow ugc noopener">@سارا</a>',
    );
    expect(html).toContain(
      '<a href="/fa/community/u/9/" class="mention" dir="auto" rel="nofollow ugc noopener">@Alex_Stone</a>',
    );
    expect(html).toContain('، <bdi>@Unknown</bdi>.');
    expect(html).toContain('<code dir="ltr">@code</code>');
    expect(html).not.toContain('/u/undefined');
    // Without resolved users, rendering does not link anything.
    expect(renderMarkdown('@سارا')).toBe('<p dir="auto"><bdi>@سارا</bdi></p>');
    // Look-alike spellings meet: Arabic yeh, case.
    expect(mentionKey('سارا')).toBe(mentionKey('سارا\u200C'));
    expect(mentionKey('Alex Stone')).toBe(mentionKey('ALEX  STONE'));
    // Written before usernames, @[Alex Stone] finds the username made from that name (Alex_Stone).
    expect(mentionKey('Alex Stone')).toBe(mentionKey('alex_stone'));
  });

  it('gives the plain text of rendered HTML for excerpts', () => {
    expect(htmlToText(renderMarkdown('# Hi\n\nA **b** & <c>\n\n- one\n- two'))).toBe('Hi A b & <c> one two');
  });
});

describe('markdown: hostile input', () => {
  const blns = JSON.parse(readFileSync(new URL('../../fixtures/blns.json', import.meta.url), 'utf8')) as string[];

  it('renders every Big List of Naughty Strings entry safely', () => {
    expect(blns.length).toBeGreaterThan(500);
    const failures: [string, string[]][] = [];
    for (const source of blns) {
      let html = '';
      expect(() => (html = renderMarkdown(source)), source).not.toThrow();
      const findings = unsafeFindings(html);
      if (findings.length) failures.push([source, findings]);
    }
    expect(failures).toEqual([]);
  });

  const payloads = [
    '<script>alert(1)</script>',
    '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
    '<img src=x onerror=alert(1)>',
    '<svg/onload=alert(1)>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<style>body{background:url(javascript:alert(1))}</style>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<details open ontoggle=alert(1)>',
    '"><img src=x onerror=alert(1)>',
    '<<script>script>alert(1)<</script>/script>',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '[x](javascript:alert`1`)',
    '[x](JAVASCRIPT:alert(1) "title")',
    '[x](javascript:/**/alert(1))',
    '[x](\\javascript:alert(1))',
    '[x](javas\u0000cript:alert(1))',
    '[x](https://example.com/"onmouseover="alert(1))',
    '[x](https://example.com "a\\" onmouseover=\\"alert(1)")',
    '<https://example.com/"onmouseover="alert(1)>',
    '![x](/uploads/a.png"onerror="alert(1))',
    '![x](/uploads/a.png "t\\" onerror=\\"alert(1)")',
    '![x" onerror="alert(1)](/uploads/a.png)',
    '![x](javascript:alert(1))',
    '![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)',
    '[![x](/uploads/a.png)](javascript:alert(1))',
    '```html\n<script>alert(1)</script>\n```',
    '`<img src=x onerror=alert(1)>`',
    '| a |\n|---|\n| <img src=x onerror=alert(1)> |',
    '- [x] <script>alert(1)</script>',
    '@[<img src=x onerror=alert(1)>]',
    '@[x" onmouseover="alert(1)]',
    '<!-- comment --><script>alert(1)</script>',
    '<base href="javascript:alert(1)//">',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<embed src="data:text/html,<script>alert(1)</script>">',
    '[a](vbscript:msgbox(1))',
    '[a](file:///etc/passwd)',
    '&lt;script&gt;alert(1)&lt;/script&gt;',
    '&#60;script&#62;alert(1)&#60;/script&#62;',
    '\u202E<script>alert(1)</script>',
    '[x](java\nscript:alert(1))',
    '> <img src=x onerror=alert(1)>',
    '*<img src=x onerror=alert(1)>*',
  ];

  it.each(payloads)('neutralizes %s', (payload) => {
    const html = renderMarkdown(payload);
    expect(unsafeFindings(html)).toEqual([]);
    expect(html).not.toMatch(/<script/i);
    // Mentions are links too: the same checks hold with every name resolved.
    const linked = renderMarkdown(payload, {
      mentions: {
        locale: 'en',
        users: new Map(
          extractMentions(payload).map((name, i) => [mentionKey(name), { id: i + 1, username: name, profile: true }]),
        ),
      },
    });
    expect(unsafeFindings(linked)).toEqual([]);
  });

  it('survives very deep nesting and long input', () => {
    expect(() => renderMarkdown('>'.repeat(5000) + ' deep')).not.toThrow();
    expect(() => renderMarkdown('['.repeat(5000) + 'x' + ']'.repeat(5000))).not.toThrow();
    expect(() => renderMarkdown('*a '.repeat(5000))).not.toThrow();
    expect(unsafeFindings(renderMarkdown('- '.repeat(3000) + '<img src=x onerror=alert(1)>'))).toEqual([]);
  });
});

describe('firstParagraphText (feed summaries)', () => {
  it('is the first paragraph as plain text, past a leading code block or heading', () => {
    const html = renderMarkdown('## Setup\n\n```\nnpm i\n```\n\nIt fails with **E42** & <no> reason.\n\nMore.');
    expect(firstParagraphText(html)).toBe('It fails with E42 & <no> reason.');
    expect(firstParagraphText(renderMarkdown('- only\n- a list'))).toBe('only a list');
  });
  it('cuts a long paragraph at a grapheme with an ellipsis', () => {
    const text = firstParagraphText(renderMarkdown(`${'می‌شود '.repeat(200)}`), 20);
    expect([...new Intl.Segmenter('fa', { granularity: 'grapheme' }).segment(text)]).toHaveLength(20);
    expect(text.endsWith('…')).toBe(true);
    expect(text.startsWith('می‌شود می‌شود')).toBe(true);
  });
});
