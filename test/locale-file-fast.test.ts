import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { load, FAILSAFE_SCHEMA } from 'js-yaml';
import { Document, parseDocument } from 'yaml';
import { parsePositioned, unclosedQuoteOffset } from '../src/core/yaml-position.js';
import { entryFieldOrder, entryMap, LOCALE_STRINGIFY_OPTIONS, setEntryField } from '../src/core/locale-edit.js';
import { readLocaleFile, type LocaleFile } from '../src/core/locale-file.js';
import { readLocaleFileFast } from '../src/core/locale-file-fast.js';
import { locateTranslations } from '../src/core/checks/locate.js';
import { REPO } from './helpers/project.js';

const EXPECTED = { release: '2018-03-16-growin-konferenz', language: 'en', sourceLanguage: 'de' };

function plain(locale: LocaleFile | undefined): unknown {
  if (!locale) return undefined;
  return { ...locale, entries: [...locale.entries], obsolete: [...locale.obsolete] };
}

/**
 * The contract: the fast reader either declines or returns exactly what the full reader returns;
 * and where it accepts a file, the places of the translations and of the German it finds on the
 * way are the ones a YAML parse finds (checks/locate.ts).
 */
function expectAgreement(text: string, expected = EXPECTED): 'fast' | 'declined' {
  const fast = readLocaleFileFast(text, expected);
  if (fast === undefined) return 'declined';
  const full = readLocaleFile(text, 'x.yaml', expected);
  expect(full.diagnostics).toEqual([]);
  expect(plain(fast)).toEqual(plain(full.locale));
  for (const lng of [expected.language, expected.sourceLanguage, 'status']) {
    const places = new Map<string, { line: number; column: number }>();
    expect(readLocaleFileFast(text, expected, { lng, places })).toBeDefined();
    expect([...places]).toEqual([...locateTranslations(text, lng)]);
    expect([...locateTranslations(text, lng, expected)]).toEqual([...places]);
  }
  return 'fast';
}

