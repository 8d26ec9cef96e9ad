/** EMPTY_TRANSLATION: a status other than `new` promises a translation that is not there. */
import type { CheckDefinition } from './types.js';

/** An entry marked translated, reviewed or stale whose translation is empty. */
export const emptyCheck: CheckDefinition = {
  name: 'empty',
  rules: [
    {
      code: 'EMPTY_TRANSLATION',
      severity: 'error',
      summary: 'the entry is translated, reviewed or stale but its translation is empty',
      help: 'write the translation, or set `status: new`',
    },
  ],
  check: {
    scope: 'entry',
    includeEmpty: true,
    run(entry) {
      if (entry.status === 'new' || entry.translation.trim() !== '') return [];
      return [
        {
          code: 'EMPTY_TRANSLATION',
          message: `is \`${entry.status}\` but has no translation`,
          hint: `write the translation under \`${entry.lng}:\` or set \`status: new\``,
        },
      ];
    },
  },
};
