import { parseFeed } from '@rowanmanning/feed-parser';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import rehypeParse from 'rehype-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { SaxesParser } from 'saxes';
import { parse } from 'yaml';
import { atomProblems, htmlProblems, rssProblems } from './helpers/feed-rules.js';
import { REPO } from './helpers/project.js';
import { childElements, parseXml } from './helpers/xml.js';
import { build, distFile, distPathOf, distPaths, makeSiteProject, pseudo, sampleProject, SITE, translateAll } from './helpers/site.js';

const LANGUAGES = ['de', 'da', 'en', 'nl', 'fr'];
const ATOM = 'http://www.w3.org/2005/Atom';

const elements = childElements;
const xmlRoot = parseXml;

/** What would run or load in a reader: script-like elements, event handlers, javascript: URLs. */
function unsafeParts(html: string): string[] {
  const found: string[] = [];
  visit(unified().use(rehypeParse).parse(html), 'element', (node) => {
    if (['script', 'iframe', 'object', 'embed'].includes(node.tagName)) found.push(`${node.tagName} element`);
    for (const [name, value] of Object.entries(node.properties)) {
      if (/^on/i.test(name)) found.push(`${name.toLowerCase()} on ${node.tagName}`);
      if (name === 'style') found.push(`style on ${node.tagName}`);
      if (typeof value === 'string' && /^\s*(javascript|vbscript|data):/i.test(value)) found.push(`${value.split(':')[0]}: URL on ${node.tagName}`);
    }
  });
  return found;
}

/** The German and translated front matter value of a release, from the locale files. */
async function localized(lng: string, id: string, key: string): Promise<string> {
  if (lng === 'de') return String((parse((await readFile(join(REPO, 'releases', `${id}.md`), 'utf8')).split('---')[1]!) as Record<string, unknown>)[key.replace('meta.', '')]);
  const locale = parse(await readFile(join(REPO, 'locales', lng, `${id}.yaml`), 'utf8')) as { segments: Record<string, Record<string, string>> };
  return locale.segments[key]![lng]!;
}

