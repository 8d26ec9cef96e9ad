import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { ImportDocument, ImportState, ImportUnit } from '../src/core/exchange/model.js';
import { planImport, type ImportOptions } from '../src/core/exchange/plan-import.js';
import { parseI18nextJson } from '../src/core/exchange/i18next-json.js';
import { parsePo } from '../src/core/exchange/po.js';
import { readLocaleFile } from '../src/core/locale-file.js';
import { CAN_MAKE_IMMUTABLE, runWithLockedFile } from './helpers/immutable.js';
import { copySampleProject, runCli, snapshotTree } from './helpers/project.js';

const RELEASE = '2020-01-01-test';
const FILE = `locales/en/${RELEASE}.yaml`;
const LOCALE = [
  '# English translation of releases/2020-01-01-test.md',
  'release: 2020-01-01-test',
  'language: en',
  'segments:',
  '  h-new:',
  '    de: Pressekontakt',
  '    en:',
  '    status: new',
  '    suggestion:',
  '      text: Press contact',
  '      score: "90"',
  '      origin: 2019-01-01-x#h-1',
  '  # reviewed last week',
  '  p-done:',
  '    de: Die <1>Allianz</1> lädt ein.',
  '    en: The <1>Alliance</1> invites you.',
  '    status: reviewed',
  '  p-draft:',
  '    de: Ein Entwurf.',
  '    en: A draft.',
  '    status: translated',
  '  p-stale:',
  '    de: Rund ein Drittel.',
  '    previous: Rund 30 %.',
  '    en: Around 30%.',
  '    status: stale',
  '    previous-status: reviewed',
  'obsolete:',
  '  p-gone:',
  '    de: Weg.',
  '    en: Gone.',
  '    status: reviewed',
  '',
].join('\n');

const locales = new Map([[RELEASE, { file: FILE, text: LOCALE }]]);

function unit(key: string, target: string, state: ImportState, source?: string): ImportUnit {
  const result: ImportUnit = { release: RELEASE, key, target, state };
  if (source !== undefined) result.source = source;
  return result;
}

function plan(units: ImportUnit[], options: ImportOptions = {}, format: ImportDocument['format'] = 'xliff') {
  return planImport({ format, units }, locales, { lng: 'en', sourceLanguage: 'de', exchangeFile: 'work.xlf' }, options);
}

function entryAfter(result: ReturnType<typeof plan>, key: string) {
  const text = result.writes.get(FILE);
  expect(text).toBeDefined();
  return readLocaleFile(text!, FILE, { release: RELEASE, language: 'en', sourceLanguage: 'de' }).locale!.entries.get(key)!;
}

