import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { REPO, runCli, snapshotTree } from './helpers/project.js';
import { CAN_MAKE_IMMUTABLE, runWithLockedFile } from './helpers/immutable.js';
import { oneReleaseProjectEachTest, snapshotProject } from './helpers/project-copies.js';

/**
 * Issue 2's bad input: every case is an error naming the file, the line and what to do, exit
 * code 2, and nothing written — neither locale files by extract nor dist/ by build. Plus two inputs
 * that look odd but are fine: a byte order mark and Windows line endings.
 */

const RELEASE = '2018-03-16-growin-konferenz';
const RELEASE_FILE = `releases/${RELEASE}.md`;
const LOCALE = `locales/en/${RELEASE}.yaml`;
const NEW_RELEASE = 'releases/2021-02-01-neue-mitteilung.md';

let root: string;
// The sample project cut down to one fully reviewed release, so that each case runs fast.
oneReleaseProjectEachTest(RELEASE, (made) => (root = made));

const release = (frontMatter: string, body = 'Ein Absatz.\n'): string => `---\n${frontMatter}\n---\n\n${body}`;

async function edit(file: string, change: (text: string) => string): Promise<void> {
  const path = join(root, file);
  const before = await readFile(path, 'utf8');
  const after = change(before);
  expect(after).not.toBe(before);
  await writeFile(path, after);
}

/** 1-based line of the first line of `file` that contains `needle`. */
async function lineOf(file: string, needle: string): Promise<number> {
  const lines = (await readFile(join(root, file), 'utf8')).split('\n');
  const index = lines.findIndex((line) => line.includes(needle));
  expect(index).toBeGreaterThanOrEqual(0);
  return index + 1;
}

interface BadInput {
  name: string;
  /** Breaks the project; returns where the error must point. */
  breakProject(): Promise<{ file: string; line: number }>;
  code: string;
  /** Words the message must contain. */
  message: RegExp;
}