describe('feeds of the sample project', () => {
  let root: string;
  let dispose: () => Promise<void>;
  let paths: string[];
  const read = async (path: string): Promise<string> => {
    const text = await distFile(root, path);
    if (text === undefined) throw new Error(`dist/${path} was not written`);
    return text;
  };
  /** Languages a release is published in, from the pages the build wrote. */
  const publishedIn = (id: string): string[] => LANGUAGES.filter((lng) => paths.includes(`${lng}/${id}.html`));

  beforeAll(async () => {
    ({ root, dispose } = await sampleProject());
    const result = await build(root);
    expect(result.code, result.stderr).toBe(0);
    paths = await distPaths(root);
  });
  afterAll(() => dispose());

  it('writes RSS, Atom and JSON Feed for every language and one OPML list', () => {
    for (const lng of LANGUAGES) {
      for (const file of ['feed.xml', 'atom.xml', 'feed.json', 'index.html']) expect(paths).toContain(`${lng}/${file}`);
    }
    expect(paths).toContain('feeds.opml');
    expect(paths).toContain('index.html');
  });

  it('gives each RSS channel its language, localized title and description, self link and newest date', async () => {
    const titles: Record<string, string> = {
      de: 'Allianz für die Region GmbH: Pressemitteilungen',
      da: 'Allianz für die Region GmbH: pressemeddelelser',
      en: 'Allianz für die Region GmbH: press releases',
      nl: 'Allianz für die Region GmbH: persberichten',
      fr: 'Allianz für die Region GmbH\u00a0: communiqués de presse',
    };
    for (const lng of LANGUAGES) {
      const xml = await read(`${lng}/feed.xml`);
      const feed = parseFeed(xml);
      expect(feed.meta).toEqual({ type: 'rss', version: '2.0' });
      expect(feed.language).toBe(lng);
      expect(feed.title).toBe(titles[lng]);
      expect(feed.description).toContain('Allianz für die Region GmbH');
      expect(feed.url).toBe(`${SITE}${lng}/`);
      expect(feed.self).toBe(`${SITE}${lng}/feed.xml`);
      expect(feed.generator?.label).toBe('Presslate 0.1.0');
      // lastBuildDate is the newest item's date, never the clock.
      expect(feed.updated?.toISOString()).toBe(feed.items[0]!.published!.toISOString());
    }
    expect(parseFeed(await read('en/feed.xml')).description).toBe('Press releases from Allianz für die Region GmbH in English');
  });

  it('lists items newest first with localized fields, absolute links, stable guids and RFC 822 dates', async () => {
    const xml = await read('en/feed.xml');
    const feed = parseFeed(xml);
    const ids = feed.items.map((item) => item.url!.slice(`${SITE}en/`.length, -'.html'.length));
    expect(ids).toEqual([...ids].sort((a, b) => (a < b ? 1 : -1)));
    expect(ids).toEqual(LANGUAGES.length > 0 ? ids.filter((id) => publishedIn(id).includes('en')) : []);
    expect(ids).toContain('2018-03-16-growin-konferenz');
    const item = feed.items.find((candidate) => candidate.url?.endsWith('2018-03-16-growin-konferenz.html'))!;
    expect(item.title).toBe(await localized('en', '2018-03-16-growin-konferenz', 'meta.title'));
    expect(item.description).toBe(await localized('en', '2018-03-16-growin-konferenz', 'meta.summary'));
    expect(item.id).toBe(`${SITE}en/2018-03-16-growin-konferenz.html`);
    expect(item.url).toBe(item.id);
    expect(item.published?.toISOString()).toBe('2018-03-15T23:00:00.000Z');
    expect(xml).toContain('<pubDate>Fri, 16 Mar 2018 00:00:00 +0100</pubDate>');
    expect(xml).toMatch(/<guid isPermaLink="true">https:\/\/growin40\.example\.org\/press\/en\/2018-03-16-growin-konferenz\.html<\/guid>/);
    // The localized category; the German tags stay out of the English feed.
    expect(item.categories.map((category) => category.term)).toEqual([await localized('en', '2018-03-16-growin-konferenz', 'meta.category')]);
    expect(item.authors.map((author) => author.name)).toEqual(['Allianz für die Region GmbH']);
    expect(item.content).toContain('In mid-March, 15 project partners');
    expect(item.content).toContain('Photo: Allianz für die Region GmbH/Peter Sierigk');
    expect(item.content).not.toContain('Projektpartner aus Deutschland');
    for (const match of item.content!.matchAll(/(?:href|src)="([^"]*)"/g)) expect(match[1]).toMatch(/^(https:\/\/|mailto:)/);
    // The photo as an enclosure, with the real size of the file.
    const size = (await stat(join(REPO, 'images', '2018-03-16-growin-konferenz.jpg'))).size;
    expect(item.media).toEqual([
      expect.objectContaining({ url: `${SITE}images/2018-03-16-growin-konferenz.jpg`, length: size, mimeType: 'image/jpeg' }),
    ]);
    // The German feed carries the German tags as categories.
    const german = parseFeed(await read('de/feed.xml')).items.find((candidate) => candidate.url?.endsWith('2018-03-16-growin-konferenz.html'))!;
    expect(german.categories.map((category) => category.term)).toEqual(['Nachrichten aus der Region', 'Digitalisierung', 'KMU', 'Interreg']);
  });

  it('links each item to the same release in the other languages it is published in, and only those', async () => {
    let checked = 0;
    for (const lng of LANGUAGES) {
      const channel = elements(xmlRoot(await read(`${lng}/feed.xml`)), 'channel')[0]!;
      for (const item of elements(channel, 'item')) {
        const id = elements(item, 'link')[0]!.textContent!.replace(/^.*\//, '').replace(/\.html$/, '');
        const links = elements(item, 'link', ATOM);
        expect(links.map((link) => link.getAttribute('hreflang'))).toEqual(publishedIn(id).filter((other) => other !== lng));
        for (const link of links) {
          expect(link.getAttribute('rel')).toBe('http://www.iana.org/assignments/relation/alternate');
          expect(link.getAttribute('href')).toBe(`${SITE}${link.getAttribute('hreflang')}/${id}.html`);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('gives each item one link a feed reader takes for it, whichever rel="alternate" link it takes', async () => {
    // Readers take an item's link from the links whose rel is literally "alternate": Python's
    // feedparser the last, Miniflux, gofeed and @rowanmanning/feed-parser the first. The other
    // languages' links (the IRI form of "alternate") must be neither.
    let checked = 0;
    for (const lng of LANGUAGES) {
      const channel = elements(xmlRoot(await read(`${lng}/feed.xml`)), 'channel')[0]!;
      for (const item of elements(channel, 'item')) {
        const page = elements(item, 'link')[0]!.textContent!;
        expect(elements(item, 'link', ATOM).filter((link) => (link.getAttribute('rel') ?? 'alternate') === 'alternate'), page).toEqual([]);
      }
      for (const entry of elements(xmlRoot(await read(`${lng}/atom.xml`)), 'entry', ATOM)) {
        const id = elements(entry, 'id', ATOM)[0]!.textContent!;
        const taken = elements(entry, 'link', ATOM).filter((link) => (link.getAttribute('rel') ?? 'alternate') === 'alternate');
        expect(taken.map((link) => link.getAttribute('href')), id).toEqual([id]);
        expect(id.startsWith(`${SITE}${lng}/`), id).toBe(true);
        checked++;
      }
      for (const item of parseFeed(await read(`${lng}/atom.xml`)).items) expect(item.url?.startsWith(`${SITE}${lng}/`), item.url ?? undefined).toBe(true);
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('has every feed link lead to a file of dist/', async () => {
    const urls = new Set<string>();
    for (const lng of LANGUAGES) {
      for (const file of ['feed.xml', 'atom.xml']) {
        const xml = await read(`${lng}/${file}`);
        for (const match of xml.matchAll(/(?:href|url)="(https:[^"]+)"|<(?:link|guid|id)(?: [^>]*)?>(https:[^<]+)</g)) urls.add(match[1] ?? match[2]!);
        for (const item of parseFeed(xml).items) for (const match of item.content!.matchAll(/(?:href|src)="(https:[^"]+)"/g)) urls.add(match[1]!);
      }
    }
    const local = [...urls].map((url) => distPathOf(url)).filter((path): path is string => path !== undefined);
    expect(local.length).toBeGreaterThan(40);
    for (const path of local) expect(paths, path).toContain(path);
  });

  it('passes the W3C Feed Validation Service rules with no error and no warning', async () => {
    for (const lng of LANGUAGES) {
      expect(rssProblems(await read(`${lng}/feed.xml`)), `${lng}/feed.xml`).toEqual([]);
      expect(atomProblems(await read(`${lng}/atom.xml`)), `${lng}/atom.xml`).toEqual([]);
    }
  });

  it('writes Atom entries with page ids, publication dates and the alternates', async () => {
    const feed = parseFeed(await read('fr/atom.xml'));
    expect(feed.meta.type).toBe('atom');
    expect(feed.language).toBe('fr');
    expect(feed.self).toBe(`${SITE}fr/atom.xml`);
    const rss = parseFeed(await read('fr/feed.xml'));
    expect(feed.items.map((item) => item.id)).toEqual(rss.items.map((item) => item.id));
    expect(feed.items.map((item) => item.published?.toISOString())).toEqual(rss.items.map((item) => item.published?.toISOString()));
    expect(feed.updated?.toISOString()).toBe(feed.items[0]!.updated!.toISOString());
    const entry = elements(xmlRoot(await read('fr/atom.xml')), 'entry', ATOM)[0]!;
    const alternates = elements(entry, 'link', ATOM).filter((link) => link.getAttribute('rel') === 'alternate');
    expect(alternates.map((link) => link.getAttribute('hreflang'))).toEqual(['fr']);
    expect(elements(entry, 'content', ATOM)[0]!.getAttribute('type')).toBe('html');
  });

  it('writes a JSON Feed 1.1 per language', async () => {
    const feed = JSON.parse(await read('nl/feed.json')) as Record<string, unknown> & { items: Record<string, unknown>[] };
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
    expect(feed.language).toBe('nl');
    expect(feed.feed_url).toBe(`${SITE}nl/feed.json`);
    expect(feed.home_page_url).toBe(`${SITE}nl/`);
    const rss = parseFeed(await read('nl/feed.xml'));
    expect(feed.items.map((item) => item.id)).toEqual(rss.items.map((item) => item.id));
    const item = feed.items.find((candidate) => String(candidate.id).endsWith('2018-03-16-growin-konferenz.html'))!;
    expect(item.title).toBe(await localized('nl', '2018-03-16-growin-konferenz', 'meta.title'));
    expect(item.summary).toBe(await localized('nl', '2018-03-16-growin-konferenz', 'meta.summary'));
    expect(item.date_published).toBe('2018-03-16T00:00:00+01:00');
    expect(item.image).toBe(`${SITE}images/2018-03-16-growin-konferenz.jpg`);
    expect(item.tags).toEqual([await localized('nl', '2018-03-16-growin-konferenz', 'meta.category')]);
    expect(item.authors).toEqual([{ name: 'Allianz für die Region GmbH' }]);
    expect(String(item.content_html)).toContain('Foto: Allianz für die Region GmbH/Peter Sierigk');
  });

  it('lists every feed of every language in feeds.opml', async () => {
    const opml = xmlRoot(await read('feeds.opml'));
    expect(opml.getAttribute('version')).toBe('2.0');
    const groups = elements(elements(opml, 'body')[0]!, 'outline');
    expect(groups.map((group) => group.getAttribute('text'))).toEqual(['Deutsch', 'Dansk', 'English', 'Nederlands', 'Français']);
    const feeds = groups.flatMap((group) => elements(group, 'outline'));
    expect(feeds).toHaveLength(15);
    for (const feed of feeds) {
      expect(feed.getAttribute('type')).toBe('rss');
      expect(paths).toContain(distPathOf(feed.getAttribute('xmlUrl')!));
      expect(paths).toContain(distPathOf(feed.getAttribute('htmlUrl')!));
    }
  });
});

describe('feed order, limit and dates', () => {
  it('keeps the newest feeds.limit items, orders a day by id, and gives Atom distinct updated values', async () => {
    const release = (title: string, date: string) => `---\ntitle: ${title}\ndate: ${date}\n---\n\nText zu ${title}.\n`;
    const project = await makeSiteProject(
      {
        'presslate.config.yaml': 'site:\n  url: https://example.org/press/\ntargetLanguages: [en]\nfeeds:\n  limit: 3\n',
        'releases/2021-05-04-alpha.md': release('Alpha', '2021-05-04'),
        'releases/2021-05-04-beta.md': release('Beta', '2021-05-04'),
        'releases/2021-05-04-gamma.md': release('Gamma', '2021-05-04'),
        'releases/2020-01-01-alt.md': release('Alt', '2020-01-01'),
      },
      ['de', 'en'],
    );
    try {
      const result = await build(project.root);
      expect(result.code, result.stderr).toBe(0);
      const rss = parseFeed((await distFile(project.root, 'de/feed.xml'))!);
      expect(rss.items.map((item) => item.title)).toEqual(['Alpha', 'Beta', 'Gamma']);
      const atomXml = (await distFile(project.root, 'de/atom.xml'))!;
      expect(atomXml.match(/<updated>[^<]+<\/updated>/g)).toEqual([
        '<updated>2021-05-04T00:00:02+02:00</updated>',
        '<updated>2021-05-04T00:00:02+02:00</updated>',
        '<updated>2021-05-04T00:00:01+02:00</updated>',
        '<updated>2021-05-04T00:00:00+02:00</updated>',
      ]);
      expect(atomProblems(atomXml)).toEqual([]);
      // Not translated yet: the English feed is valid and empty, and German never stands in.
      const english = (await distFile(project.root, 'en/feed.xml'))!;
      expect(parseFeed(english).items).toEqual([]);
      expect(english).not.toContain('Alpha');
      expect(rssProblems(english)).toEqual([]);
      expect(atomProblems((await distFile(project.root, 'en/atom.xml'))!)).toEqual([]);
      // The index page lists every release, not only the newest three.
      expect((await distFile(project.root, 'de/index.html'))!).toContain('Alt</a>');
    } finally {
      await project.dispose();
    }
  });
});

describe('HTML in releases and translations', () => {
  const source = `---
title: "Sicher <script>alert('t')</script> & gut"
date: 2020-05-04
summary: Zusammenfassung mit <b>Markup</b>
---

Erster Absatz mit <b>fett</b> und <img src="https://example.org/x.png" onerror="alert(1)"> und [Link](javascript:alert(1)).

<script>alert(1)</script>

<iframe src="https://evil.example/"></iframe>

Zweiter Absatz mit [relativem Link](#anker) und Fußnote[^1].

[^1]: Die <em>Fußnote</em> <span style="color:red" onclick="x()">hier</span>.
`;

  it('never lets scripts, event handlers or javascript: URLs reach a feed or a page', async () => {
    const project = await makeSiteProject({ 'releases/2020-05-04-sicher.md': source });
    try {
      await translateAll(project.root, 'en', (german) =>
        german.startsWith('Zweiter') ? 'Second <script>alert(2)</script> <img src=x onerror=alert(3)> with a <1>link</1> and a note<2/>.' : pseudo('en')(german),
      );
      await translateAll(project.root, 'fr', pseudo('fr'));
      const result = await build(project.root);
      expect(result.code, result.stderr).toBe(0);
      for (const lng of ['de', 'en', 'fr']) {
        for (const file of ['feed.xml', 'atom.xml']) {
          const xml = (await distFile(project.root, `${lng}/${file}`))!;
          // The HTML a reader renders: the element's text as XML defines it.
          const root = xmlRoot(xml);
          const entry = file === 'feed.xml' ? elements(elements(root, 'channel')[0]!, 'item')[0]! : elements(root, 'entry', ATOM)[0]!;
          const html = (file === 'feed.xml'
            ? elements(entry, 'encoded', 'http://purl.org/rss/1.0/modules/content/')[0]!
            : elements(entry, 'content', ATOM)[0]!
          ).textContent!;
          expect(unsafeParts(html), `${lng}/${file}`).toEqual([]);
          expect(html).toContain('<b>fett</b>');
          expect(htmlProblems('content', html)).toEqual([]);
          const [item] = parseFeed(xml).items;
          expect(item!.title).not.toMatch(/<|script>/);
          expect(item!.description).not.toContain('<b>');
          expect(file === 'feed.xml' ? rssProblems(xml) : atomProblems(xml)).toEqual([]);
        }
        const json = JSON.parse((await distFile(project.root, `${lng}/feed.json`))!) as { items: { content_html: string }[] };
        expect(unsafeParts(json.items[0]!.content_html)).toEqual([]);
        const page = (await distFile(project.root, `${lng}/2020-05-04-sicher.html`))!;
        expect(unsafeParts(page)).toEqual([]);
      }
      const englishXml = (await distFile(project.root, 'en/feed.xml'))!;
      // The translator's markup arrives as text, escaped, never as elements.
      expect(englishXml).toContain('Second &amp;#x3C;script&gt;alert(2)&amp;#x3C;/script&gt;');
      const english = parseFeed(englishXml).items[0]!;
      expect(english.title).toBe("[en] Sicher alert('t') & gut");
      // Fragment links point into the item's page, so they work in a reader too.
      expect(english.content).toContain('href="https://example.org/press/en/2020-05-04-sicher.html#user-content-fn-1"');
    } finally {
      await project.dispose();
    }
  });

  it('warns about references that leave the project and publishes the release without such a photo', async () => {
    const project = await makeSiteProject({
      'releases/2020-05-04-ausserhalb.md':
        '---\ntitle: A\ndate: 2020-05-04\nimage: {src: ../../etc/passwd, alt: Bild}\n---\n\n![i](/etc/passwd) [up](../secret.txt) [ok](https://x.org/a) [cdn](//cdn.example.org/x.png) [frag](#x)\n',
    });
    try {
      const result = await build(project.root);
      expect(result.code, result.stderr).toBe(0);
      const warnings = result.stderr.split('\n').filter((line) => line.includes(' warning '));
      expect(warnings).toEqual([
        expect.stringMatching(/^releases\/2020-05-04-ausserhalb\.md:4 warning IMAGE_MISSING `image\.src` \.\.\/\.\.\/etc\/passwd points outside the project/),
        expect.stringMatching(/^releases\/2020-05-04-ausserhalb\.md:7 warning LINK_UNPUBLISHED links to \.\.\/secret\.txt/),
        expect.stringMatching(/^releases\/2020-05-04-ausserhalb\.md:7 warning LINK_UNPUBLISHED links to \/etc\/passwd/),
      ]);
      const page = (await distFile(project.root, 'de/2020-05-04-ausserhalb.html'))!;
      expect(page).not.toContain('<figure'); // no photo block: only the body's own image is there
      expect(page).toContain('<img src="https://example.org/etc/passwd" alt="i">');
      expect((await distFile(project.root, 'de/feed.xml'))!).not.toContain('<enclosure');
    } finally {
      await project.dispose();
    }
  });

  it('does not warn about links to the files the build writes at the top of the site (root page, OPML list)', async () => {
    // LINK_UNPUBLISHED said "the link is broken in pages and feeds" for [Alle Feeds](feeds.opml)
    // and [Start](index.html), which build writes and which resolve in dist/.
    const project = await makeSiteProject({
      'releases/2020-05-04-verweise.md':
        '---\ntitle: A\ndate: 2020-05-04\n---\n\n[Feeds](feeds.opml) [Start](index.html) [Sprachen](./) [Deutsch](de/) [RSS](de/feed.xml) [fehlt](feeds.xml)\n',
    });
    try {
      const result = await build(project.root);
      expect(result.code, result.stderr).toBe(0);
      const warnings = result.stderr.split('\n').filter((line) => line.includes(' warning '));
      expect(warnings).toEqual([expect.stringMatching(/^releases\/2020-05-04-verweise\.md:6 warning LINK_UNPUBLISHED links to feeds\.xml,/)]);
      const paths = await distPaths(project.root);
      for (const path of ['feeds.opml', 'index.html', 'de/feed.xml']) expect(paths).toContain(path);
    } finally {
      await project.dispose();
    }
  });

  it('publishes a full image.src address as a valid URL, and leaves out one that is none', async () => {
    const project = await makeSiteProject({
      'releases/2020-05-04-foto.md':
        '---\ntitle: A\ndate: 2020-05-04\nimage: {src: "https://bücher.example/mein foto.JPG?a=1&b=2", alt: Bild}\n---\n\nText mit ![Grafik](https://bücher.example/grafik.png).\n',
      'releases/2020-05-05-kaputt.md': '---\ntitle: B\ndate: 2020-05-05\nimage:\n  src: "https://bü cher.example/foto.jpg"\n  alt: Bild\n---\n\nText.\n',
    });
    try {
      const result = await build(project.root);
      expect(result.code, result.stderr).toBe(0);
      const warnings = result.stderr.split('\n').filter((line) => line.includes(' warning '));
      expect(warnings).toEqual([expect.stringMatching(/^releases\/2020-05-05-kaputt\.md:5 warning IMAGE_URL `image\.src` "https:\/\/bü cher\.example\/foto\.jpg" is not a valid URL — hint: /)]);
      const url = 'https://xn--bcher-kva.example/mein%20foto.JPG?a=1&b=2';
      const rss = (await distFile(project.root, 'de/feed.xml'))!;
      expect(rss).toContain(`<enclosure url="${url.replace('&', '&amp;')}" length="0" type="image/jpeg"/>`);
      expect(rssProblems(rss)).toEqual([]);
      const atom = (await distFile(project.root, 'de/atom.xml'))!;
      expect(atom).toContain(`<link rel="enclosure" type="image/jpeg" href="${url.replace('&', '&amp;')}"/>`);
      expect(atomProblems(atom)).toEqual([]);
      const json = JSON.parse((await distFile(project.root, 'de/feed.json'))!) as { items: { id: string; image?: string; attachments?: { url: string }[] }[] };
      const item = json.items.find((candidate) => candidate.id.endsWith('2020-05-04-foto.html'))!;
      expect(item.image).toBe(url);
      expect(item.attachments![0]!.url).toBe(url);
      const page = (await distFile(project.root, 'de/2020-05-04-foto.html'))!;
      expect(page).toContain(`<img src="${url.replace('&', '&#x26;')}" alt="Bild">`);
      // The body's own images get the same treatment (the Markdown parser encodes all but the host).
      expect(page).toContain('<img src="https://xn--bcher-kva.example/grafik.png" alt="Grafik">');
      expect((await distFile(project.root, 'de/2020-05-04-foto.md'))!).toContain(`![Bild](${url})`);
      // The release whose address is no URL is published, without the photo.
      const broken = (await distFile(project.root, 'de/2020-05-05-kaputt.html'))!;
      expect(broken).not.toContain('<figure');
      expect(broken).not.toContain('cher.example');
      expect(JSON.stringify(json.items.find((candidate) => candidate.id.endsWith('2020-05-05-kaputt.html')))).not.toContain('cher.example');
    } finally {
      await project.dispose();
    }
  });

  it('aligns table cells with style on pages and align in feeds, and writes an image without a usable source as its alt text', async () => {
    const source = '---\ntitle: A\ndate: 2020-05-04\n---\n\n| Region | Anzahl |\n| :-- | --: |\n| Nord | 3 |\n\n' +
      'Ein ![Diagramm](data:image/png;base64,AAAA) und ![](data:image/gif;base64,R0) und <img src="javascript:x" alt="Logo"> hier.\n';
    const project = await makeSiteProject({ 'releases/2020-05-04-tabelle.md': source });
    try {
      const result = await build(project.root);
      expect(result.code, result.stderr).toBe(0);
      // remark-rehype puts line breaks between table rows and cells.
      const page = (await distFile(project.root, 'de/2020-05-04-tabelle.html'))!.replaceAll('\n', '');
      expect(page).toContain('<th style="text-align: left">Region</th><th style="text-align: right">Anzahl</th>');
      expect(page).toContain('<td style="text-align: right">3</td>');
      expect(page).not.toMatch(/ align=/);
      expect(page).toContain('<p>Ein Diagramm und  und Logo hier.</p>');
      expect(page).not.toContain('<img');
      const json = JSON.parse((await distFile(project.root, 'de/feed.json'))!) as { items: { content_html: string }[] };
      const content = json.items[0]!.content_html.replaceAll('\n', '');
      expect(content).toContain('<th align="left">Region</th><th align="right">Anzahl</th>');
      expect(content).not.toContain('style=');
      expect(content).toContain('<p>Ein Diagramm und  und Logo hier.</p>');
      const atom = (await distFile(project.root, 'de/atom.xml'))!;
      expect(atom).toContain('&lt;td align="right"&gt;3&lt;/td&gt;');
      expect(atomProblems(atom)).toEqual([]);
    } finally {
      await project.dispose();
    }
  });

  it('writes text that looks like a character reference as text (xmlbuilder2 left "&amp;" and "&foo;" unescaped)', async () => {
    const project = await makeSiteProject({
      'releases/2020-05-04-zeichen.md': '---\ntitle: "Fish &amp; Chips &foo; &#65; & Co"\ndate: 2020-05-04\ncategory: "A &lt;b&gt; B"\n---\n\nText &amp;amp; mehr.\n',
    });
    try {
      const result = await build(project.root);
      expect(result.code, result.stderr).toBe(0);
      for (const file of ['feed.xml', 'atom.xml']) {
        const { errors, texts } = strictXml((await distFile(project.root, `de/${file}`))!);
        expect(errors, file).toEqual([]);
        // The title as the front matter says it, character for character.
        expect(texts, file).toContain('Fish &amp; Chips &foo; &#65; & Co');
      }
      const opml = (await distFile(project.root, 'feeds.opml'))!;
      expect(opml).not.toMatch(/&(?!amp;|lt;|gt;|quot;|apos;|#)/);
    } finally {
      await project.dispose();
    }
  });

  it('keeps characters XML forbids out of the feeds, even from the text of a paragraph', async () => {
    // No summary: the feeds describe the item with the start of its first paragraph.
    const body = 'Text mit Steuerzeichen \u0008, \u001b, \u0085 und \uFFFE darin.\n\nZweiter Absatz \u0007.\n';
    const project = await makeSiteProject({ 'releases/2020-05-04-steuerzeichen.md': `---\ntitle: "Titel \\b"\ndate: 2020-05-04\n---\n\n${body}` });
    try {
      const result = await build(project.root);
      expect(result.code, result.stderr).toBe(0);
      for (const file of ['feed.xml', 'atom.xml']) {
        const xml = (await distFile(project.root, `de/${file}`))!;
        expect(strictXml(xml).errors, file).toEqual([]);
        expect(xml).toContain('Text mit Steuerzeichen');
        expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE]/);
      }
    } finally {
      await project.dispose();
    }
  });

  it('keeps control characters, noncharacters and lone surrogates out of HTML pages, Markdown pages and feed.json', async () => {
    // HTML makes these parse errors; a NUL is refused in a source release but not in a translation.
    const german = 'Ein \u0001Absatz\u000b mit \u007f Steuer\u0085zeichen \uFFFE und \uFDD0 hier.\n';
    const project = await makeSiteProject({ 'releases/2020-05-04-steuer.md': `---\ntitle: "Titel \\x01"\ndate: 2020-05-04\n---\n\n${german}` });
    try {
      await translateAll(project.root, 'en', (text) => (text.startsWith('Titel') ? 'Title \u0000' : 'A \u0000para\u0007graph \uD800 with a\ttab.'));
      const result = await build(project.root);
      expect(result.code, result.stderr).toBe(0);
      const forbidden = /(?![\t\n\f\r])[\p{Cc}\p{Noncharacter_Code_Point}\p{Cs}]/u;
      for (const [lng, text] of [['de', 'Ein Absatz mit  Steuerzeichen  und  hier.'], ['en', 'A paragraph  with a\ttab.']] as const) {
        for (const file of ['2020-05-04-steuer.html', '2020-05-04-steuer.md', 'index.html', 'feed.json']) {
          // Read as bytes: a lone surrogate would have been written as U+FFFD.
          const content = (await readFile(join(project.root, 'dist', lng, file))).toString('utf8');
          expect(content, `${lng}/${file}`).not.toMatch(forbidden);
          expect(content, `${lng}/${file}`).not.toContain('\uFFFD');
          expect(content, `${lng}/${file}`).not.toMatch(/\\u00[01]|\\u007f|\\ud8/i);
          if (file !== 'index.html') expect(content.replaceAll('\\t', '\t'), `${lng}/${file}`).toContain(text);
        }
        const json = JSON.parse((await distFile(project.root, `${lng}/feed.json`))!) as { items: { title: string; content_html: string }[] };
        expect(json.items[0]!.content_html).toBe(`<p>${text}</p>`);
      }
      // Not as YAML escapes either: the translated title's NUL was written as "Title \0".
      expect(await distFile(project.root, 'en/2020-05-04-steuer.md')).toMatch(/^title: "?Title ?"?$/m);
      // A line separator (not a control character) is escaped in front matter, not written raw:
      // YAML 1.1 readers take it for a line break.
      await translateAll(project.root, 'en', (text) => (text.startsWith('Titel') ? 'Title\u2028two' : 'A paragraph.'));
      expect((await build(project.root)).code).toBe(0);
      const page = (await distFile(project.root, 'en/2020-05-04-steuer.md'))!;
      expect(page).toContain('title: "Title\\u2028two"');
      expect(page).not.toContain('\u2028');
    } finally {
      await project.dispose();
    }
  });

  it('has rules that catch what the validator reports', () => {
    expect(htmlProblems('content', '<p><a href="../x.html">x</a><img src="images/y.jpg"></p>')).toEqual([
      'ContainsRelRef: content ../x.html',
      'ContainsRelRef: content images/y.jpg',
    ]);
    expect(htmlProblems('content', '<p aria-label="x" style="background:url(javascript:x)">x</p><script>1</script>')).toEqual([
      'SecurityRisk: content should not contain script tag',
      'SecurityRiskAttr: content should not contain aria-label attribute',
      'DangerousStyleAttr: content',
    ]);
    expect(unsafeParts('<p onclick="x()"><a href="javascript:alert(1)">x</a><script>1</script></p>')).toEqual([
      'onclick on p',
      'javascript: URL on a',
      'script element',
    ]);
    const feed = (items: string) =>
      `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>T</title><link>https://x.org/</link><description>D</description>${items}</channel></rss>`;
    expect(rssProblems(feed('<item><title>A</title><pubDate>Sat, 16 Mar 2018 00:00:00 +0100</pubDate></item>'))).toEqual([
      'MissingAtomSelfLink',
      'MissingGuid',
      'IncorrectDOW: Sat, 16 Mar 2018 00:00:00 +0100',
    ]);
  });
});

/** What a strict XML parser (saxes) finds wrong with `xml`, and the text nodes it reads. */
function strictXml(xml: string): { errors: string[]; texts: string[] } {
  const parser = new SaxesParser({ xmlns: true });
  const errors: string[] = [];
  const texts: string[] = [];
  parser.on('error', (error) => errors.push(error.message));
  parser.on('text', (text) => texts.push(text));
  parser.write(xml).close();
  return { errors, texts };
}
