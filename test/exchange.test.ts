import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { parseI18nextJson, writeI18nextJson } from '../src/core/exchange/i18next-json.js';
import type { ExportEntry, ExportSet, ParseResult } from '../src/core/exchange/model.js';
import { parsePo, writePo } from '../src/core/exchange/po.js';
import { parseXliff, writeXliff } from '../src/core/exchange/xliff.js';
import { planImport } from '../src/core/exchange/plan-import.js';
import { buildExport } from '../src/core/exchange/select-export.js';
import type { ReleaseAnalysis } from '../src/core/analyze-release.js';
import { loadLocales, type LoadedLocale } from '../src/io/load-locales.js';
import { loadReleases } from '../src/io/load-site.js';
import { loadProject } from '../src/io/project.js';
import { copySampleProject, makeProject, REPO, runCli, snapshotTree, spawnCli } from './helpers/project.js';

let sampleData: Promise<{ locales: LoadedLocale[]; analyses: Map<string, ReleaseAnalysis> }> | undefined;

/** The sample project's locale files and releases, read once. */
function loadSample(): Promise<{ locales: LoadedLocale[]; analyses: Map<string, ReleaseAnalysis> }> {
  sampleData ??= (async () => {
    const { project } = await loadProject(REPO);
    const [loaded, releases] = await Promise.all([loadLocales(project!), loadReleases(project!)]);
    return { locales: loaded.locales, analyses: new Map(releases.releases.map((r) => [r.id, r])) };
  })();
  return sampleData;
}

function parse(format: 'xliff' | 'po' | 'i18next', text: string, release: string | undefined, releaseIds: Set<string>) {
  if (format === 'xliff') return parseXliff(text, 'x.xlf');
  if (format === 'po') return parsePo(text, 'x.po');
  return parseI18nextJson(text, 'x.json', { releaseIds, ...(release !== undefined ? { release } : {}) });
}

const FIXTURES = join(REPO, 'test/fixtures/xliff');

/** gettext's msgfmt, for the tests that put exports through it (skipped where it is not installed). */
const HAS_MSGFMT = spawnSync('msgfmt', ['--version']).status === 0;
/** translate-toolkit's converters, likewise. */
const HAS_TRANSLATE_TOOLKIT = spawnSync('po2xliff', ['--version']).status === 0;

/**
 * Validates XLIFF files against the OASIS core schema with libxml2 (one call for many files: each
 * call starts a WebAssembly worker). The schema's import of xml.xsd is pointed at the local copy.
 */
async function validateXliff(xml: string | { fileName: string; contents: string }[]): Promise<{ valid: boolean; errors: string[] }> {
  const [schema, xmlSchema] = await Promise.all([readFile(join(FIXTURES, 'xliff_core_2.0.xsd'), 'utf8'), readFile(join(FIXTURES, 'xml.xsd'), 'utf8')]);
  const result = await validateXML({
    xml: typeof xml === 'string' ? [{ fileName: 'export.xlf', contents: xml }] : xml,
    schema: [{ fileName: 'xliff_core_2.0.xsd', contents: schema.replace('schemaLocation="http://www.w3.org/2001/xml.xsd"', 'schemaLocation="xml.xsd"') }],
    preload: [{ fileName: 'xml.xsd', contents: xmlSchema }],
  });
  return { valid: result.valid, errors: result.errors.map((e) => e.rawMessage) };
}

function entry(key: string, source: string, target: string, status: ExportEntry['status'], extra: Partial<ExportEntry> = {}): ExportEntry {
  return { key, source, target, status, ...extra };
}

/** German → English entries of one release `r`. */
function releaseR(...entries: ExportEntry[]): ExportSet {
  return { sourceLanguage: 'de', targetLanguage: 'en', releases: [{ id: 'r', file: 'releases/r.md', entries }] };
}

/** A set exercising every feature: tags of each kind, stale, draft, suggestion, odd characters. */
const TRICKY: ExportSet = {
  sourceLanguage: 'de',
  targetLanguage: 'fr',
  releases: [
    {
      id: '2020-06-25-test',
      file: 'releases/2020-06-25-test.md',
      entries: [
        entry('meta.title', 'Titel mit „Anführungszeichen“ & <Spitzen>', 'Titre avec « guillemets » & <chevrons>', 'reviewed', { line: 2 }),
        entry('p-1', 'Die <1>Allianz <2>für</2></1> und <3/> Code.', 'L’<1>Allianz <2>pour</2></1> et <3/> code.', 'translated', {
          line: 7,
          tagKinds: new Map([
            [1, { node: 'link', raw: '[' }],
            [2, { node: 'strong', raw: '**' }],
            [3, { node: 'inlineCode', raw: '`npm run check`' }],
          ]),
        }),
        entry('p-2', 'Rund ein Drittel.', 'Environ 30 %.', 'stale', { previous: 'Rund 30 %.', previousStatus: 'reviewed' }),
        entry('p-3', 'Noch offen.', '', 'new', { suggestion: { text: 'Encore ouvert.', score: 82, origin: '2019-01-01-x#p-9' } }),
        entry('p-4', 'Entwurf <1>hier</1>.', 'Brouillon <1>ici</1>.', 'new'),
        entry('p-5', 'Verschachtelt <1>eins <2>zwei</2></1>.', 'Imbriqué <1>un <2>deux</1></2>.', 'translated'),
        entry('p-6', 'Leerzeichen', '  deux  espaces ', 'translated'),
        entry('p-7', 'Steuerzeichen', 'a\u0001b\u000Bc — ✓ 🙂', 'translated'),
        entry('p-8', 'Wörtlich &lt;1> bleibt', 'Littéral &lt;1> reste', 'translated'),
      ],
    },
  ],
};

