/**
 * The registry of quality checks: one row per check, in the order their findings are listed.
 * Adding a check = one module with a `CheckDefinition` and one row here; its codes then appear in
 * `presslate check --list`, in SARIF rules and in the README table.
 */
import { addressesCheck } from './addresses.js';
import { consistencyCheck } from './consistency.js';
import { emptyCheck } from './empty.js';
import { endPunctuationCheck } from './end-punctuation.js';
import { frenchSpacingCheck } from './french-spacing.js';
import { glossaryCheck } from './glossary-terms.js';
import { lengthRatioCheck } from './length-ratio.js';
import { numbersCheck } from './numbers.js';
import { quoteStyleCheck } from './quote-style.js';
import { sourceEditedCheck } from './source-edited.js';
import { tagsCheck } from './tags.js';
import type { CheckDefinition, RuleInfo } from './types.js';
import { untranslatedCheck } from './untranslated.js';
import { whitespaceCheck } from './whitespace.js';
import { removedCharactersCheck } from './removed-characters.js';

/** Every check, in reporting order. */
export const CHECKS: readonly CheckDefinition[] = [
  // First: an entry it reports is checked no further (see runChecks).
  sourceEditedCheck,
  emptyCheck,
  tagsCheck,
  numbersCheck,
  addressesCheck,
  glossaryCheck,
  untranslatedCheck,
  whitespaceCheck,
  removedCharactersCheck,
  endPunctuationCheck,
  frenchSpacingCheck,
  quoteStyleCheck,
  consistencyCheck,
  lengthRatioCheck,
];

/** Every diagnostic code the checks can report, with its fixed severity and documentation. */
export const CHECK_RULES: readonly RuleInfo[] = CHECKS.flatMap((check) => check.rules);

/** The rule of a code, or undefined for codes that do not come from a check (e.g. LOCALE_YAML). */
export function ruleOf(code: string): RuleInfo | undefined {
  return CHECK_RULES.find((rule) => rule.code === code);
}
