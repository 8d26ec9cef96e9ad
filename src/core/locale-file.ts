import { isAlias, isMap, isScalar, LineCounter, Pair, parseDocument, Scalar, visit, type Alias, type Document, type ScalarTag, type Tags } from 'yaml';
import { diagnostic, type Diagnostic } from './diagnostic.js';

import { entryFields, FIELD, previousTranslationField, STATUSES, type Status } from './locale-fields.js';
import { ENCODING_HINT, replacementCharacterAt, utf16Problem } from './replacement-character.js';
import { closestName } from './spelling.js';
import { addDuplicateKeyErrors, ESCAPE_IN_YAML, normalizeLineBreaks, NOT_TEXT_WHEN_PLAIN, quotedAsTyped, tagStart, textCutByComment, textWithOwnTag, YAML_DEPTH_MESSAGE, yamlDoubleQuoted, yamlErrorOffset, yamlErrorText, yamlNestingTooDeep } from './yaml-position.js';

export { ESCAPE_IN_YAML, FIELD, STATUSES, yamlDoubleQuoted, type Status };

/** The keys at the top of a locale file, in the order extract writes them; any other is LOCALE_UNKNOWN_KEY. */
export const LOCALE_TOP_LEVEL_KEYS = ['release', 'language', 'segments', 'obsolete'] as const;

/** A translation-memory suggestion attached to an entry (never published). */
export interface Suggestion {
  text: string;
  /** Similarity 0–100. */
  score: number;
  /** Where it comes from: `<release-id>#<key>`. */
  origin: string;
}

/** One entry of a locale file, as plain data. */
export interface LocaleEntry {
  key: string;
  /** The German the entry was extracted from. */
  source: string;
  /** The translation; empty when there is none yet. */
  translation: string;
  status: Status;
  /** While stale: the German the translation was made for. */
  previous?: string;
  /** While stale: the status the translation had before the German changed. */
  previousStatus?: Status;
  /**
   * While stale, and after re-translation until reviewed again: the translation of the previous
   * German, which goes on being published meanwhile (`previous-<lng>`).
   */
  previousTranslation?: string;
  suggestion?: Suggestion;
  /** 1-based line of the entry's key in the file. */
  line: number;
}

/** A locale file (`locales/<lng>/<release-id>.yaml`) as plain data. */
export interface LocaleFile {
  release: string;
  language: string;
  entries: Map<string, LocaleEntry>;
  obsolete: Map<string, LocaleEntry>;
}


/**
 * Texts a block scalar (`|`, `>`) would not give back exactly: a final line break, which the
 * reader drops from block scalars (see `translationText`: an editor's `en: >` block ends in one
 * the translator never meant), and white space alone, which the library writes as an empty-looking
 * block line.
 */
const LOST_IN_BLOCK = /[\n\r]$|^[ \t\n\r]+$/;

const isBlock = (node: Scalar): boolean => node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED;

/**
 * Sets the text of a locale file's field, keeping its node (comments, and the style the translator
 * chose) unless that style would not give the text back: the library keeps the style a node was
 * read in, so an imported "About\n" went into an existing `|` block, read back as "About", and
 * every later import of the same file reported it as updated.
 */
export function setFieldText(pair: Pair, value: string): void {
  if (isScalar(pair.value)) pair.value.value = value;
  else pair.value = new Scalar(value);
  const node = pair.value as Scalar;
  if (isBlock(node) && LOST_IN_BLOCK.test(value)) node.type = Scalar.QUOTE_DOUBLE;
}


/**
 * The failsafe schema's tags with a string writer that puts a text in double quotes with escapes
 * (the escapes JSON shares with YAML, which the fast reader reads too) when the library would
 * write it so that other readers, or ours, read something else:
 * - it holds characters of `ESCAPE_IN_YAML`;
 * - it is plain and holds a line break (the library writes a multi-line plain scalar, which is
 *   invalid YAML when the text starts with `:` or `-`, and easily damaged by hand);
 * - in a locale file (failsafe schema), it is plain and other YAML readers would take it for
 *   something else (`NOT_TEXT_WHEN_PLAIN`: `Yes`, `null`, `1.000`), as CAT tools and scripts that
 *   read locale files do. (A page's front matter keeps its German values as they were: its
 *   `date` is a date to the site generators that read it; merge quotes the translations.)
 * A block scalar read from the file keeps its style: its text as the reader gives it back drops
 * the final line break (see `translationText`). Every other text is written as the library
 * writes it, so files keep their bytes. Locale files are read and created with these tags, so
 * extract, import and pretranslate write valid YAML whatever text reaches them.
 */
