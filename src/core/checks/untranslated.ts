/** UNTRANSLATED: a translation identical to the German, where that is not expected. */
import { languageName } from '../extract-locale.js';
import { namePattern, sourceTermPattern } from '../glossary.js';
import { blankAddresses, foldSpace, stripTags } from './text-tools.js';
import type { Glossary } from '../glossary.js';
import type { CheckDefinition } from './types.js';

/**
 * What of the German `lng` has to translate: the German less glossary names, the language's
 * `same:` words, terms whose translation is the German itself, URLs, e-mail addresses and tags;
 * undefined when no letters are left (numbers, punctuation, names only), so that a translation
 * identical to the German is right. Import uses it too: a copy of such German is a translation,
 * a copy of any other is a tool's stand-in for a missing one.
 */
export function wordsToTranslate(source: string, lng: string, glossary: Glossary): string | undefined {
  let rest = blankAddresses(stripTags(source));
  for (const name of [...glossary.names, ...(glossary.same.get(lng) ?? [])]) {
    // Case-sensitive, as the pattern: a name not in the text as it is cannot match (and each
    // pattern compiled for every entry took seconds with a glossary of thousands of names).
    if (rest.includes(name)) rest = rest.replace(new RegExp(namePattern(name).source, 'gu'), ' ');
  }
  for (const term of glossary.terms) {
    const kept = term.translations.get(lng) ?? [];
    for (const form of term.source) {
      if (kept.includes(form)) rest = rest.replace(new RegExp(sourceTermPattern(form).source, 'giu'), ' ');
    }
  }
  return /\p{L}/u.test(rest) ? rest : undefined;
}

/**
 * A translation that is the German copied unchanged. Allowed when nothing in it needs translating:
 * once glossary names, the language's `same:` words, terms whose translation is the German itself,
 * URLs, e-mail addresses,
 * numbers and punctuation are taken out, no letters are left ("Allianz für die Region GmbH",
 * "GrowIn 4.0", "38122", "presse@…").
 */
export const untranslatedCheck: CheckDefinition = {
  name: 'untranslated',
  rules: [
    {
      code: 'UNTRANSLATED',
      severity: 'warning',
      summary: 'the translation is identical to the German although it has words to translate',
      help: 'translate the text; if it really stays the same, add it to locales/glossary.yaml: a name under `names:`, a word the language writes like German under `same:`',
    },
  ],
  check: {
    scope: 'entry',
    run(entry, { glossary }) {
      if (foldSpace(entry.translation) !== foldSpace(entry.source)) return [];
      const rest = wordsToTranslate(entry.source, entry.lng, glossary);
      if (rest === undefined) return [];
      return [
        {
          code: 'UNTRANSLATED',
          message: 'is identical to the German',
          hint: `translate "${foldSpace(rest).slice(0, 60)}"; if it really stays the same, add it to locales/glossary.yaml (a name under \`names:\`, a word ${languageName(entry.lng)} writes like German under \`same: ${entry.lng}:\`)`,
        },
      ];
    },
  },
};
