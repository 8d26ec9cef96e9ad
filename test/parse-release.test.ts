import { expect, test } from 'vitest';
import { formatDiagnostic } from '../src/core/diagnostic.js';
import { parseRelease } from '../src/core/parse-release.js';
import { analyzeRelease } from '../src/core/analyze-release.js';
import { parseConfig } from '../src/core/config.js';
import { parseGlossary } from '../src/core/glossary.js';
const config = parseConfig('site:\n  url: https://example.org/\n').config!;
const release = (body: string) => parseRelease('releases/2024-01-01-x.md', `---\ntitle: A\ndate: 2024-01-01\n---\n\n${body}\n`, config);
test('RELEASE_TOO_DEEP counts quotes, lists and inline markup: 100 levels pass, 101 do not', () => {
  expect(release(`${'>'.repeat(100)} x`).release).toBeDefined();
  expect(release(`${'>'.repeat(101)} x`).diagnostics[0]?.code).toBe('RELEASE_TOO_DEEP');
  const list = (n: number) => Array.from({ length: n }, (_, i) => `${' '.repeat(2 * i)}- x`).join('\n');
  expect(release(list(100)).release).toBeDefined();
  expect(release(list(101)).diagnostics[0]?.code).toBe('RELEASE_TOO_DEEP');
});

test('front matter keys the build writes itself (lang, alternates, outdated) are a warning at their line', () => {
  const { release: parsed, diagnostics } = parseRelease('releases/2024-01-01-x.md', '---\ntitle: A\ndate: 2024-01-01\nlang: fr\noutdated: false\n---\n\nText.\n', config);
  expect(parsed).toBeDefined();
  expect(diagnostics.map((d) => [d.code, d.severity, d.line])).toEqual([
    ['FRONT_MATTER_RESERVED', 'warning', 4],
    ['FRONT_MATTER_RESERVED', 'warning', 5],
  ]);
});

test('RELEASE_TOO_LARGE: a block over 100,000 characters names its first line, before the parser sees it', () => {
  const para = (n: number) => 'Wort '.repeat(n / 5);
  // 100,000 characters in one paragraph pass; the same text split by blank lines always passes.
  expect(release(para(99_990)).release).toBeDefined();
  expect(release(`${para(60_000)}\n\n${para(60_000)}`).release).toBeDefined();
  expect(release(`${para(60_000)}\n \n${para(60_000)}`).release).toBeDefined();
  const { release: parsed, diagnostics } = release(`Intro.\n\n${para(60_000)}\n${para(60_000)}`);
  expect(parsed).toBeUndefined();
  expect(diagnostics.map((d) => [d.code, d.severity, d.line])).toEqual([['RELEASE_TOO_LARGE', 'error', 8]]);
  expect(diagnostics[0]!.message).toContain('120,001 characters');
});

test('RELEASE_TOO_LARGE: a release over 2,000,000 characters is refused whatever its blocks', () => {
  const body = Array.from({ length: 2100 }, () => 'Wort '.repeat(200)).join('\n\n');
  const { release: parsed, diagnostics } = release(body);
  expect(parsed).toBeUndefined();
  expect(diagnostics.map((d) => [d.code, d.line])).toEqual([['RELEASE_TOO_LARGE', 1]]);
});

test('YAML aliases that multiply a document (billion laughs) are an error in front matter, configuration and glossary, not a crash', () => {
  const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 8 }, (_, level) => {
    const name = String.fromCharCode(98 + level);
    return `${name}: &${name} [${Array.from({ length: 10 }, () => `*${String.fromCharCode(97 + level)}`).join(', ')}]`;
  })].join('\n');
  const front = parseRelease('releases/2024-01-01-x.md', `---\ntitle: A\ndate: 2024-01-01\n${bomb}\n---\n\nText.\n`, config);
  expect(front.diagnostics.map((d) => [d.code, d.line])).toEqual([['FRONT_MATTER_YAML', 2]]);
  expect(front.diagnostics[0]!.message).toContain('aliases');
  expect(parseConfig(`site:\n  url: https://example.org/\n${bomb}\n`).diagnostics.map((d) => d.code)).toEqual(['CONFIG_YAML']);
  expect(parseGlossary(`names: []\n${bomb}\n`, 'locales/glossary.yaml', 'de').diagnostics.map((d) => d.code)).toEqual(['GLOSSARY_INVALID']);
  // A few aliases are fine.
  expect(parseRelease('releases/2024-01-01-x.md', '---\ntitle: &t A\ndate: 2024-01-01\nsubtitle: *t\n---\n\nText.\n', config).release).toBeDefined();
});

