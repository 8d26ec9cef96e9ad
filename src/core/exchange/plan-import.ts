/**
 * Import planning: given the locale files of one language and a parsed exchange file, decides per
 * entry what to take and what to refuse, and computes the new locale texts. Pure: the CLI writes
 * the texts (atomically) only when the plan allows it.
 *
 * Rules, in the order they apply to each unit of the file:
 * 1. The release and key must exist in the locale files (else refused, error).
 * 2. An empty translation in the file changes nothing: an import never deletes a translation.
 * 3. The translation must not contain control characters (else refused, error), and its tags
 *    must fit its German (else refused, error).
 * 4. If the German in the file differs from the locale file's (the German changed after export),
 *    the translation is for the old German: it is taken as `stale` (previous = the file's German),
 *    unless the entry has been translated or reviewed for the new German since (refused, warning).
 * 5. A reviewed translation is never replaced by an unreviewed one, nor lowered to translated,
 *    unless `overwriteReviewed` (else refused, warning).
 * 6. Otherwise the status follows the file's state: reviewed/final → reviewed, translated →
 *    translated; a changed PO entry still fuzzy → a draft (`new`; a stale entry stays stale);
 *    a changed text without a state → translated; an unchanged text keeps its status (a PO
 *    entry un-fuzzied, or an XLIFF state raised, confirms a stale entry as translated).
 * A unit that appears twice with different content is refused (error). With any error-level
 * refusal the file is refused as a whole and nothing is written, unless `partial`.
 */
import { diagnostic, type Diagnostic, type Severity } from '../diagnostic.js';
import { validateTags } from '../inline-text.js';
import { entryFieldOrder, entryMap, inFileLineEndings, LOCALE_STRINGIFY_OPTIONS, setEntryField } from '../locale-edit.js';
import type { Document } from 'yaml';
import { FIELD, type LocaleEntry, type Status } from '../locale-file.js';
import { readLocale } from '../read-locale.js';
import { previousTranslationField } from '../locale-fields.js';
import { EMPTY_GLOSSARY, type Glossary } from '../glossary.js';
import { wordsToTranslate } from '../checks/untranslated.js';
import { foldSpace } from '../checks/text-tools.js';
import type { ImportDocument, ImportState, ImportUnit } from './model.js';

/** The suffixes i18next gives plural forms of a key (`_one`, `_other`, `_plural` in its v3 format). */
const PLURAL_SUFFIX = /_(?:zero|one|two|few|many|other|plural)$/;

/** Options of an import. */
export interface ImportOptions {
  /** Allow replacing a reviewed translation with an unreviewed one. */
  overwriteReviewed?: boolean;
  /** Apply what can be taken even when some entries are refused with an error. */
  partial?: boolean;
}

/** The locale file of one release in the import's language, as read from disk. */
export interface ImportLocale {
  file: string;
  text: string;
}

/** What import decided for one unit of the exchange file. */
export interface ImportDecision {
  release: string;
  key: string;
  /** Line of the unit in the exchange file, when known. */
  line?: number;
  outcome: 'taken' | 'unchanged' | 'refused';
  /** For refusals: whether the refusal blocks the whole file (error) or only this entry (warning). */
  severity?: Severity;
  /** For refusals: a stable code (IMPORT_UNKNOWN_KEY, IMPORT_TAGS, IMPORT_REVIEWED, …). */
  code?: string;
  /** What happened, in words. */
  message: string;
  hint?: string;
  /** Status before and after, for taken entries. */
  from?: Status;
  to?: Status;
  /** The locale file the entry is in. */
  file?: string;
}

/** The result of planning an import. */
export interface ImportPlan {
  decisions: ImportDecision[];
  /** New texts of the locale files that change (empty when the file is refused). */
  writes: Map<string, string>;
  /** True when an error-level refusal blocks the file (and `partial` was not given). */
  refused: boolean;
  /** Refusals as diagnostics located in the exchange file, for printing. */
  diagnostics: Diagnostic[];
}

interface Change {
  translation: string;
  status: Status;
  previous?: string | null;
  previousStatus?: Status | null;
  /** Keep this as `previous-<lng>` (the text published until the new translation is reviewed). */
  previousTranslation?: string;
}

/**
 * Plans the import of `document` into the locale files of language `lng` (`locales` maps release
 * id → its locale file). `exchangeFile` names the imported file in messages.
 */
