/**
 * The glossary (`locales/glossary.yaml`): names that stay exactly as they are in every language
 * (GrowIn 4.0, Interreg, Ostfalia, …), terms with their required translation per language, and per
 * language the words written exactly like German (`same:`, e.g. Danish "Pressekontakt").
 * `check` reports a changed name (GLOSSARY_NAME) and a term not translated as listed
 * (GLOSSARY_TERM); UNTRANSLATED allows a translation identical to the German when all its words
 * are names or `same:` words of the language.
 */
import * as z from 'zod';
import { diagnostic, type Diagnostic } from './diagnostic.js';
import { documentData, dottedPath, parsePositioned, positionOf, positionOfOffset, textsYamlTakes, YAML_DEPTH_MESSAGE, yamlNestingTooDeep, yamlSyntaxDiagnostics } from './yaml-position.js';
import { utf16Problem } from './replacement-character.js';

/** Project-relative path of the glossary. */
export const GLOSSARY_FILE = 'locales/glossary.yaml';

/** A term: its German forms and its accepted translations per language. */
export interface GlossaryTerm {
  /** German forms as written in the glossary (the first is shown in messages). */
  source: string[];
  /** Language → accepted translations. */
  translations: Map<string, string[]>;
  note?: string;
  /** 1-based line of the term in the glossary, for messages. */
  line: number;
}

/** The parsed glossary. An empty glossary is valid (no file = no terms, no names). */
export interface Glossary {
  names: string[];
  terms: GlossaryTerm[];
  /** Language → words it writes exactly like German ("Pressekontakt" in Danish), for UNTRANSLATED. */
  same: Map<string, string[]>;
}

/** A glossary with nothing in it, for projects without `locales/glossary.yaml`. */
export const EMPTY_GLOSSARY: Glossary = { names: [], terms: [], same: new Map() };

/**
 * A name, term or word: a few words. Over 1,000 characters, its pattern could be too large for
 * the regular expression engine ("Regular expression too large": an internal error in check).
 */
const entry = z.string().min(1).max(1000, 'is longer than 1,000 characters: a glossary entry is a name or a term of a few words');
const textOrList = z.union([entry, z.array(entry).min(1)]);
const glossarySchema = z
  .object({
    names: z.array(entry).default([]),
    same: z.record(z.string(), z.array(entry)).default({}),
    terms: z.array(z.object({ note: z.string().optional() }).catchall(textOrList)).default([]),
  })
  .strict();

/**
 * Parses and validates the glossary text. Every term needs the source language (`de:`) and at
 * least one target language; problems come back as diagnostics with line and column.
 */
export function parseGlossary(text: string, file: string, sourceLanguage: string): { glossary?: Glossary; diagnostics: Diagnostic[] } {
  const utf16 = utf16Problem(text, 'GLOSSARY_INVALID', file);
  if (utf16) return { diagnostics: [utf16] };
  const deep = yamlNestingTooDeep(text);
  if (deep) return { diagnostics: [diagnostic('GLOSSARY_INVALID', 'error', file, YAML_DEPTH_MESSAGE, { ...deep, hint: 'remove the extra levels; a term is a list entry of `de:` and one line per language' })] };
  const positioned = parsePositioned(text);
  const diagnostics: Diagnostic[] = [];
  diagnostics.push(
    ...yamlSyntaxDiagnostics(positioned, (message, place) =>
      diagnostic('GLOSSARY_INVALID', 'error', file, message, {
        ...place,
        hint: 'fix the YAML at that place; see "Glossary" in the translators\' guide for the format',
      }),
    ),
  );
  if (diagnostics.length > 0) return { diagnostics };
  const read = documentData(positioned);
  if ('problem' in read) {
    const place = read.offset === undefined ? { line: 1, column: 1 } : positionOfOffset(positioned, read.offset);
    return { diagnostics: [diagnostic('GLOSSARY_INVALID', 'error', file, read.problem, { ...place, hint: read.hint ?? 'write the entries out instead of repeating them with & and * aliases' })] };
  }
  diagnostics.push(...textsYamlTakes(positioned, file, { tag: 'GLOSSARY_INVALID', comment: 'GLOSSARY_TEXT_COMMENT' }));
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  const result = glossarySchema.safeParse(read.data ?? {});
  if (!result.success) {
    for (const issue of result.error.issues) {
      const path = issue.path.filter((part): part is string | number => typeof part !== 'symbol');
      diagnostics.push(
        diagnostic('GLOSSARY_INVALID', 'error', file, `\`${dottedPath(path)}\` ${issue.message}`, {
          ...positionOf(positioned, path),
          hint:
            issue.code === 'too_big'
              ? 'shorten it to the name or term itself; an explanation of a term goes under `note:`'
              : 'write `names:` as a list of strings and each term as `de: …` plus one line per language',
        }),
      );
    }
    return { diagnostics };
  }
  const terms: GlossaryTerm[] = [];
  result.data.terms.forEach((raw, index) => {
    const place = positionOf(positioned, ['terms', index]);
    const translations = new Map<string, string[]>();
    let source: string[] | undefined;
    for (const [lng, value] of Object.entries(raw)) {
      if (lng === 'note') continue;
      const forms = (typeof value === 'string' ? [value] : (value as string[])).map(nfc);
      if (lng === sourceLanguage) source = forms;
      else translations.set(lng, forms);
    }
    if (!source) {
      diagnostics.push(
        diagnostic('GLOSSARY_INVALID', 'error', file, `term ${index + 1} has no \`${sourceLanguage}:\` line`, {
          ...place,
          hint: `add the ${sourceLanguage} term, e.g. \`${sourceLanguage}: Europäische Fonds für regionale Entwicklung\``,
        }),
      );
      return;
    }
    if (translations.size === 0) {
      diagnostics.push(
        diagnostic('GLOSSARY_INVALID', 'error', file, `term "${source[0]}" has no translation`, {
          ...place,
          hint: 'add one line per language, e.g. `en: European Regional Development Fund`; a name that stays as it is belongs under `names:`',
        }),
      );
      return;
    }
    const term: GlossaryTerm = { source, translations, line: place.line };
    if (raw.note !== undefined) term.note = raw.note;
    terms.push(term);
  });
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  const same = new Map(Object.entries(result.data.same).map(([lng, words]) => [lng, words.map(nfc)]));
  return { glossary: { names: result.data.names.map(nfc), terms, same }, diagnostics };
}

