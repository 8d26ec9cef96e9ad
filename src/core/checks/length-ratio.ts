/** LENGTH_RATIO: a translation far longer or shorter than the German — often a sentence left out or pasted twice. */
import { plainText } from '../inline-text.js';
import type { CheckDefinition } from './types.js';

/**
 * Bounds of translation length ÷ German length (columns, see {@link textWidth}; tags removed). Translations of German
 * usually run 0.8–1.2 times its length; outside 0.5–2 something is missing or doubled.
 */
export const LENGTH_BOUNDS = { minimum: 0.5, maximum: 2, shortestSource: 30 } as const;

/**
 * Characters of the East Asian scripts that take two columns (East Asian Width "W" and "F" of UAX
 * #11: Han, kana, Hangul, CJK punctuation, full-width forms). One of them carries about as much as
 * two Latin letters: a Japanese or Chinese translation has a third to half as many characters as
 * the German, and counted by width it is as long as any other.
 */
const WIDE = /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uA960-\uA97F\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{20000}-\u{3FFFD}]/gu;

/** The length of a text in columns: code points, the wide ones above counting two. */
export function textWidth(text: string): number {
  let width = 0;
  for (const _ of text) width++;
  return width + (text.match(WIDE)?.length ?? 0);
}

/** Translation length far from the German's, for texts long enough for the ratio to mean something. */
export const lengthRatioCheck: CheckDefinition = {
  name: 'length',
  rules: [
    {
      code: 'LENGTH_RATIO',
      severity: 'warning',
      summary: `the translation is less than half or more than twice as long as the German (German of ${LENGTH_BOUNDS.shortestSource} characters or more)`,
      help: 'check that no sentence is missing or repeated',
    },
  ],
  check: {
    scope: 'entry',
    run(entry) {
      const source = textWidth(plainText(entry.source));
      if (source < LENGTH_BOUNDS.shortestSource) return [];
      const ratio = textWidth(plainText(entry.translation)) / source;
      if (ratio >= LENGTH_BOUNDS.minimum && ratio <= LENGTH_BOUNDS.maximum) return [];
      const percent = Math.round(ratio * 100);
      return [
        {
          code: 'LENGTH_RATIO',
          message: `is ${percent} % as long as the German`,
          hint: ratio < 1 ? 'check that no sentence or clause is missing' : 'check that nothing is repeated and no other text was pasted in',
        },
      ];
    },
  },
};
