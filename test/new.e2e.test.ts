import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { releaseTemplate } from '../src/cli/new.js';
import { analyzeRelease } from '../src/core/analyze-release.js';
import { parseConfig } from '../src/core/config.js';
import { copySampleProject, REPO, runCli, snapshotTree } from './helpers/project.js';
import { keepOnlyReleases, snapshotProject } from './helpers/project-copies.js';

let root: string;
let dispose: () => Promise<void>;

beforeEach(async () => {
  ({ root, dispose } = await copySampleProject());
});
afterEach(async () => {
  await dispose();
});

const TITLE = 'Neue Förderrunde für kleine Unternehmen startet';
const FILE = 'releases/2024-05-02-neue-foerderrunde-fuer-kleine-unternehmen-startet.md';

describe('presslate new', () => {
  test('creates releases/<date>-<slug>.md from the template', async () => {
    const result = await runCli(root, ['new', TITLE, '--date', '2024-05-02']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`created ${FILE}`);
    const text = await readFile(join(root, FILE), 'utf8');
    expect(text).toBe(
      releaseTemplate({ id: '2024-05-02-neue-foerderrunde-fuer-kleine-unternehmen-startet', title: TITLE, date: '2024-05-02', author: 'Allianz für die Region GmbH' }),
    );
    expect(text).toMatch(/^---\ntitle: Neue Förderrunde für kleine Unternehmen startet\ndate: 2024-05-02\n/);
    expect(text).toContain('\nauthor: Allianz für die Region GmbH\ntags: []\n');
    expect(text).toContain('\n# image:\n#   src: images/2024-05-02-neue-foerderrunde-fuer-kleine-unternehmen-startet.jpg\n');
    expect(text).toMatch(/\n# summary: \n/);
    expect(text).toMatch(/\n# category: \n/);
    expect(text).toContain('<!--\nHier steht der Text der Pressemitteilung');
  });

  test('the new file is a valid release: extract adds its title for translators, build publishes it in German', async () => {
    await keepOnlyReleases(root, ['2018-03-16-growin-konferenz']);
    expect((await runCli(root, ['new', TITLE, '--date', '2024-05-02'])).code).toBe(0);
    const extract = await runCli(root, ['extract']);
    expect(extract.stderr).toBe('');
    expect(extract.code).toBe(0);
    const locale = await readFile(join(root, 'locales/en/2024-05-02-neue-foerderrunde-fuer-kleine-unternehmen-startet.yaml'), 'utf8');
    expect(locale).toMatch(new RegExp(`\n {2}meta\\.title:\n {4}de: ${TITLE}\n {4}en:( "")?\n {4}status: new\n`));
    const build = await runCli(root, ['build', '--now', '2024-06-01T00:00:00Z']);
    expect(build.code).toBe(0);
    expect(build.stderr).not.toMatch(/ error /);
    const dist = await snapshotTree(join(root, 'dist'));
    expect(dist.has('de/2024-05-02-neue-foerderrunde-fuer-kleine-unternehmen-startet.md')).toBe(true);
  });

  test('the date defaults to today in the configured time zone, not in UTC', async () => {
    // 22:30 UTC on 1 May is 00:30 on 2 May in Europe/Berlin.
    const result = await runCli(root, ['new', TITLE], Date.parse('2024-05-01T22:30:00Z'));
    expect(result.code).toBe(0);
    expect(await readFile(join(root, FILE), 'utf8')).toContain('\ndate: 2024-05-02\n');
  });

  test('--slug names the file; titles YAML would misread are quoted', async () => {
    const title = 'Förderung: Jetzt bewerben! #KMU';
    const result = await runCli(root, ['new', title, '--date', '2024-05-02', '--slug', 'jetzt-bewerben']);
    expect(result.code).toBe(0);
    const text = await readFile(join(root, 'releases/2024-05-02-jetzt-bewerben.md'), 'utf8');
    const config = parseConfig(await readFile(join(root, 'presslate.config.yaml'), 'utf8')).config!;
    const { analysis, diagnostics } = analyzeRelease('releases/2024-05-02-jetzt-bewerben.md', text, config);
    expect(diagnostics).toEqual([]);
    expect(analysis!.meta.title).toBe(title);
    expect(analysis!.segments.map((s) => s.key)).toEqual(['meta.title']);
  });

  test('a long title gives a slug of at most 60 characters that ends with a whole word', async () => {
    // The id is the release's address for good: cut at 60 characters it read "…-digitalisierung-klei".
    const title = 'Über die Maßnahmen zur Förderung der Digitalisierung kleiner und mittlerer Unternehmen in der Region';
    const result = await runCli(root, ['new', title, '--date', '2024-05-03']);
    expect(result.code).toBe(0);
    const names = await readdir(join(root, 'releases'));
    expect(names).toContain('2024-05-03-ueber-die-massnahmen-zur-foerderung-der-digitalisierung.md');
    // A first word longer than 60 characters is cut inside it rather than left out.
    expect((await runCli(root, ['new', `${'Donaudampfschifffahrts'.repeat(3)} heute`, '--date', '2024-05-03'])).code).toBe(0);
    expect(await readdir(join(root, 'releases'))).toContain(`2024-05-03-${'donaudampfschifffahrts'.repeat(3).slice(0, 60)}.md`);
  });

  test('never overwrites an existing release', async () => {
    expect((await runCli(root, ['new', TITLE, '--date', '2024-05-02'])).code).toBe(0);
    await writeFile(join(root, FILE), '---\ntitle: Schon geschrieben\ndate: 2024-05-02\n---\n\nText, der bleiben muss.\n');
    const before = await snapshotProject(root);
    const again = await runCli(root, ['new', TITLE, '--date', '2024-05-02']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(new RegExp(`^${FILE}:1 error RELEASE_EXISTS exists already.* — hint: .*--slug`, 'm'));
    expect(await snapshotProject(root)).toEqual(before);
    expect((await readdir(join(root, 'releases'))).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  test.each([
    ['no title', ['new'], /give the German title/],
    ['an impossible date', ['new', TITLE, '--date', '2024-02-30'], /--date "2024-02-30" is not a calendar date/],
    ['a date that is not YYYY-MM-DD', ['new', TITLE, '--date', '2.5.2024'], /--date "2\.5\.2024"/],
    ['a slug with capitals or spaces', ['new', TITLE, '--slug', 'Neue Runde'], /--slug "Neue Runde" may contain only/],
    ['a title without letters or digits', ['new', '!!! ???'], /cannot make a file name from the title.*--slug/],
    ['an unknown option', ['new', TITLE, '--datum', '2024-05-02'], /Unknown option '--datum'/],
    // 260 letters made a file name the file system refuses (an internal error, exit 70).
    ['a slug too long for a file name', ['new', TITLE, '--date', '2024-07-01', '--slug', `x${'a'.repeat(260)}`], /is 272 characters long; a release id may have 150/],
  ])('%s: exit code 2, usage shown, nothing written', async (_, argv, message) => {
    const before = await snapshotProject(root);
    const result = await runCli(root, argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain('usage: presslate new');
    expect(await snapshotProject(root)).toEqual(before);
  });

  test('is listed in the help and as an npm script', async () => {
    expect((await runCli(root, ['--help'])).stdout).toMatch(/\n {2}new +start a new German release/);
    const help = await runCli(root, ['new', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--slug <slug>');
    const pkg = JSON.parse(await readFile(join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.new).toBe('node bin/presslate.js new');
  });
});