export const LOCALE_YAML_TAGS = (tags: Tags): Tags =>
  tags.map((tag) => {
    if (typeof tag === 'string' || tag.tag !== 'tag:yaml.org,2002:str' || !('stringify' in tag) || !tag.stringify) return tag;
    const write = tag.stringify;
    const safe: ScalarTag = {
      ...(tag as ScalarTag),
      stringify(item, ctx, onComment, onChompKeep) {
        const value = String(item.value);
        if (ESCAPE_IN_YAML.test(value)) return yamlDoubleQuoted(isBlock(item) ? value.replace(/(?<![\n\r])[\n\r]+$/, '') : value);
        if (!isBlock(item) && item.type !== Scalar.QUOTE_DOUBLE && item.type !== Scalar.QUOTE_SINGLE && (/[\n\r]/.test(value) || (ctx.doc.schema.name === 'failsafe' && NOT_TEXT_WHEN_PLAIN.test(value)))) return yamlDoubleQuoted(value);
        return write(item, ctx, onComment, onChompKeep);
      },
    };
    return safe;
  });

/**
 * Parses and validates a locale file. Every value is read as text (YAML's failsafe schema), so a
 * translation such as `15` or `yes` stays exactly what the translator typed. Problems come back
 * as diagnostics with file, line and column; `locale` is undefined when there are errors.
 */
