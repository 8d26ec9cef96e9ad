/** TAG_MISSING, TAG_EXTRA, TAG_MISNESTED: the translation must keep the German's inline tags. */
import { validateTags } from '../inline-text.js';
import type { CheckDefinition } from './types.js';

/** Tags missing, extra or mis-nested (the same validation the publish gate applies). */
export const tagsCheck: CheckDefinition = {
  name: 'tags',
  rules: [
    {
      code: 'TAG_MISSING',
      severity: 'error',
      summary: 'a tag of the German (<1>…</1> or <2/>) is missing from the translation, or is never closed',
      help: 'put the tag around (or at) the words that match the German; tags stand for links, emphasis and line breaks',
    },
    {
      code: 'TAG_EXTRA',
      severity: 'error',
      summary: 'the translation has a tag the German does not have, or has one twice',
      help: 'remove the extra tag; use each tag of the German exactly once',
    },
    {
      code: 'TAG_MISNESTED',
      severity: 'error',
      summary: 'tags overlap (<1><2></1></2>), sit in another tag than in the German, or a pair was written as self-closing',
      help: 'nest tags like <1><2>…</2></1> and keep each one inside the same tag as in the German',
    },
  ],
  check: {
    scope: 'entry',
    run(entry) {
      return validateTags(entry.source, entry.translation).map((problem) => ({
        code: problem.code,
        message: problem.message,
        hint: problem.hint,
      }));
    },
  },
};
