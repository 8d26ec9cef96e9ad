/** END_PUNCTUATION: the translation ends with other punctuation than the German. */
import { stripTags } from './text-tools.js';
import type { CheckDefinition } from './types.js';

/** Closing quotes, brackets and spaces that may follow the final punctuation in any language. */
const CLOSERS = /[\s"'“”„«»‹›‘’)\]]+$/u;

type Ending = 'full stop' | 'question mark' | 'exclamation mark' | 'colon' | 'comma or semicolon' | 'ellipsis' | 'no punctuation';

/** The punctuation a text ends with, ignoring closing quotes and brackets ("„Ja.“" ends with a full stop). */
export function endingOf(tagged: string): Ending {
  const text = stripTags(tagged).replace(CLOSERS, '');
  if (/(?:…|\.\.\.)$/u.test(text)) return 'ellipsis';
  const last = text.at(-1) ?? '';
  switch (last) {
    case '.':
      return 'full stop';
    case '?':
      return 'question mark';
    case '!':
      return 'exclamation mark';
    case ':':
      return 'colon';
    case ',':
    case ';':
      return 'comma or semicolon';
    default:
      return 'no punctuation';
  }
}

/** Endings a headline may switch between. */
const HEADLINE_FREE = new Set<Ending>(['no punctuation', 'question mark', 'exclamation mark']);

/** Headings, titles and table headers: `h-…`, `th-…`, `meta.title`. */
function isHeadline(key: string): boolean {
  return key.startsWith('h-') || key.startsWith('th-') || key === 'meta.title';
}

/** A sentence that ends differently: a lost full stop, a question turned into a statement, a list item's comma. */
export const endPunctuationCheck: CheckDefinition = {
  name: 'end-punctuation',
  rules: [
    {
      code: 'END_PUNCTUATION',
      severity: 'warning',
      summary: 'the translation ends with other punctuation than the German (full stop, question or exclamation mark, colon, comma, ellipsis, none); headings and titles may turn into a question or exclamation',
      help: 'end the translation like the German, unless the language\'s rules differ',
    },
  ],
  check: {
    scope: 'entry',
    run(entry) {
      const source = endingOf(entry.source);
      const target = endingOf(entry.translation);
      if (source === target) return [];
      // A headline may be turned into a question or exclamation ("Wo der Mittelstand steht" →
      // "Où en sont les PME ?"): headings and titles only need to agree on sentence punctuation.
      if (isHeadline(entry.key) && [source, target].every((ending) => HEADLINE_FREE.has(ending))) return [];
      return [
        {
          code: 'END_PUNCTUATION',
          message: `ends with ${target === 'no punctuation' ? 'no punctuation' : withArticle(target)}, the German with ${source === 'no punctuation' ? 'none' : withArticle(source)}`,
          hint: source === 'no punctuation' ? 'remove the final punctuation, as in the German' : `end with ${withArticle(source)}, as the German does`,
        },
      ];
    },
  },
};

function withArticle(ending: Ending): string {
  return `${/^[aeiou]/.test(ending) ? 'an' : 'a'} ${ending}`;
}