export function planImport(
  document: ImportDocument,
  locales: ReadonlyMap<string, ImportLocale>,
  context: { lng: string; sourceLanguage: string; exchangeFile: string; glossary?: Glossary },
  options: ImportOptions = {},
): ImportPlan {
  const decisions: ImportDecision[] = [];
  type Parsed = { entries: Map<string, LocaleEntry>; obsolete: Map<string, LocaleEntry>; document(): Document.Parsed };
  const parsedFiles = new Map<string, Parsed | undefined>();
  const diagnostics: Diagnostic[] = [];
  // Locale files are read when the exchange file first mentions their release, not all up front,
  // and parsed into a YAML document only when something is written to them (readLocale).
  const parsedOf = (release: string): Parsed | undefined => {
    if (parsedFiles.has(release)) return parsedFiles.get(release);
    const locale = locales.get(release);
    let result: Parsed | undefined;
    if (locale) {
      const read = readLocale(locale.text, locale.file, { release, language: context.lng, sourceLanguage: context.sourceLanguage });
      // Warnings of a locale file (LOCALE_UNKNOWN_KEY) were printed when the files were loaded;
      // these diagnostics are refusals.
      diagnostics.push(...read.diagnostics.filter((d) => d.severity === 'error'));
      if (read.locale) result = { entries: read.locale.entries, obsolete: read.locale.obsolete, document: () => read.document()! };
    }
    parsedFiles.set(release, result);
    return result;
  };
  const changes = new Map<string, Map<string, Change>>();
  const seen = new Map<string, ImportUnit>();
  const refuse = (unit: ImportUnit, severity: Severity, code: string, message: string, hint: string, file?: string): void => {
    const decision: ImportDecision = { release: unit.release, key: unit.key, outcome: 'refused', severity, code, message, hint };
    if (unit.line !== undefined) decision.line = unit.line;
    if (file !== undefined) decision.file = file;
    decisions.push(decision);
  };
  for (const unit of document.units) {
    const id = `${unit.release}#${unit.key}`;
    const earlier = seen.get(id);
    if (earlier) {
      if (sameText(earlier.target, unit.target) && earlier.state === unit.state && sameText(earlier.source, unit.source)) continue;
      refuse(unit, 'error', 'IMPORT_DUPLICATE', `${id} appears twice with different translations`, 'keep one of them');
      continue;
    }
    seen.set(id, unit);
    const locale = locales.get(unit.release);
    const data = parsedOf(unit.release);
    if (!locale || !data) {
      refuse(
        unit,
        'error',
        'IMPORT_UNKNOWN_RELEASE',
        `${id}: there is no locale file locales/${context.lng}/${unit.release}.yaml`,
        locale ? `fix ${locale.file} first (it does not parse)` : 'check the release id; run `npm run extract` if the release is new',
      );
      continue;
    }
    // A segment whose German changed after the export has a new key (keys follow the text); the
    // entry that extract made stale for it names the German the translator saw as `previous`.
    // A block that moved (a paragraph that became a list item, a quote) keeps its German under
    // another key: the one entry with that German is the segment the translation is for.
    const entry = data.entries.get(unit.key) ?? staleEntryFor(data.entries, unit) ?? movedEntryFor(data.entries, unit);
    if (!entry) {
      const removed = data.obsolete.has(unit.key);
      // A translation platform adds i18next plural forms (key_one, key_other) to keys it takes
      // for countable: a segment has one translation, under its own key.
      const plural = PLURAL_SUFFIX.exec(unit.key);
      const stem = plural && data.entries.has(unit.key.slice(0, plural.index)) ? unit.key.slice(0, plural.index) : undefined;
      refuse(
        unit,
        'error',
        'IMPORT_UNKNOWN_KEY',
        removed
          ? `${id}: the segment was removed from the German (it is under \`obsolete\`)`
          : stem !== undefined
            ? `${id}: a plural form (\`${plural![0]}\`) of the segment \`${stem}\`, which has one translation`
            : `${id}: no such segment in ${locale.file}`,
        removed
          ? 'drop this entry; the German no longer has it'
          : stem !== undefined
            ? `put the translation under \`${stem}\` itself and turn off plural forms for this file in the translation tool`
            : 'export again: the segments of the release have changed',
        locale.file,
      );
      continue;
    }
    const outcome = decide(unit, entry, options, { lng: context.lng, glossary: context.glossary ?? EMPTY_GLOSSARY });
    if (outcome.kind === 'unchanged') {
      decisions.push({ release: unit.release, key: unit.key, outcome: 'unchanged', message: outcome.message, file: locale.file, ...(unit.line !== undefined ? { line: unit.line } : {}) });
      continue;
    }
    if (outcome.kind === 'refused') {
      refuse(unit, outcome.severity, outcome.code, `${id} ${outcome.message}`, outcome.hint, locale.file);
      continue;
    }
    const perFile = changes.get(unit.release) ?? new Map<string, Change>();
    if (perFile.has(entry.key)) {
      refuse(unit, 'error', 'IMPORT_DUPLICATE', `${unit.release}#${entry.key} appears twice with different translations (once under its key before the German changed)`, 'keep one of them');
      continue;
    }
    perFile.set(entry.key, outcome.change);
    changes.set(unit.release, perFile);
    decisions.push({
      release: unit.release,
      key: entry.key,
      outcome: 'taken',
      message: outcome.message,
      from: entry.status,
      to: outcome.change.status,
      file: locale.file,
      ...(unit.line !== undefined ? { line: unit.line } : {}),
    });
  }
  for (const decision of decisions) {
    if (decision.outcome !== 'refused') continue;
    diagnostics.push(
      diagnostic(decision.code!, decision.severity!, context.exchangeFile, decision.message, {
        ...(decision.line !== undefined ? { line: decision.line } : {}),
        ...(decision.hint !== undefined ? { hint: decision.hint } : {}),
        key: decision.key,
        lng: context.lng,
      }),
    );
  }
  const refused = !options.partial && decisions.some((d) => d.outcome === 'refused' && d.severity === 'error');
  const writes = new Map<string, string>();
  if (!refused) {
    const order = entryFieldOrder(context.sourceLanguage, context.lng);
    for (const [release, perFile] of changes) {
      const data = parsedOf(release)!;
      for (const [key, change] of perFile) {
        const map = entryMap(data.document(), key);
        if (!map) continue;
        setEntryField(map, context.lng, change.translation, order);
        setEntryField(map, FIELD.status, change.status, order);
        if (change.previous === null) {
          map.delete(FIELD.previous);
          map.delete(previousTranslationField(context.lng));
        }
        else if (change.previous !== undefined) setEntryField(map, FIELD.previous, change.previous, order);
        if (change.previousTranslation !== undefined) setEntryField(map, previousTranslationField(context.lng), change.previousTranslation, order);
        if (change.previousStatus === null) map.delete(FIELD.previousStatus);
        else if (change.previousStatus !== undefined) setEntryField(map, FIELD.previousStatus, change.previousStatus, order);
        if (change.translation.trim() !== '') map.delete(FIELD.suggestion);
      }
      const locale = locales.get(release)!;
      const text = inFileLineEndings(locale.text, data.document().toString(LOCALE_STRINGIFY_OPTIONS));
      if (text !== locale.text) writes.set(locale.file, text);
    }
  }
  return { decisions, writes, refused, diagnostics };
}

