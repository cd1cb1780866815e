import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  fallbackFaces,
  parseUnicodeRange,
  runsIn,
  shapedWidth,
  vazirmatnFallbackCss,
  type Subset,
} from '../../../src/lib/fonts/fallback.ts';

const vazirmatnArabic = 'node_modules/@fontsource-variable/vazirmatn/files/vazirmatn-arabic-wght-normal.woff2';
const arabicRange = JSON.parse(readFileSync('node_modules/@fontsource-variable/vazirmatn/unicode.json', 'utf8'))
  .arabic as string;
const dejavu = { local: ['DejaVu Sans'], file: { path: 'node_modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf' } };

/** An article's prose (not the sample the faces were measured on): frontmatter and markup dropped. */
function articleText(path: string): string {
  return readFileSync(path, 'utf8')
    .replace(/^---[\s\S]*?---/, '')
    .replace(/<[^>]+>|[#*_`>|-]/g, ' ');
}

describe('Vazirmatn fallback faces', () => {
  it('are the ones measured from the font files (run `npm run fonts:fallback` after a font update)', async () => {
    expect(readFileSync('src/styles/vazirmatn-fallback.css', 'utf8')).toBe(await vazirmatnFallbackCss());
  });

  it('set other Persian articles within 2% of the width Vazirmatn gives them', async () => {
    const subset: Subset = { name: 'arabic', unicodeRange: arabicRange, file: { path: vazirmatnArabic, weight: 400 } };
    const [face] = await fallbackFaces([subset], dejavu, '400');
    const ranges = parseUnicodeRange(arabicRange);
    for (const article of [
      'content/articles/fa/communication-kpis/choosing-channels.mdx',
      'content/articles/fa/team-building/hiring-support-agents.mdx',
    ]) {
      const runs = runsIn(articleText(article), ranges);
      const vazirmatn = await shapedWidth(subset.file, runs);
      const unadjusted = await shapedWidth(dejavu.file, runs);
      // Unadjusted, DejaVu Sans sets Persian about 8% wider: lines break elsewhere and the page moves.
      expect(Math.abs(unadjusted / vazirmatn - 1)).toBeGreaterThan(0.04);
      expect(Math.abs((unadjusted * face!.sizeAdjust) / vazirmatn - 1)).toBeLessThan(0.02);
    }
  });

  it('reads CSS unicode ranges and splits text into the runs a subset draws', () => {
    expect(parseUnicodeRange('U+0600-06FF, U+200C')).toEqual([
      [0x600, 0x6ff],
      [0x200c, 0x200c],
    ]);
    expect(runsIn('نسخه v2 و', parseUnicodeRange('U+0600-06FF'))).toEqual(['نسخه', 'و']);
  });
});