export function readLocaleFile(
  text: string,
  file: string,
  expected: { release: string; language: string; sourceLanguage: string },
): { locale?: LocaleFile; document?: Document.Parsed; diagnostics: Diagnostic[] } {
  const utf16 = utf16Problem(text, 'LOCALE_ENCODING', file);
  if (utf16) return { diagnostics: [utf16] };
  const damaged = replacementCharacterAt(text);
  if (damaged) {
    const message = 'is not UTF-8 text: it has a byte that is not UTF-8, or the replacement character �, here';
    return { diagnostics: [diagnostic('LOCALE_ENCODING', 'error', file, message, { ...damaged, hint: ENCODING_HINT })] };
  }
  text = normalizeLineBreaks(text);
  const deep = yamlNestingTooDeep(text);
  if (deep) {
    const hint = 'remove the extra levels; every field of an entry is one line `<field>: text`, two spaces deeper than its key';
    return { diagnostics: [diagnostic('LOCALE_INVALID', 'error', file, YAML_DEPTH_MESSAGE, { ...deep, hint })] };
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, schema: 'failsafe', customTags: LOCALE_YAML_TAGS, uniqueKeys: false, prettyErrors: false });
  addDuplicateKeyErrors(document); // linear; yaml's own check is quadratic
  const diagnostics: Diagnostic[] = [];
  const at = (node: unknown): { line: number; column: number } => {
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (!range) return { line: 1, column: 1 };
    const place = lineCounter.linePos(range[0]);
    return { line: place.line, column: place.col };
  };
  // The first syntax error only: after it the parser's reading of the lines below is unreliable
  // (one tab gave nine errors down the file), and fixing it is the next step anyway.
  for (const error of document.errors.slice(0, 1)) {
    // `linePos` is only filled in with prettyErrors; the offset is always there.
    const offset = yamlErrorOffset(error, text);
    const place = offset === error.pos[0] && error.linePos ? error.linePos[0] : lineCounter.linePos(offset);
    diagnostics.push(
      diagnostic('LOCALE_YAML', 'error', file, `is not valid YAML: ${yamlErrorText(error)}`, {
        line: place?.line ?? 1,
        column: place?.col ?? 1,
        hint: error.message.startsWith('Missing closing') ? UNCLOSED_QUOTE_HINT : yamlHint(error.code, text, offset),
      }),
    );
  }
  if (diagnostics.length > 0) return { diagnostics };
  const root = document.contents;
  if (!isMap(root)) {
    diagnostics.push(
      diagnostic('LOCALE_INVALID', 'error', file, 'must be a map with `release`, `language` and `segments`', {
        line: 1,
        hint: 'restore the file from version control or delete it and run `npm run extract` (translations in it would be lost)',
      }),
    );
    return { diagnostics };
  }
  // A YAML alias (`en: *name`) stands for the node its anchor (`&name`) marks: read that node.
  const deref = (node: unknown): unknown => (isAlias(node) ? node.resolve(document) : node);
  // The anchors some alias of the document refers to (collected once, when a field has an anchor).
  let sources: Set<string> | undefined;
  const aliasSources = (): Set<string> => {
    if (!sources) {
      const found = new Set<string>();
      visit(document, { Alias: (_, node) => void found.add(node.source) });
      sources = found;
    }
    return sources;
  };
  const release = scalarText(root.get('release', true));
  const language = scalarText(root.get('language', true));
  if (release !== expected.release) {
    diagnostics.push(
      diagnostic('LOCALE_INVALID', 'error', file, `says \`release: ${release ?? '(missing)'}\` but belongs to release ${expected.release}`, {
        ...at(root.get('release', true) ?? root),
        hint: `set \`release: ${expected.release}\` (the file name decides which release a locale file belongs to)`,
      }),
    );
  }
  if (language !== expected.language) {
    diagnostics.push(
      diagnostic('LOCALE_INVALID', 'error', file, `says \`language: ${language ?? '(missing)'}\` but is in locales/${expected.language}/`, {
        ...at(root.get('language', true) ?? root),
        hint: `set \`language: ${expected.language}\` or move the file to the folder of its language`,
      }),
    );
  }
  // A key of its own (`notes:`) or a misspelt one (`segmnets:`, which leaves the translations under
  // it unread): kept by extract, import and pretranslate, which edit only the sections, but used by
  // nothing, so the translator is told. A warning: the file still reads, and the build goes on.
  for (const pair of root.items) {
    const name = isScalar(pair.key) ? scalarText(pair.key) : undefined;
    if (name !== undefined && (LOCALE_TOP_LEVEL_KEYS as readonly string[]).includes(name)) continue;
    const meant = name === undefined ? undefined : closestName(name, LOCALE_TOP_LEVEL_KEYS);
    diagnostics.push(
      diagnostic('LOCALE_UNKNOWN_KEY', 'warning', file, `${name === undefined ? 'has a key that is not text' : `\`${name}\` is not a key of a locale file`}: nothing reads what it holds (extract keeps it as it is)`, {
        ...at(pair.key ?? pair.value),
        hint: `${meant ? `did you mean \`${meant}\`? ` : ''}the keys are ${LOCALE_TOP_LEVEL_KEYS.map((key) => `\`${key}\``).join(', ')}; write a note for other translators as a comment line (\`# …\`), which extract keeps too`,
      }),
    );
  }
  const entries = readEntries(deref(root.get('segments', true)), 'segments');
  const obsolete = readEntries(deref(root.get('obsolete', true)), 'obsolete');
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  return { locale: { release: expected.release, language: expected.language, entries, obsolete }, document, diagnostics };

  function readEntries(node: unknown, section: string): Map<string, LocaleEntry> {
    const result = new Map<string, LocaleEntry>();
    if (node === undefined || node === null || (isScalar(node) && (node.value === null || node.value === ''))) return result;
    if (!isMap(node)) {
      diagnostics.push(
        diagnostic('LOCALE_INVALID', 'error', file, `\`${section}\` must be a map of segment keys`, {
          ...at(node),
          hint: `write \`${section}:\` followed by indented entries, or \`${section}: {}\` when there are none`,
        }),
      );
      return result;
    }
    for (const pair of node.items) {
      const key = scalarText(pair.key);
      if (!key) {
        // Skipped, extract dropped the entry from the file, translation and all.
        diagnostics.push(
          diagnostic('LOCALE_INVALID', 'error', file, `an entry of \`${section}\` has ${pair.key === null || isScalar(pair.key) ? 'an empty key' : 'a key that is not text'}`, {
            ...at(pair.key ?? pair.value),
            hint: 'put the segment key back (as extract wrote it, e.g. `p-1a2b3c4d:`; `git diff` shows it), indented two spaces',
          }),
        );
        continue;
      }
      const place = at(pair.key);
      const value = deref(pair.value);
      if (!isMap(value)) {
        diagnostics.push(
          diagnostic('LOCALE_INVALID', 'error', file, `entry \`${key}\` must contain \`${expected.sourceLanguage}:\`, \`${expected.language}:\` and \`status:\` lines`, {
            ...place,
            key,
            hint: 'indent the lines of the entry under its key',
          }),
        );
        continue;
      }
      // A field holding a list or map where text belongs: `en: [Update]` is YAML for a list of one
      // word. Read as no text, it was "has no translation" (or, for `status: [reviewed]`, silently
      // `new`) although the translator's words are on the line.
      const fields = [expected.sourceLanguage, expected.language, FIELD.status, FIELD.previous, FIELD.previousStatus, previousTranslationField(expected.language)];
      // `en: *Wichtig*` is YAML for an alias of the value marked &Wichtig*: with no such mark it
      // stands for nothing, and was read as no text ("is reviewed but has no translation — write
      // the translation under en:") though the translator's words are on the line.
      const dangling = fields.filter((name) => {
        const node = value.get(name, true);
        return isAlias(node) && node.resolve(document) === undefined;
      });
      for (const name of dangling) {
        const node = value.get(name, true) as unknown as Alias;
        diagnostics.push(
          diagnostic('LOCALE_INVALID', 'error', file, `entry \`${key}\` has the YAML alias *${node.source} under \`${name}:\`, but no value before it is marked &${node.source}`, {
            ...at(node),
            key,
            hint: `YAML reads a value that starts with * as an alias: put the text in double quotes, e.g. \`${name}: "*${node.source}"\``,
          }),
        );
      }
      if (dangling.length > 0) continue;
      // `en: &News from the region` is YAML for the text "from the region" marked &News: the word
      // is gone from the translation without a sign. An anchor no alias uses is such a mistake.
      const marked = fields.filter((name) => {
        const node = value.get(name, true);
        return isScalar(node) && typeof node.anchor === 'string' && !aliasSources().has(node.anchor);
      });
      for (const name of marked) {
        const node = value.get(name, true) as unknown as Scalar;
        diagnostics.push(
          diagnostic('LOCALE_INVALID', 'error', file, `entry \`${key}\` has the YAML anchor &${node.anchor} under \`${name}:\`, which no alias uses: YAML reads it as a mark, not as text, so the value is only \`${scalarText(node) ?? ''}\``, {
            ...at(node),
            key,
            hint: `YAML reads a value that starts with & as an anchor: put the text in double quotes, e.g. \`${name}: "&${node.anchor} ${scalarText(node) ?? ''}"\``,
          }),
        );
      }
      if (marked.length > 0) continue;
      // `en: !Neu Workshops` is YAML for the text "Workshops" of type !Neu (textWithOwnTag).
      const tagged = fields.filter((name) => textWithOwnTag(value.get(name, true)));
      for (const name of tagged) {
        const node = value.get(name, true) as unknown as Scalar & { tag: string; range: [number, number, number] };
        const start = tagStart(text, node);
        diagnostics.push(
          diagnostic('LOCALE_INVALID', 'error', file, `entry \`${key}\` has the YAML tag ${node.tag} under \`${name}:\`: YAML reads it as a type, not as text, so the value is only \`${scalarText(node) ?? ''}\``, {
            ...at({ range: [start] }),
            key,
            hint: `YAML reads a value that starts with ! as a tag: put the text in double quotes, e.g. \`${name}: ${quotedAsTyped(text, start, node.range[1])}\``,
          }),
        );
      }
      if (tagged.length > 0) continue;
      const notText = fields.filter((name) => {
        const node = deref(value.get(name, true));
        return node !== undefined && node !== null && !isScalar(node);
      });
      for (const name of notText) {
        const node = deref(value.get(name, true));
        diagnostics.push(
          diagnostic('LOCALE_INVALID', 'error', file, `entry \`${key}\` has a ${isMap(node) ? 'map' : 'list'} under \`${name}:\`, where a text belongs`, {
            ...at(value.get(name, true)),
            key,
            hint:
              name === FIELD.status || name === FIELD.previousStatus
                ? `write one status without brackets: one of ${STATUSES.join(', ')}`
                : `YAML reads a value that starts with [ or { as a list or map: put the text in double quotes, e.g. \`${name}: "[…] …"\``,
          }),
        );
      }
      if (notText.length > 0) continue;
      // A field Presslate does not write (`eng:` for `en:`, `Status:`, a `da:` copied from the
      // Danish file): kept by extract, but read by nothing — the translation under a misspelt
      // language is not published — so the translator is told, with the field probably meant.
      const known = entryFields(expected);
      for (const field of value.items) {
        const name = isScalar(field.key) ? scalarText(field.key) : undefined;
        if (name !== undefined && known.includes(name)) continue;
        // Another language's code (a line copied from its file) is not a misspelling of `de` or `en`.
        const otherLanguage = name !== undefined && /^[a-z]{2}(?:-[A-Za-z0-9]{2,8})*$/.test(name);
        const meant = name === undefined || otherLanguage ? undefined : closestName(name, known);
        const instead = otherLanguage ? `this file holds the \`${expected.language}\` translation: write it under \`${expected.language}:\`; ` : meant ? `did you mean \`${meant}:\`? ` : '';
        diagnostics.push(
          diagnostic('LOCALE_UNKNOWN_FIELD', 'warning', file, `entry \`${key}\` has ${name === undefined ? 'a field name that is not text' : `\`${name}:\`, which is not a field of an entry`}: nothing reads what it holds`, {
            ...at(field.key ?? field.value),
            key,
            hint: `${instead}an entry has \`${expected.sourceLanguage}:\` (the German), \`${expected.language}:\` (the translation) and \`status:\`, and extract may add ${[FIELD.previous, FIELD.previousStatus, previousTranslationField(expected.language), FIELD.suggestion].map((name) => `\`${name}:\``).join(', ')}`,
          }),
        );
      }
      // `en: Follow us at #GrowIn40` is YAML for "Follow us at" and a comment (textCutByComment).
      const translationNode = value.get(expected.language, true);
      if (textCutByComment(translationNode)) {
        diagnostics.push(
          diagnostic('LOCALE_TEXT_COMMENT', 'warning', file, `entry \`${key}\`: the translation ends before \` #\`: YAML reads \`#${translationNode.comment}\` as a comment, which is not published`, {
            ...at(translationNode),
            key,
            hint: `if the # belongs to the translation, put the whole translation in double quotes: \`${expected.language}: ${quotedAsTyped(text, translationNode.range[0], translationNode.range[2])}\``,
          }),
        );
      }
      const source = scalarText(deref(value.get(expected.sourceLanguage, true)));
      const translation = translationText(deref(value.get(expected.language, true))) ?? '';
      const statusText = scalarText(deref(value.get(FIELD.status, true))) ?? 'new';
      if (source === undefined) {
        diagnostics.push(
          diagnostic('LOCALE_INVALID', 'error', file, `entry \`${key}\` has no \`${expected.sourceLanguage}:\` line`, {
            ...place,
            key,
            hint: `restore the \`${expected.sourceLanguage}:\` line (run \`npm run extract\` after undoing the edit)`,
          }),
        );
        continue;
      }
      if (!(STATUSES as readonly string[]).includes(statusText)) {
        diagnostics.push(
          diagnostic('LOCALE_STATUS', 'error', file, `entry \`${key}\` has \`status: ${statusText}\`, which is not a status`, {
            ...at(value.get(FIELD.status, true)),
            key,
            hint: `use one of: ${STATUSES.join(', ')}`,
          }),
        );
        continue;
      }
      const entry: LocaleEntry = { key, source, translation, status: statusText as Status, line: place.line };
      const previous = scalarText(deref(value.get(FIELD.previous, true)));
      if (previous !== undefined) entry.previous = previous;
      const previousStatus = scalarText(deref(value.get(FIELD.previousStatus, true)));
      if (previousStatus && (STATUSES as readonly string[]).includes(previousStatus)) entry.previousStatus = previousStatus as Status;
      const previousTranslation = translationText(deref(value.get(previousTranslationField(expected.language), true)));
      if (previousTranslation !== undefined && previousTranslation !== '') entry.previousTranslation = previousTranslation;
      const suggestion = deref(value.get(FIELD.suggestion, true));
      if (isMap(suggestion)) {
        const text = scalarText(deref(suggestion.get('text', true)));
        if (text !== undefined) {
          entry.suggestion = {
            text,
            score: Number(scalarText(deref(suggestion.get('score', true))) ?? 0),
            origin: scalarText(deref(suggestion.get('origin', true))) ?? '',
          };
        }
      }
      result.set(key, entry);
    }
    return result;
  }
}

