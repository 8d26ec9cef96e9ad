/**
 * gettext PO, for Poedit, Weblate and every tool that speaks gettext. Read and written with
 * `gettext-parser`. One entry per segment:
 *
 *     #. key: p-1a2b3c4d · status: stale (was reviewed)
 *     #: releases/2019-10-08-best-practice-sammlung.md:14
 *     #, fuzzy
 *     #| msgid "Ein Metallbaubetrieb … um rund 30 % gesenkt."
 *     msgctxt "2019-10-08-best-practice-sammlung#li-e5a26c1d"
 *     msgid "Ein Metallbaubetrieb … um rund ein Drittel gesenkt."
 *     msgstr "A metalworking business … by around 30% as a result."
 *
 * `msgctxt` is `<release-id>#<key>`, so one file can hold several releases. Stale and draft
 * entries are `fuzzy` (stale ones with the previous German as `#| msgid`). PO cannot tell
 * translated from reviewed: a non-fuzzy entry whose text is unchanged keeps its status on import.
 */
import { po as gettextPo } from 'gettext-parser';
import type { GetTextTranslation, GetTextTranslations } from 'gettext-parser';
import { normalizeLineBreaks } from '../yaml-position.js';
import { diagnostic, type Diagnostic } from '../diagnostic.js';
import type { ExportEntry, ExportSet, ImportUnit, ParseResult } from './model.js';

const ONE_FORM = 'nplurals=1; plural=0;';
const ONE_OTHER = 'nplurals=2; plural=(n != 1);';
const EAST_SLAVIC = 'nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);';

/**
 * Plural-Forms header per language (gettext's table, as Poedit and Weblate write it), by the
 * language subtag. Presslate writes no plural entries, but a CAT tool takes the header as the
 * language's plural rules: Japanese or Chinese with English's two forms, or Arabic without its six,
 * is wrong there. A language not listed gets no header, so the tool uses its own rules for it.
 */
const PLURAL_FORMS: Record<string, string> = {
  ...Object.fromEntries(
    ['bg', 'ca', 'da', 'de', 'el', 'en', 'es', 'et', 'eu', 'fi', 'gl', 'hu', 'it', 'nb', 'nl', 'nn', 'no', 'sv', 'tr'].map((lng) => [lng, ONE_OTHER]),
  ),
  ...Object.fromEntries(['id', 'ja', 'km', 'ko', 'lo', 'ms', 'my', 'th', 'vi', 'zh'].map((lng) => [lng, ONE_FORM])),
  ...Object.fromEntries(['be', 'bs', 'hr', 'ru', 'sr', 'uk'].map((lng) => [lng, EAST_SLAVIC])),
  fr: 'nplurals=2; plural=(n > 1);',
  pl: 'nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);',
  cs: 'nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;',
  sk: 'nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;',
  ar: 'nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);',
};

/** Separator between release id and key in `msgctxt`. Release ids and keys never contain it. */
export const CONTEXT_SEPARATOR = '#';

/**
 * Writes a PO file for the set, with a header Poedit and Weblate accept and `msgfmt --check-header`
 * passes but for `PO-Revision-Date`. `Last-Translator` and `Language-Team` carry what gettext's own
 * `msginit --no-translator` writes into a file a program made (`Automatically generated`, `none`);
 * gettext's template defaults (`FULL NAME <EMAIL@ADDRESS>`) would be flagged as unfilled. There is no
 * `PO-Revision-Date`: the locale files record no date, and the clock would make the output change
 * from run to run; a PO editor sets it when the translator saves.
 */
export function writePo(set: ExportSet): string {
  const translations: GetTextTranslations['translations'] = {
    '': { '': { msgid: '', msgstr: [''] } },
  };
  for (const release of set.releases) {
    for (const entry of release.entries) {
      const msgctxt = `${release.id}${CONTEXT_SEPARATOR}${entry.key}`;
      const item: GetTextTranslation = { msgctxt, msgid: entry.source, msgstr: [entry.target], comments: commentsOf(entry, release.file) };
      translations[msgctxt] = { [entry.source]: item };
    }
  }
  const language = set.targetLanguage;
  const pluralForms = PLURAL_FORMS[language.split('-')[0]!.toLowerCase()];
  const table: GetTextTranslations = {
    charset: 'utf-8',
    headers: {
      'Project-Id-Version': 'Presslate',
      'Last-Translator': 'Automatically generated',
      'Language-Team': 'none',
      Language: language,
      'MIME-Version': '1.0',
      'Content-Type': 'text/plain; charset=UTF-8',
      'Content-Transfer-Encoding': '8bit',
      ...(pluralForms === undefined ? {} : { 'Plural-Forms': pluralForms }),
      'X-Generator': 'Presslate',
      'X-Source-Language': set.sourceLanguage,
    },
    translations,
  };
  return gettextPo.compile(table, { foldLength: 0, sort: false }).toString('utf8') + '\n';
}