test('site.url: credentials are refused; an international host and spaces are written as WHATWG URL serializes them', () => {
  const url = (value: string) => parseConfig(`site:\n  url: "${value}"\n`);
  expect(url('https://user:secret@example.org/press/').diagnostics.map((d) => [d.code, d.message])).toEqual([
    ['CONFIG_INVALID', '`site.url` must not contain a user name or password (user:password@): every page and feed would show them'],
  ]);
  expect(url('https://bücher.example/presse mitteilungen').config?.site.url).toBe('https://xn--bcher-kva.example/presse%20mitteilungen/');
  expect(url('HTTPS://Example.ORG:443/Press').config?.site.url).toBe('https://example.org/Press/');
});

test('site.url without a host right after http:// (http:///p/, https:\\\\x/) is refused at its line: URL parsing took it as http://p/', () => {
  const url = (value: string) => parseConfig(`site:\n  url: '${value}'\n`);
  for (const value of ['http:///p/', 'https:////example.org/', 'http://\\example.org/', 'http:p/', 'https:/example.org/']) {
    const { config, diagnostics } = url(value);
    expect(config, value).toBeUndefined();
    expect(diagnostics.map((d) => [d.code, d.line]), value).toEqual([['CONFIG_INVALID', 2]]);
    expect(diagnostics[0]!.message, value).toMatch(/must (have a host name right after|start with) http:\/\/ or https:\/\//);
  }
});

test('fallbacks: a chain that leads back to its start is refused at its line; a variant to its parent is fine', () => {
  const config = (fallbacks: string) => parseConfig(`site:\n  url: https://example.org/\ntargetLanguages: [fr, fr-BE, en]\nfallbacks:\n${fallbacks}`);
  expect(config('  fr-BE: [fr]\n').diagnostics).toEqual([]);
  expect(config('  fr-BE: [fr]\n  fr: [fr-BE]\n').diagnostics.map((d) => [d.code, d.line, d.message])).toEqual([
    ['CONFIG_INVALID', 5, '`fallbacks.fr-BE` leads back to fr-BE (fr-BE → fr → fr-BE)'],
  ]);
  expect(config('  en: [en]\n').diagnostics.map((d) => [d.line, d.message])).toEqual([[5, '`fallbacks.en` leads back to en (en → en)']]);
  expect(config('  fr-BE: [en, fr]\n  fr: [en]\n  en: [fr]\n').diagnostics.map((d) => d.message)).toEqual(['`fallbacks.fr` leads back to fr (fr → en → fr)']);
  // A variant that is no language of the site (a typo, a language taken out): at its line. Its
  // parent need not be one (the parent's common.yaml only lends texts).
  expect(config('  fr-BF: [fr]\n').diagnostics.map((d) => [d.code, d.line, d.message, d.hint])).toEqual([
    ['CONFIG_INVALID', 5, '`fallbacks.fr-BF`: fr-BF is not a language of the site (de, fr, fr-BE, en)', 'add fr-BF to targetLanguages, or remove its entry from fallbacks'],
  ]);
  expect(config('  en: [en-GB]\n').diagnostics).toEqual([]);
});

test('a release typed decomposed (NFD) is read composed (NFC), but a marker before U+0338 stays a marker', () => {
  const body = 'Die Förderung läuft weiter.\n\n>\u0338 Zitat <b>\u0338fett</b>';
  const decomposed = parseRelease('releases/2024-01-01-x.md', `---\ntitle: Förderung\ndate: 2024-01-01\n---\n\n${body.normalize('NFD')}\n`, config).release!;
  const written = parseRelease('releases/2024-01-01-x.md', `---\ntitle: Förderung\ndate: 2024-01-01\n---\n\n${body}\n`, config).release!;
  expect(decomposed.text).toBe(written.text);
  expect(decomposed.meta.title).toBe('Förderung');
  expect(decomposed.text).toContain('Die Förderung läuft weiter.');
  // `>` + U+0338 would compose to ≯: the quote and the tag are kept.
  expect(decomposed.tree.children.map((node) => node.type)).toEqual(['yaml', 'paragraph', 'blockquote']);
  expect(decomposed.text).toContain('<b>\u0338fett</b>');
});

test('a translate key with __proto__, constructor or prototype is CONFIG_INVALID at its line: such keys are object internals, not front matter keys', () => {
  const problems = (text: string) => parseConfig(text).diagnostics.map((d) => `${d.line} ${d.code} ${d.message}`);
  for (const key of ['__proto__', 'image.__proto__', 'constructor', 'prototype.x']) {
    expect(problems(`site:\n  url: https://example.org/\ntranslate:\n  - title\n  - ${key}\n`)).toEqual([
      `5 CONFIG_INVALID \`translate[1]\` uses __proto__, constructor or prototype, which Presslate cannot translate safely (they name parts of every JavaScript object); rename the front matter key, e.g. to subtitle`,
    ]);
  }
  expect(({} as Record<string, unknown>).title).toBeUndefined();
});

test('a missing required setting says that it is required and how to add it (an empty configuration said "expected object, received undefined")', () => {
  const problems = (text: string) => parseConfig(text).diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message} — ${d.hint}`);
  expect(problems('')).toEqual([
    '1:1 CONFIG_INVALID `site` is required — add it, e.g. `site:` with `url: https://example.org/press/` (the address dist/ is served at) below it; see "Configuration" in README.md',
  ]);
  expect(problems('site:\n  publisher: X\n')).toEqual([
    '2:3 CONFIG_INVALID `site.url` is required — add it, e.g. `url: https://example.org/press/` under `site:` (the address dist/ is served at); see "Configuration" in README.md',
  ]);
  expect(problems('site:\n  url: 5\n')[0]).toMatch(/^2:8 CONFIG_INVALID `site\.url` must be a text, got the number 5 — /);
  expect(problems('site:\n  url: https://example.org/\nfeeds:\n  limit: ten\n')[0]).toMatch(/^4:10 CONFIG_INVALID `feeds\.limit` must be a number, got the text "ten" — /);
  expect(problems('site:\n  url: https://example.org/\ntargetLanguages: en\n')[0]).toMatch(/^3:18 CONFIG_INVALID `targetLanguages` must be a list, got the text "en" — /);
});