describe('readLocaleFileFast', () => {
  it('reads every locale file of the sample project exactly as readLocaleFile does', () => {
    let read = 0;
    for (const lng of ['da', 'en', 'nl', 'fr']) {
      const folder = join(REPO, 'locales', lng);
      for (const name of readdirSync(folder)) {
        if (name === 'common.yaml') continue;
        const text = readFileSync(join(folder, name), 'utf8');
        expect(expectAgreement(text, { release: name.replace(/\.yaml$/, ''), language: lng, sourceLanguage: 'de' })).toBe('fast');
        read++;
      }
    }
    expect(read).toBeGreaterThanOrEqual(20);
  });

  it('declines what it does not handle, so the full reader reports it', () => {
    const base = 'release: 2018-03-16-growin-konferenz\nlanguage: en\nsegments:\n  p-1:\n    de: Hallo\n    en: Hello\n    status: reviewed\nobsolete: {}\n';
    expect(expectAgreement(base)).toBe('fast');
    const declined = [
      base.replace('en: Hello', 'en: Hello: world'), // a nested map in YAML
      base.replace('en: Hello', 'en: Hello # comment'),
      base.replace('en: Hello', 'en: |\n      Hello'),
      base.replace('en: Hello', 'en: "Hello\\x41"'),
      base.replace('en: Hello', 'en: Hello\n      world'), // multi-line plain scalar
      base.replace('status: reviewed', 'status: done'), // an error the full reader reports
      base.replace('release: 2018-03-16-growin-konferenz', 'release: other'),
      base.replace('    de: Hallo\n', ''), // no German
      base.replace('    en: Hello\n', '    en: Hello\n    en: Hi\n'), // duplicate key
      base.replace('  p-1:\n', '  p-1:\n  p-1:\n'),
      base.replace('en: Hello', 'en: &a Hello'),
      base.replace('en: Hello', 'en:\tHello'),
      `---\n${base}`,
      base.replace('  p-1:', '  p-1: x'),
      `${base}notes: ask Anna about the title\n`, // a key of no use: the full reader warns (LOCALE_UNKNOWN_KEY)
      base.replace('segments:', 'segmnets:'),
    ];
    for (const text of declined) expect(readLocaleFileFast(text, EXPECTED)).toBeUndefined();
  });

  it('agrees with readLocaleFile on generated files, as Presslate writes them and as people edit them', () => {
    const value = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 30 }),
      fc.string({ unit: fc.constantFrom('a', 'ü', ' ', ':', '#', '"', "'", '\\', '-', '<1>', '</1>', '\n', '\t', '{', '}', '[', '&', '*', '!', '|', '>', '%', '@', '`', ',', '?'), maxLength: 12 }),
      fc.constantFrom('', 'null', '~', 'yes', '15', 'a: b', ' x', 'x ', '# y', "it's", '"q"', '\\n'),
    );
    const entry = fc.record(
      {
        de: fc.oneof(value, fc.constant('Hallo Welt')),
        en: value,
        status: fc.constantFrom('new', 'translated', 'reviewed', 'stale', 'reviewed', 'reviewed', 'done', ''),
        previous: value,
        'previous-status': fc.constantFrom('reviewed', 'translated', 'x'),
        suggestion: fc.record({ text: value, score: fc.constantFrom('80', '', 'x'), origin: value }, { requiredKeys: [] }),
      },
      { requiredKeys: ['de'] },
    );
    const file = fc.record({
      segments: fc.dictionary(fc.constantFrom('p-1', 'h-2', 'meta.title', 'li-3', 'q-4', '5'), entry, { maxKeys: 4 }),
      obsolete: fc.dictionary(fc.constantFrom('p-9', 'td-8'), entry, { maxKeys: 2 }),
    });
    const edit = fc.record({ position: fc.nat(), text: fc.constantFrom('', '\n', ' ', '  ', '# note\n', '\n\n', ':', '"', "'", '#', '- ', '\t', 'x') });
    let fast = 0;
    fc.assert(
      fc.property(file, fc.array(edit, { maxLength: 2 }), fc.boolean(), (content, edits, indentFour) => {
        const document = new Document({ release: EXPECTED.release, language: 'en', ...content }, { schema: 'failsafe' });
        document.commentBefore = ' English translation';
        let text = document.toString({ lineWidth: 0, flowCollectionPadding: false, indent: indentFour ? 4 : 2 });
        for (const { position, text: inserted } of edits) {
          const at = position % (text.length + 1);
          text = text.slice(0, at) + inserted + text.slice(at);
        }
        if (expectAgreement(text) === 'fast') fast++;
      }),
      { numRuns: 1500, seed: 5 },
    );
    // Not vacuous: most unedited files take the fast path.
    expect(fast).toBeGreaterThan(150);
  });
});

