import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { analyzeRelease, type ReleaseAnalysis } from '../src/core/analyze-release.js';
import { parseConfig } from '../src/core/config.js';
import { mergeRelease } from '../src/core/merge.js';
import { markdownToHtml, treeShape } from './helpers/markdown-html.js';

/**
 * Golden fixtures: `test/fixtures/<case>/source.md` (a German release), `translations.yaml`
 * (segment key → translation, one for every segment) and `expected.md` (what merge must write).
 * After an intended change to merge, regenerate with `UPDATE_GOLDEN=1 npx vitest run test/merge.test.ts`
 * and review the diff of the expected.md files.
 */

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const config = parseConfig('site:\n  url: https://example.org/\n').config!;
const cases = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(FIXTURES, entry.name, 'source.md')))
  .map((entry) => entry.name)
  .sort();

function load(name: string): { analysis: ReleaseAnalysis; translations: Record<string, string>; source: string } {
  const source = readFileSync(join(FIXTURES, name, 'source.md'), 'utf8');
  const { analysis, diagnostics } = analyzeRelease('releases/2020-06-25-fixture.md', source, config);
  if (!analysis) throw new Error(`${name}/source.md: ${JSON.stringify(diagnostics)}`);
  // Failsafe schema: every translation is text, as in locale files (`5` stays "5").
  const translations = parse(readFileSync(join(FIXTURES, name, 'translations.yaml'), 'utf8'), { schema: 'failsafe' }) as Record<string, string>;
  return { analysis, translations, source };
}

/** Node types other than text, link URLs and image sources: what a translation must not change. */
function structureOf(markdown: string): { types: string[]; urls: string[] } {
  const shape = treeShape(markdown);
  return { types: shape.types.filter((type) => type !== 'text'), urls: shape.urls };
}

