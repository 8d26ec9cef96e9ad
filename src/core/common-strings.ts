import type { i18n } from 'i18next';
import { isMap, isScalar, isSeq } from 'yaml';
import { isTimeZone } from './dates.js';
import { diagnostic, type Diagnostic } from './diagnostic.js';
import { COMMON_NAMESPACE, createI18n, fallbackChain } from './i18n.js';
import { parsePositioned, quotedAsTyped, tagStart, textCutByComment, textWithOwnTag, YAML_DEPTH_MESSAGE, yamlNestingTooDeep, yamlSyntaxDiagnostics } from './yaml-position.js';
import { utf16Problem } from './replacement-character.js';
import { closestName } from './spelling.js';

/**
 * The UI strings of one language (`locales/<lng>/common.yaml`): feed titles, the date format, the
 * photo credit label. They are i18next resources of the `common` namespace, so translators get
 * interpolation (`{{publisher}}`), plurals (`releaseCount_one`) and Intl formatting
 * (`{{date, datetime(dateStyle: long)}}`) the way i18next documents them.
 */
export type CommonStrings = Record<string, string>;

interface KeySpec {
  required: boolean;
  /** Placeholders the text must use, e.g. `credit` for `Foto: {{credit}}`. */
  placeholders?: string[];
  example: string;
}

/** Every key Presslate reads, with an English example; the README's common.yaml reference lists them. */
export const COMMON_KEYS: Record<string, KeySpec> = {
  languageName: { required: true, example: 'English' },
  locale: { required: false, example: 'en-GB' },
  feedTitle: { required: true, example: '{{publisher}}: press releases' },
  feedDescription: { required: true, example: 'Press releases from {{publisher}} in English' },
  date: { required: true, placeholders: ['date'], example: '{{date, datetime(dateStyle: long)}}' },
  photoCredit: { required: true, placeholders: ['credit'], example: 'Photo: {{credit}}' },
  otherLanguages: { required: true, example: 'Also available in:' },
  allReleases: { required: true, example: 'All press releases' },
  subscribe: { required: true, example: 'Subscribe:' },
  outdated: { required: true, example: 'This translation does not yet include the latest corrections to the German original.' },
  footnotes: { required: true, example: 'Footnotes' },
  footnoteBack: { required: true, placeholders: ['reference'], example: 'Back to reference {{reference}}' },
  releaseCount_other: { required: true, placeholders: ['count'], example: '{{count, number}} press releases' },
};

const PLURAL_KEY = /^releaseCount_(zero|one|two|few|many)$/;

/** A fixed moment to try the date format on: 16 March 2018, noon UTC. */
const PROBE_INSTANT = Date.UTC(2018, 2, 16, 12);

/**
 * Parses and checks a common.yaml: a YAML map of key → text. Syntax errors, non-text values,
 * missing keys, missing placeholders, an invalid `locale` and a `date` text that does not format a
 * date come back as errors with file and line; unknown keys as warnings (usually a typo).
 * `partial` is for a language variant (`fr-BE` with `fallbacks: {fr-BE: [fr]}`): it holds only the
 * texts that differ, the rest comes from its parent through i18next.
 */