test('a config value cut short by a hashtag is a warning with the value to write; one starting with a tag of its own is an error', () => {
  const problems = (text: string) => parseConfig(text).diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.code} ${d.message} — ${d.hint}`);
  expect(problems('site:\n  url: https://example.org/\n  publisher: Allianz #Region GmbH\n')).toEqual([
    '3:14 warning CONFIG_TEXT_COMMENT `site.publisher` ends before ` #Region GmbH`: YAML reads that as a comment, so the value is only `Allianz` — if the # belongs to the text, put the whole value in double quotes: `publisher: "Allianz #Region GmbH"`',
  ]);
  expect(problems('site:\n  url: https://example.org/ # production\n')).toEqual([]);
  expect(problems('site:\n  url: https://example.org/\n  publisher: !Allianz GmbH\n')).toEqual([
    '3:14 error CONFIG_INVALID `site.publisher` starts with the YAML tag `!Allianz`: YAML reads it as a type, not as text, so the value would be only `GmbH` — put the whole value in double quotes: `publisher: "!Allianz GmbH"`',
  ]);
});

test('FRONT_MATTER_MISSING says when the front matter is opened but never closed, or written as TOML', () => {
  const missing = (source: string) => {
    const [d] = parseRelease('releases/2024-01-01-x.md', source, config).diagnostics;
    return `${d?.code} ${d?.line} ${d?.message} — ${d?.hint}`;
  };
  // It said "has no YAML front matter" and "start the file with ---", which the file does.
  expect(missing('---\ntitle: A\ndate: 2024-01-01\n\nText.\n')).toBe(
    'FRONT_MATTER_MISSING 1 opens its front matter with --- but never closes it — add a line with only --- after the last front matter line (`title:`, `date:`, …), before the text',
  );
  expect(missing('\uFEFF---\r\ntitle: A\r\n\r\nText.\r\n')).toMatch(/never closes it/);
  expect(missing('+++\ntitle = "A"\n+++\n\nText.\n')).toMatch(/^FRONT_MATTER_MISSING 1 has TOML front matter \(\+\+\+\), not YAML/);
  expect(missing('title: A\n---\n\nText.\n')).toMatch(/^FRONT_MATTER_MISSING 1 has no YAML front matter/);
});