type Outcome =
  | { kind: 'unchanged'; message: string }
  | { kind: 'taken'; change: Change; message: string }
  | { kind: 'refused'; severity: Severity; code: string; message: string; hint: string };

/**
 * Whether two texts are the same text: equal in Unicode normalization form C. A CAT tool or a
 * platform that writes the file back composed (é as one character) where the locale file has it
 * decomposed (e + U+0301, as macOS input can produce), or the reverse, has changed no letter: the
 * entry is unchanged, keeps its status and the locale file its bytes.
 */
function sameText(a: string | undefined, b: string | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  return a.normalize('NFC') === b.normalize('NFC');
}

const RANK: Record<Status, number> = { new: 0, stale: 1, translated: 2, reviewed: 3 };

/**
 * The one entry whose `previous` is the German `unit` was exported with, if exactly one: the same
 * segment after its German changed. Extract gave it a new key and kept the old German as
 * `previous` — a translated entry turned stale, an untranslated or draft one stayed `new`, and
 * either may have been translated again since (then `decide` refuses the old translation with
 * IMPORT_SOURCE_CHANGED, a warning, rather than the whole file as an unknown key). Formats
 * without the German (i18next JSON) find none.
 */
function staleEntryFor(entries: ReadonlyMap<string, LocaleEntry>, unit: ImportUnit): LocaleEntry | undefined {
  if (unit.source === undefined || unit.key.startsWith('meta.')) return undefined;
  let found: LocaleEntry | undefined;
  for (const entry of entries.values()) {
    if (!sameText(entry.previous, unit.source)) continue;
    if (found) return undefined;
    found = entry;
  }
  return found;
}

