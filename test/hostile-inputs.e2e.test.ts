import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runCli, snapshotTree } from './helpers/project.js';
import { oneReleaseProjectEachTest, snapshotProject } from './helpers/project-copies.js';

/**
 * Inputs found by the twelfth session's fuzzing that crashed or hung a command, or broke the
 * bad-input rule (a message with the file, the line and the fix; exit code 2; nothing written).
 */

const RELEASE = '2018-03-16-growin-konferenz';

let root: string;
// The sample project cut down to one fully reviewed release, so that each case runs fast.
oneReleaseProjectEachTest(RELEASE, (made) => (root = made));

/** Replaces a project file with a named pipe (nobody ever writes into it). */
async function makeFifo(file: string): Promise<void> {
  await rm(join(root, file), { force: true });
  execFileSync('mkfifo', [join(root, file)]);
}

describe('a named pipe where a file should be is refused, not waited on for ever', () => {
  const cases: { file: string; argv: string[] }[] = [
    { file: 'presslate.config.yaml', argv: ['status'] },
    { file: 'locales/glossary.yaml', argv: ['check'] },
    { file: 'locales/en/common.yaml', argv: ['build', '--now', '2030-01-01T00:00:00Z'] },
    { file: `locales/en/${RELEASE}.yaml`, argv: ['extract'] },
  ];
  for (const { file, argv } of cases) {
    test(`${file} a FIFO: ${argv[0]} exits with 2 and names it`, async () => {
      await makeFifo(file);
      const before = await snapshotProject(root);
      const { code, stderr } = await runCli(root, argv);
      expect(code).toBe(2);
      expect(stderr).toContain(file);
      expect(stderr).toMatch(/named pipe/);
      expect(await snapshotProject(root)).toEqual(before);
    }, 15_000);
  }

  test('a locale file that is a FIFO is named as one, not as a misspelt name', async () => {
    await makeFifo(`locales/en/${RELEASE}.yaml`);
    const { stderr } = await runCli(root, ['build', '--now', '2030-01-01T00:00:00Z']);
    expect(stderr).toContain(`locales/en/${RELEASE}.yaml warning LOCALE_IGNORED is a named pipe`);
  }, 15_000);

  test('import of a FIFO is refused', async () => {
    execFileSync('mkfifo', [join(root, 'x.en.po')]);
    const { code, stderr } = await runCli(root, ['import', 'x.en.po']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/x\.en\.po.*named pipe/);
  }, 15_000);
});

describe('the fast readers take only spaces as white space around a value, as YAML does', () => {
  // JavaScript's trim() also removes U+00A0, U+202F, U+3000 …, which are text to YAML.
  const EXPECTED = { release: 'r', language: 'en', sourceLanguage: 'de' };
  const locale = (line: string): string => `release: r\nlanguage: en\nsegments:\n  p-1:\n    de: Hallo\n    ${line}\nobsolete: {}\n`;

  test.each([
    ['en: Agreement signed\u00a0', undefined],
    ['en: \u202fHi', undefined],
    ['en: "Hi"\u00a0', undefined],
    ["en: 'Hi'\u3000", undefined],
    ['status: reviewed\u00a0', undefined],
  ])('locale file line %j: the fast reader declines or agrees with the full one', async (line) => {
    const { readLocaleFile } = await import('../src/core/locale-file.js');
    const { readLocaleFileFast } = await import('../src/core/locale-file-fast.js');
    const text = locale(line);
    const fast = readLocaleFileFast(text, EXPECTED);
    if (fast === undefined) return;
    const full = readLocaleFile(text, 'x.yaml', EXPECTED);
    expect(full.diagnostics).toEqual([]);
    expect([...fast.entries]).toEqual([...full.locale!.entries]);
  });

  test('`obsolete: {}` followed by a no-break space is left to the full reader, which refuses it', async () => {
    const { readLocaleFileFast } = await import('../src/core/locale-file-fast.js');
    expect(readLocaleFileFast(`release: r\nlanguage: en\nsegments: {}\nobsolete: {}\u00a0\n`, EXPECTED)).toBeUndefined();
  });

  test.each(['title: Titel\u00a0\n', 'title: "Titel"\u00a0\n', 'title: [a, b]\u00a0\n', 'title: x\n\u00a0\nsummary: y\n', 'title: [a\u00a0, b]\n'])(
    'front matter %j: the fast reader declines or agrees with the library',
    async (yaml) => {
      const { readFrontMatterFast } = await import('../src/core/front-matter-fast.js');
      const { parseDocument } = await import('yaml');
      const fast = readFrontMatterFast(yaml);
      if (fast === undefined) return;
      const document = parseDocument(yaml);
      expect(document.errors).toEqual([]);
      expect(fast.data).toEqual(document.toJS());
    },
  );
});