const cases: BadInput[] = [
  {
    name: 'malformed YAML front matter',
    breakProject: async () => {
      await writeFile(join(root, NEW_RELEASE), release('title: Neu\ndate: 2021-02-01\nsummary: Zusammenfassung: mit Doppelpunkt'));
      return { file: NEW_RELEASE, line: 4 };
    },
    code: 'FRONT_MATTER_YAML',
    message: /not valid YAML/,
  },
  {
    name: 'a release without `title`',
    breakProject: async () => {
      await writeFile(join(root, NEW_RELEASE), release('date: 2021-02-01\nsummary: Ohne Titel'));
      return { file: NEW_RELEASE, line: 2 };
    },
    code: 'FRONT_MATTER_INVALID',
    message: /`title` is required/,
  },
  {
    name: 'a release without `date`',
    breakProject: async () => {
      await writeFile(join(root, NEW_RELEASE), release('title: Ohne Datum'));
      return { file: NEW_RELEASE, line: 2 };
    },
    code: 'FRONT_MATTER_INVALID',
    message: /`date` is required/,
  },
  {
    name: 'an invalid date',
    breakProject: async () => {
      await writeFile(join(root, 'releases/2021-02-28-neue-mitteilung.md'), release('title: Falsches Datum\ndate: 2021-02-30'));
      return { file: 'releases/2021-02-28-neue-mitteilung.md', line: 3 };
    },
    code: 'FRONT_MATTER_DATE',
    message: /"2021-02-30" is not a valid ISO 8601 date/,
  },
  {
    name: 'a release id that is not YYYY-MM-DD-slug',
    breakProject: async () => {
      await writeFile(join(root, 'releases/Neue Mitteilung.md'), release('title: Neu\ndate: 2021-02-01'));
      return { file: 'releases/Neue Mitteilung.md', line: 1 };
    },
    code: 'RELEASE_ID',
    message: /not of the form YYYY-MM-DD-slug/,
  },
  {
    name: 'a release id whose date is not a calendar date',
    breakProject: async () => {
      await writeFile(join(root, 'releases/2021-02-30-neu.md'), release('title: Neu\ndate: 2021-02-28'));
      return { file: 'releases/2021-02-30-neu.md', line: 1 };
    },
    code: 'RELEASE_ID',
    message: /not a calendar date/,
  },
  {
    name: 'a locale file that is not valid YAML',
    breakProject: async () => {
      const line = await lineOf(LOCALE, 'en: Agreement signed');
      // The classic: a colon and a space in an unquoted value.
      await edit(LOCALE, (text) => text.replace('en: Agreement signed', 'en: Agreement: signed'));
      return { file: LOCALE, line };
    },
    code: 'LOCALE_YAML',
    message: /not valid YAML/,
  },
  {
    name: 'a field twice in one entry of a locale file',
    breakProject: async () => {
      const line = await lineOf(LOCALE, 'en: Agreement signed');
      await edit(LOCALE, (text) => text.replace('    en: Agreement signed\n', '    en: Agreement signed\n    en: Agreement signed twice\n'));
      return { file: LOCALE, line: line + 1 };
    },
    code: 'LOCALE_YAML',
    message: /`en` appears twice in one entry/,
  },
  {
    name: 'a tab as indentation in a locale file (one error, not one per line below it)',
    breakProject: async () => {
      const line = await lineOf(LOCALE, 'en: Agreement signed');
      await edit(LOCALE, (text) => text.replace('    en: Agreement signed\n', '\ten: Agreement signed\n'));
      return { file: LOCALE, line };
    },
    code: 'LOCALE_YAML',
    message: /indent with spaces, not tabs/,
  },
  {
    name: 'a locale file for a release that does not exist',
    breakProject: async () => {
      await writeFile(join(root, 'locales/en/2017-05-04-gibt-es-nicht.yaml'), 'release: 2017-05-04-gibt-es-nicht\nlanguage: en\nsegments: {}\n');
      return { file: 'locales/en/2017-05-04-gibt-es-nicht.yaml', line: 1 };
    },
    code: 'LOCALE_ORPHAN',
    message: /releases\/2017-05-04-gibt-es-nicht\.md does not exist/,
  },
  {
    name: 'an invalid config value',
    breakProject: async () => {
      const line = await lineOf('presslate.config.yaml', 'limit: 50');
      await edit('presslate.config.yaml', (text) => text.replace('limit: 50', 'limit: -5'));
      return { file: 'presslate.config.yaml', line };
    },
    code: 'CONFIG_INVALID',
    message: /`feeds\.limit`/,
  },
  {
    name: 'an invalid config URL',
    breakProject: async () => {
      const line = await lineOf('presslate.config.yaml', 'url: https://');
      await edit('presslate.config.yaml', (text) => text.replace(/url: https:\/\/\S+/, 'url: growin40.example.org'));
      return { file: 'presslate.config.yaml', line };
    },
    code: 'CONFIG_INVALID',
    message: /`site\.url` must be an absolute URL/,
  },
  {
    // A translator's `meta.date` replaced `date:` in the other languages' pages.
    name: 'a data key listed in `translate`',
    breakProject: async () => {
      const line = await lineOf('presslate.config.yaml', 'translate: [');
      await edit('presslate.config.yaml', (text) => text.replace('translate: [title', 'translate: [date, title'));
      return { file: 'presslate.config.yaml', line };
    },
    code: 'CONFIG_INVALID',
    message: /`translate\[0\]` names a key the build reads as data/,
  },
  {
    // Every link was made by appending to it (…/press/#frag/en/…) and the images were left out.
    name: 'a config URL with a fragment',
    breakProject: async () => {
      const line = await lineOf('presslate.config.yaml', 'url: https://');
      await edit('presslate.config.yaml', (text) => text.replace(/url: (https:\/\/\S+)/, 'url: $1#frag'));
      return { file: 'presslate.config.yaml', line };
    },
    code: 'CONFIG_INVALID',
    message: /`site\.url` must not have a query \(\?\) or fragment/,
  },
  {
    name: 'an unknown config key',
    breakProject: async () => {
      const line = await lineOf('presslate.config.yaml', 'limit: 50');
      await edit('presslate.config.yaml', (text) => text.replace('  limit: 50', '  limit: 50\n  colour: blue'));
      return { file: 'presslate.config.yaml', line: line + 1 };
    },
    code: 'CONFIG_INVALID',
    message: /`feeds\.colour` is not a setting/,
  },
  {
    name: '`languages` with a language that is not a target language',
    breakProject: async () => {
      await writeFile(join(root, NEW_RELEASE), release('title: Neu\ndate: 2021-02-01\nlanguages:\n  - en\n  - es'));
      return { file: NEW_RELEASE, line: 6 };
    },
    code: 'FRONT_MATTER_INVALID',
    message: /`languages\[1\]` "es" is not a target language/,
  },
  {
    name: 'an embargo that is not a date',
    breakProject: async () => {
      await writeFile(join(root, NEW_RELEASE), release('title: Neu\ndate: 2021-02-01\nembargo: morgen früh'));
      return { file: NEW_RELEASE, line: 4 };
    },
    code: 'FRONT_MATTER_DATE',
    message: /`embargo` "morgen früh"/,
  },
  {
    name: 'a locale entry with an unknown status',
    breakProject: async () => {
      const line = await lineOf(LOCALE, 'status: reviewed');
      await edit(LOCALE, (text) => text.replace('status: reviewed', 'status: done'));
      return { file: LOCALE, line };
    },
    code: 'LOCALE_STATUS',
    message: /`status: done`, which is not a status/,
  },
  {
    // `en: [Update]` is a YAML list: it was read as no text, "has no translation", and
    // `status: [reviewed]` silently as `new`.
    name: 'a translation that YAML reads as a list',
    breakProject: async () => {
      const line = await lineOf(LOCALE, 'en: International conference');
      await edit(LOCALE, (text) => text.replace(/en: International conference.*/, 'en: [Update]'));
      return { file: LOCALE, line };
    },
    code: 'LOCALE_INVALID',
    message: /entry `meta\.title` has a list under `en:`, where a text belongs.*double quotes/,
  },
  {
    // `*Wichtig*` is YAML for an alias of a value marked &Wichtig*: with none, it was read as no
    // text, "is reviewed but has no translation — write the translation under en:" though it is there.
    name: 'a translation that YAML reads as an alias to nothing',
    breakProject: async () => {
      const line = await lineOf(LOCALE, 'en: International conference');
      await edit(LOCALE, (text) => text.replace(/en: International conference.*/, 'en: *Important*'));
      return { file: LOCALE, line };
    },
    code: 'LOCALE_INVALID',
    message: /entry `meta\.title` has the YAML alias \*Important\* under `en:`, but no value before it is marked &Important\*.*double quotes/,
  },
  {
    // `&News from …` is YAML for the text "from …" marked &News: the word was gone without a sign.
    name: 'a translation that starts with a YAML anchor no alias uses',
    breakProject: async () => {
      const line = await lineOf(LOCALE, 'en: International conference');
      await edit(LOCALE, (text) => text.replace(/en: International conference.*/, 'en: &News from the conference'));
      return { file: LOCALE, line };
    },
    code: 'LOCALE_INVALID',
    message: /entry `meta\.title` has the YAML anchor &News under `en:`, which no alias uses: .* the value is only `from the conference`.*double quotes, e\.g\. `en: "&News from the conference"`/,
  },
  {
    name: 'a status written as a list',
    breakProject: async () => {
      const line = await lineOf(LOCALE, 'status: reviewed');
      await edit(LOCALE, (text) => text.replace('status: reviewed', 'status: [reviewed]'));
      return { file: LOCALE, line };
    },
    code: 'LOCALE_INVALID',
    message: /has a list under `status:`.*one of new, translated, reviewed, stale/,
  },
  {
    // The entry was skipped, and extract then dropped it from the file with its translation.
    name: 'a locale entry whose key was deleted',
    breakProject: async () => {
      const line = await lineOf(LOCALE, '  meta.title:');
      await edit(LOCALE, (text) => text.replace('  meta.title:', '  "":'));
      return { file: LOCALE, line };
    },
    code: 'LOCALE_INVALID',
    message: /an entry of `segments` has an empty key.*put the segment key back/,
  },
  {
    name: 'a locale file whose `release:` does not match its name',
    breakProject: async () => {
      const line = await lineOf(LOCALE, `release: ${RELEASE}`);
      await edit(LOCALE, (text) => text.replace(`release: ${RELEASE}`, 'release: 2018-03-17-growin-konferenz'));
      return { file: LOCALE, line };
    },
    code: 'LOCALE_INVALID',
    message: /says `release: 2018-03-17-growin-konferenz` but belongs to release 2018-03-16-growin-konferenz/,
  },
  {
    name: 'a NUL byte in a release',
    breakProject: async () => {
      await writeFile(join(root, NEW_RELEASE), release('title: Neu\ndate: 2021-02-01', 'Ein Absatz.\n\nZweiter\u0000 Absatz.\n'));
      return { file: NEW_RELEASE, line: 8 };
    },
    code: 'RELEASE_BINARY',
    message: /NUL byte/,
  },
  {
    // Read as UTF-8, the Latin-1 é became U+FFFD: "Caf�" on the page and "Caf" in the feeds.
    name: 'a release saved as Latin-1',
    breakProject: async () => {
      await writeFile(join(root, NEW_RELEASE), Buffer.from(release('title: Neu\ndate: 2021-02-01', 'Ein Absatz.\n\nIm Caf\u00e9.\n'), 'latin1'));
      return { file: NEW_RELEASE, line: 8 };
    },
    code: 'RELEASE_ENCODING',
    message: /is not UTF-8 text/,
  },
  {
    name: 'a locale file saved as Latin-1',
    breakProject: async () => {
      const line = await lineOf(LOCALE, 'en: International conference');
      const text = await readFile(join(root, LOCALE), 'utf8');
      // One line retyped in a Latin-1 editor: é as the single byte E9 in an otherwise UTF-8 file.
      const bytes = Buffer.from(text.replace('en: International conference', 'en: Internationale Konf\u0000rence'), 'utf8');
      bytes[bytes.indexOf(0)] = 0xe9;
      await writeFile(join(root, LOCALE), bytes);
      return { file: LOCALE, line };
    },
    code: 'LOCALE_ENCODING',
    message: /is not UTF-8 text/,
  },
  {
    // Read as UTF-8, every other byte was NUL: 'contains a NUL byte; it is not a text file'.
    name: 'a release saved as UTF-16 (Notepad\'s "Unicode")',
    breakProject: async () => {
      const text = release('title: Neu\ndate: 2021-02-01', 'Ein Absatz über Förderung.\n');
      await writeFile(join(root, NEW_RELEASE), utf16(text));
      return { file: NEW_RELEASE, line: 1 };
    },
    code: 'RELEASE_ENCODING',
    message: /is saved as UTF-16 .*, not UTF-8.*save the file again as UTF-8/,
  },
  {
    // 'is not UTF-8 text: it has a byte that is not UTF-8', with the hint to retype the characters.
    name: 'a locale file saved as UTF-16 big-endian without a byte order mark',
    breakProject: async () => {
      await writeFile(join(root, LOCALE), Buffer.from(await readFile(join(root, LOCALE), 'utf8'), 'utf16le').swap16());
      return { file: LOCALE, line: 1 };
    },
    code: 'LOCALE_ENCODING',
    message: /is saved as UTF-16 .*, not UTF-8/,
  },
  {
    // Before, in YAML's terms: '`(top level)` Invalid input: expected object, received string'.
    name: 'presslate.config.yaml saved as UTF-16',
    breakProject: async () => {
      await writeFile(join(root, 'presslate.config.yaml'), utf16(await readFile(join(root, 'presslate.config.yaml'), 'utf8')));
      return { file: 'presslate.config.yaml', line: 1 };
    },
    code: 'CONFIG_INVALID',
    message: /is saved as UTF-16 .*, not UTF-8/,
  },
  {
    // The front matter was one line to YAML: a dozen "not valid YAML" errors at line 2.
    name: 'a release with old Mac line endings (CR alone)',
    breakProject: async () => {
      await writeFile(join(root, NEW_RELEASE), release('title: Neu\ndate: 2021-02-01').replace(/\n/g, '\r'));
      return { file: NEW_RELEASE, line: 1 };
    },
    code: 'RELEASE_ENCODING',
    message: /carriage return alone.*LF \(Unix\) or CRLF \(Windows\)/,
  },
  {
    // Markdown reads &#0; as U+FFFD: extract wrote it into every locale file, which every command
    // after it then refused (LOCALE_ENCODING, "retype the characters shown as �").
    name: 'a character reference that stands for no character (&#0;)',
    breakProject: async () => {
      await writeFile(join(root, NEW_RELEASE), release('title: Neu\ndate: 2021-02-01', 'Ein Absatz.\n\nText &#0; und &#xD800; hier.\n'));
      return { file: NEW_RELEASE, line: 8 };
    },
    code: 'RELEASE_ENCODING',
    message: /replacement character �, from a character reference that stands for no character/,
  },
  {
    // Thousands of `>` overflowed the stack of the segmenter (exit 70 with a stack trace).
    name: 'quotes nested thousands of levels deep',
    breakProject: async () => {
      await writeFile(join(root, NEW_RELEASE), release('title: Neu\ndate: 2021-02-01', `Ein Absatz.\n\n${'>'.repeat(3000)} tief\n`));
      return { file: NEW_RELEASE, line: 8 };
    },
    code: 'RELEASE_TOO_DEEP',
    message: /more than 100 levels deep/,
  },
  {
    // The Markdown parser's time grows with the cube of this nesting (1,000 levels: a minute).
    // 2,000 levels are also 4 MB in one block: RELEASE_TOO_DEEP, the more precise, is reported.
    name: 'a list indented 2,000 levels deep',
    breakProject: async () => {
      const list = Array.from({ length: 2000 }, (_, level) => `${' '.repeat(2 * level)}- x`).join('\n');
      await writeFile(join(root, NEW_RELEASE), release('title: Neu\ndate: 2021-02-01', `Ein Absatz.\n\n${list}\n`));
      return { file: NEW_RELEASE, line: 8 + 201 };
    },
    code: 'RELEASE_TOO_DEEP',
    message: /more than 100 levels deep/,
  },
  // 5,000 nested [ or - levels overflowed yaml's recursive composer: "Maximum call stack size
  // exceeded" at whatever depth the stack ran out, with a hint about quotes.
  ...(
    [
      ['front matter', NEW_RELEASE, 'FRONT_MATTER_INVALID'],
      ['a locale file', LOCALE, 'LOCALE_INVALID'],
      ['the configuration', 'presslate.config.yaml', 'CONFIG_INVALID'],
    ] as const
  ).flatMap(([where, file, code]) =>
    (
      [
        ['brackets', `junk: ${'['.repeat(5000)}${']'.repeat(5000)}`, 1, 6 + 64],
        ['nested "- " on one line', `junk:\n  ${'- '.repeat(5000)}x`, 2, 3 + 2 * 63],
        // 300 levels: a release's lines indented 400 columns are RELEASE_TOO_DEEP before this.
        ['ever deeper indentation', `junk:\n${Array.from({ length: 300 }, (_, i) => `${' '.repeat(i + 1)}- `).join('\n')}`, 65, 65],
      ] as const
    ).map(([kind, yaml, line, column]): BadInput => ({
      name: `${where} nested 5,000 levels deep (${kind})`,
      breakProject: async () => {
        if (file === NEW_RELEASE) {
          await writeFile(join(root, NEW_RELEASE), release(`title: Neu\ndate: 2021-02-01\n${yaml}`));
          return { file, line: line + 3 };
        }
        const before = (await readFile(join(root, file), 'utf8')).split('\n').length;
        await edit(file, (text) => `${text.replace(/\n*$/, '\n')}${yaml}\n`);
        return { file, line: before - 1 + line };
      },
      code,
      message: new RegExp(`:${column} error ${code} (front matter )?nests lists or maps more than 64 levels deep here`),
    })),
  ),
];

