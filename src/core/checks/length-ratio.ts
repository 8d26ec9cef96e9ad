/** LENGTH_RATIO: a translation far longer or shorter than the German — often a sentence left out or pasted twice. */
import { plainText } from '../inline-text.js';
import type { CheckDefinition } from './types.js';

/**
 * Bounds of translation length ÷ German length (characters, tags removed). Translations of German
 * usually run 0.8–1.2 times its length; outside 0.5–2 something is missing or doubled.
 */
export const LENGTH_BOUNDS = { minimum: 0.5, maximum: 2, shortestSource: 30 } as const;

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
      const source = plainText(entry.source).length;
      if (source < LENGTH_BOUNDS.shortestSource) return [];
      const ratio = plainText(entry.translation).length / source;
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