test('front matter of the wrong kind is named in its terms, and a YAML merge key (<<) is refused at its line', () => {
  const problems = (frontMatter: string) =>
    parseRelease('releases/2024-01-01-x.md', `---\ntitle: A\ndate: 2024-01-01\n${frontMatter}\n---\n\nText.\n`, config).diagnostics.map((d) => `${d.line} ${d.code} ${d.message}`);
  // zod said "Invalid input: expected string, received undefined".
  expect(problems('image:\n  alt: Bild')).toEqual(['5 FRONT_MATTER_INVALID `image.src` is required']);
  expect(problems('summary: 42')).toEqual(['4 FRONT_MATTER_INVALID `summary` must be text, got a number (YAML reads 42 as a number: put it in quotes)']);
  expect(problems('tags: Digitalisierung')).toEqual(['4 FRONT_MATTER_INVALID `tags` must be a list such as [a, b], got text']);
  expect(problems('image: images/x.jpg')).toEqual(['4 FRONT_MATTER_INVALID `image` must be a map of keys (src, alt, …) on indented lines, got text']);
  expect(problems('category: [a]')).toEqual(['4 FRONT_MATTER_INVALID `category` must be text, got a list']);
  // YAML tags that make other things than text: they were "a map of keys".
  expect(problems('category: !!binary aGVsbG8=')).toEqual(['4 FRONT_MATTER_INVALID `category` must be text, got binary data (!!binary)']);
  expect(problems('author: !!timestamp 2018-03-16')).toEqual(['4 FRONT_MATTER_INVALID `author` must be text, got a date-time object (!!timestamp)']);
  // YAML 1.2 has no merge keys: `<<` was a key named "<<", copied into every page, and the
  // category it was to bring in was silently missing.
  expect(problems('base: &b\n  category: Region\n<<: *b')).toEqual([
    '6 FRONT_MATTER_INVALID `<<` is a YAML merge key, which Presslate does not expand: YAML 1.2 reads it as a key named "<<", so the keys it was to merge in are missing',
  ]);
  expect(problems('img: &i\n  src: images/x.jpg\nimage:\n  <<: *i\n  alt: Bild')[0]).toMatch(/^7 FRONT_MATTER_INVALID `image.<<` is a YAML merge key/);
  expect(problems('tags: [a, b]\nimage:\n  src: images/x.jpg')).toEqual([]);
});

test('RELEASE_TOO_LARGE in the front matter says so, instead of calling it a paragraph to split with blank lines', () => {
  const [d] = parseRelease('releases/2024-01-01-x.md', `---\ntitle: A\ndate: 2024-01-01\nsummary: ${'Wort '.repeat(30_000)}\n---\n\nText.\n`, config).diagnostics;
  expect([d?.code, d?.line, d?.message, d?.hint]).toEqual([
    'RELEASE_TOO_LARGE',
    1,
    'has front matter of 150,043 characters (up to its first blank line); Presslate reads blocks up to 100,000',
    'shorten the long front matter value: a title or summary is a few sentences, tags a handful of words',
  ]);
});

test('a key that is a list or map (? [a, b]) is refused at its line in front matter, configuration and glossary; yaml printed a process warning and made it text', () => {
  const warnings: unknown[] = [];
  const listener = (warning: unknown) => warnings.push(warning);
  process.on('warning', listener);
  try {
    const front = parseRelease('releases/2024-01-01-x.md', '---\ntitle: A\ndate: 2024-01-01\n? [a, b]\n: x\n---\n\nText.\n', config).diagnostics;
    expect(front.map((d) => [d.code, d.line, d.message])).toEqual([
      ['FRONT_MATTER_YAML', 4, 'front matter has a key that is a list or map (`? [a, b]`), which Presslate cannot read as a name'],
    ]);
    expect(parseConfig('site:\n  url: https://example.org/\n? {a: 1}\n: x\n').diagnostics.map((d) => [d.code, d.line])).toEqual([['CONFIG_YAML', 3]]);
    expect(parseGlossary('names: []\n? [x]\n: y\n', 'locales/glossary.yaml', 'de').diagnostics.map((d) => [d.code, d.line])).toEqual([['GLOSSARY_INVALID', 2]]);
  } finally {
    process.off('warning', listener);
  }
  expect(warnings).toEqual([]);
});