describe('readLocaleFile', () => {
  it('reads a translation written as a block scalar without the line break the block ends with', () => {
    const text = (value: string): string =>
      `release: ${EXPECTED.release}\nlanguage: en\nsegments:\n  h-085b13e5:\n    de: Vertrag unterzeichnet\n    en: ${value}\n    status: reviewed\n`;
    for (const [value, expected] of [
      ['>\n      Agreement\n      signed\n', 'Agreement signed'],
      ['|\n      Agreement signed\n\n', 'Agreement signed'],
      ['>-\n      Agreement signed\n', 'Agreement signed'],
      ['"Agreement signed\\n"', 'Agreement signed\n'], // a quoted line break is what the translator wrote
    ] as const) {
      const { locale } = readLocaleFile(text(value), 'x.yaml', EXPECTED);
      expect(locale?.entries.get('h-085b13e5')?.translation, value).toBe(expected);
      expect(readLocaleFileFast(text(value), EXPECTED)?.entries.get('h-085b13e5')?.translation ?? expected).toBe(expected);
    }
  });

  it('writes any text so that every YAML reader reads it back exactly: control characters, separators, BOM and noncharacters are escaped; a final line break or white space alone is quoted', () => {
    const untouched = '  p-3:\n    de: Ende\n    en: |\n      The end\n    status: new\n';
    const template = `release: ${EXPECTED.release}\nlanguage: en\nsegments:\n  p-1:\n    de: Hallo\n    en: |\n      Hello\n    status: new\n  p-2:\n    de: Welt\n    en: World\n    status: new\n${untouched}obsolete: {}\n`;
    const unsafe = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u2028\u2029\uFEFF\uFFFE\uFFFF]/;
    const character = fc.constantFrom('a', 'é', ' ', '\t', '\n', '\r', ':', '"', '\\', '#', '<1>', '\u0000', '\u0001', '\u001B', '\u007F', '\u0080', '\u0085', '\u009F', '\u2028', '\u2029', '\uFEFF', '\uFFFE', '\uFFFF', '\uD800');
    fc.assert(
      fc.property(fc.string({ unit: character, minLength: 1, maxLength: 8 }), fc.string({ unit: character, minLength: 1, maxLength: 8 }), (first, second) => {
        const { document } = readLocaleFile(template, 'x.yaml', EXPECTED);
        const order = entryFieldOrder('de', 'en');
        setEntryField(entryMap(document!, 'p-1')!, 'en', first, order);
        setEntryField(entryMap(document!, 'p-2')!, 'en', second, order);
        setEntryField(entryMap(document!, 'p-2')!, 'de', first, order);
        const text = document!.toString(LOCALE_STRINGIFY_OPTIONS);
        expect(text).not.toMatch(unsafe);
        const read = readLocaleFile(text, 'x.yaml', EXPECTED).locale!;
        expect([read.entries.get('p-1')?.translation, read.entries.get('p-2')?.translation, read.entries.get('p-2')?.source]).toEqual([first, second, first]);
        // A block the translator wrote keeps its style, and reads without its final line break.
        expect(text).toContain(untouched);
        expect(read.entries.get('p-3')?.translation).toBe('The end');
        expectAgreement(text);
        if (!/[\uD800-\uDFFF]/.test(first + second)) {
          const other = load(text, { schema: FAILSAFE_SCHEMA }) as { segments: Record<string, Record<string, string>> };
          expect([other.segments['p-1']!.en, other.segments['p-2']!.en, other.segments['p-2']!.de]).toEqual([first, second, first]);
          expect(other.segments['p-3']!.en).toBe('The end\n');
        }
      }),
      { numRuns: 1000, seed: 7 },
    );
  });

  it('reads a YAML alias as the text its anchor marks, whether it stands for a field or a whole entry', () => {
    const text = [
      `release: ${EXPECTED.release}`,
      'language: en',
      'segments:',
      '  h-085b13e5: &entry',
      '    de: Vertrag unterzeichnet',
      '    en: &signed Agreement signed',
      '    status: &done reviewed',
      '  h-11111111:',
      '    de: Vertrag unterzeichnet!',
      '    en: *signed',
      '    status: *done',
      '  h-22222222: *entry',
      '',
    ].join('\n');
    expect(readLocaleFileFast(text, EXPECTED)).toBeUndefined();
    const { locale, diagnostics } = readLocaleFile(text, 'x.yaml', EXPECTED);
    expect(diagnostics).toEqual([]);
    expect([...locale!.entries.values()].map((entry) => [entry.key, entry.source, entry.translation, entry.status])).toEqual([
      ['h-085b13e5', 'Vertrag unterzeichnet', 'Agreement signed', 'reviewed'],
      ['h-11111111', 'Vertrag unterzeichnet!', 'Agreement signed', 'reviewed'],
      ['h-22222222', 'Vertrag unterzeichnet', 'Agreement signed', 'reviewed'],
    ]);
  });
});