export function parseCommonStrings(
  text: string,
  file: string,
  lng: string,
  options: { partial?: boolean } = {},
): { strings?: CommonStrings; diagnostics: Diagnostic[] } {
  const utf16 = utf16Problem(text, 'COMMON_INVALID', file, { lng });
  if (utf16) return { diagnostics: [utf16] };
  const deep = yamlNestingTooDeep(text);
  if (deep) return { diagnostics: [diagnostic('COMMON_INVALID', 'error', file, YAML_DEPTH_MESSAGE, { ...deep, lng, hint: 'remove the extra levels; write each text on one line after its key' })] };
  const positioned = parsePositioned(text);
  const diagnostics: Diagnostic[] = [];
  diagnostics.push(
    ...yamlSyntaxDiagnostics(positioned, (message, place) =>
      diagnostic('COMMON_YAML', 'error', file, message, {
        ...place,
        lng,
        hint: 'fix the YAML at that place; put texts containing ": ", "{{" or starting with a quote in double quotes',
      }),
    ),
  );
  if (diagnostics.length > 0) return { diagnostics };
  const root = positioned.document.contents;
  if (!isMap(root)) {
    diagnostics.push(
      diagnostic('COMMON_INVALID', 'error', file, 'must be a list of `key: text` lines', {
        line: 1,
        lng,
        hint: `start from the English file and translate the texts, e.g. \`feedTitle: "${COMMON_KEYS.feedTitle!.example}"\``,
      }),
    );
    return { diagnostics };
  }
  const strings: CommonStrings = {};
  const lines = new Map<string, { line: number; column: number; lng: string }>();
  // Where each value is in the file, to point at the option of `date` that is wrong.
  const valueRanges = new Map<string, [number, number]>();
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (key === undefined) continue;
    // The key's line: that is where people look for it, whatever follows.
    const place = positioned.lineCounter.linePos(pair.key.range?.[0] ?? 0);
    const where = { line: place.line, column: place.col, lng };
    lines.set(key, where);
    if (!isScalar(pair.value) || pair.value.value === null || typeof pair.value.value === 'object') {
      const got = isSeq(pair.value) ? 'a list' : isMap(pair.value) ? 'a nested map' : 'nothing';
      diagnostics.push(
        diagnostic('COMMON_INVALID', 'error', file, `\`${key}\` must be a text, got ${got}`, {
          ...where,
          hint: `write it on one line, e.g. \`${key}: "${COMMON_KEYS[key]?.example ?? '…'}"\``,
        }),
      );
      continue;
    }
    if (textWithOwnTag(pair.value)) {
      const start = tagStart(positioned.text ?? text, pair.value);
      diagnostics.push(
        diagnostic('COMMON_INVALID', 'error', file, `\`${key}\` starts with the YAML tag ${pair.value.tag}: YAML reads it as a type, not as text, so the value would be only \`${String(pair.value.value)}\``, {
          ...where,
          hint: `put the whole text in double quotes: \`${key}: ${quotedAsTyped(positioned.text ?? text, start, pair.value.range[1])}\``,
        }),
      );
      continue;
    }
    if (textCutByComment(pair.value)) {
      diagnostics.push(
        diagnostic('COMMON_TEXT_COMMENT', 'warning', file, `\`${key}\` ends before \` #${pair.value.comment}\`: YAML reads that as a comment, so the text is only \`${String(pair.value.value)}\``, {
          ...where,
          hint: `if the # belongs to the text, put the whole text in double quotes: \`${key}: ${quotedAsTyped(positioned.text ?? text, pair.value.range[0], pair.value.range[2])}\``,
        }),
      );
    }
    // Composed (NFC), as releases and translations are: a file typed decomposed (macOS input) would
    // otherwise put é as e + U+0301 into every page and feed (the Nu HTML checker warns on each).
    strings[key] = String(pair.value.value).normalize('NFC');
    if (pair.value.range) valueRanges.set(key, [pair.value.range[0], pair.value.range[1]]);
    if (!(key in COMMON_KEYS) && !PLURAL_KEY.test(key)) {
      diagnostics.push(
        diagnostic('COMMON_UNKNOWN_KEY', 'warning', file, `\`${key}\` is not a key Presslate uses`, {
          ...where,
          hint: `check the spelling; the keys are ${Object.keys(COMMON_KEYS).join(', ')}`,
        }),
      );
    }
  }
  for (const [key, spec] of Object.entries(COMMON_KEYS)) {
    const value = strings[key];
    if (value === undefined) {
      if (spec.required && !options.partial && !diagnostics.some((d) => d.message.startsWith(`\`${key}\``))) {
        diagnostics.push(
          diagnostic('COMMON_MISSING_KEY', 'error', file, `has no \`${key}\``, {
            line: 1,
            lng,
            hint: `add a line \`${key}: "${spec.example}"\` (translated)`,
          }),
        );
      }
      continue;
    }
    for (const name of spec.placeholders ?? []) {
      if (!hasPlaceholder(value, name)) {
        diagnostics.push(
          diagnostic('COMMON_PLACEHOLDER', 'error', file, `\`${key}\` must contain {{${name}}}`, {
            ...lines.get(key),
            hint: `e.g. \`${key}: "${spec.example}"\``,
          }),
        );
      }
    }
  }
  if (strings.locale !== undefined) {
    try {
      Intl.getCanonicalLocales(strings.locale);
    } catch {
      diagnostics.push(
        diagnostic('COMMON_INVALID', 'error', file, `\`locale\` "${strings.locale}" is not a locale such as en-GB`, {
          ...lines.get('locale'),
          hint: 'use a BCP 47 tag: the language, optionally a region (de, en-GB, fr-BE)',
        }),
      );
      delete strings.locale;
    }
  }
  // Each option of `{{date, datetime(…)}}`, as i18next reads it: a name Intl.DateTimeFormat does
  // not know, a value it does not take, or a value it would take without a word and turn into
  // something else (`hour12: maybe` is true, `calendar: mars` the Gregorian calendar) is an error
  // at the option's own line and column, with the values it takes.
  const dateSource = text.slice(...(valueRanges.get('date') ?? [0, 0]));
  const at = (problem: DateOptionProblem): { line: number; column: number; lng: string } => {
    // The option as written in the file: its n-th occurrence there, as in the text (a
    // double-quoted value with escapes may not hold it as it is: then the value's own place).
    const range = valueRanges.get('date');
    let index = -1;
    for (let from = 0, n = occurrencesBefore(strings.date!, problem.option, problem.index); n >= 0; n--) {
      index = dateSource.indexOf(problem.option, from);
      if (index < 0) break;
      from = index + 1;
    }
    if (range === undefined || index < 0) return lines.get('date')!;
    const place = positioned.lineCounter.linePos(range[0] + index);
    return { line: place.line, column: place.col, lng };
  };
  // Checked whatever else is wrong in the file, so that all its errors are reported at once.
  const checked = strings.date === undefined ? undefined : checkDateOptions(strings.date);
  for (const problem of checked?.problems ?? []) {
    diagnostics.push(diagnostic(problem.code, problem.severity, file, problem.message, { ...at(problem), hint: problem.hint }));
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  if (checked === undefined) return { strings, diagnostics };
  // i18next swallows a formatter error and returns the raw value; try the format once here so
  // a typo in the date format is an error now rather than a wrong date in every page.
  const probe = createUiText(createI18n({ [lng]: { [COMMON_NAMESPACE]: strings } }), lng, 'UTC').date(PROBE_INSTANT);
  // The year as the locale writes it: Persian ۱۳۹۶ (its own calendar and digits), Egyptian Arabic
  // ٢٠١٨, Thai Buddhist 2561. Only "2018" was taken, which refused every such language.
  const years = ['2018', ...localYears(strings.locale ?? lng, checked.numerals)];
  if (!years.some((year) => probe.includes(year)) || probe.includes(String(PROBE_INSTANT))) {
    diagnostics.push(
      diagnostic('COMMON_FORMAT', 'error', file, `\`date\` does not format a date (it gives "${probe}")`, {
        ...lines.get('date'),
        hint: `use i18next's datetime format with Intl.DateTimeFormat options, e.g. \`date: "${COMMON_KEYS.date!.example}"\``,
      }),
    );
    return { diagnostics };
  }
  return { strings, diagnostics };
}