describe('XLIFF 2.0', () => {
  test('every export of the sample validates against the OASIS XLIFF 2.0 core schema', async () => {
    const sample = await loadSample();
    const files: { fileName: string; contents: string }[] = [];
    for (const lng of ['da', 'en', 'nl', 'fr']) {
      for (const releases of [[], ...[...sample.analyses.keys()].map((id) => [id])]) {
        const result = buildExport({ format: 'xliff', sourceLanguage: 'de', lng, releases }, sample.locales, sample.analyses);
        expect(result.diagnostics).toEqual([]);
        files.push({ fileName: `${releases[0] ?? 'all'}.${lng}.xlf`, contents: result.text! });
      }
    }
    expect(files).toHaveLength(24);
    expect(files.some((f) => f.contents.includes('<pc id="1"'))).toBe(true);
    expect(files.some((f) => f.contents.includes('<ph id="1"'))).toBe(true);
    expect(files.some((f) => f.contents.includes('subState="presslate:stale"'))).toBe(true);
    expect(await validateXliff(files)).toEqual({ valid: true, errors: [] });
  });

  test('the tricky set validates too, and the validator does reject invalid XLIFF', async () => {
    const { text, diagnostics } = writeXliff(TRICKY);
    expect(diagnostics).toEqual([]);
    const result = await validateXliff([
      { fileName: 'tricky.xlf', contents: text },
      { fileName: 'broken.xlf', contents: text.replace('state="final"', 'state="done"') },
    ]);
    expect(result.valid).toBe(false);
    expect(result.errors.length).toBeGreaterThan(0);
    expect(result.errors.every((error) => error.startsWith('broken.xlf:'))).toBe(true);
    expect(result.errors.join('\n')).toMatch(/state/);
  });

  test('writes files, units, notes, states and inline codes as documented', () => {
    const { text } = writeXliff(TRICKY);
    expect(text).toContain('<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="de" trgLang="fr">');
    expect(text).toContain('<file id="2020-06-25-test" original="releases/2020-06-25-test.md">');
    expect(text).toContain('<note category="key">p-1</note>');
    expect(text).toContain('<note category="status">translated</note>');
    expect(text).toContain('<note category="location">releases/2020-06-25-test.md:7</note>');
    expect(text).toContain('<segment state="final">');
    expect(text).toContain('<segment state="initial" subState="presslate:stale">');
    expect(text).toContain('<note category="previous-source">Rund 30 %.</note>');
    expect(text).toContain('<note category="suggestion">Encore ouvert. (82 % match, 2019-01-01-x#p-9)</note>');
    expect(text).toContain(
      '<source>Die <pc id="1" canCopy="no" canDelete="no" type="link">Allianz <pc id="2" canCopy="no" canDelete="no" type="fmt" subType="xlf:b">für</pc></pc> und <ph id="3" canCopy="no" canDelete="no" type="other" disp="`npm run check`"/> Code.</source>',
    );
    // Target tags that do not nest are written as start/end codes.
    expect(text).toContain('<target>Imbriqué <sc id="1" canCopy="no" canDelete="no"/>un <sc id="2" canCopy="no" canDelete="no"/>deux<ec startRef="1" canCopy="no" canDelete="no"/><ec startRef="2" canCopy="no" canDelete="no"/>.</target>');
    expect(text).toContain('<target xml:space="preserve">  deux  espaces </target>');
    expect(text).toContain('<target>a<cp hex="0001"/>b<cp hex="000B"/>c — ✓ 🙂</target>');
    // An untranslated segment has no target.
    expect(text).toMatch(/<source>Noch offen\.<\/source>\n {6}<\/segment>/);
  });

  test('a segment without target is initial whatever its status; a malformed tag is reported and its target left out', () => {
    const set: ExportSet = {
      sourceLanguage: 'de',
      targetLanguage: 'en',
      releases: [
        {
          id: 'r',
          file: 'releases/r.md',
          entries: [entry('p-1', 'Leer.', '', 'reviewed'), entry('p-2', 'Die <1>Allianz</1>.', 'The <1>Alliance</1/>.', 'translated')],
        },
      ],
    };
    const { text, diagnostics } = writeXliff(set, 'out.xlf');
    expect(text.match(/<segment state="initial">/g)).toHaveLength(2);
    expect(text).not.toContain('<target');
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'EXPORT_MALFORMED_TAG', severity: 'warning', file: 'out.xlf', key: 'p-2' })]);
  });

  test('a translation whose tags cannot be XLIFF codes (twice, unopened, unclosed) is left out of <target>, its text in a note; the file stays valid', async () => {
    const set = releaseR(
      entry('p-1', 'Die <1>Allianz</1> <2/>.', 'The <1>Alliance</1> <1>again</1> <2/>.', 'translated'),
      entry('p-2', 'Die <1>Allianz</1> <2/>.', 'The <2/> <2/> <1>Alliance</1>.', 'reviewed'),
      entry('p-3', 'Die <1>Allianz</1>.', 'The Alliance</1>.', 'translated'),
      entry('p-4', 'Die <1>Allianz</1>.', 'The <1>Alliance.', 'translated'),
      entry('p-5', 'Die <1>Allianz <2>hier</2></1>.', 'The <1>Alliance <2>here</1></2>.', 'translated'),
    );
    const { text, diagnostics } = writeXliff(set, 'out.xlf');
    expect(text.match(/<sc id="1"/g)).toHaveLength(1);
    expect(text).not.toMatch(/<ph id="2"[^>]*\/>[^<]*<ph id="2"/);
    expect(text.match(/<target/g)).toHaveLength(1);
    expect(text).toContain('<note category="translation">not in &lt;target&gt; because it has the tag &lt;1&gt; twice (fix it in the locale file): The &lt;1&gt;Alliance&lt;/1&gt; &lt;1&gt;again&lt;/1&gt; &lt;2/&gt;.</note>');
    expect(diagnostics.map((d) => [d.code, d.key, d.message])).toEqual([
      ['EXPORT_MALFORMED_TAG', 'p-1', 'entry `r#p-1` has the tag <1> twice and is exported without its translation'],
      ['EXPORT_MALFORMED_TAG', 'p-2', 'entry `r#p-2` has the tag <2> twice and is exported without its translation'],
      ['EXPORT_MALFORMED_TAG', 'p-3', 'entry `r#p-3` has the closing tag </1> without its opening tag and is exported without its translation'],
      ['EXPORT_MALFORMED_TAG', 'p-4', 'entry `r#p-4` has the tag <1> without its closing tag and is exported without its translation'],
    ]);
    expect(await validateXliff(text)).toEqual({ valid: true, errors: [] });
    // Imported unedited, nothing changes: the translation is not in the file.
    expect(parseXliff(text, 'out.xlf').document?.units.map((u) => u.target)).toEqual(['', '', '', '', 'The <1>Alliance <2>here</1></2>.']);
  });

  test('a code the translation lacks is written without canDelete="no" (a <target> without such a code is invalid to the XLIFF 2 Schematron and OpenXLIFF); the others keep it', async () => {
    const set = releaseR(
      entry('p-1', 'Die <1>Allianz</1> und <2/> hier.', 'The Alliance and here.', 'translated'),
      entry('p-2', 'Die <1>Allianz</1> <2>zwei</2>.', 'The <2>Alliance</2>.', 'reviewed'),
      entry('p-3', 'Verschachtelt <1>eins <2>zwei</2></1> <3>drei</3>.', 'Nested <1>one <2>two</1></2>.', 'translated'),
      entry('p-4', 'Die <1>Allianz</1>.', '', 'new'),
    );
    const { text } = writeXliff(set);
    expect(text).toContain('<source>Die <pc id="1" canCopy="no">Allianz</pc> und <ph id="2" canCopy="no"/> hier.</source>');
    expect(text).toContain('<source xml:space="preserve">Die <pc id="1" canCopy="no">Allianz</pc> <pc id="2" canCopy="no" canDelete="no">zwei</pc>.</source>');
    expect(text).toContain('<ec startRef="1" canCopy="no" canDelete="no"/>');
    expect(text).toContain('<pc id="3" canCopy="no">drei</pc>');
    // Without a target, every code keeps it.
    expect(text).toContain('<source>Die <pc id="1" canCopy="no" canDelete="no">Allianz</pc>.</source>\n      </segment>');
    // The Schematron rule: each code of the source with canDelete="no" is in the target.
    for (const [, source, target] of text.matchAll(/<source[^>]*>(.*)<\/source>\n\s*<target[^>]*>(.*)<\/target>/g)) {
      for (const [, id] of source!.matchAll(/<(?:pc|ph|sc) id="(\d+)" canCopy="no" canDelete="no"/g)) expect(target).toMatch(new RegExp(`<(?:pc|ph|sc) id="${id}"`));
    }
    expect((await validateXliff(text)).errors).toEqual([]);
    expect(parseXliff(text, 'x.xlf').document?.units.map((u) => [u.source, u.target])).toEqual(set.releases[0]!.entries.map((e) => [e.source, e.target]));
  });

  test('a note quoting text with a character XML cannot hold shows its code point, as <note> holds no <cp>; the file stays valid', async () => {
    const set: ExportSet = {
      sourceLanguage: 'de',
      targetLanguage: 'fr',
      releases: [
        {
          id: 'r',
          file: 'releases/r.md',
          entries: [
            entry('p-1', 'Die <1>Allianz</1>.', 'The <1>Alli\u0001ance</1> <1>x</1>.', 'translated'),
            entry('p-2', 'Neu', 'Alt', 'stale', { previous: 'Alt\u000B\uFFFE', previousStatus: 'reviewed' }),
            entry('p-3', 'Noch offen.', '', 'new', { suggestion: { text: 'Encore\u0004 ouvert.', score: 82, origin: '2019-01-01-x#p-9' } }),
          ],
        },
      ],
    };
    const { text } = writeXliff(set);
    expect(text).toContain('<note category="translation">not in &lt;target&gt; because it has the tag &lt;1&gt; twice (fix it in the locale file): The &lt;1&gt;Alli[U+0001]ance&lt;/1&gt; &lt;1&gt;x&lt;/1&gt;.</note>');
    expect(text).toContain('<note category="previous-source">Alt[U+000B][U+FFFE]</note>');
    expect(text).toContain('<note category="suggestion">Encore[U+0004] ouvert. (82 % match, 2019-01-01-x#p-9)</note>');
    expect((await validateXliff(text)).errors).toEqual([]);
  });

  test('EXPORT_MALFORMED_TAG names the line of the entry in its locale file', async () => {
    const { locales, analyses } = await loadSample();
    const { file, locale } = locales.find((l) => l.locale.language === 'en' && l.locale.entries.has('p-dcec23f2'))!;
    const entry = locale.entries.get('p-dcec23f2')!;
    const broken = new Map(locale.entries).set('p-dcec23f2', { ...entry, translation: `${entry.translation} <1>again</1>` });
    const result = buildExport({ format: 'xliff', lng: 'en', sourceLanguage: 'de', releases: [locale.release], todo: false }, [{ file, locale: { ...locale, entries: broken } }], analyses);
    const warning = result.diagnostics.find((d) => d.code === 'EXPORT_MALFORMED_TAG');
    expect(warning).toMatchObject({ file, line: entry.line, key: 'p-dcec23f2' });
    expect(entry.line).toBeGreaterThan(1);
  });

  test('reads back exactly what it wrote (tags, spaces, control characters, escapes)', () => {
    const { text } = writeXliff(TRICKY);
    const parsed = parseXliff(text, 'x.xlf');
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.document?.targetLanguage).toBe('fr');
    const entries = TRICKY.releases[0]!.entries;
    expect(parsed.document?.units.map((u) => [u.key, u.source, u.target])).toEqual(entries.map((e) => [e.key, e.source, e.target]));
    expect(parsed.document?.units.map((u) => u.state)).toEqual(['reviewed', 'translated', 'initial', 'initial', 'initial', 'translated', 'translated', 'translated', 'translated']);
  });

  test('property: any tagged text survives export and import', () => {
    const piece = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 6 }),
      fc.constantFrom('&', '<', '>', '"', "'", '&lt;1>', '&amp;lt;2/>', '\u00a0', '  ', '\t', ']]>', '\u0007'),
    );
    const tagged = fc.array(piece, { maxLength: 6 }).chain((texts) =>
      fc.constant(texts.map((t, i) => (i % 3 === 1 ? `<${i}>${t.replace(/</g, '')}</${i}>` : i % 3 === 2 ? `${t.replace(/</g, '')}<${i}/>` : t.replace(/</g, ''))).join('')),
    );
    fc.assert(
      fc.property(tagged, tagged, (source, target) => {
        const set: ExportSet = { sourceLanguage: 'de', targetLanguage: 'en', releases: [{ id: 'r', file: 'releases/r.md', entries: [entry('p-1', source || 'x', target, 'translated')] }] };
        const { text } = writeXliff(set);
        const unit = parseXliff(text, 'x.xlf').document?.units[0];
        expect(unit?.source).toBe(source || 'x');
        expect(unit?.target).toBe(target);
      }),
      { numRuns: 300 },
    );
  });

  test('a file pretty-printed by xmllint --format reads as it was written: indentation beside codes is formatting, white space between codes is kept', async () => {
    const set = releaseR(
      entry('p-1', '<1>Nur fett</1>', '<1>Only bold</1>', 'translated'),
      entry('p-2', '<1><2>Verschachtelt</2></1>', '<1><2>Nested</2></1>', 'reviewed'),
      entry('p-3', '<1>Eins</1> <2>zwei</2>', '<1>One</1> <2>two</2>', 'translated'),
      entry('p-4', '<1/> <2/>', '<1/>\n<2/>', 'translated'),
      entry('p-5', 'Text <1>fett</1>.', 'Text <1>bold</1>.', 'translated'),
    );
    const { text } = writeXliff(set);
    // White space alone between two codes is marked, or xmllint would drop it.
    expect(text).toContain('<source xml:space="preserve"><pc id="1" canCopy="no" canDelete="no">Eins</pc> <pc');
    expect(text).toContain('<source>Text <pc');
    const formatted = (await validateXML({ xml: [{ fileName: 'export.xlf', contents: text }], normalization: 'format' })).normalized;
    expect(formatted).toContain('<source>\n          <pc id="1" canCopy="no" canDelete="no">Nur fett</pc>\n        </source>');
    expect(formatted).toMatch(/<source>\n {10}<pc id="1" canCopy="no" canDelete="no">\n {12}<pc id="2"/);
    const parsed = parseXliff(formatted, 'formatted.xlf');
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.document?.units.map((u) => [u.source, u.target])).toEqual(set.releases[0]!.entries.map((e) => [e.source, e.target]));
    // Under xml:space="preserve" the same white space is text.
    const preserved = parseXliff(
      '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="de" trgLang="en"><file id="r"><unit id="p-1"><segment><source xml:space="preserve">\n  <pc id="1">x</pc>\n</source></segment></unit></file></xliff>',
      'p.xlf',
    );
    expect(preserved.document?.units[0]?.source).toBe('\n  <1>x</1>\n');
  });

  test("a file whose serializer indents mixed content (the xliff package's js2xliff) reads as written: a line break and indentation before a code or an end tag are formatting, the text's own space stays", () => {
    // As js2xliff (xliff 6.4, on xml-js) writes an export back: no states, no note categories.
    const unit = (id: string, source: string, target: string) =>
      `    <unit id="${id}">\n      <segment>\n        <source>${source}</source>\n        <target>${target}</target>\n      </segment>\n    </unit>\n`;
    const pc = (id: number, text: string) => `\n          <pc id="${id}" canCopy="no" canDelete="no">${text}</pc>`;
    const indented =
      '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="de" trgLang="en">\n  <file id="r">\n' +
      unit('p-1', `Im Rahmen des ${pc(1, 'Programms')} gefördert.\n        `, `Funded under the ${pc(1, 'programme')}.\n        `) +
      unit('p-2', `${pc(1, '8. November')}, Wolfsburg: ${pc(2, 'Produktion')} – Sensorik\n        `, `${pc(1, '8 November')}, Wolfsburg: ${pc(2, 'Production')} – sensors\n        `) +
      unit('p-3', 'Zeile\n          <ph id="1" canCopy="no" canDelete="no"/>Zeile\n        ', 'Line\n          <ph id="1" canCopy="no" canDelete="no"/>line\n        ') +
      unit('p-4', 'Ohne Code', 'No code') +
      '  </file>\n</xliff>\n';
    const parsed = parseXliff(indented, 'indented.xlf');
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.document?.units.map((u) => [u.key, u.source, u.target])).toEqual([
      ['p-1', 'Im Rahmen des <1>Programms</1> gefördert.', 'Funded under the <1>programme</1>.'],
      ['p-2', '<1>8. November</1>, Wolfsburg: <2>Produktion</2> – Sensorik', '<1>8 November</1>, Wolfsburg: <2>Production</2> – sensors'],
      ['p-3', 'Zeile<1/>Zeile', 'Line<1/>line'],
      ['p-4', 'Ohne Code', 'No code'],
    ]);
    // A line break is text under xml:space="preserve"; elsewhere — in content without codes, after
    // a code — it is a space (a formatter's wrapping, or a line break typed, which a page shows as one).
    const kept = parseXliff(
      indented.replace('<source>Im', '<source xml:space="preserve">Im').replace('<target>No code', '<target>No\ncode').replace('programme</pc>.', 'programme</pc>\n.'),
      'kept.xlf',
    );
    expect(kept.document?.units[0]?.source).toBe('Im Rahmen des \n          <1>Programms</1> gefördert.\n        ');
    expect(kept.document?.units[0]?.target).toBe('Funded under the <1>programme</1> .');
    expect(kept.document?.units[3]?.target).toBe('No code');
    // A long run of line breaks is read in linear time (a regular expression would backtrack over it).
    const run = '\n'.repeat(200_000);
    expect(parseXliff(indented.replace('Im Rahmen des ', `Im Rahmen des ${run}x${run}`), 'run.xlf').document?.units[0]?.source).toBe(`Im Rahmen des x<1>Programms</1> gefördert.`);
  });

  test("a file whose formatter wrapped long lines (VS Code's XML formatter at xml.format.maxLineWidth, tidy -wrap) reads as exported: each wrap is the space it replaced", async () => {
    const sample = await loadSample();
    const exported = buildExport({ format: 'xliff', sourceLanguage: 'de', lng: 'en', releases: [] }, sample.locales, sample.analyses).text!;
    // As vscode-xml wraps mixed content: at a space of the text, once the line is over 100
    // columns, on a new line indented one level deeper than the element. Never under preserve.
    const wrap = (line: string): string => {
      const element = /^(\s*)<(source|target)((?:(?!xml:space)[^>])*)>(.*)<\/\2>$/.exec(line);
      if (!element || line.length <= 100) return line;
      const indent = `\n${element[1]}  `;
      let result = `${element[1]}<${element[2]}${element[3]}>`;
      let column = result.length;
      for (const part of element[4]!.split(/(<[^>]+>)/)) {
        if (part.startsWith('<')) {
          result += part;
          column += part.length;
          continue;
        }
        part.split(' ').forEach((word, index) => {
          if (index > 0 && column + 1 + word.length > 100) [result, column] = [result + indent, indent.length - 1];
          else if (index > 0) [result, column] = [`${result} `, column + 1];
          [result, column] = [result + word, column + word.length];
        });
      }
      return `${result}</${element[2]}>`;
    };
    const wrapped = exported.split('\n').map(wrap).join('\n');
    // Inside text, and right before a code: `E-Mail:\n          <pc id="5"` of the contact block.
    expect(wrapped).toMatch(/\p{L}\n {10}\p{L}/u);
    expect(wrapped).toMatch(/E-Mail:\n {10}<pc id="5"/);
    const parsed = parseXliff(wrapped, 'wrapped.xlf');
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.document?.units.map((u) => [u.key, u.source, u.target])).toEqual(parseXliff(exported, 'x.xlf').document?.units.map((u) => [u.key, u.source, u.target]));
  });

  test('joins a unit a CAT tool split into segments; codes written as sc/ec, cp and mrk are understood', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="de" trgLang="en">
  <file id="2020-06-25-test">
    <group id="g1">
      <unit id="p-1">
        <segment state="reviewed"><source>Erster Satz. </source><target>First sentence. </target></segment>
        <ignorable><source> </source></ignorable>
        <segment state="translated"><source>Die <pc id="1">Allianz</pc>.</source><target>The <sc id="1"/><mrk id="m1" type="term">Alliance</mrk><ec startRef="1"/><cp hex="00A0"/>!</target></segment>
      </unit>
    </group>
  </file>
</xliff>`;
    const parsed = parseXliff(xml, 'x.xlf');
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.document?.units).toEqual([
      { release: '2020-06-25-test', key: 'p-1', source: 'Erster Satz.  Die <1>Allianz</1>.', target: 'First sentence.  The <1>Alliance</1>\u00a0!', state: 'translated', line: 5 },
    ]);
  });

  test('refuses elements of other namespaces inside source or target (their text would be lost); module elements beside segments are fine', () => {
    const xliff = (unit: string): string =>
      `<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" xmlns:x="urn:example:tool" xmlns:mtc="urn:oasis:names:tc:xliff:matches:2.0" version="2.0" srcLang="de" trgLang="en"><file id="r">\n<unit id="p-1">${unit}</unit></file></xliff>`;
    const foreign = parseXliff(xliff('<segment state="translated"><source>Die Allianz</source><target>The <x:b>Alliance</x:b></target></segment>'), 'f.xlf');
    expect(foreign.document).toBeUndefined();
    expect(foreign.diagnostics).toEqual([
      expect.objectContaining({ code: 'IMPORT_INVALID', file: 'f.xlf', line: 2, message: 'unit r#p-1 has the element <b> of the namespace "urn:example:tool" inside <target>, which XLIFF 2 does not allow there; its content would be lost' }),
    ]);
    const nested = parseXliff(xliff('<segment><source>Die <pc id="1">Allianz <x:note>!</x:note></pc></source></segment>'), 'f.xlf');
    expect(nested.diagnostics[0]?.message).toContain('inside <pc>');
    const module = parseXliff(
      xliff('<mtc:matches><mtc:match ref="#1"><source>Die Allianz</source><target>The Alliance</target></mtc:match></mtc:matches><segment state="translated"><source>Die Allianz</source><target>The alliance</target></segment><x:extra>tool data</x:extra>'),
      'm.xlf',
    );
    expect(module.diagnostics).toEqual([]);
    expect(module.document?.units.map((u) => u.target)).toEqual(['The alliance']);
  });

  test('PO: an empty file, one without its header entry, and one cut off after a msgid are refused or read, not internal errors', () => {
    const entry = 'msgctxt "r#p-1"\nmsgid "Titel"\nmsgstr "Title"\n';
    expect(parsePo('', 'e.po').diagnostics).toEqual([expect.objectContaining({ code: 'IMPORT_INVALID', message: 'is empty' })]);
    // No header entry: no Language (--lang or the file name then says it), and no crash reading it.
    const headless = parsePo(entry, 'h.po');
    expect(headless.diagnostics).toEqual([]);
    expect(headless.document?.units).toEqual([{ release: 'r', key: 'p-1', source: 'Titel', target: 'Title', state: 'confirmed', line: 1 }]);
    expect(headless.document?.targetLanguage).toBeUndefined();
    const cut = parsePo(`msgid ""\nmsgstr ""\n"Language: en\\n"\n\n${entry}\nmsgctxt "r#p-2"\nmsgid "Weiter"\n`, 'c.po');
    expect(cut.diagnostics).toEqual([expect.objectContaining({ code: 'IMPORT_INVALID', line: 9, message: 'entry r#p-2 has no msgstr line (is the file cut off?)' })]);
  });

  test('PO: a translation msgmerge or Poedit put away as obsolete (#~) is a warning with its line, not silently dropped', () => {
    const header = 'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n';
    const live = 'msgctxt "r#p-1"\nmsgid "Titel"\nmsgstr "Title"\n\n';
    const obsolete = '#~ msgctxt "r#p-2"\n#~ msgid "Ein alter Absatz"\n#~ msgstr "An old paragraph"\n\n#~ msgctxt "r#p-3"\n#~ msgid "Leer"\n#~ msgstr ""\n';
    const parsed = parsePo(header + live + obsolete, 'o.po');
    expect(parsed.document?.units.map((unit) => unit.key)).toEqual(['p-1']);
    expect(parsed.diagnostics).toEqual([
      expect.objectContaining({ code: 'IMPORT_OBSOLETE_ENTRY', severity: 'warning', line: 9, message: 'the translation of r#p-2 is in an obsolete entry (#~ lines) and is not imported' }),
    ]);
    // An obsolete copy of an entry the file also holds live is not worth a word.
    expect(parsePo(header + live + '#~ msgctxt "r#p-1"\n#~ msgid "Titel alt"\n#~ msgstr "Old title"\n', 'o.po').diagnostics).toEqual([]);
  });

  test('refuses a segment with two targets (or sources): the second was ignored and the first taken without a word', () => {
    const xliff = `<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="de" trgLang="en"><file id="r">\n<unit id="p-1"><segment state="final"><source>Titel</source>\n<target>A</target>\n<target>B</target></segment></unit></file></xliff>`;
    const parsed = parseXliff(xliff, 't.xlf');
    expect(parsed.document).toBeUndefined();
    expect(parsed.diagnostics).toEqual([
      expect.objectContaining({ code: 'IMPORT_INVALID', line: 4, message: 'unit r#p-1 has a second <target> in one <segment>', hint: 'keep one <target> per segment (XLIFF allows only one)' }),
    ]);
  });

  test('refuses elements nested over 64 levels deep with a line (5,000 nested codes overflowed the stack: an internal error)', () => {
    const deep = `${'<pc id="1">'.repeat(1000)}x${'</pc>'.repeat(1000)}`;
    const xliff = `<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="de" trgLang="en"><file id="r">\n<unit id="p-1"><segment><source>Die <pc id="1">Allianz</pc></source>\n<target>${deep}</target></segment></unit></file></xliff>`;
    const parsed = parseXliff(xliff, 'd.xlf');
    expect(parsed.document).toBeUndefined();
    expect(parsed.diagnostics).toEqual([expect.objectContaining({ code: 'IMPORT_INVALID', line: 3, message: 'nests elements more than 64 levels deep' })]);
  });

  test('refuses files that are not XLIFF 2, not well-formed, or have foreign codes, with a line', () => {
    const v12 = parseXliff('<?xml version="1.0"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file/></xliff>', 'old.xlf');
    expect(v12.diagnostics[0]).toMatchObject({ code: 'IMPORT_INVALID', file: 'old.xlf', line: 2 });
    expect(v12.diagnostics[0]?.message).toContain('not an XLIFF 2 file');
    const broken = parseXliff('<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="de">\n<file id="a">\n</xliff>', 'b.xlf');
    expect(broken.diagnostics[0]).toMatchObject({ code: 'IMPORT_INVALID', line: 3 });
    expect(broken.diagnostics[0]?.message).toContain('not well-formed');
    const doctype = parseXliff('<!DOCTYPE x [<!ENTITY a "b">]><xliff/>', 'd.xlf');
    expect(doctype.diagnostics[0]?.message).toContain('DOCTYPE');
    const foreign = parseXliff(
      '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="de"><file id="a"><unit id="k"><segment><source>x <ph id="a1"/></source></segment></unit></file></xliff>',
      'f.xlf',
    );
    expect(foreign.diagnostics[0]?.message).toContain('Presslate\'s tags are numbered');
  });
});

