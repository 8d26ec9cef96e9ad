import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { distance } from 'fastest-levenshtein';
import { describe, expect, test } from 'vitest';
import { plainText } from '../src/core/inline-text.js';
import type { LocaleEntry, LocaleFile, Status } from '../src/core/locale-file.js';
import { readLocaleFile } from '../src/core/locale-file.js';
import { pretranslateLocale } from '../src/core/pretranslate-locale.js';
import { buildTranslationMemory, findSimilar, lookupMemory, normalizeSource } from '../src/core/translation-memory.js';
import { CAN_MAKE_IMMUTABLE, runWithLockedFile } from './helpers/immutable.js';
import { copySampleProject, runCli, snapshotTree } from './helpers/project.js';

function locale(release: string, entries: [key: string, source: string, translation: string, status: Status, previous?: string][], language = 'en'): LocaleFile {
  const map = new Map<string, LocaleEntry>();
  entries.forEach(([key, source, translation, status, previous], index) => {
    const entry: LocaleEntry = { key, source, translation, status, line: index + 1 };
    if (previous !== undefined) {
      entry.previous = previous;
      entry.previousStatus = 'reviewed';
    }
    map.set(key, entry);
  });
  return { release, language, entries: map, obsolete: new Map() };
}

const BOILERPLATE = 'Das Projekt „GrowIn 4.0“ wird im Rahmen des <1>Interreg-Nordseeprogramms</1> gefördert.';

describe('buildTranslationMemory', () => {
  test('indexes reviewed translations, and stale ones under the German they were made for', () => {
    const memory = buildTranslationMemory('en', [
      locale('2018-01-01-a', [
        ['p-1', BOILERPLATE, 'The “GrowIn 4.0” project is funded under the <1>Interreg North Sea Region Programme</1>.', 'reviewed'],
        ['p-2', 'Nur übersetzt.', 'Only translated.', 'translated'],
        ['p-3', 'Neue Fassung.', 'Old version.', 'stale', 'Alte Fassung.'],
        ['p-4', 'Noch leer.', '', 'new'],
      ]),
    ]);
    expect([...memory.exact.keys()].sort()).toEqual(['Alte Fassung.', BOILERPLATE].sort());
    expect(memory.exact.get('Alte Fassung.')?.translation).toBe('Old version.');
  });

  test('a stale entry counts with its reviewed translation (`previous-<lng>`), not with a rework of `<lng>:` nobody has reviewed', () => {
    // Found while modelling extract for test/kept-translations.property.test.ts: the rework was
    // offered as "the reviewed translation" of the old German, and extract pre-filled it into a
    // paragraph with that German as `translated`.
    const stale = locale('2018-01-01-a', [['p-3', 'Neue Fassung.', 'New version (draft).', 'stale', 'Alte Fassung.']]);
    stale.entries.get('p-3')!.previousTranslation = 'Old version.';
    expect(buildTranslationMemory('en', [stale]).exact.get('Alte Fassung.')?.translation).toBe('Old version.');
    // Cleared for the rework: the reviewed translation still counts.
    stale.entries.get('p-3')!.translation = '';
    expect(buildTranslationMemory('en', [stale]).exact.get('Alte Fassung.')?.translation).toBe('Old version.');
  });

  test('ignores other languages', () => {
    const memory = buildTranslationMemory('en', [locale('2018-01-01-a', [['p-1', 'Hallo.', 'Bonjour.', 'reviewed']], 'fr')]);
    expect(memory.exact.size).toBe(0);
  });

  test('chooses the most frequent translation, then the newest release, whatever the reading order', () => {
    const files = [
      locale('2018-01-01-a', [['h-1', 'Pressekontakt', 'Press contact', 'reviewed']]),
      locale('2019-01-01-b', [['h-1', 'Pressekontakt', 'Media contact', 'reviewed']]),
      locale('2020-01-01-c', [['h-1', 'Pressekontakt', 'Press contact', 'reviewed']]),
      locale('2021-01-01-d', [['h-2', 'Über uns', 'About us', 'reviewed']]),
      locale('2017-01-01-e', [['h-2', 'Über uns', 'About', 'reviewed']]),
    ];
    for (const order of [files, [...files].reverse()]) {
      const memory = buildTranslationMemory('en', order);
      expect(lookupMemory(memory, 'Pressekontakt', { similarity: 0.75 })).toEqual({
        kind: 'exact',
        translation: 'Press contact',
        origin: '2020-01-01-c#h-1',
      });
      expect(lookupMemory(memory, 'Über uns', { similarity: 0.75 })).toMatchObject({ translation: 'About us', origin: '2021-01-01-d#h-2' });
    }
  });
});