/** How many times `part` occurs in `text` before `index`. */
function occurrencesBefore(text: string, part: string, index: number): number {
  let count = 0;
  for (let at = text.indexOf(part); at >= 0 && at < index; at = text.indexOf(part, at + 1)) count++;
  return count;
}

/**
 * The year of the probe date as `locale` writes it (with its calendar and digits: Hebrew letters in
 * a long date), short and long; `numerals` are the `calendar` and `numberingSystem` the `date`
 * options choose (`calendar: islamic` writes 1439).
 */
function localYears(locale: string, numerals: Intl.DateTimeFormatOptions = {}): string[] {
  try {
    const styles: Intl.DateTimeFormatOptions[] = [{ year: 'numeric' }, { year: '2-digit' }, { dateStyle: 'long' }];
    return styles.flatMap((style) =>
      new Intl.DateTimeFormat(locale, { ...style, ...numerals, timeZone: 'UTC' })
        .formatToParts(PROBE_INSTANT)
        .filter((part) => part.type === 'year' || (part.type as string) === 'relatedYear')
        .map((part) => part.value),
    );
  } catch {
    return [];
  }
}

const STYLES = ['full', 'long', 'medium', 'short'];
const NAMES = ['long', 'short', 'narrow'];
const NUMERIC = ['numeric', '2-digit'];