describe('PO', () => {
  test('writes the plural rules of the language, and none it does not know', () => {
    const header = (lng: string) => /"Plural-Forms: ([^"]*)\\n"/.exec(writePo({ ...TRICKY, targetLanguage: lng }))?.[1];
    expect(header('fr')).toBe('nplurals=2; plural=(n > 1);');
    expect(header('da')).toBe('nplurals=2; plural=(n != 1);');
    expect(header('ja')).toBe('nplurals=1; plural=0;');
    expect(header('zh-Hant')).toBe('nplurals=1; plural=0;');
    expect(header('ar')).toMatch(/^nplurals=6; /);
    expect(header('uk')).toMatch(/^nplurals=3; /);
    // A language the table lacks: no guess, the CAT tool uses its own rules for it.
    expect(header('sw')).toBeUndefined();
    expect(writePo({ ...TRICKY, targetLanguage: 'sw' })).toContain('"Language: sw\\n"');
  });

  test('writes header, msgctxt release#key, references, fuzzy and previous msgid for stale', () => {
    const text = writePo(TRICKY);
    expect(text).toContain('"Language: fr\\n"');
    expect(text).toContain('"Content-Type: text/plain; charset=utf-8\\n"');
    expect(text).toContain('"Plural-Forms: nplurals=2; plural=(n > 1);\\n"');
    expect(text).not.toMatch(/Date/);
    expect(text).toContain(
      [
        '#: releases/2020-06-25-test.md',
        '#. key: p-2 · status: stale (was reviewed)',
        '#, fuzzy',
        '#| msgid "Rund 30 %."',
        'msgctxt "2020-06-25-test#p-2"',
        'msgid "Rund ein Drittel."',
        'msgstr "Environ 30 %."',
      ].join('\n'),
    );
    expect(text).toContain('#: releases/2020-06-25-test.md:7\n#. key: p-1 · status: translated\nmsgctxt "2020-06-25-test#p-1"');
    expect(text).toContain('#. suggestion (82 % match, 2019-01-01-x#p-9): Encore ouvert.');
  });

  test('the header has the fields msgfmt --check-header asks for, as msginit --no-translator fills them, but no date', () => {
    const header = writePo(TRICKY).split('\n\n')[0]!;
    expect(header).toContain('"Last-Translator: Automatically generated\\n"');
    expect(header).toContain('"Language-Team: none\\n"');
    // gettext's template values are "still the initial default" to msgfmt; no clock in the output.
    expect(header).not.toMatch(/FULL NAME|EMAIL@ADDRESS|LL@li\.org|YEAR-MO-DA|PACKAGE VERSION|Date/);
  });

  test.skipIf(!HAS_MSGFMT)('msgfmt -c --check-header accepts the export, missing only PO-Revision-Date (msgfmt from gettext; skipped without it)', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'presslate-msgfmt-'));
    try {
      const file = join(folder, 'x.fr.po');
      await writeFile(file, writePo(TRICKY));
      const result = spawnSync('msgfmt', ['-c', '--check-header', '-o', '/dev/null', file], { encoding: 'utf8' });
      expect(result.status).toBe(0);
      expect(result.stderr.trim().split('\n')).toEqual([`${file}:2: warning: header field 'PO-Revision-Date' missing in header`]);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  test('reads a file saved by Poedit: its header fields with any values, X-Poedit-* fields, translator comments, a regional Language', () => {
    const exported = writePo(TRICKY);
    const poedit = [
      '# French translation of the press releases.',
      '# Jeanne Dupont <jeanne@example.org>, 2024.',
      '#',
      'msgid ""',
      'msgstr ""',
      '"Project-Id-Version: Presslate\\n"',
      '"POT-Creation-Date: \\n"',
      '"PO-Revision-Date: 2024-05-01 12:00+0200\\n"',
      '"Last-Translator: Jeanne Dupont <jeanne@example.org>\\n"',
      '"Language-Team: French <traduc@traduc.org>\\n"',
      '"Language: fr_FR\\n"',
      '"MIME-Version: 1.0\\n"',
      '"Content-Type: text/plain; charset=UTF-8\\n"',
      '"Content-Transfer-Encoding: 8bit\\n"',
      '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"',
      '"X-Generator: Poedit 3.4.2\\n"',
      '"X-Source-Language: de\\n"',
      '"X-Poedit-SourceCharset: UTF-8\\n"',
      '"X-Poedit-Basepath: .\\n"',
    ].join('\n');
    const parsed = parsePo(poedit + exported.slice(exported.indexOf('\n\n')), 'x.fr.po');
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.document?.targetLanguage).toBe('fr_FR');
    expect(parsed.document?.sourceLanguage).toBe('de');
    const units = (document: ParseResult['document']) => document?.units.map(({ line: _line, ...unit }) => unit);
    expect(units(parsed.document)).toEqual(units(parsePo(exported, 'x.fr.po').document));
  });

  test.skipIf(!HAS_MSGFMT)('after msgcat (lines wrapped, comments reordered) the file reads as exported, and an edited msgstr reads as edited (gettext; skipped without it)', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'presslate-msgcat-'));
    try {
      const long = 'Ein sehr langer Absatz, den msgcat auf mehrere Zeilen umbricht, mit <1>einem Link</1> darin und „Anführungszeichen“ dazu.';
      const set: ExportSet = {
        ...TRICKY,
        // (p-7's control characters come back as C escapes, a test of their own.)
        releases: [{ ...TRICKY.releases[0]!, entries: [...TRICKY.releases[0]!.entries.filter((e) => e.key !== 'p-7'), entry('p-9', long, '', 'new', { line: 30 })] }],
      };
      const file = join(folder, 'x.fr.po');
      await writeFile(file, writePo(set));
      const result = spawnSync('msgcat', [file], { encoding: 'utf8' });
      expect(result.status, result.stderr).toBe(0);
      const catted = result.stdout;
      expect(catted).toContain('#. key: p-2 · status: stale (was reviewed)\n#: releases/2020-06-25-test.md\n#, fuzzy');
      expect(catted).toMatch(/msgid ""\n"Ein sehr langer Absatz, [^"]*"\n"/);
      const units = (text: string) => parsePo(text, 'x.fr.po').document?.units.map(({ line: _line, ...unit }) => unit);
      expect(units(catted)).toEqual(units(writePo(set)));
      const translated = catted.replace(/(msgctxt "2020-06-25-test#p-9"\nmsgid ""\n(?:"[^\n]*"\n)+)msgstr ""/, '$1msgstr ""\n"A very long paragraph that msgcat wraps, with <1>a link</1> in it "\n"and “quotes”."');
      expect(translated).not.toBe(catted);
      expect(parsePo(translated, 'x.fr.po').document?.units.at(-1)).toMatchObject({
        release: '2020-06-25-test',
        key: 'p-9',
        source: long,
        target: 'A very long paragraph that msgcat wraps, with <1>a link</1> in it and “quotes”.',
        state: 'confirmed',
      });
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  test("reads gettext's escapes for control characters (\\a \\b \\f \\v, which msgcat and msgmerge write) as those characters", () => {
    const po = 'msgid ""\nmsgstr "Language: fr\\n"\n\nmsgctxt "r#p-1"\nmsgid "Zeile\\vZeile"\nmsgstr ""\n"a\\vb\\fc\\ad\\be "\n"\\\\v bleibt \\\\\\v"\n';
    const parsed = parsePo(po, 'x.po');
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.document?.units).toEqual([
      expect.objectContaining({ key: 'p-1', source: 'Zeile\u000BZeile', target: 'a\u000Bb\u000Cc\u0007d\u0008e \\v bleibt \\\u000B' }),
    ]);
    // The same text escaped or not is the same entry.
    const twice = `${po}\nmsgctxt "r#p-1"\nmsgid "Zeile\u000BZeile"\nmsgstr ""\n`;
    expect(parsePo(twice, 'x.po').diagnostics[0]?.code).toBe('IMPORT_DUPLICATE');
  });

  test.skipIf(!HAS_MSGFMT)('a file with control characters in its translations reads as exported after msgcat wrote them as escapes (gettext; skipped without it)', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'presslate-msgcat-'));
    try {
      const file = join(folder, 'x.fr.po');
      await writeFile(file, writePo(TRICKY));
      const catted = spawnSync('msgcat', [file], { encoding: 'utf8' }).stdout;
      expect(catted).toContain('msgstr "a\u0001b\\vc — ✓ 🙂"');
      const units = (text: string) => parsePo(text, 'x.fr.po').document?.units.map(({ line: _line, ...unit }) => unit);
      expect(units(catted)).toEqual(units(writePo(TRICKY)));
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  test('a msgctxt that msgcat or Poedit wrapped over several lines (a long release id) still gives the entry its line', () => {
    const id = '2024-01-15-digitalisierung-im-mittelstand-neue-workshopreihe-fuer-kmu-startet';
    const wrapped = (key: string, more = '') =>
      `msgctxt ""\n"${id.slice(0, 66)}"\n"${id.slice(66)}#${key}"\nmsgid "Hallo"\n${more}msgstr "Hello"\n`;
    const text = `msgid ""\nmsgstr "Language: en\\n"\n\n${wrapped('p-1')}\n${wrapped('p-2')}`;
    const parsed = parsePo(text, 'x.po');
    expect(parsed.document?.units.map((u) => [u.release, u.key, u.line])).toEqual([
      [id, 'p-1', 4],
      [id, 'p-2', 10],
    ]);
    const plural = parsePo(`msgid ""\nmsgstr "Language: en\\n"\n\n${wrapped('p-1')}\n${wrapped('p-2', 'msgid_plural "Hallos"\n').replace('msgstr "Hello"', 'msgstr[0] "Hello"')}`, 'x.po');
    expect(plural.diagnostics.map((d) => [d.line, d.message])).toEqual([[10, `entry ${id}#p-2 has plural forms, which press releases do not have`]]);
  });

  test("an entry whose msgctxt translate-toolkit dropped (po2xliff, then xliff2po) is found by the key and release file comments export wrote", () => {
    // As xliff2po writes it: no msgctxt, or the location as the context of a msgid that occurs twice.
    const po = [
      'msgid ""',
      'msgstr ""',
      '"Language: en\\n"',
      '',
      '#. key: h-8fdf7ad5 · status: reviewed',
      '#: releases/2018-03-16-growin-konferenz.md:25',
      'msgctxt "releases/2018-03-16-growin-konferenz.md:25"',
      '"releases/2018-03-16-growin-konferenz.md:25"',
      'msgid "Über GrowIn 4.0"',
      'msgstr "About GrowIn 4.0"',
      '',
      '#. key: p-2 · status: stale (was reviewed)',
      '#. suggestion (82 % match, 2019-01-01-x#p-9): Encore ouvert.',
      '#: releases/2019-10-08-best-practice-sammlung.md:29',
      '#, fuzzy',
      'msgid "Rund ein Drittel."',
      'msgstr "Around a third."',
      '',
      '#. key: h-8fdf7ad5 · status: new',
      '#: releases/2018-09-20-workshopreihe-digitalisierung.md:47',
      'msgctxt "releases/2018-09-20-workshopreihe-digitalisierung.md:47"',
      'msgid "Über GrowIn 4.0"',
      'msgstr ""',
      '',
    ].join('\n');
    const parsed = parsePo(po, 'x.po');
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.document?.units.map((u) => [u.release, u.key, u.target, u.state, u.line])).toEqual([
      // (gettext-parser groups entries by context: those without one come first.)
      ['2019-10-08-best-practice-sammlung', 'p-2', 'Around a third.', 'draft', 16],
      ['2018-03-16-growin-konferenz', 'h-8fdf7ad5', 'About GrowIn 4.0', 'confirmed', 7],
      ['2018-09-20-workshopreihe-digitalisierung', 'h-8fdf7ad5', '', 'initial', 21],
    ]);
    // Without the comments (or with two release files) the entry is still refused.
    for (const lost of [po.replace('#. key: p-2 · status: stale (was reviewed)\n', ''), po.replace('sammlung.md:29', 'sammlung.md:29 releases/2020-06-25-x.md:3')]) {
      expect(parsePo(lost, 'x.po').diagnostics.map((d) => [d.line, d.code, d.message])).toEqual([
        [expect.any(Number), 'IMPORT_INVALID', 'entry "Rund ein Drittel." has no msgctxt "<release>#<key>" (nor the key and release file comments export writes)'],
      ]);
    }
  });

  test.skipIf(!HAS_TRANSLATE_TOOLKIT)('a PO export taken to XLIFF 1.2 and back with po2xliff and xliff2po reads as exported (translate-toolkit; skipped without it)', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'presslate-ttk-'));
    try {
      const [po, xlf, back] = ['x.fr.po', 'x.fr.xlf', 'back.fr.po'].map((name) => join(folder, name));
      await writeFile(po!, writePo(TRICKY));
      for (const [tool, from, to] of [['po2xliff', po, xlf], ['xliff2po', xlf, back]] as const) {
        const result = spawnSync(tool, [from!, to!], { encoding: 'utf8' });
        expect(result.status, result.stderr).toBe(0);
      }
      const units = (text: string) => parsePo(text, 'x.fr.po').document?.units.map(({ line: _line, ...unit }) => unit);
      const text = await readFile(back!, 'utf8');
      expect(text).not.toContain('msgctxt');
      expect(units(text)).toEqual(units(writePo(TRICKY)));
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  test('reads back what it wrote; fuzzy and empty entries are not done, others confirmed', () => {
    const parsed = parsePo(writePo(TRICKY), 'x.po');
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.document?.targetLanguage).toBe('fr');
    expect(parsed.document?.sourceLanguage).toBe('de');
    const entries = TRICKY.releases[0]!.entries;
    expect(parsed.document?.units.map((u) => [u.release, u.key, u.source, u.target])).toEqual(entries.map((e) => ['2020-06-25-test', e.key, e.source, e.target]));
    expect(parsed.document?.units.map((u) => u.state)).toEqual(['confirmed', 'confirmed', 'draft', 'initial', 'draft', 'confirmed', 'confirmed', 'confirmed', 'confirmed']);
    expect(parsed.document?.units[1]?.line).toBeGreaterThan(10);
  });

  test('refuses an entry that appears twice (gettext-parser would keep the last unseen), with its line', () => {
    const entry = (translation: string, context = 'r#p-1', msgid = '"Hallo"'): string => `msgctxt "${context}"\nmsgid ${msgid}\nmsgstr "${translation}"\n`;
    const header = 'msgid ""\nmsgstr "Language: en\\n"\n\n';
    const twice = parsePo(`${header}${entry('Hello')}\n${entry('Hi')}`, 'x.po');
    expect(twice.document).toBeUndefined();
    expect(twice.diagnostics).toEqual([
      expect.objectContaining({ code: 'IMPORT_DUPLICATE', severity: 'error', file: 'x.po', line: 8, message: 'has the entry r#p-1 twice (lines 4 and 8); PO tools keep only the last' }),
    ]);
    // The same text written across continuation lines is the same entry; another msgid or context is not.
    expect(parsePo(`${header}${entry('Hello')}\n${entry('Hi', 'r#p-1', '""\n"Hal"\n"lo"')}`, 'x.po').diagnostics[0]?.code).toBe('IMPORT_DUPLICATE');
    expect(parsePo(`${header}${entry('Hello')}\n${entry('Hi', 'r#p-2')}\n${entry('Hi', 'r#p-1', '"Hallo!"')}`, 'x.po').diagnostics).toEqual([]);
  });

  test('refuses entries without context and plural entries', () => {
    const noContext = parsePo('msgid ""\nmsgstr "Language: en\\n"\n\nmsgid "Hallo"\nmsgstr "Hello"\n', 'x.po');
    expect(noContext.diagnostics[0]?.message).toContain('has no msgctxt');
    // It had no line: the line of its msgid (there is no msgctxt line to point at).
    expect(noContext.diagnostics[0]?.line).toBe(4);
    const multiline = parsePo('msgid ""\nmsgstr "Language: en\\n"\n\nmsgctxt "r#p-1"\nmsgid "Hallo"\nmsgstr "Hello"\n\nmsgid ""\n"Guten \\"Tag\\"\\n"\n"und mehr"\nmsgstr "Hi"\n', 'x.po');
    expect(multiline.diagnostics.map((d) => [d.line, d.message])).toEqual([[8, 'entry "Guten "Tag"\nund mehr" has no msgctxt "<release>#<key>" (nor the key and release file comments export writes)']]);
    const plural = parsePo('msgid ""\nmsgstr "Language: en\\n"\n\nmsgctxt "r#k"\nmsgid "Ein Tag"\nmsgid_plural "%d Tage"\nmsgstr[0] "a"\nmsgstr[1] "b"\n', 'x.po');
    expect(plural.diagnostics[0]?.message).toContain('plural');
  });
});