function commentsOf(entry: ExportEntry, releaseFile: string): NonNullable<GetTextTranslation['comments']> {
  const status = entry.status === 'stale' && entry.previousStatus ? `stale (was ${entry.previousStatus})` : entry.status;
  const extracted = [`key: ${entry.key} · status: ${status}`];
  if (entry.suggestion) extracted.push(`suggestion (${entry.suggestion.score} % match, ${entry.suggestion.origin}): ${entry.suggestion.text}`);
  const comments: NonNullable<GetTextTranslation['comments']> = { extracted: extracted.join('\n') };
  comments.reference = entry.line !== undefined ? `${releaseFile}:${entry.line}` : releaseFile;
  const draft = entry.status === 'new' && entry.target !== '';
  if (entry.status === 'stale' || draft) comments.flag = 'fuzzy';
  if (entry.status === 'stale' && entry.previous !== undefined) comments.previous = `msgid ${poString(entry.previous)}`;
  return comments;
}

/** A PO string literal on one line. */
function poString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}"`;
}

/**
 * Reads a PO file. `msgctxt` must be `<release-id>#<key>` as export writes it; the `Language`
 * header names the target language. Fuzzy entries read as drafts (`draft`: not done, whatever
 * their text); others with a translation as `confirmed`. Plural entries and entries without a context are refused.
 */
// Unrolled ("normal* (special normal*)*"): the alternation `(?:[^"\\]|\\.)*` made V8's regexp
// engine keep one backtracking entry per character, and a string line of a few megabytes
// overflowed the stack (RangeError: an internal error, exit 70).
const PO_STRING = String.raw`"[^"\\]*(?:\\.[^"\\]*)*"`;
const PO_KEYWORD_LINE = new RegExp(String.raw`^(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)[ \t]+${PO_STRING}[ \t]*$`);
const PO_CONTINUATION_LINE = new RegExp(String.raw`^[ \t]*${PO_STRING}[ \t]*$`);
/**
 * The escapes gettext-parser reads as PO means them; it turns any other `\x` into a plain `x`.
 * gettext's own tools (msgcat, msgmerge, msgattrib) write four more for control characters —
 * `\a`, `\b`, `\f`, `\v` (a vertical tab is Word's manual line break) — which `withControlEscapesDecoded`
 * turns into the characters before gettext-parser reads the file.
 */
const PO_ESCAPE = /\\(.)/g;
const C_ESCAPES: Record<string, string> = { a: '\u0007', b: '\u0008', f: '\u000C', v: '\u000B' };
const PO_ESCAPES = new Set(['n', 't', 'r', '"', '\\', ...Object.keys(C_ESCAPES)]);