/**
 * The options Intl.DateTimeFormat knows (it ignores any other name without a word, and so does
 * i18next), with the values each takes: a list, or how the value is checked.
 */
const DATE_OPTIONS: ReadonlyMap<string, readonly (string | number | boolean)[] | 'calendar' | 'numberingSystem' | 'timeZone'> = new Map<
  string,
  readonly (string | number | boolean)[] | 'calendar' | 'numberingSystem' | 'timeZone'
>([
  ['dateStyle', STYLES],
  ['timeStyle', STYLES],
  ['weekday', NAMES],
  ['era', NAMES],
  ['year', NUMERIC],
  ['month', [...NUMERIC, ...NAMES]],
  ['day', NUMERIC],
  ['dayPeriod', ['narrow', 'short', 'long']],
  ['hour', NUMERIC],
  ['minute', NUMERIC],
  ['second', NUMERIC],
  ['fractionalSecondDigits', [1, 2, 3]],
  ['timeZoneName', ['short', 'long', 'shortOffset', 'longOffset', 'shortGeneric', 'longGeneric']],
  ['timeZone', 'timeZone'],
  ['hour12', [true, false]],
  ['hourCycle', ['h11', 'h12', 'h23', 'h24']],
  ['calendar', 'calendar'],
  ['numberingSystem', 'numberingSystem'],
  ['formatMatcher', ['basic', 'best fit']],
  ['localeMatcher', ['lookup', 'best fit']],
]);

/** What is wrong with one option of a `datetime(…)` format. */
export interface DateOptionProblem {
  code: 'COMMON_FORMAT' | 'COMMON_TIME_ZONE';
  severity: 'error' | 'warning';
  /** The option as written (trimmed), to find it in the file. */
  option: string;
  /** Where `option` is in the text. */
  index: number;
  message: string;
  hint: string;
}

/**
 * Checks the options of the `datetime(…)` formats in a `date` text, read as i18next reads them
 * (`;` between options, the name before the first `:`, single quotes around the value stripped,
 * `true`/`false` and numbers converted; the format name in any case): a name Intl.DateTimeFormat
 * does not know (i18next would pass it on, Intl ignore it, and the page show a numeric date), an
 * option given twice, a value the option does not take — including values Intl takes without a
 * word but turns into something else (`hour12: maybe` is true; `calendar: mars` and
 * `numberingSystem: foo` are the locale's own) —, options that cannot be combined, and `timeZone`,
 * which Presslate replaces with the configured one (a warning when it names a zone). `numerals`:
 * the calendar and numbering system the options choose, for recognising the year.
 */
/**
 * Whether `value` holds the placeholder `name` (`{{name}}`, `{{name, …}}`), as
 * /\{\{\s*name\s*(,[^}]*)?\}\}/ finds it, in linear time: that pattern ran from every `{{name,` to
 * the next `}` (quadratic, a text of 100,000 characters took `build` 1 s, ten times that length
 * some 100 s). The first `}` after a position is looked up once for all the `{{name,` before it.
 */
export function hasPlaceholder(value: string, name: string): boolean {
  let brace = -1;
  for (const match of value.matchAll(new RegExp(`\\{\\{\\s*${name}\\s*`, 'g'))) {
    const end = match.index + match[0].length;
    if (value.startsWith('}}', end)) return true;
    if (value[end] !== ',') continue;
    if (brace < end) brace = value.indexOf('}', end);
    if (brace < 0) return false;
    if (value[brace + 1] === '}') return true;
  }
  return false;
}

/**
 * The quotes i18next strips around an option value. The look-behind tries the end only where a run
 * of quotes starts: from every quote of a long run inside a value, /^'+|'+$/g ran to the run's end
 * (quadratic, 100,000 quotes took `build` 5 s). Same matches.
 */
const QUOTES_AROUND = /^'+|(?<!')'+$/g;