describe('i18next JSON v4', () => {
  test('nests keys on their dots; several releases nest under their ids; "" for untranslated', () => {
    const one = JSON.parse(writeI18nextJson(TRICKY).text);
    expect(one).toMatchObject({ meta: { title: 'Titre avec « guillemets » & <chevrons>' }, 'p-1': 'L’<1>Allianz <2>pour</2></1> et <3/> code.', 'p-3': '' });
    const two: ExportSet = { ...TRICKY, releases: [TRICKY.releases[0]!, { id: '2021-01-01-b', file: 'releases/2021-01-01-b.md', entries: [entry('h-1', 'Hallo', 'Salut', 'reviewed')] }] };
    expect(JSON.parse(writeI18nextJson(two).text)).toMatchObject({ '2020-06-25-test': { meta: { title: expect.any(String) } }, '2021-01-01-b': { 'h-1': 'Salut' } });
    const source = JSON.parse(writeI18nextJson(TRICKY, { source: true }).text);
    expect(source['p-1']).toBe('Die <1>Allianz <2>für</2></1> und <3/> Code.');
  });

  test('a key part named like an object property (constructor, __proto__) is an own key of the JSON, never the prototype', () => {
    const set: ExportSet = { ...TRICKY, releases: [{ id: '2021-01-01-b', file: 'releases/2021-01-01-b.md', entries: [entry('meta.constructor.name', 'Name', 'Nom', 'reviewed'), entry('meta.__proto__', 'Text', 'Texte', 'reviewed')] }] };
    const written = writeI18nextJson(set);
    expect(written.diagnostics).toEqual([]);
    expect(JSON.parse(written.text)).toEqual({ meta: { constructor: { name: 'Nom' }, ['__proto__']: 'Texte' } });
    expect((Object as unknown as Record<string, unknown>).name).toBe('Object');
  });

  test('each key gets its own line, also when several releases have the same keys, in one pass over the file', () => {
    const ids = new Set(['2020-06-25-test', '2021-01-01-b']);
    const text = '{\n  "2020-06-25-test": {\n    "meta": {\n      "title": "A"\n    }\n  },\n  "2021-01-01-b": {\n    "meta": {\n      "title": "B"\n    },\n    "p-1": "C"\n  },\n  "2021-01-01-b.p-2": "D"\n}\n';
    const multi = parseI18nextJson(text, 'x.json', { releaseIds: ids });
    expect(multi.document?.units.map((u) => `${u.release}#${u.key}@${u.line}`)).toEqual(['2020-06-25-test#meta.title@4', '2021-01-01-b#meta.title@9', '2021-01-01-b#p-1@11', '2021-01-01-b#p-2@13']);
    // A file of a whole archive: the line of each key was a search from the top of the file (27 s
    // for 1,000 releases); now one pass.
    const many = new Set(Array.from({ length: 2000 }, (_, i) => `2020-01-01-r${i}`));
    const archive = JSON.stringify(Object.fromEntries([...many].map((id) => [id, Object.fromEntries(Array.from({ length: 20 }, (_, k) => [`p-${k}`, `Text ${k}`]))])), null, 2);
    const started = performance.now();
    const read = parseI18nextJson(archive, 'all.json', { releaseIds: many });
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(read.document?.units).toHaveLength(40_000);
    expect(read.document?.units.at(-1)?.line).toBe(archive.split('\n').length - 2);
  });

  test('reads nested and flat keys, finds several releases by their ids, needs the release of a single one', () => {
    const ids = new Set(['2020-06-25-test', '2021-01-01-b']);
    const nested = parseI18nextJson('{"meta":{"image":{"alt":"Alt"}},"p-1":"Eins"}', 'x.json', { releaseIds: ids, release: '2020-06-25-test' });
    expect(nested.document?.units.map((u) => [u.release, u.key, u.target, u.state])).toEqual([
      ['2020-06-25-test', 'meta.image.alt', 'Alt', 'unspecified'],
      ['2020-06-25-test', 'p-1', 'Eins', 'unspecified'],
    ]);
    const flat = parseI18nextJson('{"meta.title":"T"}', 'x.json', { releaseIds: ids, release: '2020-06-25-test' });
    expect(flat.document?.units[0]?.key).toBe('meta.title');
    const multi = parseI18nextJson('{"2020-06-25-test":{"p-1":"A"},"2021-01-01-b":{"h-1":"B"}}', 'x.json', { releaseIds: ids });
    expect(multi.document?.units.map((u) => `${u.release}#${u.key}`)).toEqual(['2020-06-25-test#p-1', '2021-01-01-b#h-1']);
    // Several releases written flat (Lokalise's, Crowdin's flat JSON): the release id leads each key.
    const multiFlat = parseI18nextJson('{"2020-06-25-test.meta.image.alt":"A","2020-06-25-test.p-1":"B","2021-01-01-b":{"h-1":"C"}}', 'x.json', { releaseIds: ids });
    expect(multiFlat.diagnostics).toEqual([]);
    expect(multiFlat.document?.units.map((u) => `${u.release}#${u.key}=${u.target}`)).toEqual(['2020-06-25-test#meta.image.alt=A', '2020-06-25-test#p-1=B', '2021-01-01-b#h-1=C']);
    expect(parseI18nextJson('{"p-1":"A"}', 'x.json', { releaseIds: ids }).diagnostics[0]?.message).toContain('does not say which');
    const bad = parseI18nextJson('{\n  "p-1": "A",\n  "p-2": 3\n}', 'x.json', { releaseIds: ids, release: '2020-06-25-test' });
    expect(bad.diagnostics[0]).toMatchObject({ line: 3 });
    // null is an untranslated key to i18next (a platform's "empty as null"); a release that is null is no text.
    const missing = parseI18nextJson('{\n  "p-1": null,\n  "meta": { "title": null }\n}', 'x.json', { releaseIds: ids, release: '2020-06-25-test' });
    expect(missing.diagnostics).toEqual([]);
    expect(missing.document?.units.map((u) => [u.key, u.target, u.line])).toEqual([
      ['p-1', '', 2],
      ['meta.title', '', 3],
    ]);
    const nullRelease = parseI18nextJson('{\n  "2020-06-25-test": null\n}', 'x.json', { releaseIds: ids });
    expect(nullRelease.diagnostics[0]).toMatchObject({ code: 'IMPORT_INVALID', message: expect.stringContaining('got null') });
    expect(parseI18nextJson('{\n "a": }', 'x.json', { releaseIds: ids }).diagnostics[0]?.message).toContain('not valid JSON');
    // Cut off: V8 says "Unexpected end of JSON input" without a position; the line is the last one.
    expect(parseI18nextJson('{\n  "p-1": "A",\n  "p-2":', 'x.json', { releaseIds: ids }).diagnostics[0]).toMatchObject({ line: 3, message: expect.stringContaining('not valid JSON') });
  });

  test('i18next itself reads the export: every key of every release gives its translation', async () => {
    const sample = await loadSample();
    const { default: i18next } = await import('i18next');
    for (const lng of ['da', 'en', 'nl', 'fr']) {
      const exported = buildExport({ format: 'i18next', sourceLanguage: 'de', lng, releases: [] }, sample.locales, sample.analyses);
      const resources = JSON.parse(exported.text!) as Record<string, Record<string, unknown>>;
      const instance = i18next.createInstance();
      await instance.init({ lng, resources: { [lng]: resources }, ns: Object.keys(resources), interpolation: { escapeValue: false }, initAsync: false });
      let keys = 0;
      for (const locale of sample.locales.filter((l) => l.locale.language === lng)) {
        for (const [key, item] of locale.locale.entries) {
          keys++;
          // "" for an untranslated key, which i18next returns as the empty string it is.
          expect(instance.t(key, { ns: locale.locale.release }), `${locale.locale.release}#${key}`).toBe(item.translation);
        }
      }
      expect(keys).toBe(exported.segments);
    }
  });

  test('i18next JSON with a syntax error is refused at its line and column, with what is wrong and the fix', () => {
    const at = (text: string) => {
      const [d] = parseI18nextJson(text, 'x.json', { releaseIds: new Set(['2020-06-25-test']), release: '2020-06-25-test' }).diagnostics;
      return `${d?.line}:${d?.column} ${d?.message} — ${d?.hint}`;
    };
    // V8 gives no position for these ("Unexpected token '/'"), so the message had no line at all.
    expect(at('// from the platform\n{"p-1": "A"}')).toMatch(/^1:1 is not valid JSON: has a comment, .* — remove the comment/);
    expect(at('{\n  "p-1": x\n}')).toMatch(/^2:10 is not valid JSON: has "x" where a key or text belongs — put every key and text in double quotes/);
    expect(at('{\n  "p-1": NaN\n}')).toMatch(/^2:10 .*"NaN"/);
    // V8 gives an offset for these; they now have a column and say what to do.
    expect(at('{\n  "p-1": "A", // checked\n  "p-2": "B"\n}')).toMatch(/^2:15 is not valid JSON: has a comment/);
    expect(at('{\n  "p-1": "A",\n  "p-2": "B",\n}')).toMatch(/^3:13 is not valid JSON: has a comma before the closing \} — remove the comma after the last entry/);
    expect(at('{\n  "p-1": "A"\n  "p-2": "B"\n}')).toMatch(/^3:3 is not valid JSON: lacks a comma between two entries/);
    expect(at('{\n  "p-1": "A"\n}\n}')).toMatch(/^4:1 is not valid JSON: has more after its last closing brace: "\}"/);
    expect(at("{\n  'p-1': 'A'\n}")).toMatch(/^2:3 .*double quotes/);
    expect(at('{\n  "p-1": "C:\\Temp"\n}')).toMatch(/^2:10 is not valid JSON: has a backslash escape JSON does not know/);
    expect(at('')).toMatch(/^1:1 is not valid JSON: is empty/);
  });

  test('the compiled CLI reports the JSON syntax error too (jsonc-parser bundles)', async () => {
    const project = await makeProject({ 'releases/2020-06-25-test.md': '---\ntitle: Test\ndate: 2020-06-25\n---\n\nText.\n', 'x.en.json': '{\n  "meta": {"title": "T",}\n}\n' });
    try {
      const result = await spawnCli(project.root, ['import', 'x.en.json', '--release', '2020-06-25-test', '--dry-run']);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/x\.en\.json:2:24 error IMPORT_INVALID is not valid JSON: has a comma before the closing \}/);
    } finally {
      await project.dispose();
    }
  });
});