/**
 * Line feeds that end a text. The look-behind tries the pattern only where a run of them starts:
 * from every line feed of a run of blank lines inside a block scalar it ran to the run's end
 * (quadratic: 100,000 blank lines in one translation took every command that reads the file 4 s).
 */
const TRAILING_LINE_FEEDS = /(?<!\n)\n+$/;

/**
 * A translation as its scalar holds it, but for the line break a block scalar (`en: >` or `en: |`,
 * which translators use for long texts) keeps at its end: it would end up in the page.
 */
function translationText(node: unknown): string | undefined {
  const text = scalarText(node);
  return text !== undefined && isScalar(node) && (node.type === Scalar.BLOCK_FOLDED || node.type === Scalar.BLOCK_LITERAL) ? text.replace(TRAILING_LINE_FEEDS, '') : text;
}

/** What to do about a YAML error of a locale file, by its kind and the line it is on. */
const UNCLOSED_QUOTE_HINT = 'the value that starts with this quote has no closing quote: add it at the end of the value (inside "…", a " is written \\")';

function yamlHint(code: string, text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const line = text.slice(lineStart, text.indexOf('\n', lineStart) < 0 ? undefined : text.indexOf('\n', lineStart));
  if (line.startsWith('\t') || /^ *\t/.test(line)) return 'indent with spaces, not tabs (two per level, as the rest of the file)';
  if (code === 'MULTIPLE_DOCS') return 'a locale file is one document: `release`, `language`, `segments` and `obsolete`, each once';
  if (code === 'DUPLICATE_KEY') {
    const key = /^\s*([^:\s]+):/.exec(line)?.[1] ?? '';
    if (/^(?:[a-z]+-[0-9a-f]{8}|meta\.[\w.-]+)$/.test(key)) return `the segment \`${key}\` appears twice; keep one entry`;
    return `\`${key}\` appears twice in one entry (or a line is indented like the one above it): keep one, and indent each field under its segment key`;
  }
  const quoted = quotedTextHint(code, line);
  if (quoted) return quoted;
  if (code === 'BAD_INDENT' || code === 'MISSING_CHAR' || code === 'UNEXPECTED_TOKEN') {
    return 'check the indentation of this line and the one above it (fields two spaces deeper than their segment key); a value that contains ": " or starts with a quote, <, *, & or # needs quotes around it';
  }
  return 'fix the YAML at that place; a value that contains ": " or starts with a quote, <, *, & or # needs quotes around it';
}

