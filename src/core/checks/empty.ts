/** EMPTY_TRANSLATION: a status other than `new` promises a translation that is not there. */
import { hasText } from '../inline-text.js';
import type { CheckDefinition } from './types.js';

/** An entry marked translated, reviewed or stale whose translation is empty. */
export const emptyCheck: CheckDefinition = {
  name: 'empty',
  rules: [
    {
      code: 'EMPTY_TRANSLATION',
      severity: 'error',
      summary: 'the entry is translated, reviewed or stale but its translation is empty (or tags alone)',
      help: 'write the translation, or set `status: new`',
    },
  ],
  check: {
    scope: 'entry',
    includeEmpty: true,
    run(entry) {
      // Tags alone (`<1></1>`) are no translation either: the page would lose the block's words.
      if (entry.status === 'new' || hasText(entry.translation)) return [];
      return [
        {
          code: 'EMPTY_TRANSLATION',
          message: `is \`${entry.status}\` but has ${entry.translation.trim() === '' ? 'no translation' : 'no text besides its tags'}`,
          hint: `write the translation under \`${entry.lng}:\` or set \`status: new\``,
        },
      ];
    },
  },
};