test('`locales` a file: build names the file system problem, not a common.yaml that "does not exist"', async () => {
  await rm(join(root, 'locales'), { recursive: true });
  await writeFile(join(root, 'locales'), 'x\n');
  const before = await snapshotProject(root);
  const { code, stderr } = await runCli(root, ['build', '--now', '2030-01-01T00:00:00Z']);
  expect(code).toBe(2);
  expect(stderr).toMatch(/locales\/\w+\/common\.yaml \(ENOTDIR\): a part of the path is a file where a folder is expected/);
  expect(stderr).not.toMatch(/COMMON_MISSING/);
  expect(await snapshotProject(root)).toEqual(before);
});

test('XLIFF with 100,000 nested elements is refused at once, not after minutes of parsing', async () => {
  const exported = await runCli(root, ['export', '--format', 'xliff', '--lang', 'en', '--release', RELEASE, '--out', 'x.en.xlf']);
  expect(exported.code).toBe(0);
  const text = await readFile(join(root, 'x.en.xlf'), 'utf8');
  await writeFile(join(root, 'x.en.xlf'), text.replace('<notes>', `<notes>${'<x>'.repeat(100_000)}${'</x>'.repeat(100_000)}`));
  const before = await snapshotProject(root);
  const started = Date.now();
  const { code, stderr } = await runCli(root, ['import', 'x.en.xlf']);
  expect(Date.now() - started).toBeLessThan(5_000);
  expect(code).toBe(2);
  expect(stderr).toMatch(/x\.en\.xlf:\d+:\d+ error IMPORT_INVALID nests elements more than 64 levels deep — hint:/);
  expect(await snapshotProject(root)).toEqual(before);
}, 60_000);

describe('exchange files that overflowed a recursive parser or a regular expression', () => {
  test('i18next JSON cut off after thousands of { is refused for its depth, with line and column', async () => {
    const file = `${RELEASE}.en.json`;
    await writeFile(join(root, file), `{\n  "a": ${'{"b": '.repeat(100_000)}`);
    const before = await snapshotProject(root);
    const { code, stderr } = await runCli(root, ['import', file]);
    expect(code).toBe(2);
    expect(stderr).toContain(`${file}:2:`);
    expect(stderr).toMatch(/error IMPORT_INVALID nests objects or lists more than 32 levels deep — hint:/);
    expect(await snapshotProject(root)).toEqual(before);
  });

  test('i18next JSON of 200,000 [ is refused for its depth', async () => {
    const file = `${RELEASE}.en.json`;
    await writeFile(join(root, file), '['.repeat(200_000));
    const { code, stderr } = await runCli(root, ['import', file]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/:1:33 error IMPORT_INVALID nests objects or lists more than 32 levels deep/);
  });

  test('a PO string of 10 MB on one line is read, not an internal error', async () => {
    const exported = await runCli(root, ['export', '--format', 'po', '--lang', 'en', '--release', RELEASE, '--out', 'x.en.po']);
    expect(exported.code).toBe(0);
    const text = await readFile(join(root, 'x.en.po'), 'utf8');
    const long = text.replace(/^msgstr "(.+)"$/m, (_, value: string) => `msgstr "${'x'.repeat(10_000_000)}${value}"`);
    expect(long).not.toBe(text);
    await writeFile(join(root, 'x.en.po'), long);
    const { code, stderr } = await runCli(root, ['import', 'x.en.po', '--dry-run']);
    expect(stderr).not.toMatch(/internal error|RangeError/);
    expect([0, 1]).toContain(code);
  });
});