/**
 * Glossary entries in Unicode normalization form C, as the checks see translations: a name typed
 * decomposed (u + U+0308 for ü) matches the same name typed composed.
 */
function nfc(text: string): string {
  return text.normalize('NFC');
}

const LETTER = '[\\p{L}\\p{N}]';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Words of a term joined by any run of spaces or hyphens: "Best-Practice" = "best practice". */
function termBody(term: string, inflection: string): string {
  return term
    .trim()
    .split(/[\s\u00A0\u202F\-‐‑]+/)
    .map((word) => escapeRegExp(word) + inflection)
    .join('[\\s\\u00A0\\u202F\\-‐‑]+');
}

/**
 * Characters whose lowercase is not the one their case-insensitive class (Unicode simple case
 * folding, what a regular expression with the `iu` flags compares) lowercases to.
 */
const FOLD_EXCEPTIONS: Record<string, string> = {
  '\u00B5': 'μ', '\u017F': 's', '\u0345': 'ι', '\u03C2': 'σ', '\u03D0': 'β', '\u03D1': 'θ', '\u03D5': 'φ',
  '\u03D6': 'π', '\u03F0': 'κ', '\u03F1': 'ρ', '\u03F5': 'ε', '\u1C80': 'в', '\u1C81': 'д', '\u1C82': 'о',
  '\u1C83': 'с', '\u1C84': 'т', '\u1C85': 'т', '\u1C86': 'ъ', '\u1C87': 'ѣ', '\u1C88': 'ꙋ', '\u1E9B': 'ṡ', '\u1FBE': 'ι',
};

/**
 * `text` with every character mapped to one member of its case-insensitive class, character by
 * character, so that a text an `iu` pattern of literal words matches contains the words folded
 * alike: a quick test before the pattern, whose Unicode look-arounds cost a thousand times more.
 */
export function foldCase(text: string): string {
  let folded = '';
  for (const char of text) folded += FOLD_EXCEPTIONS[char] ?? char.toLowerCase();
  return folded;
}

/** The first word of a term as `sourceTermPattern` matches it literally, case folded. */
export function termFirstWord(term: string): string {
  return foldCase(term.trim().split(/[\s\u00A0\u202F\-‐‑]+/)[0] ?? '');
}

/**
 * A matcher for a German term: case-insensitive, starting at a word boundary, each word allowing
 * a short inflection ending (up to three letters: Fonds → Fonds, Europäische → Europäischen), and
 * ending at a word boundary, so "KMU" does not match inside another word.
 */
export function sourceTermPattern(term: string): RegExp {
  return new RegExp(`(?<!${LETTER})${termBody(term, '\\p{L}{0,3}')}(?!\\p{L})`, 'iu');
}

/**
 * A matcher for a required translation: case-insensitive, starting at a word boundary; the end
 * may run on into a compound or an inflection (Nordsøprogram → Nordsøprogrammet,
 * best-practice → best-practiceprojecten).
 */
export function targetTermPattern(term: string): RegExp {
  return new RegExp(`(?<!${LETTER})${termBody(term, '')}`, 'iu');
}

/**
 * A matcher for a name: case-sensitive and exact, at word boundaries (a hyphen may follow:
 * "Interreg-Projekt").
 */
export function namePattern(name: string): RegExp {
  return new RegExp(`(?<!${LETTER})${escapeRegExp(name)}(?!${LETTER})`, 'u');
}