describe('top-level keys other than release, language, segments and obsolete', () => {
  const base = 'release: 2018-03-16-growin-konferenz\nlanguage: en\nsegments:\n  p-1:\n    de: Hallo\n    en: Hello\n    status: reviewed\nobsolete: {}\n';

  it('are a warning at their line naming the valid keys (and the one meant), and the file still reads', () => {
    const read = readLocaleFile(`${base}notes: ask Anna about the title\n`, 'locales/en/x.yaml', EXPECTED);
    expect(read.locale).toEqual(readLocaleFile(base, 'locales/en/x.yaml', EXPECTED).locale);
    expect(read.diagnostics.map((d) => [d.code, d.severity, d.line, d.column])).toEqual([['LOCALE_UNKNOWN_KEY', 'warning', 9, 1]]);
    expect(read.diagnostics[0]!.message).toBe('`notes` is not a key of a locale file: nothing reads what it holds (extract keeps it as it is)');
    expect(read.diagnostics[0]!.hint).toContain('`release`, `language`, `segments`, `obsolete`');
    expect(read.diagnostics[0]!.hint).not.toContain('did you mean');
    // A misspelt section: its entries are not read (the release is held), and the hint names the key meant.
    const typo = readLocaleFile(base.replace('segments:', 'Segmente:'), 'locales/en/x.yaml', EXPECTED);
    expect(typo.locale?.entries.size).toBe(0);
    expect(typo.diagnostics.map((d) => [d.code, d.line])).toEqual([['LOCALE_UNKNOWN_KEY', 3]]);
    expect(typo.diagnostics[0]!.hint).toMatch(/^did you mean `segments`\?/);
  });

  it('the fast reader leaves such a file to the full reader, which warns; both agree on every file without one', () => {
    for (const extra of ['notes: x\n', 'comment:\n  - a\n', 'obsolet: {}\n', 'Release: y\n']) {
      const text = base + extra;
      expect(readLocaleFileFast(text, EXPECTED), extra).toBeUndefined();
      expect(readLocaleFile(text, 'x.yaml', EXPECTED).diagnostics.map((d) => d.code), extra).toEqual(['LOCALE_UNKNOWN_KEY']);
    }
    expect(expectAgreement(base)).toBe('fast');
  });
});

describe('duplicate keys, found in linear time', () => {
  it('reports what yaml reports with uniqueKeys: true, at the same places', () => {
    const texts = [
      'a: 1\nb: 2\na: 3\n',
      'a: 1\n"a": 2\n\'a\': 3\n',
      '1: x\n"1": y\n',
      'm:\n  k: 1\n  k: 2\nn: {x: 1, x: 2}\n',
      'a: 1\nb: [\na: 2\n',
      '? a\n: 1\na: 2\n',
      'segments:\n  p-1:\n    de: A\n    de: B\n  p-1:\n    de: C\n',
    ];
    for (const text of texts) {
      const ours = parsePositioned(text).document.errors.map((e) => [e.code, e.pos[0]]);
      const theirs = parseDocument(text, { uniqueKeys: true }).errors.map((e) => [e.code, e.pos[0]]);
      expect(ours, text).toEqual(theirs);
    }
  });

  it('a locale file is read with work linear in its entries (yaml compared each key with every key before it: 60,000 entries took minutes)', () => {
    const entries = Array.from({ length: 2_000 }, (_, i) => `  p-${i.toString(16).padStart(8, '0')}:\n    de: Text ${i}\n    en: Text ${i}\n    status: reviewed\n`).join('');
    const text = `release: r\nlanguage: en\nsegments:\n${entries}  p-00000001:\n    de: again\n`;
    // yaml's duplicate check is `items.some(pair => isEqual(pair.key, key))` for every key: count
    // the callbacks of Array.prototype.some instead of timing (about 2,000,000 without the fix).
    const some = Array.prototype.some;
    let calls = 0;
    Array.prototype.some = function (this: unknown[], callback: (...args: unknown[]) => unknown, thisArg?: unknown) {
      return some.call(this, (...args: unknown[]) => (calls++, callback.apply(thisArg, args)));
    } as typeof some;
    let read: ReturnType<typeof readLocaleFile>;
    try {
      read = readLocaleFile(text, 'locales/en/r.yaml', { release: 'r', language: 'en', sourceLanguage: 'de' });
    } finally {
      Array.prototype.some = some;
    }
    expect(read.diagnostics.map((d) => [d.code, d.line])).toEqual([['LOCALE_YAML', 8_004]]);
    expect(calls).toBeLessThan(100_000);
  });
});