/** The text with gettext's `\a`, `\b`, `\f` and `\v` in strings written as the characters they stand for. */
function withControlEscapesDecoded(text: string): string {
  return text.replace(/^(?!#).*\\[abfv].*$/gm, (line) => line.replace(PO_ESCAPE, (escape, char: string) => C_ESCAPES[char] ?? escape));
}

/**
 * The first line gettext-parser would read wrongly without complaint: an unterminated string, a
 * keyword without its string (the entry was dropped unseen), text that is no PO line, or an
 * escape it does not know (`\a`, `\x41`, octal: it keeps only the letter). Checked line by line
 * here because the parser is lenient by design.
 */
export function poSyntaxProblem(text: string): { line: number; message: string } | undefined {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = raw.trimEnd();
    if (line.trim() === '' || line.startsWith('#')) continue;
    if (!PO_KEYWORD_LINE.test(line) && !PO_CONTINUATION_LINE.test(line)) {
      const keyword = /^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\b/.exec(line)?.[1];
      return {
        line: index + 1,
        message: keyword ? `\`${keyword}\` is not followed by one string in double quotes (a missing or extra quote?)` : `\`${line.slice(0, 40)}\` is not a PO line`,
      };
    }
    for (const match of line.matchAll(PO_ESCAPE)) {
      if (!PO_ESCAPES.has(match[1]!)) return { line: index + 1, message: `the escape \`\\${match[1]}\` is not one PO editors write` };
    }
  }
  return undefined;
}

/**
 * The first entry (msgctxt + msgid) a PO file holds twice, with the lines of both. gettext-parser
 * keeps the last one silently, so a translation would be lost unseen; msgfmt calls a duplicate
 * message definition a fatal error. Runs on text `poSyntaxProblem` has accepted.
 */
export function poDuplicateEntry(text: string): { label: string; first: number; second: number } | undefined {
  const unescape = (raw: string): string => raw.replace(/\\(.)/g, (_, char: string) => ({ n: '\n', t: '\t', r: '\r', ...C_ESCAPES })[char] ?? char);
  const seen = new Map<string, number>();
  let entry: { context?: string; msgid?: string; line: number } | undefined;
  let keyword: 'msgctxt' | 'msgid' | 'other' = 'other';
  const finish = (): { label: string; first: number; second: number } | undefined => {
    if (!entry || entry.msgid === undefined) return undefined;
    const id = `${entry.context === undefined ? '\u0000' : `${entry.context}\u0004`}${entry.msgid}`;
    const first = seen.get(id);
    if (first !== undefined) return { label: entry.context ?? `msgid "${entry.msgid.slice(0, 40)}"`, first, second: entry.line };
    seen.set(id, entry.line);
    return undefined;
  };
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    const keywordMatch = /^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)[ \t]+"(.*)"[ \t]*$/.exec(line);
    if (keywordMatch) {
      const [, name, value] = keywordMatch;
      if (name === 'msgctxt' || (name === 'msgid' && keyword !== 'msgctxt')) {
        const duplicate = finish();
        if (duplicate) return duplicate;
        entry = { line: index + 1 };
      }
      if (name === 'msgctxt') entry!.context = unescape(value!);
      if (name === 'msgid') entry!.msgid = unescape(value!);
      keyword = name === 'msgctxt' || name === 'msgid' ? name : 'other';
      continue;
    }
    const continuation = /^[ \t]*"(.*)"[ \t]*$/.exec(line);
    if (continuation && entry) {
      if (keyword === 'msgctxt') entry.context += unescape(continuation[1]!);
      else if (keyword === 'msgid') entry.msgid += unescape(continuation[1]!);
    }
  }
  return finish();
}

export function parsePo(written: string, file: string): ParseResult {
  // Classic Mac line ends (CR alone), as locale files and the configuration may have them: the
  // whole file was one line, refused as "`msgid` is not followed by one string" at line 1. A
  // raw CR cannot be part of a PO string (it is written \r), so each one is a line end; one
  // character for one, so lines stay as they are.
  const text = normalizeLineBreaks(written);
  if (text.trim() === '') return { diagnostics: [diagnostic('IMPORT_INVALID', 'error', file, 'is empty', { hint: 'export the file again' })] };
  const syntax = poSyntaxProblem(text);
  if (syntax) {
    return {
      diagnostics: [
        diagnostic('IMPORT_INVALID', 'error', file, `is not a valid PO file: ${syntax.message}`, {
          line: syntax.line,
          hint: 'save the file again from your PO editor, or correct that line: each string is in double quotes, with \\n, \\t, \\" or \\\\ for special characters',
        }),
      ],
    };
  }
  const duplicate = poDuplicateEntry(text);
  if (duplicate) {
    return {
      diagnostics: [
        diagnostic('IMPORT_DUPLICATE', 'error', file, `has the entry ${duplicate.label} twice (lines ${duplicate.first} and ${duplicate.second}); PO tools keep only the last`, {
          line: duplicate.second,
          hint: 'keep one of the two entries, the one with the translation you want',
        }),
      ],
    };
  }
  let table: GetTextTranslations;
  try {
    table = gettextPo.parse(withControlEscapesDecoded(text), { defaultCharset: 'utf-8' });
  } catch (error) {
    return {
      diagnostics: [
        diagnostic('IMPORT_INVALID', 'error', file, `is not a valid PO file: ${(error as Error).message.split('\n')[0]}`, {
          hint: 'save the file again from your PO editor, or export it again',
        }),
      ],
    };
  }
  const diagnostics: Diagnostic[] = [];
  const units: ImportUnit[] = [];
  const lineOf = lineFinder(text);
  const msgidLineOf = msgidLineFinder(text);
  for (const [context, messages] of Object.entries(table.translations)) {
    for (const [msgid, message] of Object.entries(messages)) {
      if (context === '' && msgid === '') continue;
      // An entry without msgctxt has no msgctxt line: its msgid line then.
      const line = context === '' ? msgidLineOf(msgid) : lineOf(context);
      const segment = segmentOf(context, message.comments);
      if (!segment) {
        diagnostics.push(
          diagnostic('IMPORT_INVALID', 'error', file, `entry "${msgid.slice(0, 40)}" has no msgctxt "<release>#<key>" (nor the key and release file comments export writes)`, {
            ...(line !== undefined ? { line } : {}),
            hint: 'keep the msgctxt lines that export wrote; they say which segment an entry belongs to',
          }),
        );
        continue;
      }
      const label = `${segment.release}${CONTEXT_SEPARATOR}${segment.key}`;
      if (message.msgid_plural !== undefined) {
        diagnostics.push(
          diagnostic('IMPORT_INVALID', 'error', file, `entry ${label} has plural forms, which press releases do not have`, {
            ...(line !== undefined ? { line } : {}),
            hint: 'remove msgid_plural and write one msgstr',
          }),
        );
        continue;
      }
      // A file cut off after a msgid: gettext-parser gives the entry without msgstr.
      if (message.msgstr === undefined) {
        diagnostics.push(
          diagnostic('IMPORT_INVALID', 'error', file, `entry ${label} has no msgstr line (is the file cut off?)`, {
            ...(line !== undefined ? { line } : {}),
            hint: 'export the file again, or add `msgstr ""` after its msgid',
          }),
        );
        continue;
      }
      const target = message.msgstr[0] ?? '';
      const fuzzy = (message.comments?.flag ?? '').split(',').some((flag) => flag.trim() === 'fuzzy');
      const unit: ImportUnit = {
        release: segment.release,
        key: segment.key,
        source: msgid,
        target,
        state: target === '' ? 'initial' : fuzzy ? 'draft' : 'confirmed',
      };
      if (line !== undefined) unit.line = line;
      units.push(unit);
    }
  }
  if (diagnostics.length > 0) return { diagnostics };
  diagnostics.push(...obsoleteTranslations(table, text, units, file));
  const document: ParseResult['document'] = { format: 'po', units };
  // A PO file without its header entry has no headers at all (gettext-parser leaves them out).
  const language = table.headers?.Language;
  if (language) document.targetLanguage = language;
  const source = table.headers?.['X-Source-Language'];
  if (source) document.sourceLanguage = source;
  return { document, diagnostics };
}