describe('lookupMemory', () => {
  const memory = buildTranslationMemory('en', [
    locale('2018-03-16-a', [
      ['p-1', BOILERPLATE, 'The “GrowIn 4.0” project is funded under the <1>Interreg North Sea Region Programme</1>.', 'reviewed'],
      ['p-2', '15 Partner aus fünf Ländern unterstützen kleine und mittlere Unternehmen.', '15 partners from five countries support SMEs.', 'reviewed'],
    ]),
  ]);

  test('an exact match (white space folded, tags the same) returns the reviewed translation', () => {
    expect(lookupMemory(memory, `  ${BOILERPLATE.replace(' wird ', '   wird\n')} `, { similarity: 0.75 })).toEqual({
      kind: 'exact',
      translation: 'The “GrowIn 4.0” project is funded under the <1>Interreg North Sea Region Programme</1>.',
      origin: '2018-03-16-a#p-1',
    });
  });

  test('the same words with other tags are a 100 % suggestion, not an exact match', () => {
    const answer = lookupMemory(memory, BOILERPLATE.replace('<1>', '').replace('</1>', ''), { similarity: 0.75 });
    expect(answer).toMatchObject({ kind: 'fuzzy', suggestion: { score: 100, origin: '2018-03-16-a#p-1' } });
  });

  test('a close match above the threshold is a suggestion with score and origin', () => {
    const answer = lookupMemory(memory, '16 Partner aus sechs Ländern unterstützen kleine und mittlere Unternehmen.', { similarity: 0.75 });
    expect(answer?.kind).toBe('fuzzy');
    if (answer?.kind !== 'fuzzy') return;
    expect(answer.suggestion.text).toBe('15 partners from five countries support SMEs.');
    expect(answer.suggestion.origin).toBe('2018-03-16-a#p-2');
    expect(answer.suggestion.score).toBeGreaterThanOrEqual(75);
    expect(answer.suggestion.score).toBeLessThan(100);
  });

  test('nothing below the threshold; the threshold comes from the caller (config memory.similarity)', () => {
    const text = 'Partner aus vielen Ländern helfen Betrieben.';
    expect(lookupMemory(memory, text, { similarity: 0.75 })).toBeUndefined();
    expect(lookupMemory(memory, text, { similarity: 0.3 })?.kind).toBe('fuzzy');
  });

  test('excluded origins are not answered with', () => {
    expect(lookupMemory(memory, BOILERPLATE, { similarity: 0.75, exclude: new Set(['2018-03-16-a#p-1']) })).toBeUndefined();
  });

  test('normalizeSource folds white space and composes Unicode', () => {
    expect(normalizeSource(' Gr\u0065\u0301n  \n Tee ')).toBe('Grén Tee');
  });
});

describe('fuzzy pre-filters', () => {
  const word = fc.constantFrom('Partner', 'Projekt', 'Region', 'Digitalisierung', 'und', 'die', 'der', 'KMU', 'fünf', 'in', 'mit', '2019', 'Wandel');
  const sentence = fc.array(word, { minLength: 1, maxLength: 12 }).map((words) => words.join(' '));

  test('the length window and trigram bound never drop the best match (same answer as brute force)', () => {
    fc.assert(
      fc.property(fc.array(sentence, { minLength: 1, maxLength: 25 }), sentence, fc.constantFrom(0.5, 0.6, 0.75, 0.9), (sources, query, similarity) => {
        const memory = buildTranslationMemory('en', [
          locale('2020-01-01-x', sources.map((source, index) => [`p-${index}`, source, `T${index}`, 'reviewed'] as [string, string, string, Status])),
        ]);
        const found = findSimilar(memory, query, { similarity });
        let best = -1;
        for (const candidate of memory.candidates) {
          const a = plainText(query);
          const b = candidate.plain;
          const longest = Math.max(a.length, b.length);
          const score = 1 - distance(a, b) / longest;
          if (score + 1e-9 >= similarity) best = Math.max(best, score);
        }
        if (best < 0) expect(found).toBeUndefined();
        else expect(found?.similarity).toBeCloseTo(best, 9);
      }),
      { numRuns: 300 },
    );
  });
});