describe('fields of an entry other than the German, the translation, status, previous…, suggestion', () => {
  const base = 'release: 2018-03-16-growin-konferenz\nlanguage: en\nsegments:\n  p-1:\n    de: Hallo\n    en: Hello\n    status: reviewed\nobsolete: {}\n';

  it('are a warning at their line naming the field meant; the file still reads, and the fast reader leaves it to the full one', () => {
    const misspelt = readLocaleFile(base.replace('    en: Hello\n', '    eng: Hello\n'), 'locales/en/x.yaml', EXPECTED);
    expect(misspelt.diagnostics.map((d) => [d.code, d.severity, d.line, d.column, d.key])).toEqual([['LOCALE_UNKNOWN_FIELD', 'warning', 6, 5, 'p-1']]);
    expect(misspelt.diagnostics[0]!.message).toBe('entry `p-1` has `eng:`, which is not a field of an entry: nothing reads what it holds');
    expect(misspelt.diagnostics[0]!.hint).toMatch(/^did you mean `en:`\? an entry has `de:` \(the German\), `en:` \(the translation\) and `status:`/);
    expect(misspelt.locale?.entries.get('p-1')?.translation).toBe('');
    const capital = readLocaleFile(base.replace('status: reviewed', 'Status: reviewed'), 'x.yaml', EXPECTED);
    expect(capital.diagnostics[0]!.hint).toMatch(/^did you mean `status:`\?/);
    // A line copied from the Danish file: no "did you mean `de:`".
    const copied = readLocaleFile(base.replace('    en: Hello\n', '    en: Hello\n    da: Hej\n'), 'x.yaml', EXPECTED);
    expect(copied.diagnostics.map((d) => [d.code, d.line])).toEqual([['LOCALE_UNKNOWN_FIELD', 7]]);
    expect(copied.diagnostics[0]!.hint).toMatch(/^this file holds the `en` translation: write it under `en:`; /);
    expect(copied.locale).toEqual(readLocaleFile(base, 'x.yaml', EXPECTED).locale);
    for (const text of [base.replace('    en: Hello\n', '    eng: Hello\n'), base.replace('    en: Hello\n', '    en: Hello\n    da: Hej\n'), base.replace('    en: Hello\n', '    en: Hello\n    note: ask Anna\n')]) {
      expect(readLocaleFileFast(text, EXPECTED), text).toBeUndefined();
    }
  });

  it('every field Presslate writes is known (no warning)', () => {
    const full = base.replace(
      '    status: reviewed\n',
      '    status: stale\n    previous: Hallo!\n    previous-status: reviewed\n    previous-en: Hello!\n    suggestion:\n      text: Hi\n      score: 80\n      origin: x#p-2\n',
    );
    expect(readLocaleFile(full, 'x.yaml', EXPECTED).diagnostics).toEqual([]);
    expect(expectAgreement(full)).toBe('fast');
  });
});

describe('YAML anchors on a translation', () => {
  const base = 'release: 2018-03-16-growin-konferenz\nlanguage: en\nsegments:\n  p-1:\n    de: Hallo\n    en: Hello\n    status: reviewed\n  p-2:\n    de: Hallo!\n    en: Hello!\n    status: reviewed\nobsolete: {}\n';

  it('one that an alias uses is YAML as meant; one that none uses is an error naming the words lost', () => {
    const shared = readLocaleFile(base.replace('en: Hello\n', 'en: &greeting Hello\n').replace('en: Hello!', 'en: *greeting'), 'x.yaml', EXPECTED);
    expect(shared.diagnostics).toEqual([]);
    expect(shared.locale?.entries.get('p-2')?.translation).toBe('Hello');
    const lost = readLocaleFile(base.replace('en: Hello\n', 'en: &News from the region\n'), 'x.yaml', EXPECTED);
    expect(lost.diagnostics.map((d) => [d.code, d.severity, d.line, d.key])).toEqual([['LOCALE_INVALID', 'error', 6, 'p-1']]);
    expect(lost.diagnostics[0]!.hint).toBe('YAML reads a value that starts with & as an anchor: put the text in double quotes, e.g. `en: "&News from the region"`');
  });
});

