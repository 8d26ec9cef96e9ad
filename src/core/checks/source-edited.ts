/** LOCALE_SOURCE_EDITED: the German of an entry was edited in the locale file. */
import { keyRulesOutText } from '../segment.js';
import type { CheckDefinition } from './types.js';

export const SOURCE_EDITED = 'LOCALE_SOURCE_EDITED';

/**
 * An entry whose German (`de:` as the file has it) its key rules out: body segment keys are made
 * from the German (see keyRulesOutText), so this German was never the release's under that key but
 * was edited in the locale file. `extract` puts the release's German back and keeps the status;
 * until then the translation cannot be checked against the German it was made for, so the runner
 * checks the entry no further (see runChecks). Front matter entries (`meta.…`) are keyed by field
 * and never reported.
 */
export const sourceEditedCheck: CheckDefinition = {
  name: 'source',
  rules: [
    {
      code: SOURCE_EDITED,
      severity: 'warning',
      summary: 'the German of the entry was edited in the locale file (its key, made from the German, rules it out)',
      help: 'run `npm run extract`, which puts the release\'s German back and keeps the translation and its status; correct German in releases/<id>.md',
    },
  ],
  check: {
    scope: 'entry',
    includeEmpty: true,
    run(entry) {
      if (!keyRulesOutText(entry.key, entry.writtenSource)) return [];
      return [
        {
          code: SOURCE_EDITED,
          at: 'source',
          message: `has a \`${entry.sourceLanguage}:\` that is not the German of releases/${entry.release}.md (it was edited in the locale file); the translation is not checked against it`,
          hint: `run \`npm run extract\`, which puts the release's German back (the translation and its status stay), then check again; correct German in releases/${entry.release}.md, not in a locale file`,
        },
      ];
    },
  },
};
