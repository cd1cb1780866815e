// Metric-matched fallback faces for Vazirmatn: a system font resized (size-adjust) so that
// Persian text set in it takes the same width as in Vazirmatn, with Vazirmatn's ascent and
// descent, so nothing moves when the web font replaces it. Widths are measured by shaping real
// Persian text with HarfBuzz (Arabic letters change shape, and width, with their neighbours),
// separately for each subset file of the web font, because the browser swaps each subset on its
// own. Used by `npm run fonts:fallback`, which writes src/styles/vazirmatn-fallback.css.
import { readFileSync } from 'node:fs';
import * as hb from 'harfbuzzjs';
import wawoff2 from 'wawoff2';

export interface FontFile {
  path: string;
  /** wght axis value to measure a variable font at. */
  weight?: number;
}

export interface FallbackFont {
  /** Names for CSS local(): full name and PostScript name. */
  local: string[];
  /** The same font's file, to measure. */
  file: FontFile;
}

export interface Subset {
  name: string;
  /** CSS unicode-range of the web font's subset file. */
  unicodeRange: string;
  file: FontFile;
}

export interface FallbackFace {
  subset: string;
  unicodeRange: string;
  local: string[];
  weight: string;
  sizeAdjust: number;
  ascentOverride: number;
  descentOverride: number;
  lineGapOverride: number;
}

/**
 * Text the widths are averaged over: paragraphs of the site's Persian articles and the Latin a
 * Persian page shows (sample-fa.txt, fixed so that the faces change only with the fonts).
 */
export const SAMPLE_TEXT = readFileSync(new URL('./sample-fa.txt', import.meta.url), 'utf8');

const faceCache = new Map<string, hb.Face>();

async function face(path: string): Promise<hb.Face> {
  let cached = faceCache.get(path);
  if (!cached) {
    let data: Uint8Array = readFileSync(path);
    // HarfBuzz reads TrueType/OpenType only; the web font ships as WOFF2.
    if (path.endsWith('.woff2')) data = await wawoff2.decompress(data);
    cached = new hb.Face(new hb.Blob(data));
    faceCache.set(path, cached);
  }
  return cached;
}

/** Parses "U+0600-06FF,U+200C" into [from, to] code point pairs. */
export function parseUnicodeRange(range: string): [number, number][] {
  return range.split(',').map((part) => {
    const [from, to = from] = part.trim().replace(/^U\+/i, '').split('-') as [string, string?];
    return [parseInt(from, 16), parseInt(to, 16)];
  });
}

function inRange(ranges: [number, number][], codePoint: number): boolean {
  return ranges.some(([from, to]) => codePoint >= from && codePoint <= to);
}

/** The runs of `text` whose characters all fall in `ranges` (what the browser sets in that subset). */
export function runsIn(text: string, ranges: [number, number][]): string[] {
  const runs: string[] = [];
  let run = '';
  for (const ch of text) {
    if (inRange(ranges, ch.codePointAt(0)!)) run += ch;
    else if (run) {
      runs.push(run);
      run = '';
    }
  }
  if (run) runs.push(run);
  return runs;
}

/** Advance width of `runs` shaped in the font, in ems. */
export async function shapedWidth(file: FontFile, runs: string[]): Promise<number> {
  const f = await face(file.path);
  const font = new hb.Font(f);
  if (file.weight) font.setVariations([new hb.Variation('wght', file.weight)]);
  let units = 0;
  for (const run of runs) {
    const buffer = new hb.Buffer();
    buffer.addText(run);
    buffer.guessSegmentProperties();
    hb.shape(font, buffer);
    for (const p of buffer.getGlyphPositions()) units += p.xAdvance;
  }
  return units / f.upem;
}

/** Ascent, descent and line gap of the font as the browser lays out lines with them, in ems. */
export async function verticalMetrics(file: FontFile): Promise<{ ascent: number; descent: number; lineGap: number }> {
  const f = await face(file.path);
  const { ascender, descender, lineGap } = new hb.Font(f).hExtents();
  return { ascent: ascender / f.upem, descent: -descender / f.upem, lineGap: lineGap / f.upem };
}