export function checkDateOptions(text: string): { problems: DateOptionProblem[]; numerals: Intl.DateTimeFormatOptions } {
  const problems: DateOptionProblem[] = [];
  const numerals: Intl.DateTimeFormatOptions = {};
  const error = (option: string, index: number, message: string, hint: string): void => {
    problems.push({ code: 'COMMON_FORMAT', severity: 'error', option, index, message, hint });
  };
  const names = [...DATE_OPTIONS.keys()];
  const unknown: { option: string; index: number }[] = [];
  // Only up to the last `)`: a match ends at one, and from each `datetime(` after it the pattern
  // ran to the end of the text to find none (quadratic, 1 MB of `datetime(` took `build` 40 s).
  for (const match of text.slice(0, text.lastIndexOf(')') + 1).matchAll(/\bdatetime\s*\(([^)]*)\)/gi)) {
    const options: Record<string, unknown> = {};
    const written = new Map<string, string>();
    const errorsBefore = problems.filter((problem) => problem.severity === 'error').length;
    let offset = match.index + match[0].indexOf('(') + 1;
    for (const raw of match[1]!.split(';')) {
      const option = raw.trim();
      const index = offset + raw.length - raw.trimStart().length;
      offset += raw.length + 1;
      if (option === '') continue;
      const colon = option.indexOf(':');
      const name = colon < 0 ? option : option.slice(0, colon).trim();
      const accepted = DATE_OPTIONS.get(name);
      if (colon < 0 || accepted === undefined) {
        unknown.push({ option, index });
        continue;
      }
      if (written.has(name)) {
        error(option, index, `\`date\` sets \`${name}\` twice ("${written.get(name)}" and "${option}")`, `keep one of them: i18next takes the first text but the last true, false or number, so which one counts is hard to tell`);
        continue;
      }
      written.set(name, option);
      const rawValue = option.slice(colon + 1).trim().replace(QUOTES_AROUND, '');
      const value = i18nextOptionValue(rawValue);
      const shown = `\`date\` option \`${option}\``;
      if (rawValue === '') {
        error(option, index, `${shown} has no value`, `write \`${name}: <value>\`${Array.isArray(accepted) ? ` with one of ${accepted.join(', ')}` : ''}, or remove the option`);
      } else if (accepted === 'timeZone') {
        if (isTimeZone(rawValue)) {
          problems.push({
            code: 'COMMON_TIME_ZONE',
            severity: 'warning',
            option,
            index,
            message: `${shown} is not used: dates are written in the \`timeZone\` of presslate.config.yaml, so that every language shows a release on its own day`,
            hint: 'remove the option; to date every language in another zone, set `timeZone` in presslate.config.yaml',
          });
        } else {
          error(option, index, `${shown}: "${rawValue}" is not an IANA time zone`, 'remove the option (dates are written in the `timeZone` of presslate.config.yaml whatever it says); a time zone is written like Europe/Berlin, America/New_York or UTC');
        }
      } else if (accepted === 'calendar' || accepted === 'numberingSystem') {
        const supported = Intl.supportedValuesOf(accepted);
        if (typeof value !== 'string' || !knownIntlValue(accepted, value)) {
          error(option, index, `${shown}: "${rawValue}" is not a ${accepted === 'calendar' ? 'calendar' : 'numbering system'} Intl knows (it would use the locale's own without a word)`, `use one of ${someOf(supported, accepted)}, or remove the option`);
        } else {
          numerals[accepted] = value;
        }
      } else if (!accepted.includes(value as string | number | boolean)) {
        error(option, index, `${shown}: "${rawValue}" is not a value of \`${name}\``, `use one of ${accepted.join(', ')}${name === 'hour12' ? ' (Intl reads any other text as true)' : ''}`);
      } else {
        options[name] = value;
      }
    }
    if (problems.filter((problem) => problem.severity === 'error').length > errorsBefore || unknown.length > 0) continue;
    try {
      new Intl.DateTimeFormat('en', { ...options, timeZone: 'UTC' } as Intl.DateTimeFormatOptions);
    } catch (failure) {
      error(match[0], match.index, `\`date\` has options that do not go together: ${(failure as Error).message}`, 'use `dateStyle` and `timeStyle` alone, or the single fields (weekday, year, month, day, hour, minute, second, …) without them');
    }
  }
  if (unknown.length > 0) {
    const suggestions = unknown.map(({ option }) => closestName(option.split(':')[0]!.trim(), names)).filter((name) => name !== undefined);
    problems.unshift({
      code: 'COMMON_FORMAT',
      severity: 'error',
      ...unknown[0]!,
      message: `\`date\` has ${unknown.map(({ option }) => `"${option}"`).join(', ')}, which ${unknown.length === 1 ? 'is not a date format option' : 'are not date format options'} (i18next would ignore ${unknown.length === 1 ? 'it' : 'them'} and print a numeric date)`,
      hint: `${suggestions.length > 0 ? `did you mean ${[...new Set(suggestions)].join(', ')}? Otherwise ` : ''}write each option as \`name: value\`, separated by \`;\`, with names of Intl.DateTimeFormat (${names.join(', ')}), e.g. \`date: "${COMMON_KEYS.date!.example}"\``,
    });
  }
  return { problems, numerals };
}

