/**
 * FRENCH_SPACING: French typography puts a no-break space before ; : ! ? and inside « », so the
 * punctuation never starts a line. U+00A0 (no-break space) and U+202F (narrow no-break space) are
 * both accepted; a normal space or no space is reported.
 */
import { blankAddresses, stripTags } from './text-tools.js';
import type { CheckDefinition, Finding } from './types.js';

const NO_BREAK = /[\u00A0\u202F]/u;
/** Punctuation that may follow another mark directly ("?!", "…?") without a space of its own. */
const PUNCTUATION = /[;:!?.…]/u;

/** Spacing problems of a French text, each with the place it was found. */
export function frenchSpacingProblems(tagged: string): { mark: string; problem: 'space' | 'none'; context: string }[] {
  const text = blankAddresses(stripTags(tagged));
  const problems: { mark: string; problem: 'space' | 'none'; context: string }[] = [];
  const context = (index: number): string => text.slice(Math.max(0, index - 12), index + 3).replace(/\u00A0|\u202F/g, '⍽');
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (char === ';' || char === ':' || char === '!' || char === '?' || char === '»') {
      if (index === 0) continue;
      const before = text[index - 1]!;
      if (NO_BREAK.test(before)) continue;
      if (char !== '»' && PUNCTUATION.test(before)) continue;
      // 9:30, 1:2 — a colon between digits is not a punctuation mark.
      if (char === ':' && /\d/.test(before) && /\d/.test(text[index + 1] ?? '')) continue;
      problems.push({ mark: char, problem: before === ' ' ? 'space' : 'none', context: context(index) });
    } else if (char === '«') {
      const after = text[index + 1];
      if (after === undefined || NO_BREAK.test(after)) continue;
      problems.push({ mark: char, problem: after === ' ' ? 'space' : 'none', context: context(index) });
    }
  }
  return problems;
}

/** French no-break spaces before ; : ! ? » and after «. */
export const frenchSpacingCheck: CheckDefinition = {
  name: 'french-spacing',
  rules: [
    {
      code: 'FRENCH_SPACING',
      severity: 'warning',
      summary: 'French text lacks the no-break space before ; : ! ? or inside « »',
      help: 'type a no-break space (U+00A0, or the narrow U+202F) before ; : ! ? and » and after «',
    },
  ],
  check: {
    scope: 'entry',
    run(entry) {
      if (entry.lng !== 'fr' && !entry.lng.startsWith('fr-')) return [];
      const findings: Finding[] = [];
      for (const problem of frenchSpacingProblems(entry.translation)) {
        const where = problem.mark === '«' ? 'after «' : `before ${problem.mark}`;
        findings.push({
          code: 'FRENCH_SPACING',
          message: `has ${problem.problem === 'space' ? 'a normal space' : 'no space'} ${where} in "${problem.context}"`,
          hint: `use a no-break space (U+00A0) ${where}${problem.problem === 'space' ? ' instead of the normal one' : ''}`,
        });
      }
      return findings;
    },
  },
};
