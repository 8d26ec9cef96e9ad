import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FAILSAFE_SCHEMA, load } from 'js-yaml';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { analyzeRelease } from '../src/core/analyze-release.js';
import { parseConfig } from '../src/core/config.js';
import { differingPart, extractLocale, similarityOf } from '../src/core/extract-locale.js';
import { readLocaleFile, type LocaleEntry, type LocaleFile } from '../src/core/locale-file.js';
import { segmentKey } from '../src/core/segment.js';
import { copySampleProject, runCli, snapshotTree, spawnCli } from './helpers/project.js';
import { keepOnlyReleases, snapshotProject } from './helpers/project-copies.js';

/**
 * Issue 2's extract scenarios, run through the CLI on a temporary copy of the sample project:
 * editing, inserting, reordering and deleting German paragraphs, and what happens to the locale
 * files of every target language. Extract must never lose a translation and a second run must
 * change no byte.
 */

const RELEASE = '2018-03-16-growin-konferenz';
const LANGUAGES = ['da', 'en', 'nl', 'fr'];
const SOURCE = `releases/${RELEASE}.md`;
const EDITED_PARAGRAPH = 'Am zweiten Tag tauschten sich die Partner';
const NEW_PARAGRAPH = 'Im Herbst treffen sich die Partner erneut, diesmal im dänischen Esbjerg an der Nordseeküste.';

let root: string;
let dispose: () => Promise<void>;

/** The sample project; every scenario but the first works on the one release it changes. */
beforeEach(async (context) => {
  ({ root, dispose } = await copySampleProject());
  if (!context.task.name.startsWith('on the whole sample')) await keepOnlyReleases(root, [RELEASE]);
});
afterEach(async () => {
  await dispose();
});

const localeFile = (lng: string, id = RELEASE): string => `locales/${lng}/${id}.yaml`;

async function readLocale(lng: string, id = RELEASE): Promise<LocaleFile> {
  const file = localeFile(lng, id);
  const { locale, diagnostics } = readLocaleFile(await readFile(join(root, file), 'utf8'), file, { release: id, language: lng, sourceLanguage: 'de' });
  if (!locale) throw new Error(`${file}: ${JSON.stringify(diagnostics)}`);
  return locale;
}

async function readLocales(): Promise<Map<string, LocaleFile>> {
  return new Map(await Promise.all(LANGUAGES.map(async (lng) => [lng, await readLocale(lng)] as const)));
}

/** An entry without its line number, which moves whenever anything above it changes. */
const content = (entry: LocaleEntry | undefined): Omit<LocaleEntry, 'line'> | undefined => {
  if (!entry) return undefined;
  const { line: _line, ...rest } = entry;
  return rest;
};

async function editSource(change: (text: string) => string): Promise<void> {
  const path = join(root, SOURCE);
  const before = await readFile(path, 'utf8');
  const after = change(before);
  expect(after).not.toBe(before);
  await writeFile(path, after);
}

/** Runs extract, expects success, then runs it again and expects that second run to change no byte. */
async function extract(): Promise<string> {
  const first = await runCli(root, ['extract']);
  expect(first.stderr).toBe('');
  expect(first.code).toBe(0);
  const after = await snapshotProject(root);
  const second = await runCli(root, ['extract']);
  expect(second.code).toBe(0);
  expect(second.stdout).toContain('all locale files up to date');
  expect(await snapshotProject(root)).toEqual(after);
  return first.stdout;
}

/** The paragraph of the release that starts with `start`, as written (Markdown, not tagged text). */
async function paragraphStartingWith(start: string): Promise<string> {
  const text = await readFile(join(root, SOURCE), 'utf8');
  const from = text.indexOf(start);
  expect(from).toBeGreaterThan(0);
  return text.slice(from, text.indexOf('\n\n', from));
}