test('an alias without its anchor (title: *nowhere) says so at its line; it was reported as aliases that expand to more than 100 copies', () => {
  const [d] = parseRelease('releases/2024-01-01-x.md', '---\ntitle: A\ndate: 2024-01-01\ncategory: *Region\n---\n\nText.\n', config).diagnostics;
  expect([d?.code, d?.line, d?.message]).toEqual(['FRONT_MATTER_YAML', 4, 'front matter uses the alias *Region, but no value before it is marked &Region']);
  expect(d?.hint).toContain('"*Region"');
  expect(parseConfig('site:\n  url: https://example.org/\n  publisher: *me\n').diagnostics.map((x) => [x.code, x.line, x.message])).toEqual([
    ['CONFIG_YAML', 3, 'uses the alias *me, but no value before it is marked &me'],
  ]);
});

test('a diagnostic that quotes a value over several lines stays on one line, hint included', () => {
  const [d] = parseRelease('releases/2024-01-01-x.md', '---\ntitle: A\ndate: |\n  line1\n  line2\n---\n\nText.\n', config).diagnostics;
  const line = formatDiagnostic(d!);
  // It was '… `date` "line1', 'line2', '" is not a valid ISO 8601 date — hint: …' on three lines.
  expect(line).not.toMatch(/[\n\r]/);
  expect(line).toMatch(/^releases\/2024-01-01-x\.md:3:7 error FRONT_MATTER_DATE `date` "line1\\nline2\\n" is not a valid ISO 8601 date — hint: /);
});

test('takes the dates of an earlier parse (ParseHints) for the texts it has, and works out the others', () => {
  const source = '---\ntitle: A\ndate: 2024-03-31\nembargo: 2024-03-31T02:30\n---\n\nText.\n';
  const plain = parseRelease('releases/2024-03-31-x.md', source, config).release!;
  // 02:30 on 31 March does not exist in Berlin (clocks go forward): moved to 03:30 CEST.
  expect(plain.embargo).toEqual({ text: '2024-03-31T02:30', instant: Date.UTC(2024, 2, 31, 1, 30), dateOnly: false, day: '2024-03-31' });
  const hinted = parseRelease('releases/2024-03-31-x.md', source, config, { dates: new Map([['2024-03-31', plain.date]]) }).release!;
  expect(hinted.date).toBe(plain.date);
  expect(hinted.embargo).toEqual(plain.embargo);
  // The hint is taken as given (it comes from the build cache, made with the same configuration).
  const stand = { text: '2024-03-31', instant: 0, dateOnly: true, day: '1970-01-01' };
  expect(parseRelease('releases/2024-03-31-x.md', source, config, { dates: new Map([['2024-03-31', stand]]) }).release!.date).toBe(stand);
});

test('language tags: a script and a region together (zh-Hant-TW) and a numeric region (es-419) are taken; a tag in another case or with _ is refused with the tag to write', () => {
  const problems = (languages: string) =>
    parseConfig(`site:\n  url: https://example.org/press/\ntargetLanguages: [${languages}]\n`).diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`);
  expect(problems('en, fr-BE, zh-Hant, zh-Hant-TW, es-419, sr-Latn-RS')).toEqual([]);
  expect(problems('EN, pt_BR, zh-hant-tw')).toEqual([
    '3:19 CONFIG_INVALID `targetLanguages[0]` must be a language tag such as `en`, `fr-BE`, `zh-Hant-TW` or `es-419`: write `en`',
    '3:23 CONFIG_INVALID `targetLanguages[1]` must be a language tag such as `en`, `fr-BE`, `zh-Hant-TW` or `es-419`: write `pt-BR`',
    '3:30 CONFIG_INVALID `targetLanguages[2]` must be a language tag such as `en`, `fr-BE`, `zh-Hant-TW` or `es-419`: write `zh-Hant-TW`',
  ]);
  expect(problems('english')).toEqual(['3:19 CONFIG_INVALID `targetLanguages[0]` must be a language tag such as `en`, `fr-BE`, `zh-Hant-TW` or `es-419`']);
});

test('a quote never closed is shown at its opening quote in the configuration and in front matter (yaml reports the end of the file)', () => {
  const [problem] = parseConfig('site:\n  url: https://example.org/press/\n  publisher: "Allianz\ntimeZone: Europe/Berlin\nfeeds:\n  limit: 5\n').diagnostics;
  expect([problem?.code, problem?.line, problem?.column]).toEqual(['CONFIG_YAML', 3, 14]);
  const [front] = parseRelease('releases/2024-01-01-x.md', '---\ntitle: "Förderung\ndate: 2024-01-01\nsummary: x\n---\n\nText.\n', config).diagnostics;
  expect([front?.code, front?.line, front?.column]).toEqual(['FRONT_MATTER_YAML', 2, 8]);
});

test('FRONT_MATTER_TEXT_COMMENT: a hashtag after a space cuts an unquoted value short; the warning names the key, the value left and the line to write', () => {
  const text = '---\ntitle: Workshops #GrowIn40 starten\ndate: 2024-01-01 # verschoben\ntags:\n  - Digitalisierung\n  - KMU #Interreg\nimage:\n  src: images/a.jpg\n  alt: "Bild #1" # geprüft\n---\n\nText.\n';
  const { release: parsed, diagnostics } = parseRelease('releases/2024-01-01-x.md', text, config);
  expect(parsed?.meta.title).toBe('Workshops');
  expect(diagnostics.map((d) => [d.code, d.severity, d.line])).toEqual([
    ['FRONT_MATTER_TEXT_COMMENT', 'warning', 2],
    ['FRONT_MATTER_TEXT_COMMENT', 'warning', 6],
  ]);
  expect(diagnostics[0]!.message).toBe('`title` ends before ` #GrowIn40 starten`: YAML reads that as a comment, so the value is only `Workshops`');
  expect(diagnostics[0]!.hint).toContain('`title: "Workshops #GrowIn40 starten"`');
  expect(diagnostics[1]!.hint).toContain('`- "KMU #Interreg"`');
});