/**
 * The entry whose German is the unit's, under another key (`p-…` became `li-…` when the paragraph
 * was made a list item), when exactly one has it; undefined otherwise or without the German.
 */
function movedEntryFor(entries: ReadonlyMap<string, LocaleEntry>, unit: ImportUnit): LocaleEntry | undefined {
  if (unit.source === undefined || unit.key.startsWith('meta.')) return undefined;
  let found: LocaleEntry | undefined;
  for (const entry of entries.values()) {
    if (entry.source !== unit.source || entry.key.startsWith('meta.')) continue;
    if (found) return undefined;
    found = entry;
  }
  return found;
}

/** States that do not say a translator confirmed the text. */
const UNCONFIRMED: ReadonlySet<ImportState> = new Set(['initial', 'unspecified', 'draft']);

function decide(unit: ImportUnit, entry: LocaleEntry, options: ImportOptions, language: { lng: string; glossary: Glossary }): Outcome {
  const target = unit.target;
  if (target.trim() === '') {
    return { kind: 'unchanged', message: entry.translation === '' ? 'not translated in the file' : 'empty in the file; an import never deletes a translation' };
  }
  // A tool's stand-in for a missing translation is the German copied into it: Trados's and memoQ's
  // "copy source to target" and Okapi's merge leave an untranslated XLIFF segment `initial` with
  // its source as target; platforms export untranslated keys with the source language's text
  // (Crowdin unless "skip untranslated strings", Lokalise's "replace with base language"), and
  // i18next JSON has no state to tell. Taken, it was German under `en:` counted as translated —
  // published, with `publish.require: translated`. Like an empty target, it is no translation;
  // German that has nothing to translate (numbers, glossary names, `same:` words: what UNTRANSLATED
  // accepts) is its own translation and is taken, and so is a copy a translator confirmed.
  const german = unit.source ?? entry.source;
  if (
    UNCONFIRMED.has(unit.state) &&
    !sameText(target, entry.translation) &&
    foldSpace(target.normalize('NFC')) === foldSpace(german.normalize('NFC')) &&
    wordsToTranslate(german, language.lng, language.glossary) !== undefined
  ) {
    return {
      kind: 'unchanged',
      message:
        entry.translation === ''
          ? 'not translated in the file: its text is the German (a tool\'s copy of the source)'
          : 'the German in the file (a tool\'s copy of the source); an import never replaces a translation with it',
    };
  }
  const sourceChanged = unit.source !== undefined && !sameText(unit.source, entry.source);
  const textChanged = !sameText(target, entry.translation);
  // What the file leaves as it is, is unchanged, whatever is wrong with it: an unedited export
  // must import as a no-op even when a translation in the locale file has tag problems (they are
  // the locale file's, reported by `check`), and refusing it would block the whole file.
  if (sourceChanged && !textChanged && sameText(entry.previous, unit.source) && (entry.status === 'stale' || entry.status === 'new')) {
    return { kind: 'unchanged', message: `unchanged (${entry.status}: the German changed after export)` };
  }
  if (!sourceChanged && !textChanged && statusFromState(unit.state, entry, false) === entry.status) return { kind: 'unchanged', message: 'unchanged' };
  const character = forbiddenCharacter(target);
  if (character) {
    return {
      kind: 'refused',
      severity: 'error',
      code: 'IMPORT_CHARACTER',
      message: `has the character ${character.name} (${character.where}), which a translation cannot contain`,
      hint: 'remove it (it often comes with text pasted from another program); a translation is text: letters, punctuation, spaces, tabs and line breaks',
    };
  }
  const basis = sourceChanged ? unit.source! : entry.source;
  const problems = validateTags(basis, target);
  if (problems.length > 0) {
    const first = problems[0]!;
    return {
      kind: 'refused',
      severity: 'error',
      code: 'IMPORT_TAGS',
      message: `${first.message}${problems.length > 1 ? ` (and ${problems.length - 1} more tag problem(s))` : ''}`,
      hint: `${first.hint}; in a CAT tool, keep every code of the source (${first.code})`,
    };
  }
  const reviewedNow = entry.status === 'reviewed';
  const overwrite = options.overwriteReviewed === true;
  const protectedHint = 'a reviewed translation is only replaced by a reviewed one; pass --overwrite-reviewed to allow it';

  if (sourceChanged) {
    // The translation was made for the German in the file, which has changed since the export.
    if (entry.status === 'reviewed' || entry.status === 'translated') {
      return {
        kind: 'refused',
        severity: 'warning',
        code: 'IMPORT_SOURCE_CHANGED',
        message: `was translated for German that has changed since, and the entry is already ${entry.status} for the new German`,
        hint: 'export again and translate the current German',
      };
    }
    // The status the translation had for the German it was made for: a PO draft stays a draft
    // (`previous-status: new`), so it is neither published nor restored as done if the German
    // changes back.
    const status: Status = unit.state === 'reviewed' ? 'reviewed' : unit.state === 'draft' ? 'new' : 'translated';
    if (entry.status === 'stale' && sameText(entry.previous, unit.source) && entry.previousStatus === 'reviewed' && status !== 'reviewed' && !overwrite) {
      return { kind: 'refused', severity: 'warning', code: 'IMPORT_REVIEWED', message: 'would replace a reviewed translation (of the same German) with an unreviewed one', hint: protectedHint };
    }
    return {
      kind: 'taken',
      change: { translation: target, status: 'stale', previous: unit.source!, previousStatus: status },
      message: `taken as stale: made for German that has changed since the export (${entry.status} → stale)`,
    };
  }

  const wanted = statusFromState(unit.state, entry, textChanged);
  if (reviewedNow && wanted !== 'reviewed' && !overwrite) {
    return {
      kind: 'refused',
      severity: 'warning',
      code: 'IMPORT_REVIEWED',
      message: textChanged ? `would replace a reviewed translation with a ${wanted} one` : `would lower a reviewed translation to ${wanted}`,
      hint: protectedHint,
    };
  }
  // A status change alone keeps the locale file's text as it is (not the file's spelling of it).
  const change: Change = { translation: textChanged ? target : entry.translation, status: wanted };
  // A re-translated stale entry keeps its `previous…` fields until it is reviewed: until then the
  // translation that was reviewed for the previous German goes on being published.
  if (entry.status === 'stale' && wanted === 'reviewed') {
    change.previous = null;
    change.previousStatus = null;
  } else if (entry.status === 'stale' && entry.previousTranslation === undefined && entry.previousStatus !== undefined) {
    change.previousTranslation = entry.translation;
  }
  let message: string;
  if (textChanged && unit.state === 'draft') message = `taken as a draft: still marked fuzzy (${entry.status} → ${wanted})`;
  else if (textChanged) message = entry.translation === '' ? `translated (${entry.status} → ${wanted})` : `translation updated (${entry.status} → ${wanted})`;
  else message = RANK[wanted] > RANK[entry.status] ? `confirmed (${entry.status} → ${wanted})` : `status ${entry.status} → ${wanted}`;
  return { kind: 'taken', change, message };
}