/** `text` as Windows Notepad's "Unicode" saves it: UTF-16 little-endian with a byte order mark. */
function utf16(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
}

describe('bad input: an error with file, line and hint, exit code 2, nothing written', () => {
  test.each(cases)('$name', async ({ breakProject, code, message }) => {
    const { file, line } = await breakProject();
    const before = await snapshotProject(root);
    // The two commands that write; `status` shares their loading and checks.
    for (const command of ['extract', 'build']) {
      const result = await runCli(root, [command]);
      expect(result.code, `${command} exit code`).toBe(2);
      const diagnostic = result.stderr.split('\n').find((l) => l.includes(` error ${code} `));
      expect(diagnostic, `${command} stderr:\n${result.stderr}`).toBeDefined();
      expect(diagnostic!.startsWith(`${file}:${line}`), diagnostic).toBe(true);
      expect(diagnostic).toMatch(/^[^:]+:\d+(:\d+)? error [A-Z_]+ .+ — hint: \S/);
      expect(diagnostic).toMatch(message);
      // A YAML syntax error is reported once, not followed by the parser's confusion below it.
      if (code === 'LOCALE_YAML') expect(result.stderr.split('\n').filter((l) => l.includes(` error ${code} `)), command).toHaveLength(1);
      expect(await snapshotProject(root), `${command} changed the project`).toEqual(before);
    }
  });

  test('a locale file and the configuration with old Mac line endings (CR alone) are read as they are meant', async () => {
    // The locale file was one comment to YAML: "must be a map", with the hint to delete it.
    for (const file of [LOCALE, 'presslate.config.yaml']) await edit(file, (text) => text.replace(/\n/g, '\r'));
    const before = await snapshotProject(root);
    const extract = await runCli(root, ['extract']);
    expect(extract.code, extract.stderr).toBe(0);
    expect(await snapshotProject(root)).toEqual(before);
    const build = await runCli(root, ['build']);
    expect(build.code, build.stderr).toBe(0);
    expect(await readFile(join(root, 'dist/en', `${RELEASE}.md`), 'utf8')).toContain('title: International conference on the digitalisation of SMEs\n');
  });

  test('a build that fails leaves an existing dist/ exactly as it was', async () => {
    expect((await runCli(root, ['build'])).code).toBe(0);
    const built = await snapshotTree(join(root, 'dist'));
    expect(built.has(`en/${RELEASE}.md`)).toBe(true);
    await edit(RELEASE_FILE, (text) => text.replace('Vertrag unterzeichnet', 'Vertrag\n\nunterzeichnet'));
    await edit(LOCALE, (text) => text.replace('status: reviewed', 'status: fertig'));
    const result = await runCli(root, ['build']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('build: nothing was written');
    expect(await snapshotTree(join(root, 'dist'))).toEqual(built);
  });
});

describe('an output folder build must not write into: a usage error, exit 2, the project untouched', () => {
  // Folders outside the project that hold a link to it: removed after the cases.
  const linkFolders: string[] = [];
  afterAll(() => Promise.all(linkFolders.map((folder) => rm(folder, { recursive: true, force: true }))));
  const outputCases: { name: string; prepare(): Promise<string[]>; message: RegExp }[] = [
    {
      name: '--out is a link to the project',
      prepare: async () => {
        const folder = await mkdtemp(join(tmpdir(), 'presslate-link-'));
        linkFolders.push(folder);
        const link = join(folder, 'site');
        await symlink(root, link);
        return ['--out', link];
      },
      message: /is the project folder or contains it/,
    },
    {
      name: '--out is a link to a folder above the project',
      prepare: async () => {
        await symlink(join(root, '..'), join(root, 'up'));
        return ['--out', `up/${root.split('/').at(-1)!}`];
      },
      message: /is the project folder or contains it/,
    },
    {
      name: 'dist/ is a link to releases/',
      prepare: async () => {
        await symlink('releases', join(root, 'dist'));
        return [];
      },
      message: /is inside releases\//,
    },
    {
      name: "a language's folder in dist/ is a link to releases/",
      prepare: async () => {
        await mkdir(join(root, 'dist'));
        await symlink('../releases', join(root, 'dist', 'de'));
        return [];
      },
      message: /holds de\/ as a symbolic link/,
    },
    {
      name: '--out is a file',
      prepare: async () => {
        await writeFile(join(root, 'afile'), 'x');
        return ['--out', 'afile'];
      },
      message: /is a file, not a folder/,
    },
    {
      name: '--out is below a file',
      prepare: async () => {
        await writeFile(join(root, 'afile'), 'x');
        return ['--out', 'afile/site'];
      },
      message: /cannot be created: .*afile is a file/,
    },
  ];
  test.each(outputCases)('$name', async ({ prepare, message }) => {
    const extra = await prepare();
    const before = await snapshotProject(root);
    const result = await runCli(root, ['build', ...extra]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(await snapshotProject(root)).toEqual(before);
  });

  test('--out through a link to a folder elsewhere builds there, and the link stays a link', async () => {
    const elsewhere = await mkdtemp(join(tmpdir(), 'presslate-www-'));
    try {
      await symlink(elsewhere, join(root, 'site'));
      const result = await runCli(root, ['build', '--out', 'site']);
      expect(result.code, result.stderr).toBe(0);
      expect((await snapshotTree(elsewhere)).has(`de/${RELEASE}.md`)).toBe(true);
      const { lstat } = await import('node:fs/promises');
      expect((await lstat(join(root, 'site'))).isSymbolicLink()).toBe(true);
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });
});

describe('odd but valid input', () => {
  async function expectUnchangedAndPublished(): Promise<void> {
    const before = await snapshotTree(join(root, 'locales'));
    const extract = await runCli(root, ['extract']);
    expect(extract.stderr).toBe('');
    expect(extract.code).toBe(0);
    expect(extract.stdout).toContain('all locale files up to date');
    expect(await snapshotTree(join(root, 'locales'))).toEqual(before);
    const build = await runCli(root, ['build']);
    expect(build.code).toBe(0);
    expect(build.stderr).not.toMatch(/ error /);
    const dist = await snapshotTree(join(root, 'dist'));
    for (const lng of ['de', 'da', 'en', 'nl', 'fr']) expect(dist.has(`${lng}/${RELEASE}.md`), lng).toBe(true);
    const english = dist.get(`en/${RELEASE}.md`)!;
    expect(english).toContain('title: International conference on the digitalisation of SMEs');
    expect(english).toContain('## Agreement signed');
    expect(english).not.toContain('Vertrag unterzeichnet');
    expect(english.charCodeAt(0)).not.toBe(0xfeff);
  }

  test('a release starting with a byte order mark works', async () => {
    await edit(RELEASE_FILE, (text) => `\uFEFF${text}`);
    await expectUnchangedAndPublished();
  });

  test('a release saved as .MD or put in a subfolder is a warning, from the first run after it appears to the first after it goes', async () => {
    const { mkdir: makeFolder, rm: remove } = await import('node:fs/promises');
    const ignored = (stderr: string): string[] => stderr.split('\n').filter((line) => line.includes(' warning RELEASE_IGNORED '));
    expect(ignored((await runCli(root, ['extract'])).stderr)).toEqual([]);
    expect((await runCli(root, ['build'])).code).toBe(0);
    expect(ignored((await runCli(root, ['build'])).stderr)).toEqual([]); // recorded for replay
    await writeFile(join(root, 'releases', '2021-02-01-neu.MD'), release('title: Neu\ndate: 2021-02-01'));
    await makeFolder(join(root, 'releases', '2021'));
    for (const command of ['extract', 'build', 'build']) {
      const result = await runCli(root, [command]);
      expect(result.code, result.stderr).toBe(0);
      expect(ignored(result.stderr)).toEqual([
        'releases/2021 warning RELEASE_IGNORED is a folder: releases in subfolders are not read — hint: move the releases into releases/ itself',
        'releases/2021-02-01-neu.MD warning RELEASE_IGNORED is not read as a release: only files ending in .md are — hint: rename it to YYYY-MM-DD-slug.md (lowercase .md), or move it out of releases/',
      ]);
    }
    await remove(join(root, 'releases', '2021-02-01-neu.MD'));
    await remove(join(root, 'releases', '2021'), { recursive: true });
    expect(ignored((await runCli(root, ['build'])).stderr)).toEqual([]);
  });

  test('a file-system error (a file where a language folder should be) names the path and the fix, exit 2, no internal error, and no language is updated', async () => {
    await rm(join(root, 'locales/nl'), { recursive: true });
    await writeFile(join(root, 'locales/nl'), 'not a folder\n');
    // A changed paragraph: every other language's file would change too.
    const release = join(root, 'releases/2018-03-16-growin-konferenz.md');
    await writeFile(release, (await readFile(release, 'utf8')).replace('Am zweiten Tag tauschten sich die Partner', 'Am zweiten Konferenztag tauschten sich die Partner'));
    const before = await snapshotTree(join(root, 'locales'));
    const result = await runCli(root, ['extract']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^presslate extract: cannot mkdir .*locales\/nl \(EEXIST\): a file already exists where a folder is expected; rename or remove it\. Nothing was written;/m);
    expect(result.stderr).not.toMatch(/internal error/);
    // All of a run's locale writes land or none does: da, en and fr are as they were, no temporary file is left.
    expect(await snapshotTree(join(root, 'locales'))).toEqual(before);
  });

  test.skipIf(!CAN_MAKE_IMMUTABLE)('a locale file that cannot be replaced (the last of a run) leaves every language as it was: the files already renamed get their content back', async () => {
    const release = join(root, 'releases/2018-03-16-growin-konferenz.md');
    await writeFile(release, (await readFile(release, 'utf8')).replace('Am zweiten Tag tauschten sich die Partner', 'Am zweiten Konferenztag tauschten sich die Partner'));
    const result = await runWithLockedFile(root, join(root, 'locales/fr/2018-03-16-growin-konferenz.yaml'), ['extract']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^presslate extract: cannot rename to .*locales\/fr\/2018-03-16-growin-konferenz\.yaml \(EPERM\): .* Nothing was written;/m);
    expect(result.unchanged).toBe(true);
    // Once the file may be replaced again, the run goes through for every language.
    const again = await runCli(root, ['extract']);
    expect(again.code, again.stderr).toBe(0);
    for (const lng of ['da', 'en', 'nl', 'fr']) expect(again.stdout).toContain(`locales/${lng}/2018-03-16-growin-konferenz.yaml: 1 stale`);
  });

  test('common.yaml (build) and the glossary (check) saved as UTF-16: their own code, named as such, exit 2', async () => {
    // Before: 'must be a list of `key: text` lines' and 'expected object, received string'.
    for (const file of ['locales/en/common.yaml', 'locales/glossary.yaml']) await writeFile(join(root, file), utf16(await readFile(join(root, file), 'utf8')));
    const build = await runCli(root, ['build']);
    expect(build.code).toBe(2);
    expect(build.stderr).toContain('locales/en/common.yaml:1:1 error COMMON_INVALID is saved as UTF-16');
    const check = await runCli(root, ['check']);
    expect(check.code).toBe(2);
    expect(check.stdout + check.stderr).toContain('locales/glossary.yaml:1:1 error GLOSSARY_INVALID is saved as UTF-16');
  });

  test('common.yaml (build) and the glossary (check) nested 5,000 levels deep: their own code at the line, exit 2', async () => {
    await edit('locales/en/common.yaml', (text) => `${text.replace(/\n*$/, '\n')}junk: ${'['.repeat(5000)}${']'.repeat(5000)}\n`);
    const line = await lineOf('locales/en/common.yaml', 'junk:');
    const build = await runCli(root, ['build']);
    expect(build.code).toBe(2);
    expect(build.stderr).toContain(`locales/en/common.yaml:${line}:70 error COMMON_INVALID nests lists or maps more than 64 levels deep here`);
    await edit('locales/glossary.yaml', (text) => `${text.replace(/\n*$/, '\n')}junk:\n  ${'- '.repeat(5000)}x\n`);
    const glossaryLine = await lineOf('locales/glossary.yaml', 'junk:');
    const check = await runCli(root, ['check']);
    expect(check.code).toBe(2);
    expect(check.stdout).toContain(`locales/glossary.yaml:${glossaryLine + 1}:129 error GLOSSARY_INVALID nests lists or maps more than 64 levels deep here`);
  });

  test('a folder where the configuration or common.yaml should be is named in the message', async () => {
    await rm(join(root, 'locales/en/common.yaml'));
    await mkdir(join(root, 'locales/en/common.yaml'));
    const build = await runCli(root, ['build']);
    expect(build.code).toBe(2);
    expect(build.stderr).toMatch(/^presslate build: cannot read .*locales\/en\/common\.yaml \(EISDIR\): it is a folder where a file is expected/m);
    await rm(join(root, 'presslate.config.yaml'));
    await mkdir(join(root, 'presslate.config.yaml'));
    for (const command of ['status', 'check']) {
      const result = await runCli(root, [command]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(new RegExp(`^presslate ${command}: cannot read .*presslate\\.config\\.yaml \\(EISDIR\\)`, 'm'));
    }
  });

  test('dist/ as a link to itself names the path and the fix, exit 2, no internal error', async () => {
    await symlink('dist', join(root, 'dist'));
    const result = await runCli(root, ['build']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^presslate build: cannot \w+ .*dist.* \(ELOOP\): a symbolic link there leads back to itself/m);
    expect(result.stderr).not.toMatch(/internal error/);
  });

  test('a release or locale file whose name is not UTF-8 is named with the fix, exit 2, no internal error', async () => {
    // Latin-1 'ü' (0xFC): Node lists the name with U+FFFD, and no file has that name.
    const latin1 = (name: string): Buffer => Buffer.concat([Buffer.from(join(root, name.split('|')[0]!)), Buffer.from([0xfc]), Buffer.from(name.split('|')[1]!)]);
    for (const [name, commands] of [
      ['releases/2021-01-01-m|nchen.md', ['extract', 'build']],
      ['locales/nl/x|.yaml', ['extract', 'build']],
    ] as const) {
      await writeFile(latin1(name), '---\ntitle: x\ndate: 2021-01-01\n---\n\nText.\n');
      for (const command of commands) {
        const result = await runCli(root, [command]);
        expect(result.code, result.stderr).toBe(2);
        expect(result.stderr).toMatch(/\(ENOENT\): it is not there: .*its name is not UTF-8 text.*give it a UTF-8 name/);
        expect(result.stderr).toContain(name.replace('|', '\uFFFD'));
      }
      await rm(latin1(name));
    }
  });

  test('a folder under images/ whose name is not UTF-8 leaves the other images found (they were all "missing")', async () => {
    const { cp } = await import('node:fs/promises');
    await cp(join(REPO, 'images'), join(root, 'images'), { recursive: true });
    // Latin-1 'é' (0xE9): Node's recursive listing lists it with U+FFFD and fails on it.
    await mkdir(Buffer.concat([Buffer.from(join(root, 'images/ordn')), Buffer.from([0xe9]), Buffer.from('r')]));
    for (const args of [['build'], ['build'], ['build', '--no-cache']]) {
      const result = await runCli(root, args);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).not.toMatch(/IMAGE_MISSING images\/2018-03-16-growin-konferenz\.jpg/);
      expect((await snapshotTree(join(root, 'dist/images'))).has('2018-03-16-growin-konferenz.jpg')).toBe(true);
    }
  });

  test('a locale file saved as .yml, and folders named like a release or a locale file, are warnings, not crashes', async () => {
    const { rename } = await import('node:fs/promises');
    const ignored = (stderr: string): string[] => stderr.split('\n').filter((line) => / warning (LOCALE|RELEASE)_IGNORED /.test(line));
    await rename(join(root, 'locales/nl', `${RELEASE}.yaml`), join(root, 'locales/nl', `${RELEASE}.yml`));
    await mkdir(join(root, 'locales/fr/2021-01-01-ordner.yaml'));
    await mkdir(join(root, 'releases/2021-01-02-ordner.md'));
    for (const command of ['extract', 'build', 'build']) {
      const result = await runCli(root, [command]);
      expect(result.code, result.stderr).toBe(0);
      expect(ignored(result.stderr)).toEqual([
        'locales/fr/2021-01-01-ordner.yaml warning LOCALE_IGNORED is a folder: locale files in subfolders are not read — hint: move the files into locales/fr/ itself',
        `locales/nl/${RELEASE}.yml warning LOCALE_IGNORED is not read: only files ending in .yaml are locale files — hint: rename it to <release id>.yaml (lowercase .yaml); if extract has made a new ${RELEASE}.yaml beside it, move your translations into that file`,
        'releases/2021-01-02-ordner.md warning RELEASE_IGNORED is a folder: releases in subfolders are not read — hint: move the releases into releases/ itself',
      ]);
    }
    for (const command of [['status'], ['check']]) expect((await runCli(root, command)).stderr).not.toMatch(/internal error/);
  });

  test('a locale file that is a link to nothing is reported as such, not as a wrongly named file', async () => {
    await rm(join(root, 'locales/nl', `${RELEASE}.yaml`));
    await symlink(`${RELEASE}.yaml`, join(root, 'locales/nl', `${RELEASE}.yaml`));
    const result = await runCli(root, ['build']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(
      `locales/nl/${RELEASE}.yaml warning LOCALE_IGNORED is a symbolic link that leads to no file (its target is missing, a folder, or a loop of links): it is not read — hint: restore the file it points to, or replace the link with the locale file itself`,
    );
  });

  test('a release that is a link is read when it points into the project, and not read (a warning) when it points out of it', async () => {
    const ignored = (stderr: string): string[] => stderr.split('\n').filter((line) => line.includes(' warning RELEASE_IGNORED '));
    const outside = await mkdtemp(join(tmpdir(), 'presslate-secret-'));
    try {
      await writeFile(join(outside, 'secret.md'), release('title: Geheim\ndate: 2021-03-01', 'SECRET-TOKEN-1234\n'));
      await symlink(join(outside, 'secret.md'), join(root, 'releases', '2021-03-01-geheim.md'));
      await symlink(join(outside, 'missing.md'), join(root, 'releases', '2021-03-02-weg.md'));
      await mkdir(join(root, 'drafts'));
      await writeFile(join(root, 'drafts', 'neu.md'), release('title: Verlinkt\ndate: 2021-03-03', 'VERLINKT-5678\n'));
      await symlink(join('..', 'drafts', 'neu.md'), join(root, 'releases', '2021-03-03-verlinkt.md'));
      for (const command of ['extract', 'build', 'build']) {
        const result = await runCli(root, [command]);
        expect(result.code, result.stderr).toBe(0);
        expect(ignored(result.stderr)).toEqual([
          'releases/2021-03-01-geheim.md warning RELEASE_IGNORED is a link to a file outside the project: it is not read — hint: copy the release into releases/ instead of linking to it (a link is followed only inside the project)',
          'releases/2021-03-02-weg.md warning RELEASE_IGNORED is a link to a file that does not exist: it is not read — hint: copy the release into releases/ instead of linking to it (a link is followed only inside the project)',
        ]);
      }
      const locales = await snapshotTree(join(root, 'locales'));
      const dist = await snapshotTree(join(root, 'dist'));
      expect([...locales.values(), ...dist.values()].some((text) => text.includes('SECRET-TOKEN'))).toBe(false);
      expect(locales.has('en/2021-03-03-verlinkt.yaml')).toBe(true);
      expect(dist.get('de/2021-03-03-verlinkt.md')).toContain('VERLINKT-5678');
      const status = await runCli(root, ['status', '--json']);
      expect(status.stdout).toContain('2021-03-03-verlinkt');
      expect(status.stdout).not.toContain('geheim');
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  test('a locale file saved with CRLF and a byte order mark keeps both when extract updates it', async () => {
    await edit(LOCALE, (text) => `\uFEFF${text.replace(/\n/g, '\r\n')}`);
    const before = await readFile(join(root, LOCALE), 'utf8');
    await edit(RELEASE_FILE, (text) => text.replace('## Vertrag unterzeichnet', '## Vertrag endlich unterzeichnet'));
    const result = await runCli(root, ['extract']);
    expect(result.code, result.stderr).toBe(0);
    const after = await readFile(join(root, LOCALE), 'utf8');
    expect(after.startsWith('\uFEFF# ')).toBe(true);
    expect(after).not.toMatch(/(^|[^\r])\n/);
    // Only the edited entry's lines differ, not every line of the file.
    const beforeLines = new Set(before.split('\r\n'));
    const changed = after.split('\r\n').filter((line) => !beforeLines.has(line));
    expect(changed.length).toBeLessThan(8);
    expect(after).toContain('de: Vertrag endlich unterzeichnet\r\n');
  });

  test('a release with Windows line endings works, and so does a locale file', async () => {
    await edit(RELEASE_FILE, (text) => text.replace(/\n/g, '\r\n'));
    await edit(LOCALE, (text) => text.replace(/\n/g, '\r\n'));
    await expectUnchangedAndPublished();
  });
});