function decodeEntities(html: string): string {
  const named: Record<string, string> = { quot: '"', amp: '&', lt: '<', gt: '>' };
  return html.replace(/&(?:#x([\da-f]+)|(quot|amp|lt|gt));/gi, (_, hex: string | undefined, name: string | undefined) =>
    hex ? String.fromCodePoint(Number.parseInt(hex, 16)) : named[name!]!,
  );
}

describe('merge golden fixtures', () => {
  test('the fixture set covers the cases issue 2 names', () => {
    expect(cases).toEqual(
      expect.arrayContaining([
        'blockquote-list', 'emphasis-underscore', 'footnotes', 'hard-breaks', 'images-alt',
        'lists-mixed-markers', 'literal-markdown-in-translation', 'reference-links', 'table-pipes',
      ]),
    );
  });

  describe.each(cases)('%s', (name) => {
    const { analysis, translations, source } = load(name);
    const merged = mergeRelease(analysis, (segment) => translations[segment.key]);

    test('translations.yaml has exactly the segments of source.md', () => {
      expect(Object.keys(translations).sort()).toEqual(analysis.segments.map((s) => s.key).sort());
    });

    test('merge writes expected.md', () => {
      const file = join(FIXTURES, name, 'expected.md');
      if (process.env.UPDATE_GOLDEN) writeFileSync(file, merged);
      expect(merged).toBe(readFileSync(file, 'utf8'));
    });

    test('the translation keeps the German structure, links and images', () => {
      expect(structureOf(merged)).toEqual(structureOf(source));
    });

    test('every translated text appears, literally, in the rendered page', () => {
      const html = decodeEntities(markdownToHtml(merged).replace(/\s+/g, ' '));
      for (const segment of analysis.segments) {
        if (segment.kind === 'meta') continue;
        for (const part of translations[segment.key]!.split(/<\/?\d+\/?>/)) {
          const text = part.replace(/\s+/g, ' ').trim();
          if (text !== '') expect(html).toContain(text);
        }
      }
    });

    test('translations equal to the German give the German file back, byte for byte', () => {
      expect(mergeRelease(analysis, (segment) => segment.source)).toBe(source);
    });
  });
});

test('a translated front matter value with a line break is written double-quoted with escapes, readable by YAML 1.1 readers too', async () => {
  const jsYaml = (await import('js-yaml')).default;
  const source = '---\ntitle: Hallo Welt\ndate: 2020-06-25\nsummary: Kurz gesagt\nimage:\n  src: a.jpg\n  alt: Ein Bild\n---\n\nText.\n';
  const { analysis } = analyzeRelease('releases/2020-06-25-fixture.md', source, config);
  const values: Record<string, string> = { 'meta.title': '- Hello\nworld\u2028two', 'meta.summary': ': In short\nreally', 'meta.image.alt': 'A picture\u2029of\nthings' };
  const merged = mergeRelease(analysis!, (segment) => values[segment.key]);
  const yaml = /^---\n([\s\S]*?)\n---\n/.exec(merged)![1]!;
  expect(yaml).not.toMatch(/[\u0085\u2028\u2029]/);
  for (const read of [parse(yaml) as Record<string, unknown>, jsYaml.load(yaml) as Record<string, unknown>]) {
    expect(read.title).toBe('- Hello\nworld\u2028two');
    expect(read.summary).toBe(': In short\nreally');
    expect((read.image as Record<string, unknown>).alt).toBe('A picture\u2029of\nthings');
    expect(read.date).toBeDefined();
  }
  expect(yaml).toContain('date: 2020-06-25\n');
});

describe('merge: translations shaped differently from the German', () => {
  const FRONT = '---\ntitle: Titel\ndate: 2020-06-25\n---\n\n';
  /** The body merged with `translations` given in segment order (front matter left out). */
  function mergeBody(body: string, ...translations: string[]): string {
    const { analysis } = analyzeRelease('releases/2020-06-25-case.md', FRONT + body, config);
    const segments = analysis!.segments.filter((s) => s.kind !== 'meta');
    const merged = mergeRelease(analysis!, (segment) => translations[segments.indexOf(segment)]);
    return merged.slice(FRONT.length);
  }

  test('spaces just inside nested emphasis tags move out of all of them', () => {
    // Moved out of <2> only, the space sat just inside <1>: `* **x**  y*` is no emphasis.
    const merged = mergeBody('***foo** bar*\n', '<1><2> x</2> y</1>');
    expect(structureOf(merged)).toEqual(structureOf('***foo** bar*\n'));
    expect(markdownToHtml(merged)).toBe('<p> <em><strong>x</strong> y</em></p>');
    expect(markdownToHtml(mergeBody('***foo** bar*\n', '<1>y <2>x </2></1>z'))).toBe('<p><em>y <strong>x</strong></em> z</p>');
  });

  test('a | in the translated alt text or title of an image in a table cell is escaped', () => {
    const german = '| ![Logo](a.png "Ein Titel") |\n|---|\n| ![Foto][f] |\n\n[f]: b.png\n';
    // Segments: the header cell's alt and title, then the body cell's alt.
    const merged = mergeBody(german, 'Logo | firm', 'A | B', 'Photo | firm');
    expect(merged).toBe('| ![Logo \\| firm](a.png "A \\| B") |\n|---|\n| ![Photo \\| firm][f] |\n\n[f]: b.png\n');
    expect(structureOf(merged)).toEqual(structureOf(german));
    expect(markdownToHtml(merged)).toContain('<img src="a.png" alt="Logo | firm" title="A | B">');
  });

  test('emphasis glued to a word stays emphasis where punctuation is just inside it', () => {
    // `**Note.**Text` and `A*“quote”*` are no emphasis: the delimiter between punctuation and a
    // letter does not flank; the letter is written as a character reference instead.
    expect(markdownToHtml(mergeBody('**Hinweis.** Der Text.\n', '<1>Note.</1>The text.'))).toBe('<p><strong>Note.</strong>The text.</p>');
    const merged = mergeBody('Ein *„Zitat“* hier und ~~„so“~~ da.\n', 'A<1>“quote”</1>here and<2>“so”</2>there.');
    expect(structureOf(merged)).toEqual(structureOf('Ein *„Zitat“* hier und ~~„so“~~ da.\n'));
    expect(markdownToHtml(merged)).toBe('<p>A<em>“quote”</em>here and<del>“so”</del>there.</p>');
  });

  test('emphasis next to an emoji, a soft hyphen or a combining mark stays emphasis', () => {
    // micromark classifies the character beside a delimiter by its UTF-16 code unit: an emoji (a
    // surrogate pair) is a word character to it, not a symbol, and so are a soft hyphen, a zero-
    // width joiner and combining marks. `🌈_Text_` is intraword (no emphasis), `🌈*„x“*` and
    // `**„x“**🌈` do not flank.
    const cases: [string, string, string][] = [
      ['Ein _Wort_ hier.\n', 'A 🌈<1>word</1> here.', '<p>A 🌈<em>word</em> here.</p>'],
      ['Ein _Wort_ hier.\n', 'A <1>word</1>👩‍👩‍👧‍👦 here.', '<p>A <em>word</em>👩‍👩‍👧‍👦 here.</p>'],
      ['Ein _Wort_ hier.\n', 'A Donau\u00ad<1>word</1> here.', '<p>A Donau\u00ad<em>word</em> here.</p>'],
      ['Ein _Wort_ hier.\n', 'A q\u0307<1>word</1> here.', '<p>A q\u0307<em>word</em> here.</p>'],
      ['Ein *„Zitat“* hier.\n', 'A 🏳️‍🌈<1>“quote”</1> here.', '<p>A 🏳️‍🌈<em>“quote”</em> here.</p>'],
      ['**„Achtung“** bitte.\n', '<1>“Attention”</1>👩‍👩‍👧‍👦 please.', '<p><strong>“Attention”</strong>👩‍👩‍👧‍👦 please.</p>'],
      ['Ein *[Link][]* hier.\n\n[Link]: https://example.org/\n', 'A 🌈<1><2>link</2></1> here.', '<p>A 🌈<em><a href="https://example.org/">link</a></em> here.</p>'],
    ];
    for (const [german, translation, html] of cases) {
      const merged = mergeBody(german, translation);
      expect(structureOf(merged), `${translation} → ${merged}`).toEqual(structureOf(german));
      expect(markdownToHtml(merged).trim(), merged).toBe(html);
    }
  });

  test('a bare URL written as an explicit link after a translated `!` stays a link, not an image', () => {
    // Glued to other text than in the German, a bare URL is written `[url](<url>)`; a `!` just
    // before it would make that an image.
    const german = 'Mehr unter https://example.org/a und www.example.org hier.\n';
    const merged = mergeBody(german, 'More!<1/> and wow!<2/>here.');
    expect(structureOf(merged), merged).toEqual(structureOf(german));
    expect(markdownToHtml(merged).trim()).toBe('<p>More!<a href="https://example.org/a">https://example.org/a</a> and wow!<a href="http://www.example.org">www.example.org</a>here.</p>');
  });

  test('_ emphasis glued to a word around * emphasis stays two emphases', () => {
    // Switched to `*` (as `_` glued to a word must be), `_*Wort*_` became `**Wort**`: strong
    // emphasis instead of emphasis in emphasis.
    for (const german of ['Ein _*Wort*_ hier.\n', 'Ein _**Wort**_ hier.\n', 'Ein ~~_*Wort*_~~ hier.\n']) {
      const tags = german.includes('~~') ? ['<1><2><3>', '</3></2></1>'] : ['<1><2>', '</2></1>'];
      for (const translation of [`A${tags[0]}word${tags[1]}here.`, `A ${tags[0]}word${tags[1]}here.`, `A${tags[0]}word${tags[1]} here.`]) {
        const merged = mergeBody(german, translation);
        expect(structureOf(merged), `${translation} → ${merged}`).toEqual(structureOf(german));
      }
    }
  });

  test('inline HTML that lands at the start of a line stays in the paragraph', () => {
    // A block-level tag (`<div>`, `<h3>`, a comment) at the start of a line starts an HTML block:
    // after a hard break the translation moved it behind, or on a German line that was indented,
    // it ended the paragraph and took the rest of the line out of it as raw HTML.
    const cases: [string, string, string][] = [
      ['Eins\\\nzwei <div>x</div> drei.\n', 'One<1/><2/>x<3/> three two.', '<p>One<br>\n<div>x</div> three two.</p>'],
      ['Eins\\\nzwei <!-- c --> drei.\n', 'One<1/><2/> three two.', '<p>One<br>\n<!-- c --> three two.</p>'],
      ['Text <span>a</span>\n    <h3>x</h3> mehr.\n', 'Txt <1/>b<2/> <3/>y<4/> more.', '<p>Txt <span>b</span>\n<h3>y</h3> more.</p>'],
      ['- Text <span>a</span>\n      <h3>x</h3> mehr.\n', 'Txt <1/>b<2/> <3/>y<4/> more.', '<ul>\n<li>Txt <span>b</span>\n<h3>y</h3> more.</li>\n</ul>'],
    ];
    for (const [german, translation, html] of cases) {
      const merged = mergeBody(german, translation);
      expect(structureOf(merged), merged).toEqual(structureOf(german));
      expect(markdownToHtml(merged).trim(), merged).toBe(html);
    }
  });

  test('a shortcut reference right before a link, an image or a footnote call keeps its own target', () => {
    // `[Flyer]` followed by `[FAQ][]` is the full reference `[Flyer][FAQ]`: the link went to FAQ's
    // address; `![Logo]` before `[link](x)` or `[Flyer]` before `[^1]` lost the image or link.
    const cases: [string, string, string][] = [
      ['Lies [Flyer] und [FAQ][] hier.\n\n[flyer]: /f\n[faq]: /q\n', 'Read <1>Flyer</1><2>FAQ</2> here.', '<p>Read <a href="/f">Flyer</a><a href="/q">FAQ</a> here.</p>'],
      ['Lies [Flyer] und [FAQ](/q) hier.\n\n[flyer]: /f\n', 'Read <1>Flyer</1><2>FAQ</2> here.', '<p>Read <a href="/f">Flyer</a><a href="/q">FAQ</a> here.</p>'],
      ['Bild ![Logo] und [Link](x) hier.\n\n[logo]: /l.png\n', 'Image <1/><2>link</2> here.', '<p>Image <img src="/l.png" alt="Logo"><a href="x">link</a> here.</p>'],
    ];
    for (const [german, translation, html] of cases) {
      const merged = mergeBody(german, translation);
      expect(structureOf(merged), merged).toEqual(structureOf(german));
      expect(markdownToHtml(merged).trim(), merged).toBe(html);
    }
    const german = 'Lies [Flyer] hier[^1].\n\n[flyer]: /f\n\n[^1]: Fußnote.\n';
    const merged = mergeBody(german, 'Read <1>Flyer</1><2/> here.', 'Footnote.');
    expect(structureOf(merged), merged).toEqual(structureOf(german));
    expect(markdownToHtml(merged)).toContain('<a href="/f">Flyer</a><sup>');
  });

  test('emphasis a translation leaves empty is written as nothing, not as its delimiters', () => {
    // `<1></1>` was written `**` (or `~~~~`), which is no markup: the Markdown page showed the
    // asterisks or tildes as text.
    const cases: [string, string, string][] = [
      ['Eins *a* zwei.\n', 'One <1></1> two.', '<p>One  two.</p>'],
      ['Eins **a** zwei.\n', 'One<1> </1>two.', '<p>One two.</p>'],
      ['Eins ~~a~~ zwei.\n', 'One<1></1>two.', '<p>Onetwo.</p>'],
      ['Eins ***a** b* zwei.\n', 'One <1><2></2></1> two.', '<p>One  two.</p>'],
      ['Eins ***a** b* zwei.\n', 'One <1><2></2>x</1> two.', '<p>One <em>x</em> two.</p>'],
    ];
    for (const [german, translation, html] of cases) {
      const merged = mergeBody(german, translation);
      expect(markdownToHtml(merged).trim(), merged).toBe(html);
    }
  });

  test('emphasis, code and strikethrough put side by side stay apart', () => {
    // Delimiters of one character make one run: `*a**b*` was one emphasis with `**` in it,
    // `` `a``b` `` one code span, `~~a~~~~b~~` text. An empty comment keeps them apart; the
    // sanitizer removes it from the HTML (as remark-rehype without raw HTML does here).
    const cases: [string, string, string][] = [
      ['Ein *a* und *b* hier.\n', 'One <1>a</1><2>b</2> here.', '<p>One <em>a</em><em>b</em> here.</p>'],
      ['Ein **a** und *b* hier.\n', 'One <1>a</1><2>b</2> here.', '<p>One <strong>a</strong><em>b</em> here.</p>'],
      ['Ein `a` und `b` hier.\n', 'One <1/><2/> here.', '<p>One <code>a</code><code>b</code> here.</p>'],
      ['Ein ~~a~~ und ~~b~~ hier.\n', 'One <1>a</1><2>b</2> here.', '<p>One <del>a</del><del>b</del> here.</p>'],
      ['Ein _a_ und *b* hier.\n', 'One <1>a</1><2>b</2> here.', '<p>One <em>a</em><em>b</em> here.</p>'],
      ['Lies [Flyer] und https://x.org hier.\n\n[flyer]: /f\n', 'Read <1>Flyer</1><2/> here.', '<p>Read <a href="/f">Flyer</a><a href="https://x.org">https://x.org</a> here.</p>'],
    ];
    for (const [german, translation, html] of cases) {
      const merged = mergeBody(german, translation);
      expect(markdownToHtml(merged).replace(/<!---->/g, '').trim(), merged).toBe(html);
    }
  });

  test('a bare asterisk of the German beside emphasis is escaped once the emphasis is translated', () => {
    // `**5.9.0*` is a literal `*` and emphasis; written back bare, the `*` joined the opening run
    // (`**`), and a closing `*` that the translation put between punctuation or letters (so it could
    // also open) no longer matched a run of 2: the Markdown page lost the emphasis.
    for (const translation of ['*<1>5.9.0 / 2026-06-15[</1>***', '*<1>ไทย5.9.1 عربيّ</1>ไทย', '*<1>5.9.0 / 15. Juni</1>']) {
      const merged = mergeBody('**5.9.0 / 2026-06-15*\n', translation);
      expect(structureOf(merged), merged).toEqual(structureOf('**5.9.0 / 2026-06-15*\n'));
      expect(markdownToHtml(merged), merged).toMatch(/^<p>\*<em>/);
    }
  });

  test('a translated image title is read back as typed: a character reference and a line break are text', () => {
    // In a link title `&amp;` is a character reference (it read as `&`), and a line break in the
    // title ended a table row, a blank line the paragraph.
    const title = 'Tom &amp; "Jerry" &copy; \\ (x) | #';
    for (const german of ['Text ![Ein Bild](a.png "Ein Titel") hier.\n', '| ![Ein Bild](a.png "Ein Titel") |\n|---|\n| b |\n']) {
      for (const [translated, read] of [[title, title], ['A\ntitle', 'A title'], ['A\n\ntitle', 'A title']]) {
        const { analysis } = analyzeRelease('releases/2020-06-25-case.md', FRONT + german, config);
        const byKind: Record<string, string> = { alt: 'A picture', title: translated! };
        const merged = mergeRelease(analysis!, (segment) => byKind[segment.kind]).slice(FRONT.length);
        expect(structureOf(merged), merged).toEqual(structureOf(german));
        expect(decodeEntities(markdownToHtml(merged)), merged).toContain(`title="${read}"`);
      }
    }
  });
});


test('a translated front matter value a YAML 1.1 reader (Jekyll, PyYAML) takes for a boolean or number is quoted; the German date stays a date', () => {
  const source = '---\ntitle: Hallo Welt\ndate: 2020-06-25\nsummary: Kurz gesagt\ncategory: "Neu"\nimage:\n  src: a.jpg\n  alt: Ein Bild\n---\n\nText.\n';
  const { analysis } = analyzeRelease('releases/2020-06-25-fixture.md', source, config);
  // One-line values (spliced into their scalars) and a value with a line break (the document path).
  for (const summary of ['No', 'x\ny']) {
    const values: Record<string, string> = { 'meta.title': 'Yes', 'meta.summary': summary, 'meta.category': 'on', 'meta.image.alt': '12:30' };
    const yaml = /^---\n([\s\S]*?)\n---\n/.exec(mergeRelease(analysis!, (segment) => values[segment.key]))![1]!;
    expect(yaml, summary).toContain('date: 2020-06-25\n');
    expect(parse(yaml, { version: '1.1' }), summary).toMatchObject({ title: 'Yes', summary, category: 'on', image: { alt: '12:30' } });
  }
});
