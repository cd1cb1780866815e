// Display names: the shared cleaning of user-written text (src/lib/text.ts: NFC, no bidi
// controls), and also no bidi marks or other invisible characters (ZWNJ is kept between Persian
// letters and ZWJ inside emoji, where they are part of the spelling); length in grapheme
// clusters; and a UTS #39 "skeleton" so a look-alike of an existing name is refused.
import unhomoglyph from 'unhomoglyph';
import { cleanUserText } from '../text.ts';

export const NAME_MIN = 2;
export const NAME_MAX = 40;

/** ALM, LRM, RLM: invisible, so a name has no use for them. */
const BIDI_MARKS = /[\u061C\u200E\u200F]/g;
const INVISIBLES =
  /[\u00AD\u034F\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B\u2060-\u2064\u3164\uFE00-\uFE0F\uFEFF\uFFA0]/g;
const ARABIC_LETTER = /\p{Script=Arabic}/u;
const PICTOGRAPH = /\p{Extended_Pictographic}/u;

/** `cleanUserText`, then bidi marks and invisible characters removed: for names, titles, subjects. */
export function stripInvisible(text: string): string {
  const chars = [...cleanUserText(text).replace(BIDI_MARKS, '').replace(INVISIBLES, '')];
  return chars
    .filter((char, i) => {
      if (char === '\u200C') return ARABIC_LETTER.test(chars[i - 1] ?? '') && ARABIC_LETTER.test(chars[i + 1] ?? '');
      if (char === '\u200D') return PICTOGRAPH.test(chars[i - 1] ?? '') && PICTOGRAPH.test(chars[i + 1] ?? '');
      return true;
    })
    .join('');
}

export function graphemeCount(text: string): number {
  let count = 0;
  for (const _ of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)) count++;
  return count;
}

/** What two names share when they look alike (Cyrillic а = Latin a, Arabic ي = Persian ی, …). */
export function nameSkeleton(name: string): string {
  return unhomoglyph(
    name
      .normalize('NFD')
      .toLowerCase()
      .replace(/\u200C/g, ''),
  ).normalize('NFC');
}

export type NameProblem = 'tooShort' | 'tooLong' | 'noLetters' | 'controlCharacters';

export function cleanDisplayName(raw: string): { name: string; skeleton: string } | { problem: NameProblem } {
  if (/[\p{Cc}\p{Zl}\p{Zp}]/u.test(raw.replace(/[\t\r\n]/g, ' '))) return { problem: 'controlCharacters' };
  const name = stripInvisible(raw).replace(/\s+/gu, ' ').trim();
  const length = graphemeCount(name);
  if (length < NAME_MIN) return { problem: 'tooShort' };
  if (length > NAME_MAX) return { problem: 'tooLong' };
  if (!/\p{L}/u.test(name)) return { problem: 'noLetters' };
  return { name, skeleton: nameSkeleton(name) };
}