/**
 * The line to write when a text field's value is not valid YAML as typed: `en: "GrowIn" is funded`
 * (a quote at the start ends the value at its closing quote), `en: @GrowIn …` or `% of …`
 * (characters YAML reserves), `en: Note: …` (": " makes a map). Each is ordinary text for a
 * translator, and "check the indentation" sent them looking in the wrong place; the fix is the
 * whole text in double quotes, written out for them.
 */
function quotedTextHint(code: string, line: string): string | undefined {
  if (code !== 'UNEXPECTED_TOKEN' && code !== 'BAD_SCALAR_START' && code !== 'BLOCK_AS_IMPLICIT_KEY') return undefined;
  const match = /^ {2,}([a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*|previous): (.*\S)\s*$/.exec(line);
  if (!match) return undefined;
  const [, field, value] = match as unknown as [string, string, string];
  // A value that is already one quoted text is not what went wrong.
  if (/^"(?:[^"\\]|\\.)*"$/.test(value) || /^'(?:[^']|'')*'$/.test(value)) return undefined;
  return `a value that starts with a quote, \`, @, %, [ or { or contains ": " needs quotes around the whole text (inside them, write \\" for a straight double quote): \`${field}: ${yamlDoubleQuoted(value)}\``;
}

function scalarText(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  if (node.value === null || node.value === undefined) return '';
  return String(node.value);
}
