// Search excerpts are cut from the built pages (src/integrations/pagefind-excerpts.ts), so what an
// article's MDX source holds besides its text (frontmatter, imports, exports, JSX components,
// code samples of all of these) must never reach a slice. Builds a copy of the site with one
// such article and reads every slice of it (slow: a real build, like build/errors.test.ts).
// The same copy then runs `astro dev`, where such an article (the MDX integration renders it) and
// the others (the content loader renders them) must be served too.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { ExcerptSlice } from '../../../src/lib/search/excerpt.ts';
import { freePort } from '../../postgres/server.ts';

const root = resolve(import.meta.dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'pasokh-excerpt-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const article = `---
title: Excerpts from an MDX article
description: An article that uses every kind of MDX source besides plain text.
category: agent-skills
tags: [excerpts, source]
order: 9
updated: 2026-11-30
---
import lifecycle from '../../../images/ticket-lifecycle.png';
export const answerTime = 'four hours';

Readers see this opening paragraph about quick replies.

<Callout type="tip" title="Keep it short">

Short replies help readers in a hurry.

</Callout>

<Video id="dQw4w9WgXcQ" title="Quick replies in practice" />

<Figure src={lifecycle} alt="The ticket lifecycle" caption="Tickets move from new to solved." />

Answer every email within {answerTime}.

## Writing the source

\`\`\`mdx
---
category: difficult-customers
tags: [angry, listening]
---
import lifecycle from '../../../images/ticket-lifecycle.png';

<Video id="dQw4w9WgXcQ" title="Sample" />
\`\`\`

\`\`\`yaml
translationKey: quick-replies
related: [agent-skills/clear-writing]
\`\`\`

The closing paragraph ends the article.
`;

/** Every slice of the built page at `url`, read the way the browser reads them. */
function slicesOf(client: string, url: string): ExcerptSlice[] {
  const found: ExcerptSlice[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.pf_slice')) {
        const slice = JSON.parse(gunzipSync(readFileSync(path)).toString('utf8')) as ExcerptSlice;
        if (slice.url === url) found.push(slice);
      }
    }
  };
  walk(join(client, 'pagefind/en'));
  return found;
}

describe('search excerpts of an MDX article', () => {
  it('hold the words readers see and none of the source: frontmatter, imports, exports, components, code', () => {
    for (const entry of ['src', 'content', 'public', 'db', 'astro.config.mjs', 'package.json', 'tsconfig.json']) {
      cpSync(join(root, entry), join(dir, entry), { recursive: true });
    }
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
    writeFileSync(join(dir, 'content/articles/en/agent-skills/mdx-excerpts.mdx'), article);
    // `npm run build`'s command: `astro build`, then the search index in a process of its own.
    const build = spawnSync(process.execPath, ['src/cli/build.ts'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 280_000,
    });
    expect(build.status, `${build.stdout}\n${build.stderr}`).toBe(0);

    const slices = slicesOf(join(dir, 'dist/client'), '/en/agent-skills/mdx-excerpts/');
    expect(slices.length).toBeGreaterThan(0);
    const text = slices.map((slice) => slice.text).join('\n');
    // What readers see is there, the components' own words included.
    for (const words of [
      'opening paragraph about quick replies',
      'Short replies help readers',
      'Tickets move from new to solved.',
      'within four hours.',
      'The closing paragraph ends the article.',
    ]) {
      expect(text).toContain(words);
    }
    // The source is not.
    for (const source of [
      'category:',
      'tags:',
      'translationKey:',
      'related:',
      'import ',
      'export ',
      '<',
      '/>',
      '---',
      'dQw4w9WgXcQ',
      '{answerTime}',
    ]) {
      expect(text, source).not.toContain(source);
    }
  }, 300_000);
});

describe('astro dev (what writers run)', () => {
  it('serves an article with its own imports and one the content loader rendered', async () => {
    const port = await freePort();
    const dev = spawn(process.execPath, ['node_modules/astro/bin/astro.mjs', 'dev', '--port', String(port)], {
      cwd: dir,
      // Astro's dev server behaves as under Vitest when VITEST is set (it answered 404 here).
      env: Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST'))),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    dev.stdout.on('data', (data: Buffer) => (output += data.toString()));
    dev.stderr.on('data', (data: Buffer) => (output += data.toString()));
    try {
      const get = async (path: string) => {
        for (let tries = 0; ; tries++) {
          try {
            const response = await fetch(`http://localhost:${port}${path}`);
            return { status: response.status, html: await response.text() };
          } catch (error) {
            if (tries > 120) throw error;
            await new Promise((done) => setTimeout(done, 500));
          }
        }
      };
      const imported = await get('/en/agent-skills/mdx-excerpts/');
      expect(imported.status, output).toBe(200);
      expect(imported.html).toContain('Tickets move from new to solved.');
      expect(imported.html).toContain('<aside class="callout callout-tip" aria-label="Keep it short">');
      const rendered = await get('/fa/agent-skills/clear-writing/');
      expect(rendered.status, output).toBe(200);
      expect(rendered.html).toContain('<pasokh-tabs class="tabs">');
    } finally {
      dev.kill();
    }
  }, 120_000);
});