test('a front matter value starting with a tag of its own (`title: !Neu Workshops`) is an error at the tag, not a title without its first word', () => {
  const { release: parsed, diagnostics } = parseRelease('releases/2024-01-01-x.md', '---\ntitle: !Neu Workshops starten\ndate: 2024-01-01\n---\n\nText.\n', config);
  expect(parsed).toBeUndefined();
  expect(diagnostics.map((d) => [d.code, d.severity, d.line, d.column])).toEqual([['FRONT_MATTER_INVALID', 'error', 2, 8]]);
  expect(diagnostics[0]!.message).toContain('`title` starts with the YAML tag `!Neu`');
  expect(diagnostics[0]!.hint).toContain('`title: "!Neu Workshops starten"`');
});

test('IMAGE_ALT_MISSING: an image without a text alternative (Markdown, raw HTML, front matter) is a warning at its line; alt="" written in HTML is the author\'s choice', () => {
  const text = '---\ntitle: A\ndate: 2024-01-01\nimage:\n  src: images/a.jpg\n---\n\n![](images/b.jpg) and ![Ein Bild](images/c.jpg)\n\n<img src="images/d.jpg">\n<img src="images/e.jpg" alt="">\n\n![ ][ref]\n\n[ref]: images/f.jpg\n';
  const { diagnostics } = analyzeRelease('releases/2024-01-01-x.md', text, config);
  expect(diagnostics.map((d) => [d.code, d.severity, d.line, d.message])).toEqual([
    ['IMAGE_ALT_MISSING', 'warning', 4, 'the photo images/a.jpg has no `alt` text'],
    ['IMAGE_ALT_MISSING', 'warning', 8, 'the image images/b.jpg has no alternative text'],
    ['IMAGE_ALT_MISSING', 'warning', 10, 'the image images/d.jpg has no alternative text'],
    ['IMAGE_ALT_MISSING', 'warning', 13, 'the image [ref] has no alternative text'],
  ]);
});

test('the glossary: a name cut short by a hashtag is a warning with the entry to write; one starting with a tag of its own is an error', () => {
  const read = (text: string) => parseGlossary(text, 'locales/glossary.yaml', 'de');
  const cut = read('names:\n  - Interreg #NorthSea\n  - GrowIn 4.0 # the project\n');
  expect(cut.glossary?.names).toEqual(['Interreg', 'GrowIn 4.0']);
  expect(cut.diagnostics.map((d) => [d.code, d.severity, d.line, d.hint])).toEqual([
    ['GLOSSARY_TEXT_COMMENT', 'warning', 2, 'if the # belongs to the text, put the whole value in double quotes: `- "Interreg #NorthSea"`'],
  ]);
  const tagged = read('names:\n  - !Interreg North Sea\n');
  expect(tagged.glossary).toBeUndefined();
  expect(tagged.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([['GLOSSARY_INVALID', 2, 5]]);
  expect(tagged.diagnostics[0]!.hint).toContain('"!Interreg North Sea"');
});