/**
 * Characters no translation may contain: control characters (C0 but tab, line feed and carriage
 * return; DEL; C1), the noncharacters U+FFFE/U+FFFF and lone surrogates. A translation is text
 * for pages and feeds: XML 1.0 cannot hold most of them even as references (an RSS reader would
 * reject the feed), and YAML readers other than ours refuse a locale file with them.
 */
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;

function forbiddenCharacter(text: string): { name: string; where: string } | undefined {
  const match = FORBIDDEN.exec(text);
  if (!match) return undefined;
  const code = match[0].charCodeAt(0);
  const kind = code >= 0xd800 && code <= 0xdfff ? 'a lone surrogate' : code >= 0xfffe ? 'a noncharacter' : 'a control character';
  const before = text.slice(Math.max(0, match.index - 20), match.index);
  return { name: `U+${code.toString(16).toUpperCase().padStart(4, '0')}, ${kind}`, where: match.index === 0 ? 'at the start' : `after "${before}"` };
}

/** The status a unit asks for, given what the format can say. */
function statusFromState(state: ImportState, entry: LocaleEntry, textChanged: boolean): Status {
  switch (state) {
    case 'reviewed':
      return 'reviewed';
    case 'translated':
      return 'translated';
    case 'confirmed':
      // PO without fuzzy: done, but translated or reviewed cannot be told apart.
      if (textChanged || entry.status === 'stale' || entry.status === 'new') return 'translated';
      return entry.status;
    case 'draft':
      // PO fuzzy: not done. An edited text is kept as a draft (`new` with a translation), or
      // stays stale, while its previous translation goes on being published; an unedited one
      // keeps its status (the flag alone lowers nothing).
      if (!textChanged) return entry.status;
      return entry.status === 'stale' ? 'stale' : 'new';
    case 'initial':
    case 'unspecified':
      return textChanged ? 'translated' : entry.status;
  }
}
