import { readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { planSite } from '../src/core/build-site.js';
import { createUiText, parseCommonStrings } from '../src/core/common-strings.js';
import { splitFrontMatter } from '../src/core/front-matter.js';
import { COMMON_NAMESPACE, createI18n } from '../src/core/i18n.js';
import { mergeRelease } from '../src/core/merge.js';
import { renderPage } from '../src/core/render-page.js';
import { textDirection } from '../src/core/text-direction.js';
import { loadSite } from '../src/io/load-site.js';
import { loadProject } from '../src/io/project.js';
import { REPO, runCli } from './helpers/project.js';
import { build, distFile, distPathOf, distPaths, makeSiteProject, NOW, sampleProject, SITE, translateAll } from './helpers/site.js';

const LANGUAGES = ['de', 'da', 'en', 'nl', 'fr'];
const ID = '2018-03-16-growin-konferenz';
const DATE_LINES: Record<string, string> = {
  de: '16. März 2018',
  da: '16. marts 2018',
  en: '16 March 2018',
  nl: '16 maart 2018',
  fr: '16 mars 2018',
};
const CREDIT_LINES: Record<string, string> = {
  de: 'Foto: Allianz für die Region GmbH/Peter Sierigk',
  da: 'Foto: Allianz für die Region GmbH/Peter Sierigk',
  en: 'Photo: Allianz für die Region GmbH/Peter Sierigk',
  nl: 'Foto: Allianz für die Region GmbH/Peter Sierigk',
  fr: 'Photo\u00a0: Allianz für die Region GmbH/Peter Sierigk',
};

describe('pages of the sample project', () => {
  let root: string;
  let dispose: () => Promise<void>;
  let paths: string[];
  const read = async (path: string): Promise<string> => {
    const text = await distFile(root, path);
    if (text === undefined) throw new Error(`dist/${path} was not written`);
    return text;
  };

  beforeAll(async () => {
    ({ root, dispose } = await sampleProject());
    const result = await build(root);
    expect(result.code, result.stderr).toBe(0);
    paths = await distPaths(root);
  });
  afterAll(() => dispose());

  it('starts each Markdown page with the localized date line and photo block, then the merged body unchanged', async () => {
    const { project } = await loadProject(root);
    const site = await loadSite(project!);
    const plan = planSite({ config: project!.config, releases: site.releases, locales: site.locales, now: Date.parse(NOW) });
    const release = plan.releases.find((candidate) => candidate.id === ID)!;
    for (const lng of LANGUAGES) {
      const page = await read(`${lng}/${ID}.md`);
      const translations = plan.states.find((state) => state.release === ID && state.lng === lng)?.translations;
      const merged = lng === 'de' ? release.text : mergeRelease(release, (segment) => translations!.get(segment.key));
      const body = splitFrontMatter(merged).body;
      expect(page.endsWith(body), lng).toBe(true);
      const lead = splitFrontMatter(page).body.slice(0, -body.length);
      const meta = parse(splitFrontMatter(merged).yaml!) as { image: { alt: string; caption: string } };
      expect(lead).toBe(
        `\n*${DATE_LINES[lng]}*\n\n![${meta.image.alt}](../images/${ID}.jpg)\n\n*${meta.image.caption}*\\\n${CREDIT_LINES[lng]}\n`,
      );
    }
  });

  it('links the other published languages from the front matter', async () => {
    for (const lng of LANGUAGES) {
      const front = parse(splitFrontMatter(await read(`${lng}/${ID}.md`)).yaml!) as { lang: string; alternates: Record<string, string>; outdated?: boolean };
      expect(front.lang).toBe(lng);
      expect(front.outdated).toBeUndefined();
      expect(front.alternates).toEqual(Object.fromEntries(LANGUAGES.filter((other) => other !== lng).map((other) => [other, `../${other}/${ID}.md`])));
      for (const path of Object.values(front.alternates)) expect(paths).toContain(path.slice(3));
    }
    // A release published only in German links nowhere.
    const german = parse(splitFrontMatter(await read('de/2020-06-25-abschlusskonferenz.md')).yaml!) as Record<string, unknown>;
    expect(german.alternates).toBeUndefined();
  });

  it('writes a self-contained HTML page per release and language', async () => {
    const html = await read(`fr/${ID}.html`);
    expect(html).toMatch(/^<!doctype html>\n<html lang="fr">/);
    expect(html).toContain('<title>Conférence internationale sur la transformation numérique des PME – Allianz für die Region GmbH</title>');
    expect(html).toContain('<h1>Conférence internationale sur la transformation numérique des PME</h1>');
    expect(html).toContain('<time datetime="2018-03-16">16 mars 2018</time>');
    expect(html).toContain(`<figure><img src="${SITE}images/${ID}.jpg" alt="Quatre personnes`);
    expect(html).toContain('<span class="credit">Photo\u00a0: Allianz für die Region GmbH/Peter Sierigk</span>');
    expect(html).toContain(`<link rel="canonical" href="${SITE}fr/${ID}.html">`);
    // A word wider than a phone's screen (a German compound in a heading) wraps instead of making
    // the page scroll sideways; headings hyphenate by the page's language.
    expect(html).toMatch(/<style>body\{[^}]*overflow-wrap:break-word[^}]*\}\nh1,h2,h3\{hyphens:auto\}/);
    const hreflangs = [...html.matchAll(/<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">/g)];
    // Every version, this one included (search engines want the set complete), and the German as x-default.
    expect(hreflangs.map((match) => match[1])).toEqual(['de', 'da', 'en', 'nl', 'fr', 'x-default']);
    expect(hreflangs.map((match) => match[2])).toEqual(['de', 'da', 'en', 'nl', 'fr', 'de'].map((lng) => `${SITE}${lng}/${ID}.html`));
    // A release in German only has no hreflang set at all.
    expect(await read('de/2020-06-25-abschlusskonferenz.html')).not.toContain('hreflang="de" href');
    const index = [...(await read('en/index.html')).matchAll(/<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">/g)];
    expect(index.map((match) => `${match[1]} ${match[2]}`)).toEqual([...LANGUAGES.map((lng) => `${lng} ${SITE}${lng}/`), `x-default ${SITE}de/`]);
    expect(html).toContain(`<link rel="alternate" type="application/rss+xml" title="Allianz für die Region GmbH\u00a0: communiqués de presse (RSS)" href="${SITE}fr/feed.xml">`);
    // As the URL standard writes it (the release says https://www.ostfalia.de).
    expect(html).toContain('<a href="https://www.ostfalia.de/">');
    expect(html).not.toContain('Projektpartner aus Deutschland');
    // Every link into the site leads to a file the build wrote.
    for (const match of html.matchAll(/(?:href|src)="([^"]+)"/g)) {
      const path = distPathOf(match[1]!);
      if (path !== undefined) expect(paths, match[1]).toContain(path);
    }
  });

  it('links languages by their own names and lists every release on the index pages', async () => {
    const page = await read(`en/${ID}.html`);
    expect(page).toContain(`<a href="${SITE}de/${ID}.html" hreflang="de" lang="de">Deutsch</a>`);
    expect(page).toContain(`<a href="${SITE}fr/${ID}.html" hreflang="fr" lang="fr">Français</a>`);
    const english = await read('en/index.html');
    expect(english).toContain(`<link rel="alternate" type="application/rss+xml" title="Allianz für die Region GmbH: press releases (RSS)" href="${SITE}en/feed.xml">`);
    expect(english).toContain(`<link rel="alternate" type="application/atom+xml"`);
    expect(english).toContain(`<link rel="alternate" type="application/feed+json"`);
    const listed = [...english.matchAll(/<a href="https:\/\/growin40\.example\.org\/press\/en\/([^"]+)\.html">/g)].map((match) => match[1]);
    expect(listed).toEqual(paths.filter((path) => /^en\/\d.*\.html$/.test(path)).map((path) => path.slice(3, -5)).sort().reverse());
    expect(english).toContain(`<p>${listed.length} press releases</p>`);
    expect(await read('de/index.html')).toContain('<p>5 Pressemitteilungen</p>');
    const root = await read('index.html');
    for (const lng of LANGUAGES) expect(root).toContain(`<a href="${SITE}${lng}/" hreflang="${lng}" lang="${lng}">`);
    expect(root).toContain(`<a href="${SITE}feeds.opml" type="text/x-opml">OPML</a>`);
  });

  it('publishes the images the releases use, byte for byte', async () => {
    const images = paths.filter((path) => path.startsWith('images/'));
    expect(images).toEqual([
      'images/2018-03-16-growin-konferenz.jpg',
      'images/2018-09-20-workshopreihe-digitalisierung.jpg',
      'images/2019-02-14-benchmark-analyse-ergebnisse.jpg',
      'images/2019-10-08-best-practice-sammlung.jpg',
      'images/2020-06-25-abschlusskonferenz-studio.jpg',
      'images/2020-06-25-abschlusskonferenz.jpg',
    ]);
    for (const image of images) {
      expect((await readFile(join(root, 'dist', image))).equals(await readFile(join(REPO, image)))).toBe(true);
    }
  });
});

describe('UI texts (common.yaml)', () => {
  it('formats dates and numbers through i18next and Intl in every language', async () => {
    const instant = Date.parse('2018-03-15T23:00:00Z');
    for (const lng of LANGUAGES) {
      const file = `locales/${lng}/common.yaml`;
      const parsed = parseCommonStrings(await readFile(join(REPO, file), 'utf8'), file, lng);
      expect(parsed.diagnostics).toEqual([]);
      const ui = createUiText(createI18n({ [lng]: { [COMMON_NAMESPACE]: parsed.strings! } }), lng, 'Europe/Berlin');
      expect(ui.date(instant)).toBe(DATE_LINES[lng]);
      expect(ui.t('photoCredit', { credit: 'X' })).toBe(CREDIT_LINES[lng]!.replace(/Allianz.*$/, 'X'));
      // Europe/Berlin decides the day: 23:00 UTC on the 15th is the 16th there, not in New York.
      expect(createUiText(createI18n({ [lng]: { [COMMON_NAMESPACE]: parsed.strings! } }), lng, 'America/New_York').date(instant)).not.toBe(DATE_LINES[lng]);
      // A line remembered from the build cache is given back as it is; the others are formatted.
      const remembering = createUiText(createI18n({ [lng]: { [COMMON_NAMESPACE]: parsed.strings! } }), lng, 'Europe/Berlin');
      remembering.remember(0, 'remembered');
      expect(remembering.date(0)).toBe('remembered');
      expect(remembering.date(instant)).toBe(DATE_LINES[lng]);
    }
    const strings = (lng: string) => parseCommonStrings(readFileSyncText(`locales/${lng}/common.yaml`), `locales/${lng}/common.yaml`, lng).strings!;
    const count = (lng: string, n: number) => createUiText(createI18n({ [lng]: { [COMMON_NAMESPACE]: strings(lng) } }), lng, 'UTC').t('releaseCount', { count: n });
    expect(count('de', 1250)).toBe('1.250 Pressemitteilungen');
    expect(count('en', 1)).toBe('1 press release');
    expect(count('en', 1250)).toBe('1,250 press releases');
    expect(count('fr', 1250)).toBe('1\u202f250 communiqués de presse');
  });

  it('reports a broken common.yaml with file, line and what to do', () => {
    const check = (text: string) => parseCommonStrings(text, 'locales/en/common.yaml', 'en').diagnostics.map((d) => `${d.line ?? '-'} ${d.severity} ${d.code} ${d.message}`);
    const good = readFileSyncText('locales/en/common.yaml');
    const line = (key: string) => good.split('\n').findIndex((text) => text.startsWith(`${key}:`)) + 1;
    expect(check(good)).toEqual([]);
    expect(check('feedTitle: "unclosed\n')[0]).toMatch(/^\d+ error COMMON_YAML is not valid YAML/);
    expect(check(good.replace(/^photoCredit: .*$/m, 'photoCredit: "Photo:"'))).toEqual([`${line('photoCredit')} error COMMON_PLACEHOLDER \`photoCredit\` must contain {{credit}}`]);
    expect(check(good.replace(/^date: .*$/m, 'date: "{{date, datetime(dateStyle: longish)}}"'))).toEqual([
      `${line('date')} error COMMON_FORMAT \`date\` option \`dateStyle: longish\`: "longish" is not a value of \`dateStyle\``,
    ]);
    expect(check(good.replace(/^date: .*$/m, 'date: "{{date}}"'))).toEqual([
      expect.stringMatching(new RegExp(`^${line('date')} error COMMON_FORMAT \`date\` does not format a date`)),
    ]);
    // Options i18next and Intl would ignore (a numeric date that still looks like a date).
    expect(check(good.replace(/^date: .*$/m, 'date: "{{date, datetime(dateStyle long)}}"'))).toEqual([
      `${line('date')} error COMMON_FORMAT \`date\` has "dateStyle long", which is not a date format option (i18next would ignore it and print a numeric date)`,
    ]);
    expect(check(good.replace(/^date: .*$/m, 'date: "{{date, datetime(dateStyl: long; year: numeric)}}"'))[0]).toContain('has "dateStyl: long", which is not');
    expect(check(good.replace(/^date: .*$/m, 'date: "{{date, datetime(weekday: long; day: numeric; month: long; year: numeric)}}"'))).toEqual([]);
    expect(check(good.replace(/^date: .*$/m, 'date: "{{date, datetime}}"'))).toEqual([]);
    // A locale with its own digits or calendar writes the year its way (٢٠١٨, ۱۳۹۶, 2561): a date.
    for (const locale of ['ar-EG', 'fa', 'th-TH-u-ca-buddhist', 'he-u-ca-hebrew', 'mr']) {
      expect(check(good.replace(/^locale: .*$/m, `locale: ${locale}`)), locale).toEqual([]);
    }
    expect(check(good.replace(/^date: .*$/m, 'date: "{{date, datetime(day: 2-digit; month: 2-digit; year: 2-digit)}}"'))).toEqual([]);
    expect(check(good.replace(/^feedTitle: .*\n/m, ''))).toEqual(['1 error COMMON_MISSING_KEY has no `feedTitle`']);
    // A hashtag after a space is a YAML comment; a tag of one's own a type: both took words away.
    expect(check(good.replace(/^allReleases: .*$/m, 'allReleases: All releases #GrowIn40'))).toEqual([
      `${line('allReleases')} warning COMMON_TEXT_COMMENT \`allReleases\` ends before \` #GrowIn40\`: YAML reads that as a comment, so the text is only \`All releases\``,
    ]);
    expect(check(good.replace(/^allReleases: .*$/m, 'allReleases: All releases # a note')), 'a comment written as one').toEqual([]);
    expect(check(good.replace(/^allReleases: .*$/m, 'allReleases: !All releases'))).toEqual([
      `${line('allReleases')} error COMMON_INVALID \`allReleases\` starts with the YAML tag !All: YAML reads it as a type, not as text, so the value would be only \`releases\``,
    ]);
    // Every error of the file at once: a date option is checked beside a missing key.
    expect(check(good.replace(/^feedTitle: .*\n/m, '').replace(/^date: .*$/m, 'date: "{{date, datetime(dateStyle: longish)}}"'))).toEqual([
      '1 error COMMON_MISSING_KEY has no `feedTitle`',
      `${line('date') - (line('feedTitle') < line('date') ? 1 : 0)} error COMMON_FORMAT \`date\` option \`dateStyle: longish\`: "longish" is not a value of \`dateStyle\``,
    ]);
    expect(check(good.replace(/^locale: .*$/m, 'locale: not a locale'))).toEqual([`${line('locale')} error COMMON_INVALID \`locale\` "not a locale" is not a locale such as en-GB`]);
    expect(check(`${good}feedTitel: x\n`)).toEqual([`${good.split('\n').length} warning COMMON_UNKNOWN_KEY \`feedTitel\` is not a key Presslate uses`]);
    expect(check(good.replace(/^subscribe: .*$/m, 'subscribe:\n  - a'))).toEqual([`${line('subscribe')} error COMMON_INVALID \`subscribe\` must be a text, got a list`]);
  });

  it('refuses a date option Intl would not take, or would take and change, at its line and column with the values it takes', () => {
    const good = readFileSyncText('locales/en/common.yaml');
    const dateLine = good.split('\n').findIndex((text) => text.startsWith('date:')) + 1;
    const withDate = (options: string) => good.replace('datetime(dateStyle: long)', `datetime(${options})`);
    const check = (options: string) =>
      parseCommonStrings(withDate(options), 'locales/en/common.yaml', 'en').diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.code} ${d.message} — ${d.hint}`);
    // The column of the option in `date: "{{date, datetime(…`.
    const column = (options: string, option: string) => withDate(options).split('\n')[dateLine - 1]!.indexOf(option) + 1;
    const cases: [string, string, RegExp][] = [
      ['dateStyle: long; timeZone: Mars/Base', 'timeZone: Mars/Base', /error COMMON_FORMAT `date` option `timeZone: Mars\/Base`: "Mars\/Base" is not an IANA time zone — .*Europe\/Berlin/],
      ['year: numeric; month: long; day: numeric; hour: numeric; hour12: maybe', 'hour12: maybe', /error COMMON_FORMAT .*"maybe" is not a value of `hour12` — use one of true, false/],
      ['dateStyle: long; hourCycle: h25', 'hourCycle: h25', /use one of h11, h12, h23, h24$/],
      ['dateStyle: Long', 'dateStyle: Long', /"Long" is not a value of `dateStyle` — use one of full, long, medium, short$/],
      ['dateStyle: long; calendar: mars', 'calendar: mars', /"mars" is not a calendar .* gregory, hebrew, .*islamic/],
      ['dateStyle: long; numberingSystem: roman', 'numberingSystem: roman', /"roman" is not a numbering system .*arab/],
      ['dateStyle: long; fractionalSecondDigits: 4', 'fractionalSecondDigits: 4', /use one of 1, 2, 3$/],
      ['dateStyle:', 'dateStyle:', /`dateStyle:` has no value — write `dateStyle: <value>` with one of full, long, medium, short/],
      ['dateStyle: long; dateStyle: short', 'dateStyle: short', /sets `dateStyle` twice/],
      ['dateStyle: long; yeer: numeric', 'yeer: numeric', /"yeer: numeric", which is not a date format option .*did you mean year\?/],
      ['dateStyle: long; year: numeric', 'datetime(', /options that do not go together: .*year.*dateStyle/],
    ];
    for (const [options, option, expected] of cases) {
      const found = check(options);
      expect(found, options).toHaveLength(1);
      expect(found[0], options).toMatch(expected);
      expect(found[0]!.startsWith(`${dateLine}:${column(options, option)} error COMMON_FORMAT `), `${options}: ${found[0]}`).toBe(true);
    }
    // The format name in any case, as i18next reads it.
    expect(check('dateStyle: long').length).toBe(0);
    expect(parseCommonStrings(good.replace('datetime(dateStyle: long)', 'DateTime(dateStyl: long)'), 'c.yaml', 'en').diagnostics.map((d) => d.message)).toEqual([
      '`date` has "dateStyl: long", which is not a date format option (i18next would ignore it and print a numeric date)',
    ]);
    // An option in a block value on its own line: that line and column.
    const block = parseCommonStrings(good.replace(/^date: .*$/m, 'date: >-\n  {{date, datetime(dateStyle: long;\n  hour12: maybe)}}'), 'c.yaml', 'en').diagnostics;
    expect(block.map((d) => [d.line, d.column, d.code])).toEqual([[dateLine + 2, 3, 'COMMON_FORMAT']]);
  });

  it('keeps every valid Intl.DateTimeFormat option working; a time zone, which the configured one replaces, is a warning', () => {
    const good = readFileSyncText('locales/en/common.yaml');
    const parse = (options: string) => parseCommonStrings(good.replace('datetime(dateStyle: long)', `datetime(${options})`), 'locales/en/common.yaml', 'en');
    const date = (options: string, timeZone = 'Europe/Berlin') => createUiText(createI18n({ en: { [COMMON_NAMESPACE]: parse(options).strings! } }), 'en', timeZone).date(Date.UTC(2018, 2, 16, 12));
    // Each as Intl itself writes it with these options (in the configured zone).
    const valid: [string, Intl.DateTimeFormatOptions][] = [
      ['dateStyle: full', { dateStyle: 'full' }],
      ["dateStyle: 'medium'", { dateStyle: 'medium' }],
      ['dateStyle: long; timeStyle: short', { dateStyle: 'long', timeStyle: 'short' }],
      ['weekday: short; day: 2-digit; month: narrow; year: 2-digit', { weekday: 'short', day: '2-digit', month: 'narrow', year: '2-digit' }],
      ['year: numeric; month: long; day: numeric; hour: numeric; minute: 2-digit; hour12: true', { year: 'numeric', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit', hour12: true }],
      ['year: numeric; month: long; day: numeric; hour: numeric; hourCycle: h23; timeZoneName: short', { year: 'numeric', month: 'long', day: 'numeric', hour: 'numeric', hourCycle: 'h23', timeZoneName: 'short' }],
      ['year: numeric; month: long; day: numeric; hour: 2-digit; minute: 2-digit; second: 2-digit; fractionalSecondDigits: 2', { year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', fractionalSecondDigits: 2 }],
      ['era: long; year: numeric; formatMatcher: basic; localeMatcher: lookup', { era: 'long', year: 'numeric', formatMatcher: 'basic', localeMatcher: 'lookup' }],
      ['dateStyle: long; calendar: islamic', { dateStyle: 'long', calendar: 'islamic' }],
      ['dateStyle: long; calendar: islamicc', { dateStyle: 'long', calendar: 'islamic-civil' }],
      ['dateStyle: long; numberingSystem: arab', { dateStyle: 'long', numberingSystem: 'arab' }],
      ['dateStyle: long; hour12: false', { dateStyle: 'long', hour12: false }],
    ];
    for (const [options, intl] of valid) {
      expect(parse(options).diagnostics, options).toEqual([]);
      expect(date(options), options).toBe(new Intl.DateTimeFormat('en-GB', { ...intl, timeZone: 'Europe/Berlin' }).format(Date.UTC(2018, 2, 16, 12)));
    }
    for (const zone of ['America/New_York', 'Asia/Kolkata', 'UTC', 'Etc/GMT+5', 'US/Eastern']) {
      const parsed = parse(`dateStyle: long; timeStyle: short; timeZone: ${zone}`);
      expect(parsed.diagnostics.map((d) => `${d.severity} ${d.code}`), zone).toEqual(['warning COMMON_TIME_ZONE']);
      expect(parsed.diagnostics[0]!.message).toContain('presslate.config.yaml');
      // Built as before: in the configured zone.
      expect(date(`dateStyle: long; timeStyle: short; timeZone: ${zone}`), zone).toBe(date('dateStyle: long; timeStyle: short'));
    }
  });

  it('stops the build with exit code 2 and writes nothing when a common.yaml is missing or broken', async () => {
    const release = '---\ntitle: Test\ndate: 2020-01-02\n---\n\nText.\n';
    const project = await makeSiteProject({ 'releases/2020-01-02-test.md': release }, ['de', 'en']);
    try {
      const missing = await build(project.root);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('locales/fr/common.yaml error COMMON_MISSING does not exist');
      expect(await distPaths(project.root).catch(() => [])).toEqual([]);
      // status does not need the UI texts.
      expect((await runCli(project.root, ['status', '--now', NOW])).code).toBe(0);
      await mkdir(join(project.root, 'locales/fr'), { recursive: true });
      await writeFile(join(project.root, 'locales/fr/common.yaml'), 'languageName: Français\nfeedTitle: "oops\n');
      const broken = await build(project.root);
      expect(broken.code).toBe(2);
      expect(broken.stderr).toMatch(/locales\/fr\/common\.yaml:2:12 error COMMON_YAML is not valid YAML: Missing closing "quote/);
      expect(await distPaths(project.root).catch(() => [])).toEqual([]);
    } finally {
      await project.dispose();
    }
  });

  it('dates pages and feeds in the configured time zone', async () => {
    const project = await makeSiteProject(
      {
        'presslate.config.yaml': 'site:\n  url: https://example.org/press/\ntargetLanguages: [en]\ntimeZone: Europe/Berlin\n',
        'releases/2018-03-17-spaet.md': '---\ntitle: Spät\ndate: "2018-03-16T23:30:00Z"\n---\n\nText.\n',
      },
      ['de', 'en'],
    );
    try {
      const result = await build(project.root);
      expect(result.code, result.stderr).toBe(0);
      expect(await distFile(project.root, 'de/2018-03-17-spaet.md')).toContain('\n*17. März 2018*\n');
      expect(await distFile(project.root, 'de/feed.xml')).toContain('<pubDate>Sat, 17 Mar 2018 00:30:00 +0100</pubDate>');
    } finally {
      await project.dispose();
    }
  });
});

function readFileSyncText(path: string): string {
  return readFileSync(join(REPO, path), 'utf8');
}

describe('Unicode normalization', () => {
  it('publishes a translation typed decomposed (NFD) composed (NFC), with its tags intact', async () => {
    const project = await makeSiteProject(
      {
        'presslate.config.yaml': 'site:\n  url: https://example.org/press/\ntargetLanguages: [fr]\n',
        'releases/2020-01-02-test.md': '---\ntitle: Test\ndate: 2020-01-02\n---\n\nDas *Netzwerk* bleibt.\n',
      },
      ['de', 'fr'],
    );
    try {
      // U+0338 after a closing tag would compose with its ">" if the tagged string were normalized whole.
      const body = 'Le <1>réseau élargi</1>\u0338 reste.'.normalize('NFD');
      await translateAll(project.root, 'fr', (german) => (german === 'Test' ? 'Équipe'.normalize('NFD') : body));
      const result = await build(project.root);
      expect(result.code, result.stderr).toBe(0);
      for (const path of ['fr/2020-01-02-test.html', 'fr/2020-01-02-test.md', 'fr/feed.xml', 'fr/atom.xml', 'fr/feed.json', 'fr/index.html']) {
        const text = (await distFile(project.root, path))!;
        expect(text, path).toContain('Équipe');
        expect(text, path).not.toContain('Équipe'.normalize('NFD'));
        if (!path.endsWith('index.html')) expect(text, path).toContain('réseau élargi');
        expect(text, path).not.toContain('\u0301');
      }
      expect((await distFile(project.root, 'fr/2020-01-02-test.html'))!).toContain('<p>Le <em>réseau élargi</em>\u0338 reste.</p>');
    } finally {
      await project.dispose();
    }
  });
});

describe('Unicode normalization of UI texts', () => {
  it('publishes a common.yaml and a publisher typed decomposed (NFD) composed (NFC)', async () => {
    const project = await makeSiteProject(
      {
        'presslate.config.yaml': 'site:\n  url: https://example.org/press/\n  publisher: Région Hauts-de-France\ntargetLanguages: [fr]\n'.normalize('NFD'),
        'releases/2020-01-02-test.md': '---\ntitle: Test\ndate: 2020-01-02\n---\n\nDas Netzwerk bleibt.\n',
      },
      ['de', 'fr'],
    );
    try {
      const common = join(project.root, 'locales/fr/common.yaml');
      await writeFile(common, (await readFile(common, 'utf8')).normalize('NFD'));
      await translateAll(project.root, 'fr', (german) => (german === 'Test' ? 'Essai' : 'Le réseau reste.'));
      const result = await build(project.root);
      expect(result.code, result.stderr).toBe(0);
      for (const path of ['fr/2020-01-02-test.html', 'fr/feed.xml', 'fr/atom.xml', 'fr/feed.json', 'fr/index.html', 'de/index.html']) {
        const text = (await distFile(project.root, path))!;
        expect(text, path).toBe(text.normalize('NFC'));
        expect(text, path).toContain('Région');
      }
      expect((await distFile(project.root, 'fr/index.html'))!).toContain('communiqués de presse');
    } finally {
      await project.dispose();
    }
  });
});

describe('language variants', () => {
  it('lets a variant take the UI texts it does not define from its parent language', async () => {
    const project = await makeSiteProject(
      {
        'presslate.config.yaml': 'site:\n  url: https://example.org/press/\ntargetLanguages: [fr, fr-BE]\nfallbacks:\n  fr-BE: [fr]\n',
        'releases/2020-01-02-test.md': '---\ntitle: Test\ndate: 2020-01-02\n---\n\nText.\n',
        'locales/fr-BE/common.yaml': 'languageName: Français (Belgique)\n',
      },
      ['de', 'fr'],
    );
    try {
      const result = await build(project.root);
      expect(result.code, result.stderr).toBe(0);
      const index = (await distFile(project.root, 'fr-BE/index.html'))!;
      expect(index).toContain('<html lang="fr-BE">');
      expect(index).toContain('Presslate\u00a0: communiqués de presse');
      expect(await distFile(project.root, 'de/index.html')).toContain('>Français (Belgique)</a>');
    } finally {
      await project.dispose();
    }
  });
});

describe('language variants without a name of their own', () => {
  it('tells the variant from its parent in language links and the OPML list', async () => {
    const project = await makeSiteProject(
      {
        'presslate.config.yaml': 'site:\n  url: https://example.org/press/\ntargetLanguages: [fr, fr-BE]\nfallbacks:\n  fr-BE: [fr]\n',
        'releases/2020-01-02-test.md': '---\ntitle: Test\ndate: 2020-01-02\n---\n\nText.\n',
        // No languageName: fr-BE takes "Français" from fr.
        'locales/fr-BE/common.yaml': 'allReleases: Tous les communiqués\n',
      },
      ['de', 'fr'],
    );
    try {
      const result = await build(project.root);
      expect(result.code, result.stderr).toBe(0);
      const german = (await distFile(project.root, 'de/index.html'))!;
      expect(german).toContain('hreflang="fr" lang="fr">Français</a> · <a href="https://example.org/press/fr-BE/" hreflang="fr-BE" lang="fr-BE">Français (Belgique)</a>');
      expect((await distFile(project.root, 'feeds.opml'))!).toContain('text="Français (Belgique)"');
    } finally {
      await project.dispose();
    }
  });
});

describe('right-to-left languages', () => {
  const arabic = [
    'languageName: العربية',
    'feedTitle: "{{publisher}}: بيانات صحفية"',
    'feedDescription: "بيانات صحفية من {{publisher}}"',
    'date: "{{date, datetime(dateStyle: long)}}"',
    'photoCredit: "صورة: {{credit}}"',
    'otherLanguages: "متوفر أيضًا بـ:"',
    'allReleases: كل البيانات الصحفية',
    'subscribe: "اشترك:"',
    'outdated: لا تتضمن هذه الترجمة آخر التصحيحات.',
    'footnotes: حواشٍ',
    'footnoteBack: "العودة إلى المرجع {{reference}}"',
    'releaseCount_other: "{{count, number}} بيانات صحفية"',
    '',
  ].join('\n');

  it('marks Arabic pages dir="rtl" and isolates language names written the other way', async () => {
    const project = await makeSiteProject(
      {
        'presslate.config.yaml': 'site:\n  url: https://example.org/press/\ntargetLanguages: [en, ar]\n',
        'releases/2020-01-02-test.md': '---\ntitle: Test\ndate: 2020-01-02\n---\n\nText.\n',
        'locales/ar/common.yaml': arabic,
      },
      ['de', 'en'],
    );
    try {
      await translateAll(project.root, 'ar', (german) => (german === 'Test' ? 'اختبار' : 'نص.'));
      await translateAll(project.root, 'en', (german) => (german === 'Test' ? 'Test' : 'Text.'));
      const result = await build(project.root);
      expect(result.code, result.stderr).toBe(0);
      const page = (await distFile(project.root, 'ar/2020-01-02-test.html'))!;
      expect(page).toContain('<html lang="ar" dir="rtl">');
      // On the Arabic page the left-to-right names are isolated; on the German page the Arabic one.
      expect(page).toContain('<a href="https://example.org/press/de/2020-01-02-test.html" hreflang="de" lang="de" dir="ltr">Deutsch</a>');
      expect(page).toContain('<a href="https://example.org/press/en/2020-01-02-test.html" hreflang="en" lang="en" dir="ltr">English</a>');
      expect((await distFile(project.root, 'ar/index.html'))!).toContain('<html lang="ar" dir="rtl">');
      const german = (await distFile(project.root, 'de/2020-01-02-test.html'))!;
      expect(german).toContain('<html lang="de">');
      expect(german).toContain('hreflang="ar" lang="ar" dir="rtl">العربية</a>');
      expect(german).toContain('hreflang="en" lang="en">English</a>');
      const root = (await distFile(project.root, 'index.html'))!;
      expect(root).toContain('<html lang="mul">');
      expect(root).toContain('hreflang="ar" lang="ar" dir="rtl">العربية</a>');
    } finally {
      await project.dispose();
    }
  });

  it('knows the direction from the script, also where ICU has no layout data', () => {
    const rtl = ['ar', 'he', 'iw', 'fa', 'ur', 'ps', 'sd', 'ckb', 'ug', 'yi', 'dv', 'syr', 'nqo', 'az-Arab', 'pa-Arab', 'ff-Adlm'];
    const ltr = ['de', 'en', 'fr-BE', 'ku', 'pa', 'az', 'ar-Latn', 'zh', 'sr-Cyrl', 'mul'];
    expect(rtl.filter((lng) => textDirection(lng) !== 'rtl')).toEqual([]);
    expect(ltr.filter((lng) => textDirection(lng) !== 'ltr')).toEqual([]);
  });
});

describe('page keys the release set itself', () => {
  it('a reserved key with a YAML tag (lang: !!binary …) is replaced by a plain value; an alias of it still resolves', () => {
    const info = { lng: 'en', alternates: { fr: '../fr/x.md' }, outdated: true };
    // The yaml library kept the !!binary tag on the text "en" and could not write it: exit 70.
    const page = renderPage('---\ntitle: T\nlang: !!binary aGVsbG8=\noutdated: !!str no\n---\n\nText.\n', info);
    expect(parse(splitFrontMatter(page).yaml!)).toEqual({ title: 'T', lang: 'en', outdated: true, alternates: { fr: '../fr/x.md' } });
    const aliased = renderPage('---\ntitle: T\nlang: &l de\nsubtitle: *l\n---\n\nText.\n', { ...info, outdated: false });
    expect(parse(splitFrontMatter(aliased).yaml!)).toEqual({ title: 'T', lang: 'en', subtitle: 'en', alternates: { fr: '../fr/x.md' } });
  });
});

describe('page keys the release set itself, with an anchor an alias elsewhere uses', () => {
  const value = (page: string): unknown => parse(splitFrontMatter(page).yaml!);
  it('a German page drops `outdated` and `alternates`, and the aliases of them keep their value (they were left pointing at nothing: exit 70)', () => {
    const info = { lng: 'de', alternates: {}, outdated: false };
    expect(value(renderPage('---\ntitle: T\noutdated: &o yes\nsummary: *o\n---\n\nText.\n', info))).toEqual({ title: 'T', summary: 'yes', lang: 'de' });
    expect(value(renderPage('---\ntitle: T\nalternates: {en: &e x.md}\nsummary: *e\n---\n\nText.\n', info))).toEqual({ title: 'T', summary: 'x.md', lang: 'de' });
  });

  it('a page without other languages has no `alternates`, not the release\'s own', () => {
    const page = renderPage('---\ntitle: T\nalternates: [x]\n---\n\nText.\n', { lng: 'de', alternates: {}, outdated: false });
    expect(value(page)).toEqual({ title: 'T', lang: 'de' });
  });

  it('a replaced key\'s inner anchors keep their aliases\' value', () => {
    const info = { lng: 'en', alternates: { fr: '../fr/x.md' }, outdated: true };
    const page = renderPage('---\ntitle: T\nalternates: {en: &e x.md}\nlang: [&l de]\noutdated: {a: &o b}\nsummary: *e\ncategory: *l\nauthor: *o\n---\n\nText.\n', info);
    expect(value(page)).toEqual({ title: 'T', alternates: { fr: '../fr/x.md' }, lang: 'en', outdated: true, summary: 'x.md', category: 'de', author: 'b' });
  });
});

describe('the page keys after front matter that text appended to it would not continue', () => {
  // Each was the release's front matter with `lang: …` appended as text: two YAML documents, an
  // invalid one, or a duplicate key, which Hugo, gray-matter and the yaml library refuse.
  const info = { lng: 'en', alternates: { de: '../de/x.md' }, outdated: false };
  const cases: [string, string, Record<string, unknown>][] = [
    ['a document end marker (...)', 'title: T\ndate: 2024-01-02\n...\n', { title: 'T', date: '2024-01-02' }],
    ['a flow map after a comment', '# head\n{title: T, date: 2024-01-02}\n', { title: 'T', date: '2024-01-02' }],
    ['a map indented as a whole', '  title: T\n  date: 2024-01-02\n', { title: 'T', date: '2024-01-02' }],
    ['a quoted "lang" key', 'title: T\n"lang": fr\n', { title: 'T' }],
    ['a complex ? lang key', 'title: T\n? lang\n: fr\n', { title: 'T' }],
    ['a kept block scalar (|+) at the end', 'title: T\nnote: |+\n  a\n\n\n\n', { title: 'T', note: 'a\n\n\n' }],
  ];
  it.each(cases)('%s: one valid document with the page keys', (_what, yaml, data) => {
    const release = `---\n${yaml}---\n\nText.\n`;
    // The release's own keys as the yaml library reads them, page keys aside.
    expect(parse(splitFrontMatter(release).yaml!, { uniqueKeys: false })).toMatchObject(data);
    const page = renderPage(release, info);
    const front = splitFrontMatter(page).yaml!;
    const documents = parseAllDocuments(front);
    expect(documents).toHaveLength(1);
    expect(documents[0]!.errors).toEqual([]);
    expect(documents[0]!.toJS()).toEqual({ ...data, lang: 'en', alternates: { de: '../de/x.md' } });
  });

  it('plain front matter with comments is still kept as written', () => {
    const page = renderPage('---\ntitle: T # the headline\n# a comment\ndate: 2024-01-02\n---\n\nText.\n', info);
    expect(splitFrontMatter(page).yaml).toBe('title: T # the headline\n# a comment\ndate: 2024-01-02\nlang: en\nalternates:\n  de: ../de/x.md');
  });
});

describe('a front matter value that ends in ---', () => {
  // The page's front matter was closed at the first `---` anywhere, also at the end of a value:
  // `title: Bilanz ---` left `title: Bilanz` and put the other keys at the top of the page.
  it('a German title ends in --- and a translation is ---: the page keeps every key and its body', () => {
    const info = { lng: 'en', alternates: { de: '../de/x.md' }, outdated: false };
    for (const yaml of ['title: Bilanz ---\ndate: 2024-01-02\n', 'title: ---\ndate: 2024-01-02\nsummary: |\n  Zeile\n  ---\n']) {
      const page = renderPage(`---\n${yaml}---\n\nText.\n`, info);
      const { yaml: front, body } = splitFrontMatter(page);
      expect(parse(front!)).toEqual({ ...parse(yaml), lang: 'en', alternates: { de: '../de/x.md' } });
      expect(body).toBe('\nText.\n');
    }
  });

  it('an empty front matter block is one', () => {
    expect(splitFrontMatter('---\n---\nText.\n')).toEqual({ yaml: '', body: 'Text.\n' });
    expect(splitFrontMatter('---\r\ntitle: T\r\n---\r\nText.\r\n')).toEqual({ yaml: 'title: T', body: 'Text.\r\n' });
  });
});