/**
 * The release and key of an entry: its `msgctxt` `<release-id>#<key>`, or else the comments export
 * writes beside it — `#. key: <key> · status: …` and `#: releases/<release-id>.md:<line>`.
 * translate-toolkit's po2xliff drops `msgctxt` (XLIFF 1.2 for Trados or memoQ and back with
 * xliff2po), and xliff2po writes the source location as the context of a msgid that occurs twice;
 * both keep the comments.
 */
function segmentOf(context: string, comments: GetTextTranslation['comments']): { release: string; key: string } | undefined {
  const separator = context.indexOf(CONTEXT_SEPARATOR);
  if (separator > 0) return { release: context.slice(0, separator), key: context.slice(separator + 1) };
  const key = /^key: (\S+) · status: /m.exec(comments?.extracted ?? '')?.[1];
  const references = (comments?.reference ?? '').split(/\s+/).map((reference) => /^(?:.*\/)?([^/]+)\.md(?::\d+)?$/.exec(reference)?.[1]);
  const releases = new Set(references.filter((release) => release !== undefined));
  return key !== undefined && releases.size === 1 ? { release: [...releases][0]!, key } : undefined;
}

/**
 * Line of the `msgid` of an entry without context: the first `msgid "…"` line with its text (for
 * a msgid over several lines, the `msgid` line above the first line that starts with its text).
 */
function msgidLineFinder(text: string): (msgid: string) => number | undefined {
  const lines = text.split('\n');
  // The one-line msgids, indexed once: a search of every line per entry was entries × lines.
  let oneLine: Map<string, number> | undefined;
  return (msgid) => {
    const escaped = msgid.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/\r/g, '\\r');
    if (!oneLine) {
      oneLine = new Map();
      lines.forEach((line, index) => {
        if (!line.startsWith('msgid "')) return;
        const trimmed = line.trimEnd();
        if (!oneLine!.has(trimmed)) oneLine!.set(trimmed, index);
      });
    }
    const exact = oneLine.get(`msgid "${escaped}"`) ?? -1;
    if (exact >= 0) return exact + 1;
    const start = `"${escaped.split('\\n')[0]!.slice(0, 40)}`;
    let index = lines.findIndex((line) => line.startsWith(start) || line.startsWith(`msgid ${start}`));
    if (index < 0) return undefined;
    while (index > 0 && !lines[index]!.startsWith('msgid')) index--;
    return index + 1;
  };
}

/**
 * Line of the `msgctxt` line of a context (gettext-parser keeps no positions). msgcat and Poedit
 * wrap a context longer than their line as `msgctxt ""` and continuation lines, which are joined.
 */