describe('planImport', () => {
  test('takes a new translation as translated, drops the memory suggestion, keeps comments', () => {
    const result = plan([unit('h-new', 'Press contact', 'translated', 'Pressekontakt')]);
    expect(result.decisions).toEqual([
      expect.objectContaining({ key: 'h-new', outcome: 'taken', from: 'new', to: 'translated', file: FILE }),
    ]);
    expect(entryAfter(result, 'h-new')).toMatchObject({ translation: 'Press contact', status: 'translated' });
    expect(entryAfter(result, 'h-new').suggestion).toBeUndefined();
    const text = result.writes.get(FILE)!;
    expect(text).toContain('# English translation of releases/2020-01-01-test.md');
    expect(text).toContain('  # reviewed last week\n  p-done:');
    // Only the edited entry's lines change.
    expect(text).toBe(
      LOCALE.replace(
        "    en:\n    status: new\n    suggestion:\n      text: Press contact\n      score: \"90\"\n      origin: 2019-01-01-x#h-1\n",
        '    en: Press contact\n    status: translated\n',
      ),
    );
  });

  test('a state the file cannot tell (PO, i18next) keeps the status of an unchanged text', () => {
    for (const state of ['confirmed', 'unspecified', 'initial'] as const) {
      const result = plan([unit('p-done', 'The <1>Alliance</1> invites you.', state), unit('p-draft', 'A draft.', state)]);
      expect(result.decisions.map((d) => d.outcome)).toEqual(['unchanged', 'unchanged']);
      expect(result.writes.size).toBe(0);
    }
  });

  test('never replaces a reviewed translation with an unreviewed one unless told to', () => {
    const changed = unit('p-done', 'The <1>Alliance</1> invites everyone.', 'translated', 'Die <1>Allianz</1> lädt ein.');
    const refused = plan([changed]);
    expect(refused.decisions[0]).toMatchObject({ outcome: 'refused', severity: 'warning', code: 'IMPORT_REVIEWED' });
    expect(refused.refused).toBe(false);
    expect(refused.writes.size).toBe(0);
    expect(refused.diagnostics[0]).toMatchObject({ code: 'IMPORT_REVIEWED', file: 'work.xlf', key: 'p-done', lng: 'en' });
    const lowered = plan([unit('p-done', 'The <1>Alliance</1> invites you.', 'translated')]);
    expect(lowered.decisions[0]).toMatchObject({ outcome: 'refused', code: 'IMPORT_REVIEWED' });
    expect(lowered.decisions[0]?.message).toContain('would lower a reviewed translation');
    const allowed = plan([changed], { overwriteReviewed: true });
    expect(allowed.decisions[0]).toMatchObject({ outcome: 'taken', from: 'reviewed', to: 'translated' });
    // A reviewer's reviewed translation may replace a reviewed one.
    const reviewed = plan([{ ...changed, state: 'reviewed' }]);
    expect(entryAfter(reviewed, 'p-done')).toMatchObject({ translation: 'The <1>Alliance</1> invites everyone.', status: 'reviewed' });
  });

  test('an empty translation in the file never deletes one', () => {
    const result = plan([unit('p-draft', '', 'initial'), unit('h-new', '', 'initial')]);
    expect(result.decisions.map((d) => [d.outcome, d.message])).toEqual([
      ['unchanged', 'empty in the file; an import never deletes a translation'],
      ['unchanged', 'not translated in the file'],
    ]);
    expect(result.writes.size).toBe(0);
  });

  test('null in i18next JSON (a platform exporting untranslated keys as null) is no translation: it deletes none and the file imports', () => {
    const json = parseI18nextJson(`{ "p-draft": null, "h-new": null, "p-done": "The <1>Alliance</1> invites you." }`, 'work.json', { releaseIds: new Set([RELEASE]), release: RELEASE });
    expect(json.diagnostics).toEqual([]);
    const result = planImport(json.document!, locales, { lng: 'en', sourceLanguage: 'de', exchangeFile: 'work.json' }, {});
    expect(result.decisions.map((d) => [d.key, d.outcome])).toEqual([
      ['p-draft', 'unchanged'],
      ['h-new', 'unchanged'],
      ['p-done', 'unchanged'],
    ]);
    expect(result.refused).toBe(false);
    expect(result.writes.size).toBe(0);
  });


  test("the German copied into the target (a CAT tool's copy of the source, a platform's fallback for untranslated keys) is no translation unless confirmed or nothing in it needs translating", () => {
    const copies = [
      // Trados/memoQ "copy source to target", Okapi's merge: the segment stays initial.
      unit('h-new', 'Pressekontakt', 'initial', 'Pressekontakt'),
      // A copy over a translation: never replaces it.
      unit('p-draft', 'Ein  Entwurf.', 'initial', 'Ein Entwurf.'),
      unit('p-done', 'Die <1>Allianz</1> lädt ein.', 'draft', 'Die <1>Allianz</1> lädt ein.'),
    ];
    const result = plan(copies);
    expect(result.decisions.map((d) => [d.key, d.outcome, d.message])).toEqual([
      ['h-new', 'unchanged', "not translated in the file: its text is the German (a tool's copy of the source)"],
      ['p-draft', 'unchanged', "the German in the file (a tool's copy of the source); an import never replaces a translation with it"],
      ['p-done', 'unchanged', "the German in the file (a tool's copy of the source); an import never replaces a translation with it"],
    ]);
    expect(result.refused).toBe(false);
    expect(result.writes.size).toBe(0);
    // Crowdin's and Lokalise's i18next JSON: untranslated keys hold the source language's text.
    const json = parseI18nextJson(`{ "h-new": "Pressekontakt", "p-draft": "Ein Entwurf." }`, 'work.json', { releaseIds: new Set([RELEASE]), release: RELEASE });
    const fallback = planImport(json.document!, locales, { lng: 'en', sourceLanguage: 'de', exchangeFile: 'work.json' }, {});
    expect(fallback.decisions.map((d) => d.outcome)).toEqual(['unchanged', 'unchanged']);
    expect(fallback.writes.size).toBe(0);
    // A copy the translator confirmed (XLIFF translated, PO without fuzzy) is taken, and so is one
    // of German that needs no translating: a glossary name, a `same:` word of the language.
    expect(plan([unit('h-new', 'Pressekontakt', 'translated', 'Pressekontakt')]).decisions[0]).toMatchObject({ outcome: 'taken', to: 'translated' });
    expect(plan([unit('h-new', 'Pressekontakt', 'confirmed', 'Pressekontakt')], {}, 'po').decisions[0]).toMatchObject({ outcome: 'taken', to: 'translated' });
    const same = { names: [], terms: [], same: new Map([['en', ['Pressekontakt']]]) };
    const named = planImport(json.document!, locales, { lng: 'en', sourceLanguage: 'de', exchangeFile: 'work.json', glossary: same }, {});
    expect(named.decisions.map((d) => [d.key, d.outcome])).toEqual([
      ['h-new', 'taken'],
      ['p-draft', 'unchanged'],
    ]);
  });
  test('a stale entry: a new translation keeps the reviewed one published until it is reviewed; confirming the old one makes it translated', () => {
    const updated = plan([unit('p-stale', 'Around a third.', 'translated', 'Rund ein Drittel.')]);
    const entry = entryAfter(updated, 'p-stale');
    expect(entry).toMatchObject({
      translation: 'Around a third.',
      status: 'translated',
      previous: 'Rund 30 %.',
      previousStatus: 'reviewed',
      previousTranslation: 'Around 30%.',
    });
    const reviewed = entryAfter(plan([unit('p-stale', 'Around a third.', 'reviewed', 'Rund ein Drittel.')]), 'p-stale');
    expect(reviewed).toMatchObject({ translation: 'Around a third.', status: 'reviewed' });
    expect(reviewed.previous).toBeUndefined();
    expect(reviewed.previousStatus).toBeUndefined();
    expect(reviewed.previousTranslation).toBeUndefined();
    const confirmed = plan([unit('p-stale', 'Around 30%.', 'confirmed', 'Rund ein Drittel.')], {}, 'po');
    expect(confirmed.decisions[0]).toMatchObject({ outcome: 'taken', from: 'stale', to: 'translated' });
    const untouched = plan([unit('p-stale', 'Around 30%.', 'initial', 'Rund ein Drittel.')]);
    expect(untouched.decisions[0]?.outcome).toBe('unchanged');
  });

  test('a PO entry still marked fuzzy is not done: an edited text is kept as a draft, never translated', () => {
    const po = (key: string, source: string, translation: string): string =>
      ['msgid ""', 'msgstr "Language: en\\n"', '', '#, fuzzy', `msgctxt "${RELEASE}#${key}"`, `msgid "${source}"`, `msgstr "${translation}"`, ''].join('\n');
    const fuzzy = (key: string, source: string, translation: string) => parsePo(po(key, source, translation), 'work.po').document!.units;
    expect(fuzzy('h-new', 'Pressekontakt', 'Press contact')[0]?.state).toBe('draft');
    const draft = plan(fuzzy('h-new', 'Pressekontakt', 'Press contact'), {}, 'po');
    expect(draft.decisions[0]).toMatchObject({ outcome: 'taken', from: 'new', to: 'new' });
    expect(draft.decisions[0]?.message).toContain('taken as a draft');
    expect(entryAfter(draft, 'h-new')).toMatchObject({ translation: 'Press contact', status: 'new' });
    // A translated entry edited but left fuzzy becomes a draft; a stale one stays stale and goes on
    // publishing its reviewed translation.
    expect(entryAfter(plan(fuzzy('p-draft', 'Ein Entwurf.', 'A second draft.'), {}, 'po'), 'p-draft')).toMatchObject({ translation: 'A second draft.', status: 'new' });
    const stale = entryAfter(plan(fuzzy('p-stale', 'Rund ein Drittel.', 'Around a third?'), {}, 'po'), 'p-stale');
    expect(stale).toMatchObject({ translation: 'Around a third?', status: 'stale', previousStatus: 'reviewed', previousTranslation: 'Around 30%.' });
    // A reviewed translation is not replaced by a draft; an unedited fuzzy entry changes nothing.
    expect(plan(fuzzy('p-done', 'Die <1>Allianz</1> lädt ein.', 'The <1>Alliance</1> invites all.'), {}, 'po').decisions[0]).toMatchObject({ outcome: 'refused', code: 'IMPORT_REVIEWED' });
    expect(plan(fuzzy('p-draft', 'Ein Entwurf.', 'A draft.'), {}, 'po').decisions[0]?.outcome).toBe('unchanged');
    // A draft of German that changed since is kept as stale with the status it had: new.
    expect(entryAfter(plan(fuzzy('h-new', 'Pressestelle', 'Press office'), {}, 'po'), 'h-new')).toMatchObject({ status: 'stale', previous: 'Pressestelle', previousStatus: 'new' });
  });

  test('German that changed after the export: the translation becomes stale, or is refused if the entry moved on', () => {
    const result = plan([unit('h-new', 'Press office', 'translated', 'Pressestelle')]);
    const entry = entryAfter(result, 'h-new');
    expect(entry).toMatchObject({ translation: 'Press office', status: 'stale', previous: 'Pressestelle', previousStatus: 'translated' });
    expect(result.decisions[0]?.message).toContain('taken as stale');
    const moved = plan([unit('p-draft', 'An old draft.', 'translated', 'Ein alter Entwurf.')]);
    expect(moved.decisions[0]).toMatchObject({ outcome: 'refused', severity: 'warning', code: 'IMPORT_SOURCE_CHANGED' });
    // The stale entry's own old German: replacing its reviewed translation needs review or the flag.
    const same = plan([unit('p-stale', 'About 30%.', 'translated', 'Rund 30 %.')]);
    expect(same.decisions[0]).toMatchObject({ outcome: 'refused', code: 'IMPORT_REVIEWED' });
    const sameReviewed = plan([unit('p-stale', 'About 30%.', 'reviewed', 'Rund 30 %.')]);
    expect(entryAfter(sameReviewed, 'p-stale')).toMatchObject({ translation: 'About 30%.', status: 'stale', previous: 'Rund 30 %.', previousStatus: 'reviewed' });
  });

  test('an unedited translation is unchanged even when its tags are broken in the locale file; editing or confirming it checks them', () => {
    const broken = new Map([[RELEASE, { file: FILE, text: LOCALE.replace('    en: A draft.\n', '    en: A <1>draft</1> <1>twice</1>.\n') }]]);
    const run = (units: ImportUnit[]) => planImport({ format: 'xliff', units }, broken, { lng: 'en', sourceLanguage: 'de', exchangeFile: 'work.xlf' });
    for (const state of ['translated', 'initial', 'confirmed', 'unspecified'] as const) {
      const result = run([unit('p-draft', 'A <1>draft</1> <1>twice</1>.', state, 'Ein Entwurf.')]);
      expect(result.decisions).toEqual([expect.objectContaining({ key: 'p-draft', outcome: 'unchanged' })]);
      expect(result.refused).toBe(false);
    }
    expect(run([unit('p-draft', 'A <1>draft</1> <1>twice</1>.', 'reviewed', 'Ein Entwurf.')]).decisions[0]).toMatchObject({ outcome: 'refused', code: 'IMPORT_TAGS' });
    expect(run([unit('p-draft', 'A <1>draft</1> <1>twice</1>!', 'translated', 'Ein Entwurf.')]).decisions[0]).toMatchObject({ outcome: 'refused', code: 'IMPORT_TAGS' });
  });

  test('refuses a translation with control characters, noncharacters or lone surrogates (error); tabs, line breaks and U+2028 are text', () => {
    for (const [bad, name] of [
      ['Press\u0000 contact', 'U+0000, a control character'],
      ['Press\u0085contact', 'U+0085, a control character'],
      ['Press\u007F', 'U+007F, a control character'],
      ['Press contact\uFFFE', 'U+FFFE, a noncharacter'],
      ['\uD800Press contact', 'U+D800, a lone surrogate'],
    ] as const) {
      const result = plan([unit('h-new', bad, 'translated', 'Pressekontakt')]);
      expect(result.decisions[0]).toMatchObject({ outcome: 'refused', severity: 'error', code: 'IMPORT_CHARACTER' });
      expect(result.decisions[0]?.message).toContain(`has the character ${name}`);
      expect(result.refused).toBe(true);
    }
    expect(plan([unit('h-new', 'Press\u0000 contact', 'translated')]).decisions[0]?.message).toBe('2020-01-01-test#h-new has the character U+0000, a control character (after "Press"), which a translation cannot contain');
    for (const good of ['Press\tcontact', 'Press\ncontact', 'Press\u2028contact', 'Press contact 🙂']) {
      expect(plan([unit('h-new', good, 'translated', 'Pressekontakt')]).decisions[0]?.outcome).toBe('taken');
    }
  });

  test('a translation ending in a line break reads back exactly, also into a block the translator wrote: importing it again changes nothing', () => {
    const text = LOCALE.replace('    en: A draft.\n', '    en: |\n      A draft.\n');
    const run = (localeText: string, units: ImportUnit[]) =>
      planImport({ format: 'i18next', units }, new Map([[RELEASE, { file: FILE, text: localeText }]]), { lng: 'en', sourceLanguage: 'de', exchangeFile: 'work.json' });
    const units = [unit('p-draft', 'About\n', 'unspecified'), unit('h-new', 'Contact\n\n', 'unspecified'), unit('p-done', ' ', 'unspecified')];
    const first = run(text, units);
    expect(first.decisions.map((d) => d.outcome)).toEqual(['taken', 'taken', 'unchanged']);
    const written = first.writes.get(FILE)!;
    expect(written).toContain('    en: "About\\n"\n');
    const read = readLocaleFile(written, FILE, { release: RELEASE, language: 'en', sourceLanguage: 'de' }).locale!;
    expect([read.entries.get('p-draft')?.translation, read.entries.get('h-new')?.translation]).toEqual(['About\n', 'Contact\n\n']);
    const second = run(written, units);
    expect(second.decisions.map((d) => d.outcome)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(second.writes.size).toBe(0);
  });

  test('an entry whose German changed under a new key is found by its previous German, whatever its status', () => {
    const text = LOCALE.replace('  p-draft:\n    de: Ein Entwurf.\n    en: A draft.\n', '  p-draft:\n    de: Ein Entwurf.\n    previous: Ein alter Entwurf.\n    en: A draft.\n').replace(
      '  h-new:\n    de: Pressekontakt\n',
      '  h-new:\n    de: Pressekontakt\n    previous: Pressestelle\n',
    );
    const run = (units: ImportUnit[]) => planImport({ format: 'po', units }, new Map([[RELEASE, { file: FILE, text }]]), { lng: 'en', sourceLanguage: 'de', exchangeFile: 'work.po' });
    // Untranslated (status new): taken as stale on the new key.
    const taken = run([{ release: RELEASE, key: 'h-old', source: 'Pressestelle', target: 'Press office', state: 'confirmed' }]);
    expect(taken.decisions[0]).toMatchObject({ key: 'h-new', outcome: 'taken', from: 'new', to: 'stale' });
    // Translated for the new German since: refused as a warning, not the whole file.
    const moved = run([{ release: RELEASE, key: 'p-old', source: 'Ein alter Entwurf.', target: 'An old draft.', state: 'confirmed' }]);
    expect(moved.decisions[0]).toMatchObject({ key: 'p-old', outcome: 'refused', severity: 'warning', code: 'IMPORT_SOURCE_CHANGED' });
    expect(moved.refused).toBe(false);
  });

  test('a block that moved (a paragraph made a list item) is found under its new key by its German, when one entry has it', () => {
    const text = LOCALE.replace('  p-draft:\n', '  li-draft:\n');
    const run = (units: ImportUnit[]) => planImport({ format: 'xliff', units }, new Map([[RELEASE, { file: FILE, text }]]), { lng: 'en', sourceLanguage: 'de', exchangeFile: 'work.xlf' });
    const moved = run([unit('p-draft', 'A better draft.', 'translated', 'Ein Entwurf.')]);
    expect(moved.decisions.map((d) => [d.key, d.outcome, d.code ?? ''])).toEqual([['li-draft', 'taken', '']]);
    expect(readLocaleFile(moved.writes.get(FILE)!, FILE, { release: RELEASE, language: 'en', sourceLanguage: 'de' }).locale!.entries.get('li-draft')!.translation).toBe('A better draft.');
    // Without the German, or with German two entries share, the key decides: unknown.
    expect(run([unit('p-draft', 'A better draft.', 'translated')]).decisions[0]).toMatchObject({ outcome: 'refused', code: 'IMPORT_UNKNOWN_KEY' });
    const twice = text.replace('  p-done:\n    de: Die <1>Allianz</1> lädt ein.\n    en: The <1>Alliance</1> invites you.\n', '  p-done:\n    de: Ein Entwurf.\n    en: A draft.\n');
    const shared = planImport({ format: 'xliff', units: [unit('p-draft', 'A better draft.', 'translated', 'Ein Entwurf.')] }, new Map([[RELEASE, { file: FILE, text: twice }]]), { lng: 'en', sourceLanguage: 'de', exchangeFile: 'work.xlf' });
    expect(shared.decisions[0]).toMatchObject({ outcome: 'refused', code: 'IMPORT_UNKNOWN_KEY' });
  });

  test('refuses unknown releases and keys, removed segments, broken tags and conflicting duplicates (errors): nothing is written', () => {
    const result = plan([
      unit('h-new', 'Press contact', 'translated'),
      { release: '2000-01-01-nope', key: 'h-1', target: 'x', state: 'translated' },
      unit('p-nope', 'x', 'translated'),
      unit('p-gone', 'Away.', 'translated'),
      unit('p-done', 'The Alliance invites you.', 'reviewed'),
      unit('p-draft', 'Draft one.', 'translated'),
      unit('p-draft', 'Draft two.', 'translated'),
    ]);
    expect(result.decisions.map((d) => [d.key, d.outcome, d.code ?? ''])).toEqual([
      ['h-new', 'taken', ''],
      ['h-1', 'refused', 'IMPORT_UNKNOWN_RELEASE'],
      ['p-nope', 'refused', 'IMPORT_UNKNOWN_KEY'],
      ['p-gone', 'refused', 'IMPORT_UNKNOWN_KEY'],
      ['p-done', 'refused', 'IMPORT_TAGS'],
      ['p-draft', 'taken', ''],
      ['p-draft', 'refused', 'IMPORT_DUPLICATE'],
    ]);
    expect(result.decisions[3]?.message).toContain('removed from the German');
    expect(result.decisions[4]?.message).toContain('lacks the tag <1>…</1>');
    expect(result.refused).toBe(true);
    expect(result.writes.size).toBe(0);
    const partial = plan(result.decisions.length ? [unit('h-new', 'Press contact', 'translated'), unit('p-nope', 'x', 'translated')] : [], { partial: true });
    expect(partial.refused).toBe(false);
    expect(entryAfter(partial, 'h-new').translation).toBe('Press contact');
  });

  test('plural forms a translation platform added (key_one, key_other) are refused with the key to use instead', () => {
    const result = plan([unit('p-draft_one', 'One draft.', 'translated'), unit('p-draft_other', 'Drafts.', 'translated'), unit('p-nope_other', 'x', 'translated')]);
    expect(result.decisions.map((d) => [d.key, d.code, d.message, d.hint])).toEqual([
      ['p-draft_one', 'IMPORT_UNKNOWN_KEY', `${RELEASE}#p-draft_one: a plural form (\`_one\`) of the segment \`p-draft\`, which has one translation`, 'put the translation under `p-draft` itself and turn off plural forms for this file in the translation tool'],
      ['p-draft_other', 'IMPORT_UNKNOWN_KEY', `${RELEASE}#p-draft_other: a plural form (\`_other\`) of the segment \`p-draft\`, which has one translation`, 'put the translation under `p-draft` itself and turn off plural forms for this file in the translation tool'],
      // No segment p-nope: an unknown key as any other.
      ['p-nope_other', 'IMPORT_UNKNOWN_KEY', `${RELEASE}#p-nope_other: no such segment in ${FILE}`, 'export again: the segments of the release have changed'],
    ]);
  });

  test('a text that differs only in Unicode normalization (NFC against NFD) is unchanged', () => {
    // The locale file has the French decomposed (e + U+0301, as macOS input may type it); the CAT
    // tool wrote it back composed, the German too. Nothing was edited: no refusal, no write.
    const nfd = 'Le réseau reste en place. Équipe élargie.'.normalize('NFD');
    const file = 'locales/fr/2020-01-01-test.yaml';
    const text = [
      'release: 2020-01-01-test',
      'language: fr',
      'segments:',
      '  p-done:',
      '    de: Das Netzwerk bleibt bestehen. Größeres Team.'.normalize('NFD'),
      `    fr: ${nfd}`,
      '    status: reviewed',
      '  p-draft:',
      '    de: Ein Entwurf für später.',
      `    fr: ${nfd}`,
      '    status: translated',
      '',
    ].join('\n');
    const frLocales = new Map([[RELEASE, { file, text }]]);
    const context = { lng: 'fr', sourceLanguage: 'de', exchangeFile: 'work.po' };
    const composed = (key: string, state: ImportState, source: string) => unit(key, nfd.normalize('NFC'), state, source);
    for (const state of ['confirmed', 'unspecified', 'reviewed'] as const) {
      const units = [composed('p-done', state, 'Das Netzwerk bleibt bestehen. Größeres Team.'), composed('p-draft', state, 'Ein Entwurf für später.')];
      const result = planImport({ format: 'po', units }, frLocales, context, {});
      if (state === 'reviewed') {
        // Reviewed in the tool: the draft's status rises, its text stays as the locale file spells it.
        expect(result.decisions.map((d) => [d.key, d.outcome])).toEqual([['p-done', 'unchanged'], ['p-draft', 'taken']]);
        expect(result.writes.get(file)).toBe(text.replace('    status: translated', '    status: reviewed'));
      } else {
        expect(result.decisions.map((d) => d.outcome)).toEqual(['unchanged', 'unchanged']);
        expect(result.writes.size).toBe(0);
      }
    }
    // The same segment twice, once composed and once decomposed, is one translation, not a conflict.
    const twice = planImport({ format: 'po', units: [unit('p-draft', nfd, 'confirmed'), unit('p-draft', nfd.normalize('NFC'), 'confirmed')] }, frLocales, context, {});
    expect(twice.decisions.map((d) => d.outcome)).toEqual(['unchanged']);
  });
});

describe('presslate import', () => {
  async function exported(root: string, format: string, release = '2018-09-20-workshopreihe-digitalisierung'): Promise<string> {
    const result = await runCli(root, ['export', '--format', format, '--lang', 'en', '--release', release]);
    expect(result.code).toBe(0);
    return join(root, `${release}.en.${{ xliff: 'xlf', po: 'po', i18next: 'json' }[format]}`);
  }

  test('--release with a PO or XLIFF file is a usage error, not ignored (their entries name their release)', async () => {
    const project = await copySampleProject();
    try {
      for (const format of ['po', 'xliff']) {
        const file = await exported(project.root, format);
        const before = await snapshotTree(join(project.root, 'locales'));
        const result = await runCli(project.root, ['import', file, '--release', '../x']);
        expect(result.code).toBe(2);
        expect(result.stderr).toContain(`--release applies to i18next JSON only: a ${format === 'po' ? 'PO' : 'XLIFF'} file names the release of each entry itself; leave --release out`);
        expect(await snapshotTree(join(project.root, 'locales'))).toEqual(before);
      }
    } finally {
      await project.dispose();
    }
  });

  test('takes a translation made in a PO editor and reports it per entry', async () => {
    const project = await copySampleProject();
    try {
      const file = await exported(project.root, 'po');
      const po = await readFile(file, 'utf8');
      await writeFile(file, po.replace('msgid "Anmeldung"\nmsgstr ""', 'msgid "Anmeldung"\nmsgstr "Registration"'));
      const result = await runCli(project.root, ['import', file]);
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(result.stdout).toContain('took     2018-09-20-workshopreihe-digitalisierung#h-32ddf6ae  translated (new → translated)');
      expect(result.stdout).toContain('1 taken, 27 unchanged, 0 refused');
      expect(result.stdout).toContain('wrote locales/en/2018-09-20-workshopreihe-digitalisierung.yaml');
      const text = await readFile(join(project.root, 'locales/en/2018-09-20-workshopreihe-digitalisierung.yaml'), 'utf8');
      expect(text).toContain('    de: Anmeldung\n    en: Registration\n    status: translated');
      // Importing the same file again changes nothing.
      const again = await runCli(project.root, ['import', file]);
      expect(again.stdout).toContain('0 taken, 28 unchanged, 0 refused');
    } finally {
      await project.dispose();
    }
  });

  test('takes a PO file saved with old Mac line endings (CR alone), as locale files are read', async () => {
    // The whole file was one line: "`msgid` is not followed by one string in double quotes" at line 1.
    const project = await copySampleProject();
    try {
      const file = await exported(project.root, 'po');
      const po = await readFile(file, 'utf8');
      await writeFile(file, po.replace('msgid "Anmeldung"\nmsgstr ""', 'msgid "Anmeldung"\nmsgstr "Registration"').replaceAll('\n', '\r'));
      const result = await runCli(project.root, ['import', file]);
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(result.stdout).toContain('1 taken, 27 unchanged, 0 refused');
      const text = await readFile(join(project.root, 'locales/en/2018-09-20-workshopreihe-digitalisierung.yaml'), 'utf8');
      expect(text).toContain('    de: Anmeldung\n    en: Registration\n    status: translated');
    } finally {
      await project.dispose();
    }
  });

  test.skipIf(!CAN_MAKE_IMMUTABLE)('an import whose last locale file cannot be replaced changes none of its locale files', async () => {
    const project = await copySampleProject();
    const locked = join(project.root, 'locales/en/2020-06-25-abschlusskonferenz.yaml');
    try {
      // Every release: one file, several locale files.
      const file = join(project.root, 'all.en.po');
      expect((await runCli(project.root, ['export', '--format', 'po', '--lang', 'en', '--out', file])).code).toBe(0);
      let po = await readFile(file, 'utf8');
      po = po.replace('msgid "Anmeldung"\nmsgstr ""', 'msgid "Anmeldung"\nmsgstr "Registration"');
      const later = po.replace(/(msgctxt "2020-06-25-abschlusskonferenz#[^"\n]+"\nmsgid "[^\n]+"\n)msgstr ""\n\n/, '$1msgstr "A translation"\n\n');
      expect(later).not.toBe(po);
      await writeFile(file, later);
      const result = await runWithLockedFile(project.root, locked, ['import', file]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/cannot rename to .*2020-06-25-abschlusskonferenz\.yaml \(EPERM\): .* Nothing was written;/);
      expect(result.unchanged).toBe(true);
    } finally {
      await project.dispose();
    }
  });

  test('a CAT tool that marks a segment reviewed in XLIFF gets it reviewed', async () => {
    const project = await copySampleProject();
    try {
      const file = await exported(project.root, 'xliff');
      const xliff = await readFile(file, 'utf8');
      const edited = xliff.replace(
        /(<unit id="h-32ddf6ae">[\s\S]*?)<segment state="initial">\n(\s+)<source>Anmeldung<\/source>/,
        '$1<segment state="reviewed">\n$2<source>Anmeldung</source>\n$2<target>Registration</target>',
      );
      expect(edited).not.toBe(xliff);
      await writeFile(file, edited);
      const result = await runCli(project.root, ['import', file, '--json']);
      expect(result.code, result.stdout).toBe(0);
      const report = JSON.parse(result.stdout) as { decisions: { key: string; outcome: string; to?: string }[] };
      expect(report.decisions.find((d) => d.key === 'h-32ddf6ae')).toMatchObject({ outcome: 'taken', to: 'reviewed' });
    } finally {
      await project.dispose();
    }
  });

  test('a translation of German that changed after the export is kept as stale on the segment extract moved it to', async () => {
    const project = await copySampleProject();
    try {
      const release = '2018-03-16-growin-konferenz';
      const file = await exported(project.root, 'xliff', release);
      const source = join(project.root, 'releases', `${release}.md`);
      await writeFile(source, (await readFile(source, 'utf8')).replace('## Vertrag unterzeichnet', '## Vertrag endlich unterzeichnet'));
      expect((await runCli(project.root, ['extract'])).code).toBe(0);
      const xliff = await readFile(file, 'utf8');
      await writeFile(file, xliff.replace('<target>Agreement signed</target>', '<target>Agreement signed at last</target>'));
      const result = await runCli(project.root, ['import', file, '--json']);
      expect(result.code, result.stdout).toBe(0);
      const report = JSON.parse(result.stdout) as { decisions: { key: string; outcome: string; to?: string }[] };
      const locale = readLocaleFile(await readFile(join(project.root, 'locales', 'en', `${release}.yaml`), 'utf8'), 'x', { release, language: 'en', sourceLanguage: 'de' }).locale!;
      const moved = [...locale.entries.values()].find((entry) => entry.source === 'Vertrag endlich unterzeichnet')!;
      expect(report.decisions.find((d) => d.key === moved.key)).toMatchObject({ outcome: 'taken', to: 'stale' });
      expect(moved).toMatchObject({ translation: 'Agreement signed at last', status: 'stale', previous: 'Vertrag unterzeichnet', previousTranslation: 'Agreement signed' });
    } finally {
      await project.dispose();
    }
  });

  test('a translation of a segment that was untranslated when exported, whose German changed since, is kept as stale on its new key (XLIFF and PO)', async () => {
    const project = await copySampleProject();
    try {
      const release = '2020-06-25-abschlusskonferenz';
      const xliffFile = await exported(project.root, 'xliff', release);
      const poFile = await exported(project.root, 'po', release);
      const source = join(project.root, 'releases', `${release}.md`);
      await writeFile(source, (await readFile(source, 'utf8')).replace('Die Pandemie prägte auch die Inhalte der Konferenz.', 'Die Pandemie prägte auch die Inhalte der Tagung.'));
      expect((await runCli(project.root, ['extract'])).code).toBe(0);
      const localePath = join(project.root, 'locales', 'en', `${release}.yaml`);
      const read = async () => readLocaleFile(await readFile(localePath, 'utf8'), 'x', { release, language: 'en', sourceLanguage: 'de' }).locale!;
      const moved = [...(await read()).entries.values()].find((entry) => entry.source.includes('der Tagung.'))!;
      expect(moved).toMatchObject({ status: 'new', translation: '', previous: expect.stringContaining('der Konferenz.') });
      const english = 'The pandemic also shaped the <1>conference</1>.';
      const german = /(<source>Die Pandemie prägte[^\n]*<\/source>)/;
      const xliff = await readFile(xliffFile, 'utf8');
      await writeFile(xliffFile, xliff.replace(german, '$1\n        <target>The pandemic also shaped the <pc id="1">conference</pc>.</target>'));
      const before = await readFile(localePath, 'utf8');
      const result = await runCli(project.root, ['import', xliffFile, '--json']);
      expect(result.code, result.stdout + result.stderr).toBe(0);
      const report = JSON.parse(result.stdout) as { decisions: { key: string; outcome: string; to?: string }[] };
      expect(report.decisions.find((d) => d.key === moved.key)).toMatchObject({ outcome: 'taken', to: 'stale' });
      expect((await read()).entries.get(moved.key)).toMatchObject({ translation: english, status: 'stale', previous: moved.previous, previousStatus: 'translated' });
      // The same through PO, from the locale file before the XLIFF import.
      await writeFile(localePath, before);
      const po = await readFile(poFile, 'utf8');
      const entry = /(msgid "Die Pandemie prägte[^\n]*"\n)msgstr ""/;
      expect(po).toMatch(entry);
      await writeFile(poFile, po.replace(entry, `$1msgstr "${english}"`));
      const fromPo = await runCli(project.root, ['import', poFile]);
      expect(fromPo.code, fromPo.stdout + fromPo.stderr).toBe(0);
      expect((await read()).entries.get(moved.key)).toMatchObject({ translation: english, status: 'stale', previous: moved.previous });
      // Importing it again changes nothing.
      expect((await runCli(project.root, ['import', poFile])).stdout).toContain('0 taken');
    } finally {
      await project.dispose();
    }
  });

  test('reads a file in the encoding it declares (PO charset, XML declaration, UTF-16) and refuses bytes that are not valid in it', async () => {
    const project = await copySampleProject();
    try {
      const release = '2020-06-25-abschlusskonferenz';
      const locale = join(project.root, 'locales/en', `${release}.yaml`);
      const latin1 = (text: string): Buffer => Buffer.from(text, 'latin1');
      // A PO file from a tool that saves ISO-8859-1: "Leçons" has the one byte 0xE7 for its ç.
      const po = (charset: string, translation: string): string =>
        ['msgid ""', 'msgstr ""', '"Language: en\\n"', `"Content-Type: text/plain; charset=${charset}\\n"`, '', `msgctxt "${release}#meta.category"`, 'msgid "Veranstaltungen"', `msgstr "${translation}"`, ''].join('\n');
      await writeFile(join(project.root, 'latin.en.po'), latin1(po('ISO-8859-1', 'Leçons')));
      const taken = await runCli(project.root, ['import', 'latin.en.po']);
      expect(taken.code, taken.stdout + taken.stderr).toBe(0);
      expect(await readFile(locale, 'utf8')).toContain('    de: Veranstaltungen\n    en: Leçons\n');
      // Saved as CP1252 (msgconv -t CP1252): the quotes, the dash and € are the bytes 0x80–0x9F.
      const cp1252 = Buffer.from(po('CP1252', 'Q Events R S for T 5 E'), 'latin1');
      cp1252[cp1252.indexOf('Q Events')] = 0x93;
      cp1252[cp1252.indexOf(' R S ') + 1] = 0x94;
      cp1252[cp1252.indexOf(' S for') + 1] = 0x96;
      cp1252[cp1252.indexOf(' T 5') + 1] = 0x80;
      await writeFile(join(project.root, 'windows.en.po'), cp1252);
      const windows = await runCli(project.root, ['import', 'windows.en.po']);
      expect(windows.code, windows.stdout + windows.stderr).toBe(0);
      expect(await readFile(locale, 'utf8')).toContain('    en: “ Events ” – for € 5 E\n');
      // The same bytes declared as UTF-8 are refused with the line, not stored as "Le�ons".
      const before = await snapshotTree(join(project.root, 'locales'));
      await writeFile(join(project.root, 'undeclared.en.po'), latin1(po('UTF-8', 'Leçons!')));
      const undeclared = await runCli(project.root, ['import', 'undeclared.en.po']);
      expect(undeclared.code).toBe(2);
      expect(undeclared.stderr).toContain('undeclared.en.po:8 error IMPORT_INVALID is not valid UTF-8 (the encoding it declares): the bytes at line 8 are not UTF-8');
      expect(await snapshotTree(join(project.root, 'locales'))).toEqual(before);
      // XLIFF declaring ISO-8859-1, and XLIFF saved as UTF-16 (with and without a byte order mark).
      const xliff = (encoding: string, translation: string): string =>
        [
          `<?xml version="1.0" encoding="${encoding}"?>`,
          '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="de" trgLang="en">',
          `<file id="${release}"><unit id="meta.category"><segment state="translated">`,
          `<source>Veranstaltungen</source><target>${translation}</target>`,
          '</segment></unit></file></xliff>',
          '',
        ].join('\n');
      await writeFile(join(project.root, 'latin.en.xlf'), latin1(xliff('ISO-8859-1', 'Événements')));
      const latinXliff = await runCli(project.root, ['import', 'latin.en.xlf']);
      expect(latinXliff.code, latinXliff.stdout + latinXliff.stderr).toBe(0);
      expect(await readFile(locale, 'utf8')).toContain('    en: Événements\n');
      await writeFile(join(project.root, 'bom.en.xlf'), Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(xliff('UTF-16', 'Évènements'), 'utf16le').swap16()]));
      const bom = await runCli(project.root, ['import', 'bom.en.xlf']);
      expect(bom.code, bom.stdout + bom.stderr).toBe(0);
      expect(await readFile(locale, 'utf8')).toContain('    en: Évènements\n');
      await writeFile(join(project.root, 'nobom.en.xlf'), Buffer.from(xliff('UTF-16', 'Events'), 'utf16le'));
      const nobom = await runCli(project.root, ['import', 'nobom.en.xlf']);
      expect(nobom.code, nobom.stdout + nobom.stderr).toBe(0);
      expect(await readFile(locale, 'utf8')).toContain('    en: Events\n');
      // A declaration that contradicts the byte order mark, and an encoding nobody can read.
      await writeFile(join(project.root, 'contradiction.en.xlf'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(xliff('ISO-8859-1', 'x'))]));
      const contradiction = await runCli(project.root, ['import', 'contradiction.en.xlf']);
      expect(contradiction.code).toBe(2);
      expect(contradiction.stderr).toContain('contradiction.en.xlf:1 error IMPORT_INVALID starts with a UTF-8 byte order mark but declares ISO-8859-1 in its XML declaration');
      await writeFile(join(project.root, 'unknown.en.po'), po('X-UNHEARD-OF', 'x'));
      const unknown = await runCli(project.root, ['import', 'unknown.en.po']);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('unknown.en.po:4 error IMPORT_INVALID declares the encoding "X-UNHEARD-OF", which Presslate cannot read');
      // JSON is UTF-8: a Latin-1 byte is refused, not replaced.
      await writeFile(join(project.root, `${release}.en.json`), latin1('{\n  "meta": {\n    "category": "Leçons"\n  }\n}\n'));
      const json = await runCli(project.root, ['import', `${release}.en.json`]);
      expect(json.code).toBe(2);
      expect(json.stderr).toContain(`${release}.en.json:3 error IMPORT_INVALID is not valid UTF-8: the bytes at line 3 are in another encoding`);
    } finally {
      await project.dispose();
    }
  });

  test('a file named as one language that says it is in another is refused unless --lang says which', async () => {
    // An English export whose trgLang a tool set to fr went into the French locale files, over
    // 86 reviewed French translations.
    const project = await copySampleProject();
    try {
      const file = await exported(project.root, 'xliff');
      await writeFile(file, (await readFile(file, 'utf8')).replace('trgLang="en"', 'trgLang="fr"'));
      const before = await snapshotTree(join(project.root, 'locales'));
      const result = await runCli(project.root, ['import', file]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('error IMPORT_INVALID has en in its name but says it is in fr — hint: check which language the translations are in: pass --lang fr to import it as fr, or fix the language in the file (trgLang) to en');
      expect(await snapshotTree(join(project.root, 'locales'))).toEqual(before);
      expect((await runCli(project.root, ['import', file, '--lang', 'fr', '--dry-run'])).code).not.toBe(2);
    } finally {
      await project.dispose();
    }
  });

  test('regional language tags written by CAT tools (de-DE, en_US) map to the project languages', async () => {
    const project = await copySampleProject();
    try {
      const file = await exported(project.root, 'xliff');
      const xliff = await readFile(file, 'utf8');
      await writeFile(file, xliff.replace('srcLang="de" trgLang="en"', 'srcLang="de-DE" trgLang="en_US"'));
      const result = await runCli(project.root, ['import', file]);
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(result.stdout).toContain('(xliff, en): 0 taken, 28 unchanged, 0 refused');
    } finally {
      await project.dispose();
    }
  });

  test('a file with an error-level refusal changes nothing (exit 2) unless --partial (exit 1); --dry-run writes nothing', async () => {
    const project = await copySampleProject();
    try {
      const file = await exported(project.root, 'i18next');
      const json = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
      json['h-32ddf6ae'] = 'Registration';
      json['h-3007bcb9'] = 'Part of a <1>European network';
      await writeFile(file, JSON.stringify(json, null, 2));
      const before = await snapshotTree(join(project.root, 'locales'));
      const refused = await runCli(project.root, ['import', file]);
      expect(refused.code).toBe(2);
      expect(refused.stdout).toMatch(/refused {2}2018-09-20-workshopreihe-digitalisierung\.en\.json:\d+ error IMPORT_TAGS 2018-09-20-workshopreihe-digitalisierung#h-3007bcb9 has the tag <1>/);
      expect(refused.stdout).toContain('the file was refused and nothing was written');
      expect(await snapshotTree(join(project.root, 'locales'))).toEqual(before);
      const dry = await runCli(project.root, ['import', file, '--partial', '--dry-run']);
      expect(dry.stdout).toContain('dry run — 1 locale file(s) would change');
      expect(await snapshotTree(join(project.root, 'locales'))).toEqual(before);
      const partial = await runCli(project.root, ['import', file, '--partial']);
      expect(partial.code).toBe(1);
      expect(partial.stdout).toContain('1 taken, 26 unchanged, 1 refused');
      const after = await snapshotTree(join(project.root, 'locales'));
      expect([...after].filter(([path, text]) => before.get(path) !== text).map(([path]) => path)).toEqual(['en/2018-09-20-workshopreihe-digitalisierung.yaml']);
    } finally {
      await project.dispose();
    }
  });

  test('bad input exits 2 with nothing written: not XLIFF, wrong language, unknown format, missing file, deep or doubled JSON keys', async () => {
    const project = await copySampleProject();
    try {
      const before = await snapshotTree(join(project.root, 'locales'));
      await writeFile(join(project.root, 'broken.xlf'), '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="de" trgLang="en">\n<file id="x">\n</xliff>\n');
      const broken = await runCli(project.root, ['import', 'broken.xlf']);
      expect(broken.code).toBe(2);
      expect(broken.stderr).toMatch(/broken\.xlf:3:\d+ error IMPORT_INVALID is not well-formed XML: [a-z]/);
      // An HTML entity typed into a target is named, with what to write instead; the message no
      // longer repeats the position ("32:28: undefined entity."), nor calls the file damaged.
      const exportedXliff = await readFile(await exported(project.root, 'xliff'), 'utf8');
      await writeFile(join(project.root, 'nbsp.xlf'), exportedXliff.replace('<source>Anmeldung</source>', '<source>Anmeldung</source>\n        <target>Sign&nbsp;up</target>'));
      const entity = await runCli(project.root, ['import', 'nbsp.xlf']);
      expect(entity.code).toBe(2);
      expect(entity.stderr).toMatch(/nbsp\.xlf:\d+:\d+ error IMPORT_INVALID is not well-formed XML: `&nbsp;` is an HTML entity, which XML does not define — hint: .*&#160;/);
      const file = await exported(project.root, 'po');
      expect((await runCli(project.root, ['import', file, '--lang', 'fr'])).code).toBe(2);
      await writeFile(join(project.root, 'x.txt'), 'hello');
      expect((await runCli(project.root, ['import', 'x.txt'])).code).toBe(2);
      expect((await runCli(project.root, ['import', 'missing.po'])).code).toBe(2);
      const po = await readFile(file, 'utf8');
      await writeFile(join(project.root, 'de.po'), po.replace('"Language: en\\n"', '"Language: de\\n"'));
      const german = await runCli(project.root, ['import', 'de.po']);
      expect(german.code).toBe(2);
      expect(german.stderr).toContain('is in de, which is not a target language');
      // PO that gettext-parser reads leniently: a keyword without its string (the entry was
      // dropped unseen) and an escape it turns into a plain letter.
      const lines = po.split('\n');
      const msgstr = lines.findIndex((line) => /^msgstr ".+"$/.test(line));
      await writeFile(join(project.root, 'cut.po'), `${po}\nmsgctxt "x#y"\nmsgid "a"\nmsgstr\n`);
      const cut = await runCli(project.root, ['import', 'cut.po']);
      expect(cut.code, cut.stderr).toBe(2);
      expect(cut.stderr).toMatch(new RegExp(`cut\\.po:${po.split('\n').length + 3} error IMPORT_INVALID is not a valid PO file: \`msgstr\` is not followed by one string`));
      await writeFile(join(project.root, 'escape.po'), lines.map((line, index) => (index === msgstr ? line.replace('msgstr "', 'msgstr "\\q ') : line)).join('\n'));
      const escape = await runCli(project.root, ['import', 'escape.po']);
      expect(escape.code, escape.stderr).toBe(2);
      expect(escape.stderr).toContain(`escape.po:${msgstr + 1} error IMPORT_INVALID is not a valid PO file: the escape \`\\q\``);
      // i18next JSON nested thousands of levels (overflowed the stack, exit 70) and a key twice
      // in one object (JSON.parse keeps the last: a translation lost unseen).
      const release = '2020-06-25-abschlusskonferenz';
      await writeFile(join(project.root, 'deep.en.json'), `${'{"a":'.repeat(5000)}"x"${'}'.repeat(5000)}`);
      const deep = await runCli(project.root, ['import', 'deep.en.json', '--release', release]);
      expect(deep.code, deep.stderr).toBe(2);
      expect(deep.stderr).toMatch(/deep\.en\.json:1 error IMPORT_INVALID nests objects more than 32 levels deep/);
      await writeFile(join(project.root, 'twice.en.json'), '{\n  "p-60a423a3": "A",\n  "p-60a423a3": "B"\n}\n');
      const twice = await runCli(project.root, ['import', 'twice.en.json', '--release', release]);
      expect(twice.code, twice.stderr).toBe(2);
      expect(twice.stderr).toMatch(/twice\.en\.json:3 error IMPORT_DUPLICATE has the key "p-60a423a3" twice/);
      // Control characters written as JSON escapes or XLIFF <cp>: refused, never published; a <cp>
      // beyond Unicode is not a character at all.
      await writeFile(join(project.root, 'nul.en.json'), '{\n  "p-60a423a3": "Three years\\u0000 later"\n}\n');
      const nul = await runCli(project.root, ['import', 'nul.en.json', '--release', release]);
      expect(nul.code, nul.stdout).toBe(2);
      expect(nul.stdout).toContain('nul.en.json:2 error IMPORT_CHARACTER 2020-06-25-abschlusskonferenz#p-60a423a3 has the character U+0000, a control character (after "Three years")');
      const xliff = (cp: string): string =>
        `<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="de" trgLang="en"><file id="${release}"><unit id="h-0dbae5a5"><segment state="translated"><source>Aus der Krise gelernt</source><target>Lessons${cp}</target></segment></unit></file></xliff>`;
      await writeFile(join(project.root, 'cp.en.xlf'), xliff('<cp hex="FFFE"/>'));
      const cp = await runCli(project.root, ['import', 'cp.en.xlf']);
      expect(cp.code, cp.stdout).toBe(2);
      expect(cp.stdout).toContain('IMPORT_CHARACTER 2020-06-25-abschlusskonferenz#h-0dbae5a5 has the character U+FFFE, a noncharacter');
      await writeFile(join(project.root, 'beyond.en.xlf'), xliff('<cp hex="110000"/>'));
      const beyond = await runCli(project.root, ['import', 'beyond.en.xlf']);
      expect(beyond.code, beyond.stderr).toBe(2);
      expect(beyond.stderr).toContain('error IMPORT_INVALID unit 2020-06-25-abschlusskonferenz#h-0dbae5a5 has <cp hex="110000">');
      expect(await snapshotTree(join(project.root, 'locales'))).toEqual(before);
    } finally {
      await project.dispose();
    }
  });
});