describe('pretranslateLocale', () => {
  const text = [
    'release: 2021-01-01-neu',
    'language: en',
    'segments:',
    '  # a comment people wrote',
    '  h-1:',
    '    de: Pressekontakt',
    '    en:',
    '    status: new',
    '  p-2:',
    '    de: 16 Partner aus sechs Ländern unterstützen kleine und mittlere Unternehmen.',
    '    en:',
    '    status: new',
    '  p-3:',
    '    de: Pressekontakt',
    '    en: Contact for the press',
    '    status: translated',
    'obsolete: {}',
    '',
  ].join('\n');
  const memory = buildTranslationMemory('en', [
    locale('2018-03-16-a', [
      ['h-1', 'Pressekontakt', 'Press contact', 'reviewed'],
      ['p-2', '15 Partner aus fünf Ländern unterstützen kleine und mittlere Unternehmen.', '15 partners from five countries support SMEs.', 'reviewed'],
    ]),
  ]);
  const expected = { release: '2021-01-01-neu', language: 'en', sourceLanguage: 'de' };
  const lookup = (source: string) => lookupMemory(memory, source, { similarity: 0.75 });

  test('fills exact matches as translated, suggests close ones, leaves translated entries and comments alone', () => {
    const result = pretranslateLocale({ file: 'locales/en/2021-01-01-neu.yaml', text }, expected, lookup);
    expect(result.changes.map((c) => [c.kind, c.key])).toEqual([
      ['prefilled', 'h-1'],
      ['suggested', 'p-2'],
    ]);
    const read = readLocaleFile(result.text!, 'x.yaml', expected);
    expect(read.locale?.entries.get('h-1')).toMatchObject({ translation: 'Press contact', status: 'translated' });
    expect(read.locale?.entries.get('p-2')).toMatchObject({ translation: '', status: 'new' });
    expect(read.locale?.entries.get('p-2')?.suggestion).toMatchObject({ text: '15 partners from five countries support SMEs.', origin: '2018-03-16-a#p-2' });
    expect(read.locale?.entries.get('p-3')).toMatchObject({ translation: 'Contact for the press', status: 'translated' });
    expect(result.text).toContain('# a comment people wrote');
  });

  test('a second run changes nothing', () => {
    const first = pretranslateLocale({ file: 'x.yaml', text }, expected, lookup);
    const second = pretranslateLocale({ file: 'x.yaml', text: first.text! }, expected, lookup);
    expect(second.text).toBeUndefined();
    expect(second.changes).toEqual([]);
  });
});

