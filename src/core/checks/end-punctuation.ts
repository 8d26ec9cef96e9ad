/** END_PUNCTUATION: the translation ends with other punctuation than the German. */
import { stripTags } from './text-tools.js';
import type { CheckDefinition } from './types.js';

/**
 * Closing quotes, brackets and spaces that may follow the final punctuation in any language (CJK 」』）).
 * The look-behind starts a match only where a run of them starts: without it the pattern tried
 * every position of a run that does not reach the end, to its end (quadratic, a translation with
 * 100,000 spaces before its last word took `check` 5 s).
 */
const CLOSERS = /(?<![\s"'“”„«»‹›‘’)\]」』）］〕】》〉])[\s"'“”„«»‹›‘’)\]」』）］〕】》〉]+$/u;

type Ending = 'full stop' | 'question mark' | 'exclamation mark' | 'colon' | 'comma or semicolon' | 'ellipsis' | 'no punctuation';

/**
 * The sentence punctuation of other scripts, as the marks they stand for: the CJK ideographic full
 * stop and the full-width marks (。！？：，、；), the Arabic question mark, comma and semicolon
 * (؟ ، ؛), the Devanagari danda (।), the Greek question mark (U+037E, which looks like ;).
 */
const MARKS: Record<string, string> = {
  '。': '.', '．': '.', '｡': '.', '।': '.', '۔': '.',
  '？': '?', '؟': '?', '\u037E': '?',
  '！': '!',
  '：': ':',
  '，': ',', '、': ',', '､': ',', '；': ';', '،': ',', '؛': ';',
};

/**
 * The punctuation a text ends with, ignoring closing quotes and brackets ("„Ja.“" ends with a full
 * stop). Greek writes its question mark as a semicolon, which is what keyboards type for it.
 */
export function endingOf(tagged: string, lng = ''): Ending {
  const text = stripTags(tagged).replace(CLOSERS, '');
  if (/(?:…|\.\.\.|⋯)$/u.test(text)) return 'ellipsis';
  const end = text.at(-1) ?? '';
  const last = MARKS[end] ?? end;
  switch (last) {
    case '.':
      return 'full stop';
    case '?':
      return 'question mark';
    case '!':
      return 'exclamation mark';
    case ':':
      return 'colon';
    case ';':
      return lng === 'el' || lng.startsWith('el-') ? 'question mark' : 'comma or semicolon';
    case ',':
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
      const source = endingOf(entry.source, entry.sourceLanguage);
      const target = endingOf(entry.translation, entry.lng);
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