/**
 * Translations a PO tool has put away as obsolete (`#~` lines): msgmerge with a newer export, or
 * Poedit's "Update from POT", does so to an entry it finds no place for (its German changed too
 * much, or the segment went). Import has nothing to write them into, but a translator who finds
 * their work missing after import deserves to hear why: a warning for each, with its line.
 */
function obsoleteTranslations(table: GetTextTranslations, text: string, units: readonly ImportUnit[], file: string): Diagnostic[] {
  const live = new Set(units.map((unit) => `${unit.release}${CONTEXT_SEPARATOR}${unit.key}`));
  let firstLine: ((prefix: string) => number) | undefined;
  const diagnostics: Diagnostic[] = [];
  for (const [context, messages] of Object.entries(table.obsolete ?? {})) {
    for (const [msgid, message] of Object.entries(messages)) {
      const translation = message.msgstr?.[0] ?? '';
      if (translation.trim() === '' || (context === '' && msgid === '')) continue;
      const segment = segmentOf(context, message.comments);
      const label = segment ? `${segment.release}${CONTEXT_SEPARATOR}${segment.key}` : `"${msgid.slice(0, 40)}"`;
      if (segment && live.has(label)) continue;
      const quoted = JSON.stringify(context === '' ? msgid : context).slice(1, -1);
      firstLine ??= firstLineStartingWith(text.split('\n'), '#~ ');
      const index = firstLine(`#~ ${context === '' ? 'msgid' : 'msgctxt'} "${quoted}`);
      diagnostics.push(
        diagnostic('IMPORT_OBSOLETE_ENTRY', 'warning', file, `the translation of ${label} is in an obsolete entry (#~ lines) and is not imported`, {
          ...(index >= 0 ? { line: index + 1 } : {}),
          hint: 'a PO tool marks an entry obsolete when the German it was made for is gone from the export; export the release again and translate its current German (the obsolete text is still in the file to copy from)',
        }),
      );
    }
  }
  return diagnostics;
}

function lineFinder(text: string): (context: string) => number | undefined {
  const lines = new Map<string, number>();
  const all = text.split('\n');
  all.forEach((line, index) => {
    const match = /^msgctxt "(.*)"\s*$/.exec(line);
    if (!match) return;
    let context = match[1]!;
    for (let next = index + 1; next < all.length; next++) {
      const continuation = /^[ \t]*"(.*)"\s*$/.exec(all[next]!);
      if (!continuation) break;
      context += continuation[1]!;
    }
    if (!lines.has(context)) lines.set(context, index + 1);
  });
  return (context) => lines.get(context.replace(/\\/g, '\\\\').replace(/"/g, '\\"'));
}

/**
 * The index of the first of `lines` that starts with a prefix (which starts with `start`), or -1,
 * as `lines.findIndex((line) => line.startsWith(prefix))` finds it, answered from the lines sorted
 * once: the lines that start with a prefix are a run of the sorted lines, and the first of them
 * in the file is the least index in that run (a table of minima over runs of 2^k). A search of
 * every line for each obsolete entry took 9.8 s for a PO file of 10^4 obsolete entries, 40 s for
 * 2·10^4.
 */
function firstLineStartingWith(lines: readonly string[], start: string): (prefix: string) => number {
  const sorted: { line: string; index: number }[] = [];
  lines.forEach((line, index) => {
    if (line.startsWith(start)) sorted.push({ line, index });
  });
  // Code unit order, the order in which startsWith puts a prefix's lines next to each other.
  sorted.sort((a, b) => (a.line < b.line ? -1 : a.line > b.line ? 1 : a.index - b.index));
  const minima: number[][] = [sorted.map((item) => item.index)];
  for (let width = 2; width <= sorted.length; width *= 2) {
    const previous = minima.at(-1)!;
    const half = width / 2;
    minima.push(Array.from({ length: sorted.length - width + 1 }, (_, i) => Math.min(previous[i]!, previous[i + half]!)));
  }
  /** The first position in `sorted` from which `before` is false (it is true for a leading run). */
  const boundary = (before: (line: string) => boolean): number => {
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (before(sorted[middle]!.line)) low = middle + 1;
      else high = middle;
    }
    return low;
  };
  return (prefix) => {
    const from = boundary((line) => line < prefix);
    const to = boundary((line) => line < prefix || line.startsWith(prefix));
    if (from >= to) return -1;
    const level = 31 - Math.clz32(to - from);
    return Math.min(minima[level]![from]!, minima[level]![to - (1 << level)]!);
  };
}