describe('translation memory in the CLI', () => {
  const boilerplateRelease = [
    '---',
    'title: Neues aus dem Projekt',
    'date: 2021-02-01',
    '---',
    '',
    'Ein neuer Absatz, den es noch nirgends gibt und den niemand übersetzt hat.',
    '',
    '## Über GrowIn 4.0',
    '',
    'Das Projekt „GrowIn 4.0“ wird im Rahmen des [Interreg-Nordseeprogramms](https://northsearegion.eu) aus dem Europäischen Fonds für regionale Entwicklung (EFRE) gefördert. 15 Partner aus fünf Ländern unterstützen kleine und mittlere Unternehmen auf ihrem Weg in die Digitalisierung.',
    '',
  ].join('\n');

  test('extract pre-fills the boilerplate of a second release from memory (translated, still to review)', async () => {
    const project = await copySampleProject();
    try {
      await writeFile(join(project.root, 'releases/2021-02-01-neues.md'), boilerplateRelease);
      const result = await runCli(project.root, ['extract', '--json']);
      expect(result.code).toBe(0);
      const report = JSON.parse(result.stdout) as { changes: { file: string; changes: { kind: string; key: string }[] }[] };
      const en = report.changes.find((c) => c.file === 'locales/en/2021-02-01-neues.yaml');
      expect(en?.changes.filter((c) => c.kind === 'prefilled')).toHaveLength(2);
      const text = await readFile(join(project.root, 'locales/en/2021-02-01-neues.yaml'), 'utf8');
      const read = readLocaleFile(text, 'x', { release: '2021-02-01-neues', language: 'en', sourceLanguage: 'de' });
      const entries = [...read.locale!.entries.values()];
      const boilerplate = entries.find((e) => e.source.startsWith('Das Projekt'));
      expect(boilerplate).toMatchObject({
        status: 'translated',
        translation: 'The “GrowIn 4.0” project is funded by the European Regional Development Fund (ERDF) under the <1>Interreg North Sea Region Programme</1>. Its 15 partners from five countries support small and medium-sized enterprises on their path to digitalisation.',
      });
      expect(entries.find((e) => e.source === 'Über GrowIn 4.0')).toMatchObject({ status: 'translated', translation: 'About GrowIn 4.0' });
      expect(entries.find((e) => e.source.startsWith('Ein neuer Absatz'))).toMatchObject({ status: 'new', translation: '' });
      // A second extract changes nothing.
      const before = await snapshotTree(join(project.root, 'locales'));
      expect((await runCli(project.root, ['extract'])).code).toBe(0);
      expect(await snapshotTree(join(project.root, 'locales'))).toEqual(before);
    } finally {
      await project.dispose();
    }
  });

  test.skipIf(!CAN_MAKE_IMMUTABLE)('pretranslate whose last locale file cannot be replaced changes none of them', async () => {
    const project = await copySampleProject();
    const locked = join(project.root, 'locales/fr/2020-06-25-abschlusskonferenz.yaml');
    try {
      const result = await runWithLockedFile(project.root, locked, ['pretranslate', '--lang', 'fr']);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/cannot rename to .*2020-06-25-abschlusskonferenz\.yaml \(EPERM\): .* Nothing was written;/);
      // locales/fr/2018-09-20-workshopreihe-digitalisierung.yaml, written first, is as it was.
      expect(result.unchanged).toBe(true);
    } finally {
      await project.dispose();
    }
  });

  test('pretranslate fills existing untranslated boilerplate; a second run writes nothing', async () => {
    const project = await copySampleProject();
    try {
      const first = await runCli(project.root, ['pretranslate', '--lang', 'fr', '--json']);
      expect(first.code).toBe(0);
      const report = JSON.parse(first.stdout) as { written: string[]; changes: { file: string; changes: { kind: string; key: string }[] }[] };
      const workshop = report.changes.find((c) => c.file === 'locales/fr/2018-09-20-workshopreihe-digitalisierung.yaml');
      expect(workshop?.changes).toContainEqual(expect.objectContaining({ kind: 'prefilled', key: 'h-8fdf7ad5' }));
      expect(report.written.every((file) => file.startsWith('locales/fr/'))).toBe(true);
      const before = await snapshotTree(join(project.root, 'locales'));
      const second = await runCli(project.root, ['pretranslate', '--lang', 'fr']);
      expect(second.stdout).toContain('nothing to fill');
      expect(await snapshotTree(join(project.root, 'locales'))).toEqual(before);
    } finally {
      await project.dispose();
    }
  });

  test('pretranslate takes --lang and --release as check does: repeated or comma-separated, and refuses them empty', async () => {
    // `check --lang en,fr` checked both languages; `pretranslate --lang en,fr` was a usage error
    // ("en,fr is not a target language") and `--lang ""` named no language in a garbled message.
    const project = await copySampleProject();
    try {
      const args = ['pretranslate', '--dry-run', '--json', '--release', '2018-09-20-workshopreihe-digitalisierung'];
      const comma = await runCli(project.root, [...args, '--lang', 'en,fr']);
      expect(comma.code).toBe(0);
      const repeated = await runCli(project.root, [...args, '--lang', 'en', '--lang', 'fr']);
      expect(comma).toEqual(repeated);
      const files = (JSON.parse(comma.stdout) as { changes: { file: string }[] }).changes.map((c) => c.file);
      expect(files.length).toBeGreaterThan(0);
      expect(files.every((file) => /^locales\/(en|fr)\/2018-09-20-/.test(file))).toBe(true);
      const empty = await runCli(project.root, ['pretranslate', '--lang', '']);
      expect(empty.code).toBe(2);
      expect(empty.stderr).toContain('--lang names no language; give one of da, en, nl, fr');
      expect((await runCli(project.root, ['pretranslate', '--release', ''])).stderr).toContain('--release names no release');
    } finally {
      await project.dispose();
    }
  });
});