describe('a quote that is never closed', () => {
  it('is shown at the opening quote, not where yaml gave up looking (the end of the file)', () => {
    const text = [
      'release: r',
      'language: en',
      'segments:',
      '  p-1:',
      '    de: Eins',
      '    en: "One',
      '    status: translated',
      '  p-2:',
      '    de: Zwei',
      '    en: Two',
      '    status: new',
      '',
    ].join('\n');
    const [problem] = readLocaleFile(text, 'x.yaml', EXPECTED).diagnostics;
    expect([problem?.code, problem?.line, problem?.column]).toEqual(['LOCALE_YAML', 6, 9]);
    expect(problem?.hint).toMatch(/^the value that starts with this quote has no closing quote/);
  });

  it('the offset of the first quoted value without its closing quote, in block and flow collections', () => {
    const at = (text: string): string | undefined => {
      const offset = unclosedQuoteOffset(text);
      return offset === undefined ? undefined : text.slice(offset, offset + 4);
    };
    expect(at('a: "x"\nb: "yes\nc: d\n')).toBe('"yes');
    expect(at("a: 'it''s'\nb: 'no''\nc: d\n")).toBe("'no'");
    expect(at('a: "a \\" b"\nb: "c \\"\n')).toBe('"c \\');
    expect(at('list: [a, "b, c]\n')).toBe('"b, ');
    expect(at('a: "closed"\nb: \'closed\'\nc: plain "quotes" inside\n')).toBeUndefined();
  });
});