describe('e-mail addresses are found in linear time', () => {
  test('check on a translation of 150,000 characters with an address in it takes seconds, not minutes', async () => {
    const file = join(root, `locales/en/${RELEASE}.yaml`);
    const text = await readFile(file, 'utf8');
    const long = text.replace(/^(\s+en: )International conference on the digitalisation of SMEs$/m, (_, lead: string) => `${lead}${'a'.repeat(150_000)} presse@example.org`);
    expect(long).not.toBe(text);
    await writeFile(file, long);
    const started = Date.now();
    const { code, stdout } = await runCli(root, ['check', '--only', 'addresses']);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(code).toBe(1);
    expect(stdout).toMatch(/EMAIL_CHANGED/);
  }, 60_000);

  test('findEmails finds exactly what the pattern run over the whole text finds', async () => {
    const { findEmails } = await import('../src/core/checks/text-tools.js');
    const pattern = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
    const pieces = ['a', 'é', '.', '@', '-', '_', ' ', '𝐀', '\ud835', '1', 'de', 'org', '+', ',', 'ß'];
    let state = 12345;
    const next = (): number => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 20_000; i++) {
      let text = '';
      for (let n = Math.floor(next() * 25); n > 0; n--) text += pieces[Math.floor(next() * pieces.length)];
      const expected = [...text.matchAll(pattern)].map((m) => ({ index: m.index, value: m[0] }));
      expect(findEmails(text).map(({ index, value }) => ({ index, value })), JSON.stringify(text)).toEqual(expected);
    }
  });
});

describe('the numbers check is linear in the length of a text', () => {
  for (const [what, piece] of [['plain numbers', '1 '], ['CJK month dates', '3月']] as const) {
    test(`a translation of 240,000 characters of ${what} is checked in seconds`, async () => {
      const file = join(root, `locales/en/${RELEASE}.yaml`);
      const text = await readFile(file, 'utf8');
      const long = piece.repeat(120_000 / piece.length * 2).slice(0, 240_000);
      await writeFile(file, text.replace(/^(\s+en: )International conference on the digitalisation of SMEs$/m, (_, lead: string) => `${lead}"${long}"`));
      const started = Date.now();
      const { code } = await runCli(root, ['check', '--only', 'numbers']);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect([0, 1]).toContain(code);
    }, 120_000);
  }
});

describe('a YAML value that contains itself (an alias inside its own anchor) is refused, not walked for ever', () => {
  for (const [line, column, frontMatter] of [
    [2, 12, 'title: &t [*t]'],
    [3, 15, 'title: Titel\nextra: &a {b: *a}'],
  ] as const) {
    test(frontMatter.replace(/\n/g, ' / '), async () => {
      await writeFile(join(root, 'releases/2021-02-01-neue-mitteilung.md'), `---\n${frontMatter}\ndate: 2021-02-01\n---\n\nEin Absatz.\n`);
      const before = await snapshotProject(root);
      for (const argv of [['extract'], ['build', '--now', '2030-01-01T00:00:00Z'], ['status']]) {
        const { code, stderr } = await runCli(root, argv);
        expect(code).toBe(2);
        expect(stderr).toContain(`releases/2021-02-01-neue-mitteilung.md:${line}:${column} error FRONT_MATTER_YAML front matter uses the alias`);
        expect(stderr).toMatch(/which would then contain itself — hint:/);
      }
      expect(await snapshotProject(root)).toEqual(before);
    }, 30_000);
  }
});

test('XLIFF whose elements below a prefixed <x:xliff> are in no namespace is refused, not read as empty', async () => {
  const exported = await runCli(root, ['export', '--format', 'xliff', '--lang', 'en', '--release', RELEASE, '--out', 'x.en.xlf']);
  expect(exported.code).toBe(0);
  const text = await readFile(join(root, 'x.en.xlf'), 'utf8');
  const prefixed = text.replace('<xliff xmlns=', '<x:xliff xmlns:x=').replace('</xliff>', '</x:xliff>');
  expect(prefixed).not.toBe(text);
  await writeFile(join(root, 'x.en.xlf'), prefixed);
  const before = await snapshotProject(root);
  const { code, stderr } = await runCli(root, ['import', 'x.en.xlf']);
  expect(code).toBe(2);
  expect(stderr).toMatch(/x\.en\.xlf:2(:\d+)? error IMPORT_INVALID has no <file> element in the XLIFF 2\.0 namespace/);
  expect(await snapshotProject(root)).toEqual(before);
});