describe('an i18next JSON file named after a release that does not exist', () => {
  test('is refused as an unknown release, not as a file that does not say which release it holds', async () => {
    // A translator's 2020-06-26-test.en.json (a typo, or a release not extracted yet) was told to
    // "name the file <release-id>.<lng>.json as export does" — which it was.
    const project = await makeProject({
      'releases/2020-06-25-test.md': '---\ntitle: Test\ndate: 2020-06-25\n---\n\nText.\n',
      '2020-06-26-test.en.json': '{\n  "meta": { "title": "Test" }\n}\n',
      'notes.en.json': '{\n  "meta": { "title": "Test" }\n}\n',
    });
    try {
      expect((await runCli(project.root, ['extract'])).code).toBe(0);
      const typo = await runCli(project.root, ['import', '2020-06-26-test.en.json']);
      expect(typo.code).toBe(2);
      // import's report of every entry (took, refused) is its output, on standard output.
      expect(typo.stdout).toContain('refused  2020-06-26-test.en.json:2 error IMPORT_UNKNOWN_RELEASE 2020-06-26-test#meta.title: there is no locale file locales/en/2020-06-26-test.yaml');
      expect(typo.stderr).not.toContain('does not say which');
      // A name that is no release id still needs --release.
      const other = await runCli(project.root, ['import', 'notes.en.json']);
      expect(other.code).toBe(2);
      expect(other.stderr).toContain('IMPORT_INVALID holds one release but does not say which');
      expect((await runCli(project.root, ['import', 'notes.en.json', '--release', '2020-06-25-test'])).code).toBe(0);
    } finally {
      await project.dispose();
    }
  });
});

