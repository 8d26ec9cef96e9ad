/** REMOVED_CHARACTER: characters no published file may hold, which every page and feed leave out. */
import { removedCharacters } from '../output-text.js';
import type { CheckDefinition } from './types.js';

/**
 * A control character, a noncharacter or half of a surrogate pair in a translation — pasted from
 * a PDF or a CAT tool, or written as a `\u0000`-style escape in a double-quoted value — is left out
 * of every page and feed (output-text.ts), so the published text differs from the translation
 * without a sign. The German keeps its own: only what the German does not have is reported.
 */
export const removedCharactersCheck: CheckDefinition = {
  name: 'removed-characters',
  rules: [
    {
      code: 'REMOVED_CHARACTER',
      severity: 'warning',
      summary: 'the translation has a control character, a noncharacter or half a surrogate pair, which every page and feed leave out',
      help: 'delete the character (or write the one meant); in a double-quoted YAML value, check its \\u escapes',
    },
  ],
  check: {
    scope: 'entry',
    run(entry) {
      const found = removedCharacters(entry.translation);
      if (found.length === 0) return [];
      const german = new Set(removedCharacters(entry.source));
      const extra = [...new Set(found)].filter((character) => !german.has(character));
      if (extra.length === 0) return [];
      const names = extra.map((character) => `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
      return [
        {
          code: 'REMOVED_CHARACTER',
          message: `has ${names.join(', ')}, which no published file may hold: ${extra.length === 1 ? 'it is' : 'they are'} left out of every page and feed`,
          hint: 'delete it, or write the character meant (a \\u escape in a double-quoted value is the usual source)',
        },
      ];
    },
  },
};