test.each([['--lang'], ['--release']])('check %s "" (an empty CI variable) is a usage error, not a check of everything', async (option) => {
  const { code, stderr } = await runCli(root, ['check', option, '']);
  expect(code).toBe(2);
  expect(stderr).toMatch(new RegExp(`presslate check: ${option} names no (language|release)`));
});

test('locales/glossary.yaml a Unix socket: check names it (ENXIO), not an internal error', async () => {
  const { createServer } = await import('node:net');
  const server = createServer();
  await rm(join(root, 'locales/glossary.yaml'));
  await new Promise<void>((resolve) => server.listen(join(root, 'locales/glossary.yaml'), resolve));
  try {
    const { code, stderr } = await runCli(root, ['check']);
    expect(stderr).not.toMatch(/internal error/);
    expect(code).toBe(2);
    expect(stderr).toMatch(/locales\/glossary\.yaml \(ENXIO\): it is a socket/);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});

describe('build --out refuses the build cache and the compiled CLI (it removes every file there it did not produce)', () => {
  for (const out of ['.presslate-cache', '.presslate-cache/', './.presslate-cache/sub', 'lib', 'lib/.code-cache', 'bin']) {
    test(`--out ${out}: exit 2, the folder's files kept`, async () => {
      // A warm cache, and stand-ins for a compiled CLI in the project (the sample project is Presslate's own repository).
      expect((await runCli(root, ['build', '--now', '2030-01-01T00:00:00Z'])).code).toBe(0);
      await mkdir(join(root, 'lib/.code-cache'), { recursive: true });
      await mkdir(join(root, 'bin'), { recursive: true });
      await writeFile(join(root, 'lib/cli.cjs'), '// the CLI\n');
      await writeFile(join(root, 'lib/.code-cache/cli.bin'), 'code cache');
      await writeFile(join(root, 'bin/presslate.js'), '// the launcher\n');
      const cache = await snapshotTree(join(root, '.presslate-cache'));
      expect(cache.size).toBeGreaterThan(0);
      const before = await snapshotProject(root);
      const { code, stderr } = await runCli(root, ['build', '--now', '2030-01-01T00:00:00Z', '--out', out]);
      expect(code).toBe(2);
      expect(stderr).toContain(`--out ${out}`);
      expect(stderr).toMatch(/removes every file there/);
      expect(await snapshotProject(root)).toEqual(before);
      expect(await snapshotTree(join(root, '.presslate-cache'))).toEqual(cache);
    }, 30_000);
  }
});

describe('common.yaml date options Intl would not take, or would take and change, stop build and check', () => {
  const NOW = ['--now', '2030-01-01T00:00:00Z'];
  const setDate = async (options: string): Promise<void> => {
    const file = join(root, 'locales/fr/common.yaml');
    const text = await readFile(file, 'utf8');
    expect(text).toMatch(/^date: "\{\{date, datetime\(dateStyle: long\)\}\}"$/m);
    await writeFile(file, text.replace('datetime(dateStyle: long)', `datetime(${options})`));
  };
  const line = async (): Promise<number> => (await readFile(join(root, 'locales/fr/common.yaml'), 'utf8')).split('\n').findIndex((text) => text.startsWith('date:')) + 1;

  for (const [options, column, expected] of [
    ['dateStyle: long; timeZone: Mars/Base', 42, /"Mars\/Base" is not an IANA time zone/],
    ['year: numeric; month: long; day: numeric; hour: numeric; hour12: maybe', 82, /"maybe" is not a value of `hour12` — hint: use one of true, false/],
    ['dateStyle: long; timezone: Europe/Paris', 42, /"timezone: Europe\/Paris", which is not a date format option .* did you mean timeZone\?/],
  ] as const) {
    test(`${options}: build and check exit 2 at the option's line and column; nothing written`, async () => {
      await setDate(options);
      const before = await snapshotProject(root);
      const build = await runCli(root, ['build', ...NOW]);
      expect(build.code).toBe(2);
      expect(build.stderr).toContain(`locales/fr/common.yaml:${await line()}:${column} error COMMON_FORMAT`);
      expect(build.stderr).toMatch(expected);
      expect(await snapshotProject(root)).toEqual(before);
      const check = await runCli(root, ['check']);
      expect(check.code).toBe(2);
      expect(check.stdout).toContain(`locales/fr/common.yaml:${await line()}:${column} error COMMON_FORMAT`);
      expect(await snapshotProject(root)).toEqual(before);
    }, 30_000);
  }

  test('a valid time zone keeps building, dated in the configured zone as before, with a warning that it is not used', async () => {
    const reference = await runCli(root, ['build', ...NOW, '--out', 'reference']);
    expect(reference.code).toBe(0);
    await setDate('dateStyle: long; timeZone: America/New_York');
    const build = await runCli(root, ['build', ...NOW, '--strict']);
    expect(build.code).toBe(0);
    expect(build.stderr).toContain(`locales/fr/common.yaml:${await line()}:42 warning COMMON_TIME_ZONE`);
    expect(await snapshotTree(join(root, 'dist'))).toEqual(await snapshotTree(join(root, 'reference')));
    const check = await runCli(root, ['check']);
    expect(check.code).toBe(0);
    expect(check.stdout).toContain('warning COMMON_TIME_ZONE');
    expect((await runCli(root, ['check', '--strict'])).code).toBe(1);
  }, 30_000);
});

describe('a locale file with a top-level key of its own (or a misspelt one)', () => {
  const FILE = `locales/en/${RELEASE}.yaml`;
  const NOW = ['--now', '2030-01-01T00:00:00Z'];
  const NOTES = 'notes: Titel mit Anna abstimmen # from the editor\n';
  const TYPO = 'obsolet:\n  p-00000000:\n    de: Alter Satz\n    en: Old sentence\n    status: reviewed\n';

  async function addKeys(): Promise<{ notes: number; typo: number }> {
    const text = await readFile(join(root, FILE), 'utf8');
    expect(text).toMatch(/^language: en\n/m);
    const edited = `${text.replace(/^language: en\n/m, `language: en\n${NOTES}`)}${TYPO}`;
    await writeFile(join(root, FILE), edited);
    const lines = edited.split('\n');
    return { notes: lines.indexOf(NOTES.slice(0, -1)) + 1, typo: lines.indexOf('obsolet:') + 1 };
  }

  test('check, build, extract and status warn with the file, the line and the valid keys; build --strict is not failed by it', async () => {
    const { notes, typo } = await addKeys();
    const check = await runCli(root, ['check', '--lang', 'en']);
    expect(check.code).toBe(0);
    expect(check.stdout).toContain(`${FILE}:${notes}:1 warning LOCALE_UNKNOWN_KEY \`notes\` is not a key of a locale file: nothing reads what it holds (extract keeps it as it is) — hint: the keys are \`release\`, \`language\`, \`segments\`, \`obsolete\``);
    expect(check.stdout).toContain(`${FILE}:${typo}:1 warning LOCALE_UNKNOWN_KEY \`obsolet\` is not a key of a locale file`);
    expect(check.stdout).toContain('did you mean `obsolete`?');
    // check --strict fails on warnings, as documented; build --strict only on held releases.
    expect((await runCli(root, ['check', '--lang', 'en', '--strict'])).code).toBe(1);
    for (const run of [1, 2]) {
      const build = await runCli(root, ['build', '--strict', ...NOW]);
      expect(build.code, `build ${run}`).toBe(0);
      expect(build.stderr, `build ${run}`).toContain(`${FILE}:${notes}:1 warning LOCALE_UNKNOWN_KEY`);
    }
    const extract = await runCli(root, ['extract']);
    expect(extract.code).toBe(0);
    expect(extract.stderr).toContain(`${FILE}:${typo}:1 warning LOCALE_UNKNOWN_KEY`);
    // status too, which printed what reading the files found only when it was an error.
    const status = await runCli(root, ['status', ...NOW]);
    expect(status.code).toBe(0);
    expect(status.stderr).toContain(`${FILE}:${notes}:1 warning LOCALE_UNKNOWN_KEY`);
  }, 30_000);

  test('extract, rewriting the file, keeps both keys as they were written, comment included', async () => {
    await addKeys();
    const release = join(root, `releases/${RELEASE}.md`);
    await writeFile(release, (await readFile(release, 'utf8')).replace('## Vertrag unterzeichnet', '## Vertrag endlich unterzeichnet'));
    const extract = await runCli(root, ['extract', '--json']);
    expect(extract.code).toBe(0);
    expect((JSON.parse(extract.stdout) as { written: string[] }).written).toContain(FILE);
    const text = await readFile(join(root, FILE), 'utf8');
    expect(text).toContain('de: Vertrag endlich unterzeichnet');
    expect(text).toContain(`language: en\n${NOTES}`);
    expect(text.endsWith(TYPO)).toBe(true);
    // And so do pretranslate and import, which edit the file's entries too.
    const exported = await runCli(root, ['export', '--format', 'po', '--lang', 'en', '--release', RELEASE, '--out', 'x.en.po']);
    expect(exported.code).toBe(0);
    const po = join(root, 'x.en.po');
    await writeFile(po, (await readFile(po, 'utf8')).replace(/msgstr "Agreement signed"/, 'msgstr "Agreement finally signed"'));
    const imported = await runCli(root, ['import', 'x.en.po']);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain(`wrote ${FILE}`);
    expect(imported.stdout).not.toContain('refused  ');
    const after = await readFile(join(root, FILE), 'utf8');
    expect(after).toContain(`language: en\n${NOTES}`);
    expect(after.endsWith(TYPO)).toBe(true);
  }, 30_000);
});

describe('a locale entry with a field of its own (a misspelt language, a line copied from another file)', () => {
  const FILE = `locales/en/${RELEASE}.yaml`;

  test('build, check and extract warn with the line and the field meant; extract keeps the field as written', async () => {
    const path = join(root, FILE);
    const text = await readFile(path, 'utf8');
    const match = /^ {4}en: (.+)\n/m.exec(text)!;
    const edited = text.replace(match[0], `    eng: ${match[1]}\n`);
    await writeFile(path, edited);
    const line = edited.slice(0, edited.indexOf('    eng: ')).split('\n').length;
    const build = await runCli(root, ['build', '--now', '2030-01-01T00:00:00Z']);
    expect(build.code).toBe(0);
    expect(build.stderr).toContain(`${FILE}:${line}:5 warning LOCALE_UNKNOWN_FIELD entry`);
    expect(build.stderr).toContain('has `eng:`, which is not a field of an entry: nothing reads what it holds — hint: did you mean `en:`?');
    const check = await runCli(root, ['check', '--lang', 'en']);
    expect(check.stdout).toContain(`${FILE}:${line}:5 warning LOCALE_UNKNOWN_FIELD`);
    const extract = await runCli(root, ['extract']);
    expect(extract.code).toBe(0);
    expect(extract.stderr).toContain(`${FILE}:${line}:5 warning LOCALE_UNKNOWN_FIELD`);
    expect(await readFile(path, 'utf8')).toBe(edited);
  }, 30_000);
});

describe('export --out and check --sarif write the file they are given, never one of the project\'s own', () => {
  // Both went through an atomic write (a temporary file renamed over the target): `export --out
  // locales/en/<id>.yaml` replaced a translator's locale file with a PO file, `--out
  // releases/<id>.md` the German; and the rename put a regular file in place of a named pipe or a
  // device (`--out /dev/null` run as root replaced /dev/null itself).
  const targets = [`locales/en/${RELEASE}.yaml`, `releases/${RELEASE}.md`, 'presslate.config.yaml', 'locales/glossary.yaml', 'locales/en/new.po', 'images/x.po'];
  for (const target of targets) {
    for (const argv of [['export', '--format', 'po', '--lang', 'en', '--out', target], ['check', '--sarif', target]]) {
      test(`${argv[0]} ${argv.at(-2)} ${target}: exit 2, the project unchanged`, async () => {
        const before = await snapshotProject(root);
        const { code, stderr } = await runCli(root, argv);
        expect(stderr).not.toMatch(/internal error/);
        expect(code).toBe(2);
        expect(stderr).toContain(`${argv.at(-2)} ${target}`);
        expect(stderr).toMatch(/choose a file outside/);
        expect(await snapshotProject(root)).toEqual(before);
      });
    }
  }

  test('a link to a file in the project counts as that file; a link to a file elsewhere is written through, and stays a link', async () => {
    const { lstat, mkdtemp, symlink } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    await symlink(`locales/en/${RELEASE}.yaml`, join(root, 'out.po'));
    const before = await snapshotProject(root);
    const refused = await runCli(root, ['export', '--format', 'po', '--lang', 'en', '--out', 'out.po']);
    expect(refused.code).toBe(2);
    expect(await snapshotProject(root)).toEqual(before);
    const elsewhere = await mkdtemp(join(tmpdir(), 'presslate-out-'));
    try {
      await writeFile(join(elsewhere, 'shared.sarif'), 'old');
      await symlink(join(elsewhere, 'shared.sarif'), join(root, 'report.sarif'));
      const { code, stderr } = await runCli(root, ['check', '--sarif', 'report.sarif']);
      expect(code, stderr).toBe(0);
      expect((await lstat(join(root, 'report.sarif'))).isSymbolicLink()).toBe(true);
      expect(JSON.parse(await readFile(join(elsewhere, 'shared.sarif'), 'utf8')).version).toBe('2.1.0');
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });

  test('a named pipe with a reader gets the export and stays a pipe; one without a reader is refused, not waited on', async () => {
    const { createReadStream } = await import('node:fs');
    const { lstat } = await import('node:fs/promises');
    const pipe = join(root, 'pipe.po');
    execFileSync('mkfifo', [pipe]);
    const lonely = await runCli(root, ['export', '--format', 'po', '--lang', 'en', '--out', 'pipe.po']);
    expect(lonely.stderr).not.toMatch(/internal error/);
    expect(lonely.code).toBe(2);
    expect(lonely.stderr).toMatch(/cannot open .*pipe\.po \(ENXIO\): .*a named pipe no program reads/);
    expect((await lstat(pipe)).isFIFO()).toBe(true);
    const chunks: Buffer[] = [];
    const reader = createReadStream(pipe);
    const read = new Promise<string>((resolve, reject) => {
      reader.on('data', (chunk) => chunks.push(chunk as Buffer));
      reader.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      reader.on('error', reject);
    });
    // The reader opens the pipe (and waits) once its stream is set up.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const { code, stderr } = await runCli(root, ['export', '--format', 'po', '--lang', 'en', '--out', 'pipe.po']);
    expect(code, stderr).toBe(0);
    expect(await read).toContain('msgctxt "2018-03-16-growin-konferenz#meta.title"');
    expect((await lstat(pipe)).isFIFO()).toBe(true);
  }, 15_000);
});

describe('releases/ that is no folder is named as the cause, not only as "releases/<id>.md does not exist" for every locale file', () => {
  const cases: [string, () => Promise<void>, RegExp][] = [
    ['a file', () => writeFile(join(root, 'releases'), 'x'), /releases warning RELEASE_IGNORED is a file, not a folder: no release is read/],
    ['a link to nothing', () => symlink('nowhere', join(root, 'releases')), /releases warning RELEASE_IGNORED is a symbolic link to nothing: no release is read/],
    ['a link to itself', () => symlink('releases', join(root, 'releases')), /releases warning RELEASE_IGNORED is a symbolic link that leads back to itself .*: no release is read/],
  ];
  for (const [what, make, message] of cases) {
    test(`releases/ ${what}: extract and build name it, exit 2, nothing written`, async () => {
      await rm(join(root, 'releases'), { recursive: true });
      await make();
      const before = await snapshotProject(root);
      for (const argv of [['extract'], ['build', '--now', '2030-01-01T00:00:00Z']]) {
        const { code, stderr } = await runCli(root, argv);
        expect(code, stderr).toBe(2);
        expect(stderr).toMatch(message);
      }
      expect(await snapshotProject(root)).toEqual(before);
    });
  }
});

describe('build --out a folder of someone else\'s', () => {
  const NOW = ['--now', '2030-01-01T00:00:00Z'];

  test('is refused when it holds anything at its top but what build writes, and nothing in it is touched', async () => {
    const desk = await mkdtemp(join(tmpdir(), 'presslate-desk-'));
    try {
      await writeFile(join(desk, 'notes.txt'), 'Einkaufsliste');
      await mkdir(join(desk, 'Fotos'));
      await writeFile(join(desk, 'Fotos', 'urlaub.jpg'), 'JPEG');
      await mkdir(join(desk, 'en'));
      const before = await snapshotTree(desk);
      for (const command of [['build', '--out', desk, ...NOW], ['watch', '--out', desk, ...NOW]]) {
        const { code, stderr } = await runCli(root, command);
        expect(code, command[0]).toBe(2);
        expect(stderr, command[0]).toContain(`--out ${desk} holds Fotos/, notes.txt, which build did not write; build removes every file in its output folder that it did not produce: choose a new or empty folder`);
      }
      expect(await snapshotTree(desk)).toEqual(before);
      expect((await readdir(join(desk, '..'))).filter((name) => name.startsWith(`${basename(desk)}.presslate-`))).toEqual([]);
    } finally {
      await rm(desk, { recursive: true, force: true });
    }
  });

  test('a new folder is built into, and again (with or without the cache), the files build no longer writes removed', async () => {
    const site = await mkdtemp(join(tmpdir(), 'presslate-site-'));
    try {
      expect((await runCli(root, ['build', '--out', site, ...NOW])).code).toBe(0);
      const built = await snapshotTree(site);
      expect(built.has('en/index.html')).toBe(true);
      await writeFile(join(site, 'en', 'old-page.html'), 'withdrawn');
      expect((await runCli(root, ['build', '--out', site, '--no-cache', ...NOW])).code).toBe(0);
      expect(await snapshotTree(site)).toEqual(built);
      // The folder the last build wrote to: build's own, whatever is added at its top.
      await writeFile(join(site, 'stray.txt'), 'x');
      expect((await runCli(root, ['build', '--out', site, ...NOW])).code).toBe(0);
      expect(await snapshotTree(site)).toEqual(built);
    } finally {
      await rm(site, { recursive: true, force: true });
    }
  });
});

describe('a YAML file with a second document (a --- line added, a file pasted twice)', () => {
  // The yaml library's message was "Source contains multiple documents; please use
  // YAML.parseAllDocuments()": advice to a programmer, with a hint about quotes and colons.
  const cases: { file: string; argv: string[]; code: string }[] = [
    { file: `locales/en/${RELEASE}.yaml`, argv: ['extract'], code: 'LOCALE_YAML' },
    { file: 'locales/en/common.yaml', argv: ['build'], code: 'COMMON_YAML' },
    { file: 'locales/glossary.yaml', argv: ['check'], code: 'GLOSSARY_INVALID' },
    { file: 'presslate.config.yaml', argv: ['status'], code: 'CONFIG_YAML' },
  ];
  for (const { file, argv, code: errorCode } of cases) {
    test(`${file}: ${argv[0]} names the line of the second document and what to do, exit 2, nothing written`, async () => {
      const text = await readFile(join(root, file), 'utf8');
      await writeFile(join(root, file), `${text.replace(/\n*$/, '\n')}---\nnotes: x\n`);
      const line = text.replace(/\n*$/, '\n').split('\n').length;
      const before = await snapshotProject(root);
      const { code, stdout, stderr } = await runCli(root, argv);
      expect(code).toBe(2);
      // check prints its diagnostics on standard output, the others on standard error.
      expect(stdout + stderr).toContain(`${file}:${line}:1 error ${errorCode} is not valid YAML: a second YAML document starts here`);
      expect(stdout + stderr).not.toMatch(/parseAllDocuments/);
      expect(await snapshotProject(root)).toEqual(before);
    }, 15_000);
  }
});