/** Numbering systems a press office is likely to want, named first in a hint (Intl knows some 80). */
const COMMON_NUMBERING_SYSTEMS = ['latn', 'arab', 'arabext', 'beng', 'deva', 'fullwide', 'hanidec', 'thai'];

/** The values of a hint: all of a short list; of the numbering systems, the common ones and how to list the rest. */
function someOf(supported: readonly string[], kind: 'calendar' | 'numberingSystem'): string {
  if (kind === 'calendar') return supported.join(', ');
  const common = COMMON_NUMBERING_SYSTEMS.filter((name) => supported.includes(name));
  return `${common.join(', ')} (or another of the ${supported.length} that Intl.supportedValuesOf('numberingSystem') lists)`;
}

/** An option's value as i18next's format parser hands it to Intl: `true`, `false` and numbers converted. */
function i18nextOptionValue(value: string): unknown {
  if (value === 'false') return false;
  if (value === 'true') return true;
  return Number.isNaN(Number(value)) ? value : parseInt(value, 10);
}

/**
 * Whether Intl uses `value` as the calendar or numbering system (an alias too: `islamicc` is
 * islamic-civil). Intl takes any well-formed name and falls back to the locale's own for one it
 * does not know: a value that resolves to the default is taken only when it names the default.
 */
function knownIntlValue(kind: 'calendar' | 'numberingSystem', value: string): boolean {
  const fallback = kind === 'calendar' ? 'gregory' : 'latn';
  try {
    const resolved = new Intl.DateTimeFormat('und', { [kind]: value }).resolvedOptions()[kind];
    return resolved !== fallback || value.toLowerCase() === fallback;
  } catch {
    return false;
  }
}

/** The UI text of one language, rendered through i18next. */
export interface UiText {
  lng: string;
  /** A common.yaml text with its placeholders filled in. */
  t(key: string, values?: Record<string, unknown>): string;
  /** A date as the language writes it ("16. März 2018"), in the configured time zone. */
  date(instant: number): string;
  /**
   * Takes `text` as {@link date}'s line for `instant`: one made before from the same common.yaml
   * text and time zone (the build cache's, see render-releases.ts). Making the first date
   * formatter of a process costs some 10 ms (ICU), more than rendering the release it dates.
   */
  remember(instant: number, text: string): void;
}

/**
 * UI text for `lng` from an i18next instance holding the `common` namespace. Dates go through
 * i18next's `datetime` formatter (Intl.DateTimeFormat) with the `locale` from common.yaml (English
 * wants en-GB for "16 March 2018") and the configured time zone; the clock is never read.
 */