/**
 * One face per subset: the fallback scaled to the web font's width over the sample's runs in that
 * subset, and the web font's vertical metrics (overrides are applied to the adjusted size, hence
 * the division, as Capsize does).
 */
export async function fallbackFaces(
  subsets: Subset[],
  fallback: FallbackFont,
  weight: string,
  text = SAMPLE_TEXT,
): Promise<FallbackFace[]> {
  const faces: FallbackFace[] = [];
  for (const subset of subsets) {
    const runs = runsIn(text, parseUnicodeRange(subset.unicodeRange));
    const sizeAdjust = (await shapedWidth(subset.file, runs)) / (await shapedWidth(fallback.file, runs));
    const metrics = await verticalMetrics(subset.file);
    faces.push({
      subset: subset.name,
      unicodeRange: subset.unicodeRange,
      local: fallback.local,
      weight,
      sizeAdjust,
      ascentOverride: metrics.ascent / sizeAdjust,
      descentOverride: metrics.descent / sizeAdjust,
      lineGapOverride: metrics.lineGap / sizeAdjust,
    });
  }
  return faces;
}

const percent = (value: number) => `${Number((value * 100).toFixed(2))}%`;

export function fallbackCss(family: string, faces: FallbackFace[]): string {
  return faces
    .map((f) =>
      [
        `/* ${f.subset}, ${f.weight} */`,
        '@font-face {',
        `  font-family: '${family}';`,
        `  src: ${f.local.map((name) => `local('${name}')`).join(', ')};`,
        `  font-weight: ${f.weight};`,
        `  size-adjust: ${percent(f.sizeAdjust)};`,
        `  ascent-override: ${percent(f.ascentOverride)};`,
        `  descent-override: ${percent(f.descentOverride)};`,
        `  line-gap-override: ${percent(f.lineGapOverride)};`,
        `  unicode-range: ${f.unicodeRange};`,
        '}',
      ].join('\n'),
    )
    .join('\n\n');
}

const modules = new URL('../../../node_modules/', import.meta.url);
const vazirmatn = (subset: string) =>
  new URL(`@fontsource-variable/vazirmatn/files/vazirmatn-${subset}-wght-normal.woff2`, modules).pathname;
const dejavu = (file: string) => new URL(`dejavu-fonts-ttf/ttf/${file}`, modules).pathname;

/** The family name the stylesheet puts after Vazirmatn on Persian pages. */
export const FALLBACK_FAMILY = 'Vazirmatn fallback';

/**
 * The subsets a Persian page uses (fontsource's ranges, as in its CSS) and the system fonts we
 * can measure. DejaVu Sans draws Arabic script and is what Debian's browsers fall back to; fonts
 * we have no file of (Tahoma, Segoe UI, Noto Naskh Arabic UI) are not adjusted.
 */
export async function vazirmatnFallbackCss(): Promise<string> {
  const ranges = JSON.parse(
    readFileSync(new URL('@fontsource-variable/vazirmatn/unicode.json', modules), 'utf8'),
  ) as Record<string, string>;
  const subsets = (weight: number): Subset[] =>
    ['arabic', 'latin'].map((name) => ({ name, unicodeRange: ranges[name]!, file: { path: vazirmatn(name), weight } }));
  const faces = [
    ...(await fallbackFaces(
      subsets(400),
      { local: ['DejaVu Sans', 'DejaVuSans'], file: { path: dejavu('DejaVuSans.ttf') } },
      '100 549',
    )),
    ...(await fallbackFaces(
      subsets(700),
      { local: ['DejaVu Sans Bold', 'DejaVuSans-Bold'], file: { path: dejavu('DejaVuSans-Bold.ttf') } },
      '550 900',
    )),
  ];
  return `/* Generated by \`npm run fonts:fallback\` (src/lib/fonts/fallback.ts); do not edit. */\n\n${fallbackCss(FALLBACK_FAMILY, faces)}\n`;
}