describe('extract', () => {
  test('on the whole sample changes nothing, twice', async () => {
    const before = await snapshotProject(root);
    const result = await runCli(root, ['extract']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('all locale files up to date');
    expect(await snapshotProject(root)).toEqual(before);
  });

  test('creates a locale file per target language for a new release, then leaves it alone', async () => {
    await writeFile(join(root, 'releases/2021-01-15-neues-projekt.md'), '---\ntitle: Ein neues Projekt\ndate: 2021-01-15\n---\n\nEin *neues* Projekt beginnt.\n');
    const output = await extract();
    expect(output).toContain('updated 4 locale file(s)');
    for (const lng of LANGUAGES) {
      const locale = await readLocale(lng, '2021-01-15-neues-projekt');
      expect([...locale.entries.values()].map((e) => [e.key.replace(/-[0-9a-f]{8}$/, ''), e.source, e.translation, e.status])).toEqual([
        ['meta.title', 'Ein neues Projekt', '', 'new'],
        ['p', 'Ein <1>neues</1> Projekt beginnt.', '', 'new'],
      ]);
      const text = await readFile(join(root, localeFile(lng, '2021-01-15-neues-projekt')), 'utf8');
      expect(text).toMatch(/^# \w+ translation of releases\/2021-01-15-neues-projekt\.md\n/);
    }
  });

  test('editing one German paragraph makes that segment alone stale, keeping translation and old German', async () => {
    const before = await readLocales();
    await editSource((text) => text.replace(EDITED_PARAGRAPH, 'Am zweiten Konferenztag tauschten sich die Partner'));
    const output = await extract();
    for (const lng of LANGUAGES) expect(output).toContain(`${localeFile(lng)}: 1 stale`);
    for (const lng of LANGUAGES) {
      const old = before.get(lng)!;
      const now = await readLocale(lng);
      const { key: oldKey, source: oldGerman } = [...old.entries.values()].find((e) => e.source.startsWith(EDITED_PARAGRAPH))!;
      const edited = [...now.entries.values()].find((e) => e.source.startsWith('Am zweiten Konferenztag'))!;
      expect(edited).toMatchObject({
        translation: old.entries.get(oldKey)!.translation,
        status: 'stale',
        previous: oldGerman,
        previousStatus: 'reviewed',
      });
      expect(edited.translation).not.toBe('');
      expect(edited.key).not.toBe(oldKey);
      // Every other entry is exactly as it was, in the same order.
      const others = (file: LocaleFile, skip: string): [string, unknown][] =>
        [...file.entries.values()].filter((e) => e.key !== skip).map((e) => [e.key, content(e)]);
      expect(others(now, edited.key)).toEqual(others(old, oldKey));
      expect(now.obsolete.size).toBe(0);
    }
  });

  test('a change of white space alone inside a paragraph keeps every status (the key stays, so does the translation)', async () => {
    const before = await readLocales();
    await editSource((text) => text.replace(EDITED_PARAGRAPH, EDITED_PARAGRAPH.replace('zweiten Tag', 'zweiten  Tag')));
    const output = await extract();
    expect(output).not.toContain('stale');
    for (const lng of LANGUAGES) {
      const old = before.get(lng)!;
      const now = await readLocale(lng);
      const entry = [...now.entries.values()].find((e) => e.source.startsWith('Am zweiten  Tag'))!;
      const was = old.entries.get(entry.key)!;
      expect(content(entry)).toEqual({ ...content(was), source: was.source.replace('zweiten Tag', 'zweiten  Tag') });
      expect(entry.status).toBe('reviewed');
    }
    const build = await runCli(root, ['build']);
    expect(build.code, build.stderr).toBe(0);
    expect(await readFile(join(root, 'dist', 'en', `${RELEASE}.md`), 'utf8')).not.toContain('outdated: true');
  });

  test('inserting a paragraph adds one new segment and touches nothing else', async () => {
    const before = await readLocales();
    await editSource((text) => text.replace('## Vertrag unterzeichnet', `${NEW_PARAGRAPH}\n\n## Vertrag unterzeichnet`));
    const output = await extract();
    for (const lng of LANGUAGES) {
      expect(output).toContain(`${localeFile(lng)}: 1 added`);
      const old = before.get(lng)!;
      const now = await readLocale(lng);
      const added = [...now.entries.keys()].filter((key) => !old.entries.has(key));
      expect(added).toHaveLength(1);
      expect(now.entries.get(added[0]!)).toMatchObject({ source: NEW_PARAGRAPH, translation: '', status: 'new' });
      for (const [key, entry] of old.entries) expect(content(now.entries.get(key))).toEqual(content(entry));
      // In document order: right after the first paragraph.
      const keys = [...now.entries.keys()];
      expect(keys[keys.indexOf(added[0]!) + 1]).toMatch(/^h-/);
    }
  });

  test('German with control characters, line separators or a BOM is written escaped, so that every YAML reader reads the locale file', async () => {
    const odd = 'Steuerzeichen\u0001 und\u007F C1\u0085 oder\u2028Zeilen\u2029trenner\uFEFF im Text.';
    await editSource((text) => text.replace('## Vertrag unterzeichnet', `${odd}\n\n## Vertrag unterzeichnet`));
    await extract();
    for (const lng of LANGUAGES) {
      const text = await readFile(join(root, localeFile(lng)), 'utf8');
      expect(text).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u2028\u2029\uFEFF]/);
      const added = [...(await readLocale(lng)).entries.values()].find((entry) => entry.source.startsWith('Steuerzeichen'))!;
      const other = load(text, { schema: FAILSAFE_SCHEMA }) as { segments: Record<string, { de: string }> };
      expect(other.segments[added.key]?.de).toBe(added.source);
      expect(added.source).toMatch(/\u0085.*\u2028/);
    }
  });

  test('German that holds the replacement character (Markdown reads &#0; as U+FFFD) is RELEASE_ENCODING at its line, and no locale file changes', async () => {
    // Written into the locale files, U+FFFD made the next extract, check and build refuse them
    // (LOCALE_ENCODING, the mark of a broken conversion), with no way to fix it there.
    const before = await Promise.all(LANGUAGES.map((lng) => readFile(join(root, localeFile(lng)), 'utf8')));
    const original = await readFile(join(root, SOURCE), 'utf8');
    await editSource((text) => text.replace('## Vertrag unterzeichnet', 'Ein Zeichen &#0; hier.\n\n## Vertrag unterzeichnet'));
    const line = (await readFile(join(root, SOURCE), 'utf8')).split('\n').indexOf('Ein Zeichen &#0; hier.') + 1;
    const result = await runCli(root, ['extract']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${SOURCE}:${line} error RELEASE_ENCODING`);
    expect(await Promise.all(LANGUAGES.map((lng) => readFile(join(root, localeFile(lng)), 'utf8')))).toEqual(before);
    await writeFile(join(root, SOURCE), original);
  });

  test('reordering paragraphs changes no status and loses nothing; the file follows the new order', async () => {
    const before = await readLocales();
    const text = await readFile(join(root, SOURCE), 'utf8');
    const funded = text.slice(text.indexOf('## Ein gefördertes Projekt'), text.indexOf('## Über GrowIn 4.0'));
    const about = text.slice(text.indexOf('## Über GrowIn 4.0'), text.indexOf('## Pressekontakt'));
    await editSource((t) => t.replace(funded + about, about + funded));
    await extract();
    for (const lng of LANGUAGES) {
      const old = before.get(lng)!;
      const now = await readLocale(lng);
      expect(new Map([...now.entries].map(([key, entry]) => [key, content(entry)]))).toEqual(
        new Map([...old.entries].map(([key, entry]) => [key, content(entry)])),
      );
      expect(now.obsolete.size).toBe(0);
      const order = [...now.entries.values()].map((e) => e.source);
      expect(order.findIndex((s) => s.startsWith('Das Projekt „GrowIn 4.0“ wird'))).toBeLessThan(order.findIndex((s) => s.startsWith('Am zweiten Tag')));
    }
  });

  test('deleting a paragraph moves its entry to obsolete with the translation; bringing it back restores it', async () => {
    const original = await snapshotTree(join(root, 'locales'));
    const before = await readLocales();
    const paragraph = await paragraphStartingWith('Das Projekt „GrowIn 4.0“ wird');
    await editSource((text) => text.replace(`${paragraph}\n\n`, ''));
    const output = await extract();
    for (const lng of LANGUAGES) {
      expect(output).toContain(`${localeFile(lng)}: 1 obsoleted`);
      const old = before.get(lng)!;
      const key = [...old.entries.values()].find((e) => e.source.startsWith('Das Projekt „GrowIn 4.0“ wird'))!.key;
      const now = await readLocale(lng);
      expect(now.entries.has(key)).toBe(false);
      expect(content(now.obsolete.get(key))).toEqual(content(old.entries.get(key)));
      expect(now.obsolete.get(key)!.translation).not.toBe('');
      expect(now.entries.size).toBe(old.entries.size - 1);
    }
    // The paragraph comes back: its entry is restored from obsolete, reviewed as before.
    await editSource((text) => text.replace('## Pressekontakt', `${paragraph}\n\n## Pressekontakt`));
    const restored = await extract();
    for (const lng of LANGUAGES) expect(restored).toContain(`${localeFile(lng)}: 1 restored`);
    expect(await snapshotTree(join(root, 'locales'))).toEqual(original);
  });

  test('a stale entry returns to reviewed when the German is reverted', async () => {
    const original = await snapshotTree(join(root, 'locales'));
    const source = await readFile(join(root, SOURCE), 'utf8');
    await editSource((text) => text.replace(EDITED_PARAGRAPH, 'Am zweiten Konferenztag tauschten sich die Partner'));
    await extract();
    expect([...(await readLocale('en')).entries.values()].filter((e) => e.status === 'stale')).toHaveLength(1);
    await writeFile(join(root, SOURCE), source);
    const output = await extract();
    for (const lng of LANGUAGES) expect(output).toContain(`${localeFile(lng)}: 1 caught-up`);
    const entry = [...(await readLocale('en')).entries.values()].find((e) => e.source.startsWith(EDITED_PARAGRAPH))!;
    expect(entry.status).toBe('reviewed');
    expect(entry.previous).toBeUndefined();
    expect(entry.previousStatus).toBeUndefined();
    // Byte for byte the files from before the edit.
    expect(await snapshotTree(join(root, 'locales'))).toEqual(original);
  });

  test('a stale entry a translator reworked is current again when the German is reverted: no previous equal to the German, and no translation lost', async () => {
    const source = await readFile(join(root, SOURCE), 'utf8');
    await editSource((text) => text.replace(EDITED_PARAGRAPH, 'Am zweiten Konferenztag tauschten sich die Partner'));
    await extract();
    const file = join(root, localeFile('en'));
    const stale = [...(await readLocale('en')).entries.values()].find((e) => e.status === 'stale')!;
    const reworked = 'On the second day of the conference the partners exchanged views.';
    // The translator rewrites the English for the new German and marks it translated.
    const edited = (await readFile(file, 'utf8')).replace(
      new RegExp(`(  ${stale.key}:[\\s\\S]*?)    en: [^\\n]*\\n    status: stale\\n`),
      `$1    en: ${reworked}\n    status: translated\n`,
    );
    await writeFile(file, edited);
    expect((await readLocale('en')).entries.get(stale.key)).toMatchObject({ status: 'translated', translation: reworked });
    // The German goes back.
    await writeFile(join(root, SOURCE), source);
    await extract();
    const back = [...(await readLocale('en')).entries.values()].find((e) => e.source.startsWith(EDITED_PARAGRAPH))!;
    expect(back).toMatchObject({ status: 'translated', translation: reworked, previousStatus: 'reviewed', previousTranslation: stale.previousTranslation });
    expect(back.previous).toBeUndefined();
    // A file left with `previous` equal to the German (by an earlier version) is tidied the same way.
    const text = await readFile(file, 'utf8');
    const entryText = new RegExp(`(  ${back.key}:\\n    de: ([^\\n]*)\\n)`);
    await writeFile(file, text.replace(entryText, '$1    previous: $2\n'));
    expect((await readLocale('en')).entries.get(back.key)!.previous).toBe(back.source);
    await extract();
    expect(await readFile(file, 'utf8')).toBe(text);
    // The other languages, not reworked, are reviewed again.
    const danish = [...(await readLocale('da')).entries.values()].find((e) => e.source.startsWith(EDITED_PARAGRAPH))!;
    expect(danish.status).toBe('reviewed');
    expect(danish.previousTranslation).toBeUndefined();
  });

  test('a stale entry without any translation whose previous is the German again becomes untranslated, not translated with no text', async () => {
    const file = join(root, localeFile('en'));
    const entry = [...(await readLocale('en')).entries.values()].find((e) => e.source.startsWith(EDITED_PARAGRAPH))!;
    const text = await readFile(file, 'utf8');
    const edited = text.replace(
      new RegExp(`(  ${entry.key}:\\n    de: ([^\\n]*)\\n)    en: [^\\n]*\\n    status: reviewed\\n`),
      '$1    previous: $2\n    en:\n    status: stale\n    previous-status: reviewed\n',
    );
    expect(edited).not.toBe(text);
    await writeFile(file, edited);
    await extract();
    const now = (await readLocale('en')).entries.get(entry.key)!;
    expect(now).toMatchObject({ status: 'new', translation: '' });
    expect(now.previous).toBeUndefined();
    expect(now.previousStatus).toBeUndefined();
  });

  test('a draft (status new with text) keeps its status when the German changes, with the German it was drafted for as previous', async () => {
    const file = join(root, localeFile('en'));
    const english = await readFile(file, 'utf8');
    const draft = [...(await readLocale('en')).entries.values()].find((e) => e.source.startsWith(EDITED_PARAGRAPH))!;
    await writeFile(file, english.replace(new RegExp(`(  ${draft.key}:[\\s\\S]*?status: )reviewed`), '$1new'));
    expect((await readLocale('en')).entries.get(draft.key)?.status).toBe('new');
    const source = await readFile(join(root, SOURCE), 'utf8');
    await editSource((text) => text.replace(EDITED_PARAGRAPH, 'Am zweiten Konferenztag tauschten sich die Partner'));
    await extract();
    const moved = [...(await readLocale('en')).entries.values()].find((e) => e.source.startsWith('Am zweiten Konferenztag'))!;
    expect(moved).toMatchObject({ status: 'new', translation: draft.translation, previous: draft.source });
    // The German goes back: so does the entry.
    await writeFile(join(root, SOURCE), source);
    await extract();
    const back = (await readLocale('en')).entries.get(draft.key)!;
    expect(back).toMatchObject({ status: 'new', translation: draft.translation });
    expect(back.previous).toBeUndefined();
  });

  test('an untranslated entry whose German changes keeps its first German as previous (so import finds it); it goes when the German goes back, and is dropped when the text is removed', async () => {
    const file = join(root, localeFile('en'));
    const english = await readFile(file, 'utf8');
    const entry = [...(await readLocale('en')).entries.values()].find((e) => e.source.startsWith(EDITED_PARAGRAPH))!;
    await writeFile(file, english.replace(new RegExp(`(  ${entry.key}:\\n    de: [^\\n]*\\n)    en: [^\\n]*\\n    status: reviewed\\n`), '$1    en:\n    status: new\n'));
    expect((await readLocale('en')).entries.get(entry.key)).toMatchObject({ status: 'new', translation: '' });
    const source = await readFile(join(root, SOURCE), 'utf8');
    await editSource((text) => text.replace(EDITED_PARAGRAPH, 'Am zweiten Konferenztag tauschten sich die Partner'));
    await extract();
    const moved = [...(await readLocale('en')).entries.values()].find((e) => e.source.startsWith('Am zweiten Konferenztag'))!;
    expect(moved).toMatchObject({ status: 'new', translation: '', previous: entry.source });
    // The German goes back: `previous` goes.
    await writeFile(join(root, SOURCE), source);
    await extract();
    const back = (await readLocale('en')).entries.get(entry.key)!;
    expect(back).toMatchObject({ status: 'new', translation: '' });
    expect(back.previous).toBeUndefined();
    // Changed twice, it keeps the first German.
    await editSource((text) => text.replace(EDITED_PARAGRAPH, 'Am zweiten Konferenztag tauschten sich die Partner'));
    await extract();
    await editSource((text) => text.replace('Am zweiten Konferenztag tauschten', 'Am zweiten Konferenztag berieten'));
    await extract();
    const twice = [...(await readLocale('en')).entries.values()].find((e) => e.source.startsWith('Am zweiten Konferenztag berieten'))!;
    expect(twice).toMatchObject({ status: 'new', previous: entry.source });
    // Removed from the German, it has nothing to keep in `obsolete`.
    await editSource((text) => text.replace(/\n\nAm zweiten Konferenztag berieten[^\n]*/, ''));
    await extract();
    const removed = await readLocale('en');
    expect(removed.entries.has(twice.key)).toBe(false);
    expect(removed.obsolete.has(twice.key)).toBe(false);
  });

  test('comments and formatting people wrote in a locale file survive extract', async () => {
    const file = join(root, localeFile('en'));
    const original = await readFile(file, 'utf8');
    const editedEntry = original.indexOf(`    de: ${EDITED_PARAGRAPH}`);
    const entryKey = original.lastIndexOf('\n', editedEntry - 2) + 1;
    expect(original.slice(entryKey, editedEntry)).toMatch(/^ {2}p-[0-9a-f]{8}:\n$/);
    const withComments =
      original.slice(0, entryKey).replace('status: reviewed\n', 'status: reviewed # checked by J. Smith\n') +
      '  # Terminology: Benchmark-Analyse = benchmark analysis (see glossary)\n' +
      original.slice(entryKey) +
      '# Note for the next translator: keep "GrowIn 4.0" in quotes.\n';
    // A translation a person rewrote as a folded block.
    const folded = withComments.replace(
      /( {4}en: )Agreement signed\n/,
      '$1>-\n      Agreement\n      signed\n',
    );
    expect(folded).not.toBe(withComments);
    await writeFile(file, folded);
    await editSource((text) => text.replace(EDITED_PARAGRAPH, 'Am zweiten Konferenztag tauschten sich die Partner'));
    await extract();
    const after = await readFile(file, 'utf8');
    expect(after).toContain('  # Terminology: Benchmark-Analyse = benchmark analysis (see glossary)\n');
    expect(after).toContain('status: reviewed # checked by J. Smith\n');
    expect(after).toContain('# Note for the next translator: keep "GrowIn 4.0" in quotes.\n');
    // The folded block stays a folded block with the same text. (The yaml library re-flows the lines
    // of a block scalar when it writes a document, so where the lines break is not kept.)
    expect(after).toMatch(/\n {4}en: >-\n {6}Agreement\s+signed\n/);
    expect(after.startsWith(original.slice(0, original.indexOf('segments:')))).toBe(true);
    expect(after.split('\n').filter((line) => line.includes('# checked by J. Smith'))).toEqual(['    status: reviewed # checked by J. Smith']);
    // The comment stays attached to the entry it was written for, which is now stale.
    const comment = after.indexOf('# Terminology');
    expect(after.slice(comment).split('\n').slice(1, 3).join('\n')).toMatch(/^ {2}p-[0-9a-f]{8}:\n {4}de: Am zweiten Konferenztag/);
  });

  test('--dry-run reports what would change and writes nothing', async () => {
    await editSource((text) => text.replace(EDITED_PARAGRAPH, 'Am zweiten Konferenztag tauschten sich die Partner'));
    const before = await snapshotProject(root);
    const result = await runCli(root, ['extract', '--dry-run']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`${localeFile('en')}: 1 stale`);
    expect(result.stdout).toContain('would update 4 locale file(s)');
    expect(await snapshotProject(root)).toEqual(before);
    const json = await runCli(root, ['extract', '--dry-run', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ written: [] });
    expect(await snapshotProject(root)).toEqual(before);
  });

  test('the real bin/presslate.js puts back a German edited in a locale file, keeps the reviewed translation and says so', async () => {
    // A translator "fixed" the German of a reviewed entry in the English file; the release is as it was.
    const file = join(root, localeFile('en'));
    const original = await snapshotTree(join(root, 'locales'));
    const english = await readFile(file, 'utf8');
    const edited = english.replace('    de: 15 Projektpartner aus Deutschland', '    de: 16 Projektpartner aus Deutschland');
    expect(edited).not.toBe(english);
    await writeFile(file, edited);
    const line = edited.split('\n').findIndex((text) => text.startsWith('    de: 16 Projektpartner')) + 1;
    const result = await spawnCli(root, ['extract']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`${localeFile('en')}: 1 source-restored\n`);
    expect(result.stdout).not.toContain('stale');
    expect(result.stderr).toBe(
      `${localeFile('en')}:${line}:9 warning LOCALE_SOURCE_EDITED entry \`p-dcec23f2\`: \`de:\` differed from the German in ${SOURCE} ` +
        '("16 Projektpartner aus …" where the release has "15 Projektpartner aus …") and was restored from it; the translation and its status (reviewed) are kept' +
        ` — hint: change the German in ${SOURCE}, not in the locale file: extract copies it from there into every language\n`,
    );
    // Byte for byte the files from before the edit: the entry is reviewed, with no previous.
    expect(await snapshotTree(join(root, 'locales'))).toEqual(original);
    const again = await runCli(root, ['extract']);
    expect(again).toMatchObject({ code: 0, stderr: '' });
    expect(again.stdout).toContain('all locale files up to date');
  });

  test('the real bin/presslate.js runs extract', async () => {
    await editSource((text) => text.replace('## Vertrag unterzeichnet', `${NEW_PARAGRAPH}\n\n## Vertrag unterzeichnet`));
    const result = await spawnCli(root, ['extract', '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { written: string[] };
    expect(report.written.sort()).toEqual(LANGUAGES.map((lng) => localeFile(lng)).sort());
    const again = await spawnCli(root, ['extract']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('all locale files up to date');
  });
});

describe('extractLocale: a German edited in the locale file', () => {
  const config = parseConfig('site:\n  url: https://example.org/press/\ntargetLanguages: [en]\n').config!;
  const id = '2020-06-25-test';
  const file = `locales/en/${id}.yaml`;
  const german = '15 Partner trafen sich in <1>Braunschweig</1>.';
  const english = '15 partners met in <1>Braunschweig</1>.';
  const { analysis } = analyzeRelease(`releases/${id}.md`, '---\ntitle: Ein Titel\ndate: 2020-06-25\n---\n\n15 Partner trafen sich in *Braunschweig*.\n', config);
  const key = segmentKey('p', german);
  const TITLE = '  meta.title:\n    de: Ein Titel\n    en: A title\n    status: reviewed\n';
  /** A locale file with the title and the paragraph's entry (its fields given), under `segments` or `obsolete`. */
  const localeText = (fields: string, options: { title?: string; obsolete?: boolean } = {}): string =>
    options.obsolete
      ? `release: ${id}\nlanguage: en\nsegments:\n${options.title ?? TITLE}obsolete:\n  ${key}:\n${fields}`
      : `release: ${id}\nlanguage: en\nsegments:\n${options.title ?? TITLE}  ${key}:\n${fields}obsolete: {}\n`;
  const extract = (text: string): ReturnType<typeof extractLocale> => extractLocale(analysis!, 'en', 'de', { file, text });

  test('a reviewed entry gets the release\'s German back and stays reviewed, with a warning at its `de:` line that shows the edit; a second run changes nothing', () => {
    const result = extract(localeText(`    de: 16 Partner trafen sich in <1>Braunschweig</1>.\n    en: ${english}\n    status: reviewed\n`));
    expect(result.text).toBe(localeText(`    de: ${german}\n    en: ${english}\n    status: reviewed\n`));
    expect(result.changes).toEqual([{ kind: 'source-restored', key }]);
    expect(result.diagnostics).toEqual([
      {
        code: 'LOCALE_SOURCE_EDITED',
        severity: 'warning',
        file,
        line: 9,
        column: 9,
        key,
        lng: 'en',
        message:
          `entry \`${key}\`: \`de:\` differed from the German in releases/${id}.md ("16 Partner trafen sich…" where the release has ` +
          '"15 Partner trafen sich…") and was restored from it; the translation and its status (reviewed) are kept',
        hint: `change the German in releases/${id}.md, not in the locale file: extract copies it from there into every language`,
      },
    ]);
    expect(extract(result.text!)).toEqual({ changes: [], diagnostics: [] });
  });

  test('a stale entry keeps its previous German, status and published translation; a draft stays a draft without previous', () => {
    const stale = (de: string): string =>
      `    de: ${de}\n    previous: 14 Partner trafen sich.\n    en: ${english}\n    status: stale\n    previous-status: reviewed\n    previous-en: 14 partners met.\n`;
    const result = extract(localeText(stale('15 Partner trafen sich in <1>Hannover</1>.')));
    expect(result.text).toBe(localeText(stale(german)));
    expect(result.changes).toEqual([{ kind: 'source-restored', key }]);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['LOCALE_SOURCE_EDITED']);
    const draft = extract(localeText(`    de: 15 Partner trafen sich.\n    en: ${english}\n    status: new\n`));
    expect(draft.text).toBe(localeText(`    de: ${german}\n    en: ${english}\n    status: new\n`));
    expect(draft.diagnostics[0]?.message).toContain('its status (new) are kept');
  });

  test('an obsolete entry whose German was edited comes back with its status when its text returns to the release', () => {
    const result = extract(localeText(`    de: 15 Partner trafen sich.\n    en: ${english}\n    status: reviewed\n`, { obsolete: true }));
    expect(result.text).toBe(localeText(`    de: ${german}\n    en: ${english}\n    status: reviewed\n`));
    expect(result.changes).toEqual([
      { kind: 'restored', key },
      { kind: 'source-restored', key },
    ]);
    expect(result.diagnostics.map((d) => [d.code, d.line])).toEqual([['LOCALE_SOURCE_EDITED', 10]]);
  });

  test('a German that differs only in white space is rewritten without a word, and one under a front matter key (not made from the text) still makes the entry stale', () => {
    const spaced = extract(localeText(`    de: 15  Partner trafen sich in <1>Braunschweig</1>. \n    en: ${english}\n    status: reviewed\n`));
    expect(spaced.text).toBe(localeText(`    de: ${german}\n    en: ${english}\n    status: reviewed\n`));
    expect(spaced.changes).toEqual([{ kind: 'updated', key }]);
    expect(spaced.diagnostics).toEqual([]);
    // `meta.title` names the field, not its German: a changed release and an edited locale file look the same.
    const fields = `    de: ${german}\n    en: ${english}\n    status: reviewed\n`;
    const title = extract(localeText(fields, { title: '  meta.title:\n    de: Ein alter Titel\n    en: An old title\n    status: reviewed\n' }));
    expect(title.changes).toEqual([{ kind: 'stale', key: 'meta.title' }]);
    expect(title.diagnostics).toEqual([]);
    expect(title.text).toBe(
      localeText(fields, {
        title: '  meta.title:\n    de: Ein Titel\n    previous: Ein alter Titel\n    en: An old title\n    status: stale\n    previous-status: reviewed\n    previous-en: An old title\n',
      }),
    );
  });

  test('differingPart shows where two texts differ, with a little around it, in whole characters', () => {
    expect(differingPart('16 Partner trafen sich.', '15 Partner trafen sich.', 5)).toEqual({ edited: '16 Part…', original: '15 Part…' });
    expect(differingPart('Treffen in Kiel am Montag.', 'Treffen in Köln am Montag.', 4)).toEqual({ edited: '…in Kiel am …', original: '…in Köln am …' });
    expect(differingPart('Ein Satz.', 'Ein Satz. Und noch einer.', 4)).toEqual({ edited: '…atz.', original: '…atz. Und noch einer.' });
    expect(differingPart('ab😀', 'ab😁', 1)).toEqual({ edited: '…b😀', original: '…b😁' });
    const long = differingPart(`A ${'x'.repeat(100)} Z`, `A ${'y'.repeat(100)} Z`, 2, 10);
    expect(long).toEqual({ edited: `A ${'x'.repeat(5)}…${'x'.repeat(5)} Z`, original: `A ${'y'.repeat(5)}…${'y'.repeat(5)} Z` });
  });
});

describe('extractLocale: a paragraph split in parts or cut down', () => {
  const config = parseConfig('site:\n  url: https://example.org/press/\ntargetLanguages: [en]\n').config!;
  const id = '2020-06-25-test';
  const file = `locales/en/${id}.yaml`;
  const sentences = ['Die Partner trafen sich in Braunschweig.', 'Sie berieten über den digitalen Wandel.', 'Am zweiten Tag besuchten sie einen Betrieb.', 'Im Herbst treffen sie sich in Esbjerg.'];
  const whole = sentences.join(' ');
  const english = 'The partners met in Braunschweig, discussed the digital transformation, visited a business and will meet again in Esbjerg in the autumn.';
  const release = (body: string) => analyzeRelease(`releases/${id}.md`, `---\ntitle: Ein Titel\ndate: 2020-06-25\n---\n\n${body}\n`, config).analysis!;
  const before = `release: ${id}\nlanguage: en\nsegments:\n  meta.title:\n    de: Ein Titel\n    en: A title\n    status: reviewed\n  ${segmentKey('p', whole)}:\n    de: ${whole}\n    en: ${english}\n    status: reviewed\nobsolete: {}\n`;
  const stalePiece = (german: string): Partial<LocaleEntry> => ({ source: german, previous: whole, translation: english, status: 'stale', previousStatus: 'reviewed', previousTranslation: english });
  const pick = (entry: LocaleEntry | undefined): Partial<LocaleEntry> | undefined =>
    entry && { source: entry.source, previous: entry.previous, translation: entry.translation, status: entry.status, previousStatus: entry.previousStatus, previousTranslation: entry.previousTranslation };

  test('split in three, no part similar enough to the whole: the translation goes to the first part (stale), not to `obsolete`; undone, the entry is reviewed again', () => {
    const parts = [sentences.slice(0, 2).join(' '), sentences[2]!, sentences[3]!];
    const result = extractLocale(release(parts.join('\n\n')), 'en', 'de', { file, text: before });
    const locale = readLocaleFile(result.text!, file, { release: id, language: 'en', sourceLanguage: 'de' }).locale!;
    expect(locale.obsolete.size).toBe(0);
    expect(pick(locale.entries.get(segmentKey('p', parts[0]!)))).toEqual(stalePiece(parts[0]!));
    expect(locale.entries.get(segmentKey('p', parts[1]!))?.status).toBe('new');
    expect(locale.entries.get(segmentKey('p', parts[2]!))?.status).toBe('new');
    const undone = extractLocale(release(whole), 'en', 'de', { file, text: result.text! });
    expect(undone.text).toBe(before);
  });

  test('cut down to one sentence: the entry is stale and keeps its published translation, so the page stays up (outdated) instead of waiting for a new translation', () => {
    const result = extractLocale(release(sentences[0]!), 'en', 'de', { file, text: before });
    const locale = readLocaleFile(result.text!, file, { release: id, language: 'en', sourceLanguage: 'de' }).locale!;
    expect(locale.obsolete.size).toBe(0);
    expect(pick(locale.entries.get(segmentKey('p', sentences[0]!)))).toEqual(stalePiece(sentences[0]!));
    // Put back as it was: the entry is found by its `previous` and is reviewed again.
    expect(extractLocale(release(whole), 'en', 'de', { file, text: result.text! }).text).toBe(before);
  });

  test('a new paragraph that merely shares two words with a removed one does not take its translation', () => {
    const result = extractLocale(release('Die Partner freuen sich auf das nächste Jahr.'), 'en', 'de', { file, text: before });
    const locale = readLocaleFile(result.text!, file, { release: id, language: 'en', sourceLanguage: 'de' }).locale!;
    expect([...locale.obsolete.keys()]).toEqual([segmentKey('p', whole)]);
  });

  test('edited twice, each time similar to the last, then put back: the entry is found by its `previous` and is reviewed again, not left in `obsolete` with the paragraph pre-filled as translated', () => {
    const first = [sentences[0], sentences[1], 'Am zweiten Tag stellten Unternehmen ihre Projekte vor.', 'Im Winter folgt ein Treffen in Gent.'].join(' ');
    const second = ['Die Partner kamen in Wolfsburg zusammen.', 'Auf dem Programm standen Vorträge und Gespräche.', 'Am zweiten Tag stellten Unternehmen ihre Projekte vor.', 'Im Winter folgt ein Treffen in Gent.'].join(' ');
    expect(similarityOf(first, whole)).toBeGreaterThanOrEqual(0.5);
    expect(similarityOf(second, first)).toBeGreaterThanOrEqual(0.5);
    expect(similarityOf(second, whole)).toBeLessThan(0.5);
    const once = extractLocale(release(first), 'en', 'de', { file, text: before }).text!;
    const twice = extractLocale(release(second), 'en', 'de', { file, text: once }).text!;
    expect(pick(readLocaleFile(twice, file, { release: id, language: 'en', sourceLanguage: 'de' }).locale!.entries.get(segmentKey('p', second)))).toEqual(stalePiece(second));
    expect(extractLocale(release(whole), 'en', 'de', { file, text: twice }).text).toBe(before);
  });
});