export function createUiText(instance: i18n, lng: string, timeZone: string): UiText {
  const locale = instance.exists('locale', { ns: COMMON_NAMESPACE, lng })
    ? (instance.t('locale', { ns: COMMON_NAMESPACE, lng }) as string)
    : lng;
  // `locale` reaches every Intl formatter (dates, numbers) through i18next's format options.
  const translate = (key: string, values: Record<string, unknown> = {}): string =>
    instance.t(key, { locale, ...values, ns: COMMON_NAMESPACE, lng }) as string;
  // Every page asks for the same few texts with the same values ("Other languages:", the feed
  // title with the publisher): each (key, values) is rendered by i18next once. The strings and
  // formatters are fixed for the instance's life, so the memo cannot go stale.
  const texts = new Map<string, string>();
  const t = (key: string, values?: Record<string, unknown>): string => {
    const id = values === undefined ? key : `${key}\u0000${JSON.stringify(values)}`;
    let text = texts.get(id);
    if (text === undefined) {
      text = translate(key, values);
      if (texts.size > 10_000) texts.clear();
      texts.set(id, text);
    }
    return text;
  };
  const viaI18next = (instant: number): string => translate('date', { date: instant, formatParams: { date: { locale, timeZone } } });
  // Made when a date is first asked for that is not remembered.
  let format: ((instant: number) => string) | undefined;
  // A page, its index entry and its feed item all show the same date: format each day once.
  const dates = new Map<number, string>();
  return {
    lng,
    t,
    date(instant) {
      let text = dates.get(instant);
      if (text === undefined) {
        format ??= directDateFormat(dateTemplate(instance, lng), locale, timeZone, viaI18next) ?? viaI18next;
        text = format(instant);
        dates.set(instant, text);
      }
      return text;
    },
    remember(instant, text) {
      dates.set(instant, text);
    },
  };
}

/** The `date` text i18next uses for `lng`: the first non-empty one along the language's fallbacks. */
function dateTemplate(instance: i18n, lng: string): string | undefined {
  for (const code of fallbackChain(instance, lng)) {
    const text: unknown = instance.getResource(code, COMMON_NAMESPACE, 'date');
    if (typeof text === 'string' && text !== '') return text;
  }
  return undefined;
}

/** A `date` text that is one `{{date, datetime(…)}}` with plain text around it (no nesting, no other placeholder). */
// `datetime\s*(?:\(…\)\s*)?`, not `datetime\s*(?:\(…\))?\s*`: the two adjacent `\s*` could share a run of
// blanks every way, and 100,000 tabs after `datetime` took `build` 9 s. Same texts, same groups.
const SIMPLE_DATE = /^([^{}$]*)\{\{\s*date\s*,\s*datetime\s*(?:\(([^()]*)\)\s*)?\}\}([^{}$]*)$/;

/** Instants the direct formatter must render exactly as i18next does before it is used. */
const DIRECT_PROBES = [PROBE_INSTANT, Date.UTC(2024, 11, 31, 23, 59, 59, 999), Date.UTC(2000, 0, 1), Date.UTC(2026, 6, 4, 6, 5, 4)];

/**
 * The date line without i18next's per-call work, for the usual `date` text (one datetime
 * placeholder in plain text): one Intl.DateTimeFormat, made with the options parsed the way
 * i18next's Formatter parses them (`;`-separated `name: value`, quotes stripped, `true`/`false`
 * and numbers converted; the time zone given by Presslate wins). i18next spends about 0.1 ms a
 * call on option objects, its cache key and the interpolation regexes — some 0.4 s of each
 * rendering thread in a cold build of 1,000 releases, more than all Intl formatting. Used only
 * when it gives i18next's exact text at every probe instant; anything else goes through i18next.
 */
export function directDateFormat(
  template: string | undefined,
  locale: string,
  timeZone: string,
  viaI18next: (instant: number) => string,
): ((instant: number) => string) | undefined {
  const match = template === undefined ? null : SIMPLE_DATE.exec(template);
  if (!match) return undefined;
  const [, before = '', optionText, after = ''] = match;
  const options: Record<string, unknown> = {};
  for (const option of (optionText ?? '').split(';')) {
    if (!option) continue;
    const [name = '', ...rest] = option.split(':');
    const value = rest.join(':').trim().replace(QUOTES_AROUND, '');
    const key = name.trim();
    if (!options[key]) options[key] = value;
    if (value === 'false') options[key] = false;
    if (value === 'true') options[key] = true;
    if (!Number.isNaN(Number(value))) options[key] = parseInt(value, 10);
  }
  let formatter: Intl.DateTimeFormat;
  try {
    formatter = new Intl.DateTimeFormat(locale.replace(/_/g, '-'), { ...options, timeZone } as Intl.DateTimeFormatOptions);
  } catch {
    return undefined; // i18next logs the error and prints the raw value: let it
  }
  const format = (instant: number): string => before + formatter.format(instant) + after;
  return DIRECT_PROBES.every((instant) => format(instant) === viaI18next(instant)) ? format : undefined;
}