describe('a # in an unquoted translation', () => {
  const file = 'locales/en/2018-03-16-growin-konferenz.yaml';
  const entry = (en: string): string =>
    `release: ${EXPECTED.release}\nlanguage: en\nsegments:\n  p-00000001:\n    de: Folgen Sie uns unter #GrowIn40\n    en: ${en}\n    status: reviewed # checked by Anna\n`;

  it('is read as YAML reads it, with a warning that quotes the whole line as the fix', () => {
    const read = readLocaleFile(entry('Follow us at #GrowIn40 and #Interreg'), file, EXPECTED);
    expect(read.locale?.entries.get('p-00000001')?.translation).toBe('Follow us at');
    expect(read.diagnostics).toHaveLength(1);
    expect(read.diagnostics[0]).toMatchObject({ code: 'LOCALE_TEXT_COMMENT', severity: 'warning', line: 6, column: 9, key: 'p-00000001' });
    expect(read.diagnostics[0]!.hint).toContain('`en: "Follow us at #GrowIn40 and #Interreg"`');
    // The fast reader leaves such a file to the full one, which warns.
    expect(readLocaleFileFast(entry('Follow us at #GrowIn40'), EXPECTED)).toBeUndefined();
  });

  it('a note after a quoted translation or after the status, a comment written as one (`# note`), or a # with no space before it is not warned about', () => {
    for (const en of ['"Follow us at #GrowIn40" # double-check the hashtag', 'Follow us at C#', "'Follow us at #GrowIn40'", 'Follow us at # a note: a space after the #']) {
      const read = readLocaleFile(entry(en), file, EXPECTED);
      expect(read.diagnostics, en).toEqual([]);
      expect(read.locale?.entries.get('p-00000001')?.translation).toMatch(/^Follow us at(?: #GrowIn40| C#)?$/);
    }
  });
});

describe('a translation YAML does not take as typed', () => {
  const file = 'locales/en/2018-03-16-growin-konferenz.yaml';
  const withTranslation = (en: string): string =>
    `release: ${EXPECTED.release}\nlanguage: en\nsegments:\n  p-00000001:\n    de: Das Projekt wird gefördert.\n    en: ${en}\n    status: translated\n`;

  it('gets a hint with the whole line to write, in double quotes, whatever YAML stumbled on', () => {
    const cases: [string, string][] = [
      ['"GrowIn 4.0" is funded by Interreg', '`en: "\\"GrowIn 4.0\\" is funded by Interreg"`'],
      ["'GrowIn' is funded", '`en: "\'GrowIn\' is funded"`'],
      ['% of all firms', '`en: "% of all firms"`'],
      ['@GrowIn on social media', '`en: "@GrowIn on social media"`'],
      ['Note: the project is funded', '`en: "Note: the project is funded"`'],
      ['[GrowIn] is funded', '`en: "[GrowIn] is funded"`'],
    ];
    for (const [typed, line] of cases) {
      const read = readLocaleFile(withTranslation(typed), file, EXPECTED);
      expect(read.locale, typed).toBeUndefined();
      expect(read.diagnostics[0], typed).toMatchObject({ code: 'LOCALE_YAML', severity: 'error', line: 6 });
      expect(read.diagnostics[0]!.hint, typed).toContain(line);
    }
  });
});

describe('a translation that starts with !', () => {
  const file = 'locales/en/2018-03-16-growin-konferenz.yaml';
  const withTranslation = (en: string): string =>
    `release: ${EXPECTED.release}\nlanguage: en\nsegments:\n  p-00000001:\n    de: Neu! Workshops\n    en: ${en}\n    status: reviewed\n`;

  it('is an error at the tag, not a translation without its first word (YAML reads !Neu as a type)', () => {
    for (const [typed, tag] of [['!New workshops', '!New'], ['! New workshops', '!']] as const) {
      const read = readLocaleFile(withTranslation(typed), file, EXPECTED);
      expect(read.locale, typed).toBeUndefined();
      expect(read.diagnostics, typed).toHaveLength(1);
      expect(read.diagnostics[0]).toMatchObject({ code: 'LOCALE_INVALID', severity: 'error', line: 6, column: 9 });
      expect(read.diagnostics[0]!.message).toContain(`has the YAML tag ${tag} under \`en:\``);
      expect(read.diagnostics[0]!.hint).toContain(`\`en: "${typed}"\``);
    }
    // YAML's own string tag is text.
    expect(readLocaleFile(withTranslation('!!str New workshops'), file, EXPECTED).locale?.entries.get('p-00000001')?.translation).toBe('New workshops');
  });
});

describe('texts other YAML readers take for something else', () => {
  it('are written in double quotes in locale files and translated page front matter, so YAML 1.1 and 1.2 readers get the text', async () => {
    const { Document, parse } = await import('yaml');
    const { LOCALE_YAML_TAGS } = await import('../src/core/locale-file.js');
    const texts = ['Yes', 'No', 'on', 'Off', 'y', 'N', 'null', '~', 'true', '1.000', '+1', '-1', '0x1F', '0o17', '1_000', '1e3', '.inf', '.NaN', '12:30', '1:20:30', '2018-03-16', '2018-03-16 10:00:00', '<<', '='];
    const document = new Document({ segments: Object.fromEntries(texts.map((text, i) => [`p-${String(i).padStart(8, '0')}`, { de: 'Ja', en: text, status: 'reviewed' }])) }, { schema: 'failsafe', customTags: LOCALE_YAML_TAGS });
    const written = document.toString();
    for (const version of ['1.1', '1.2'] as const) {
      const read = parse(written, { version }) as { segments: Record<string, { en: unknown }> };
      expect(Object.values(read.segments).map((entry) => entry.en), version).toEqual(texts);
    }
    expect(load(written)).toMatchObject({ segments: { 'p-00000000': { en: 'Yes' } } });
    // Texts that are text to every reader stay plain.
    const plainTexts = ['Ja', 'Nein', '12:30 Uhr', 'NaN', 'Yes, we can', '2018-03-16 10:00'];
    const plainDocument = new Document({ t: Object.fromEntries(plainTexts.map((text, i) => [`k${i}`, text])) }, { schema: 'failsafe', customTags: LOCALE_YAML_TAGS });
    expect(plainDocument.toString()).not.toContain('"');
  });
});