describe('round trip through presslate export and import', () => {
  test('export then import with no edits plans no change, for every format, language and release', async () => {
    const sample = await loadSample();
    for (const format of ['xliff', 'po', 'i18next'] as const) {
      for (const lng of ['da', 'en', 'nl', 'fr']) {
        const locales = new Map(sample.locales.filter((l) => l.locale.language === lng).map((l) => [l.locale.release, { file: l.file, text: l.text }]));
        for (const releases of [[], ...[...sample.analyses.keys()].map((id) => [id])]) {
          const exported = buildExport({ format, sourceLanguage: 'de', lng, releases }, sample.locales, sample.analyses);
          const parsed = parse(format, exported.text!, releases[0], new Set(sample.analyses.keys()));
          expect(parsed.diagnostics).toEqual([]);
          const plan = planImport(parsed.document!, locales, { lng, sourceLanguage: 'de', exchangeFile: 'x' });
          expect(plan.decisions.filter((d) => d.outcome !== 'unchanged')).toEqual([]);
          expect(plan.decisions).toHaveLength(exported.segments);
          expect(plan.writes.size).toBe(0);
        }
      }
    }
  });

  test('the CLI round trip changes no byte of any locale file, for every format', async () => {
    const project = await copySampleProject();
    try {
      const before = await snapshotTree(join(project.root, 'locales'));
      for (const format of ['xliff', 'po', 'i18next']) {
        expect((await runCli(project.root, ['export', '--format', format, '--lang', 'fr'])).code).toBe(0);
        const name = `presslate.fr.${{ xliff: 'xlf', po: 'po', i18next: 'json' }[format]}`;
        const result = await runCli(project.root, ['import', name, '--json']);
        expect(result.code, result.stdout + result.stderr).toBe(0);
        const report = JSON.parse(result.stdout) as { counts: { taken: number; refused: number; unchanged: number }; written: string[] };
        expect(report.counts).toEqual({ taken: 0, unchanged: 159, refused: 0 });
        expect(report.written).toEqual([]);
      }
      // One release per file: the file name tells release and language (what i18next JSON needs).
      expect((await runCli(project.root, ['export', '--format', 'i18next', '--lang', 'en', '--release', '2019-10-08-best-practice-sammlung'])).code).toBe(0);
      const single = await runCli(project.root, ['import', '2019-10-08-best-practice-sammlung.en.json']);
      expect(single.code, single.stdout + single.stderr).toBe(0);
      expect(single.stdout).toContain('0 taken, 28 unchanged, 0 refused');
      expect(single.stdout).toContain('no locale file changed');
      expect(await snapshotTree(join(project.root, 'locales'))).toEqual(before);
    } finally {
      await project.dispose();
    }
  });

  test('export --todo leaves reviewed segments out; --lang de exports the German for i18next only', async () => {
    const project = await copySampleProject();
    try {
      const todo = await runCli(project.root, ['export', '--format', 'po', '--lang', 'en', '--todo', '--out', 'todo.po', '--json']);
      expect(todo.code).toBe(0);
      const summary = JSON.parse(todo.stdout) as { segments: number; words: { translate: number; review: number } };
      const text = await readFile(join(project.root, 'todo.po'), 'utf8');
      expect(text).not.toContain('status: reviewed');
      expect(summary.segments).toBe((text.match(/^msgctxt /gm) ?? []).length);
      expect(summary.words.translate).toBeGreaterThan(0);
      const source = await runCli(project.root, ['export', '--format', 'i18next', '--lang', 'de', '--out', '-']);
      expect(source.code).toBe(0);
      expect(JSON.parse(source.stdout)['2018-03-16-growin-konferenz']['h-9874b96c']).toBe('Pressekontakt');
      const sourceXliff = await runCli(project.root, ['export', '--format', 'xliff', '--lang', 'de']);
      expect(sourceXliff.code).toBe(2);
      // Not "not a target language" alone: the German can be exported, as i18next JSON.
      expect(sourceXliff.stderr).toContain('--lang de is the source language: XLIFF needs a target language (da, en, nl, fr); --format i18next --lang de exports the German alone');
      expect((await runCli(project.root, ['export', '--format', 'tmx', '--lang', 'en'])).code).toBe(2);
      expect((await runCli(project.root, ['export', '--format', 'po', '--lang', 'en', '--release', 'nope'])).code).toBe(2);
      // --release as in check: comma-separated is the same as repeated; empty is a usage error.
      const two = ['2018-03-16-growin-konferenz', '2019-10-08-best-practice-sammlung'];
      const comma = await runCli(project.root, ['export', '--format', 'po', '--lang', 'en', '--release', two.join(','), '--out', '-']);
      expect(comma.code).toBe(0);
      expect(comma).toEqual(await runCli(project.root, ['export', '--format', 'po', '--lang', 'en', '--release', two[0]!, '--release', two[1]!, '--out', '-']));
      expect(comma.stderr).toContain('of 2 release(s)');
      expect((await runCli(project.root, ['export', '--format', 'po', '--lang', 'en', '--release', ''])).stderr).toContain('--release names no release');
    } finally {
      await project.dispose();
    }
  });
});
