/** GLOSSARY_NAME and GLOSSARY_TERM: names stay as they are; terms are translated as the glossary says. */
import { foldCase, GLOSSARY_FILE, namePattern, sourceTermPattern, targetTermPattern, termFirstWord } from '../glossary.js';
import { languageName } from '../extract-locale.js';
import { textWithAtomGaps } from './text-tools.js';
import type { CheckDefinition, Finding } from './types.js';

const patterns = new Map<string, RegExp>();
function cached(kind: string, text: string, make: (text: string) => RegExp): RegExp {
  const id = `${kind}\u0000${text}`;
  let pattern = patterns.get(id);
  if (!pattern) {
    pattern = make(text);
    patterns.set(id, pattern);
  }
  return pattern;
}

const firstWords = new Map<string, string>();
function cachedWord(term: string): string {
  let word = firstWords.get(term);
  if (word === undefined) {
    word = termFirstWord(term);
    firstWords.set(term, word);
  }
  return word;
}

/** Glossary names and terms, checked against `locales/glossary.yaml`. */
export const glossaryCheck: CheckDefinition = {
  name: 'glossary',
  rules: [
    {
      code: 'GLOSSARY_NAME',
      severity: 'error',
      summary: 'a name from the glossary (kept as it is in every language) is missing or spelt differently in the translation',
      help: 'write the name exactly as the glossary has it (same letters, same capitals); names are never translated',
    },
    {
      code: 'GLOSSARY_TERM',
      severity: 'warning',
      summary: 'a glossary term of the German is not translated with the glossary\'s translation',
      help: 'use the translation the glossary gives for the language, or propose a change to locales/glossary.yaml',
    },
  ],
  check: {
    scope: 'entry',
    run(entry, { glossary }) {
      const source = textWithAtomGaps(entry.source);
      const target = textWithAtomGaps(entry.translation);
      const findings: Finding[] = [];
      for (const name of glossary.names) {
        // Names match case-sensitively, so one the German does not contain as plain text cannot
        // match: that test first (a glossary of 2,000 names took 10 s of regular expressions).
        if (!source.includes(name)) continue;
        const pattern = cached('name', name, namePattern);
        if (pattern.test(source) && !pattern.test(target)) {
          findings.push({
            code: 'GLOSSARY_NAME',
            message: `does not contain the name "${name}", which the German has`,
            hint: `write "${name}" exactly like that: glossary names stay the same in every language`,
          });
        }
      }
      let folded: string | undefined;
      for (const term of glossary.terms) {
        const wanted = term.translations.get(entry.lng);
        if (!wanted) continue;
        // A term's first word is in its pattern literally: a German without it cannot match (a
        // glossary of 2,000 terms took 10 s of regular expressions without this test).
        folded ??= foldCase(source);
        const found = term.source.find((form) => folded!.includes(cachedWord(form)) && cached('source', form, sourceTermPattern).test(source));
        if (found === undefined) continue;
        if (wanted.some((form) => cached('target', form, targetTermPattern).test(target))) continue;
        const options = wanted.map((form) => `"${form}"`).join(' or ');
        findings.push({
          code: 'GLOSSARY_TERM',
          message: `does not translate the glossary term "${found}" as ${options}`,
          hint: `the glossary (${GLOSSARY_FILE}, line ${term.line}) gives ${options} for ${languageName(entry.lng)}${term.note ? ` — ${term.note}` : ''}`,
        });
      }
      return findings;
    },
  },
};
