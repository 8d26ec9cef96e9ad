import type { Root } from 'mdast';
import { describe, expect, test } from 'vitest';
import { analyzeRelease, type ReleaseAnalysis } from '../src/core/analyze-release.js';
import { parseConfig, type Config } from '../src/core/config.js';
import { parseRelease } from '../src/core/parse-release.js';
import { keyRulesOutText, normalizeForKey, segmentKey, segmentRelease, type Segment } from '../src/core/segment.js';

const config = parseConfig('site:\n  url: https://example.org/press/\n').config!;
const FILE = 'releases/2020-06-25-test.md';
const FRONT_MATTER = '---\ntitle: Ein Titel\ndate: 2020-06-25\n---\n\n';

function analyze(body: string, frontMatter = FRONT_MATTER, withConfig: Config = config): ReleaseAnalysis {
  const { analysis, diagnostics } = analyzeRelease(FILE, frontMatter + body, withConfig);
  if (!analysis) throw new Error(`not analyzed: ${JSON.stringify(diagnostics)}`);
  return analysis;
}

/** Body segments as [key kind, source] pairs, front matter left out. */
function body(markdown: string): [string, string][] {
  return analyze(markdown)
    .segments.filter((s) => s.kind !== 'meta')
    .map((s) => [s.kind, s.source]);
}

const keyOf = (segments: Segment[], source: string): string | undefined => segments.find((s) => s.source === source)?.key;

describe('segment kinds', () => {
  test('cells beyond the header row\'s are no segments: GFM ignores them, no page shows them', () => {
    // The `|` in the code span ends a cell (GFM), so the row has four cells for two columns.
    expect(body('| Name | Wert |\n| --- | --- |\n| `a | b` | Eins | Zu viel |\n| Zwei |')).toEqual([
      ['th', 'Name'],
      ['th', 'Wert'],
      ['td', '`a'],
      ['td', 'b`'],
      ['td', 'Zwei'],
    ]);
  });

  test('one segment per translatable block, with its kind', () => {
    const markdown = [
      '# Überschrift',
      'Ein Absatz.',
      '- Punkt eins\n- Punkt zwei',
      '> Ein Zitat.',
      '| Kopf |\n| --- |\n| Zelle |',
      'Mit Fußnote[^1].',
      '[^1]: Die Fußnote.',
      'Überschrift zwei\n---',
    ].join('\n\n');
    expect(body(markdown)).toEqual([
      ['h', 'Überschrift'],
      ['p', 'Ein Absatz.'],
      ['li', 'Punkt eins'],
      ['li', 'Punkt zwei'],
      ['q', 'Ein Zitat.'],
      ['th', 'Kopf'],
      ['td', 'Zelle'],
      ['p', 'Mit Fußnote<1/>.'],
      ['fn', 'Die Fußnote.'],
      ['h', 'Überschrift zwei'],
    ]);
  });

  test('the innermost container decides: a quote in a list item is q, a list in a quote is li', () => {
    expect(body('- Punkt\n\n  > Zitat im Punkt\n\n> - Punkt im Zitat')).toEqual([
      ['li', 'Punkt'],
      ['q', 'Zitat im Punkt'],
      ['li', 'Punkt im Zitat'],
    ]);
  });

  test('a key is the kind plus 8 hex digits of the normalized text', () => {
    const [segment] = analyze('Ein Absatz.').segments.filter((s) => s.kind === 'p');
    expect(segment!.key).toMatch(/^p-[0-9a-f]{8}$/);
    expect(segment!.key).toBe(segmentKey('p', 'Ein Absatz.'));
    // The same text as a list item is another segment.
    expect(segmentKey('li', 'Ein Absatz.')).not.toBe(segment!.key);
  });
});

describe('stable keys', () => {
  const paragraphs = ['Erster Absatz über die Konferenz.', 'Zweiter Absatz mit *Betonung*.', 'Dritter Absatz.'];

  test('the same text gives the same key, run after run', () => {
    expect(analyze(paragraphs.join('\n\n')).segments).toEqual(analyze(paragraphs.join('\n\n')).segments);
  });

  test('reordering paragraphs changes no key', () => {
    const before = analyze(paragraphs.join('\n\n')).segments;
    const after = analyze([paragraphs[2], paragraphs[0], paragraphs[1]].join('\n\n')).segments;
    expect(new Set(after.map((s) => s.key))).toEqual(new Set(before.map((s) => s.key)));
    for (const text of ['Erster Absatz über die Konferenz.', 'Zweiter Absatz mit <1>Betonung</1>.']) {
      expect(keyOf(after, text)).toBe(keyOf(before, text));
    }
  });

  test('re-wrapping a paragraph changes neither its key nor its text', () => {
    const one = analyze('Ein langer Absatz, der auf einer Zeile steht und *Betonung* hat.').segments;
    const wrapped = analyze('Ein langer Absatz,\nder auf einer \n   Zeile steht und *Betonung*\nhat.').segments;
    expect(wrapped.map((s) => [s.key, s.source])).toEqual(one.map((s) => [s.key, s.source]));
    // Extra blanks inside a line change the text translators see, but not the key.
    const spaced = analyze('Ein langer Absatz, der auf  einer Zeile steht und *Betonung* hat.').segments;
    expect(spaced.map((s) => s.key)).toEqual(one.map((s) => s.key));
  });

  test('Unicode normalization does not change a key', () => {
    expect(normalizeForKey('Gru\u0308\u00dfe')).toBe(normalizeForKey('Grüße'));
    expect(segmentKey('p', 'Gru\u0308\u00dfe')).toBe(segmentKey('p', 'Grüße'));
  });

  test('a key made from the text rules out every other text but the same one in other white space or Unicode form; a front matter key rules out nothing', () => {
    const key = segmentKey('p', '15 Partner trafen sich.');
    expect(keyRulesOutText(key, '16 Partner trafen sich.')).toBe(true);
    expect(keyRulesOutText(key, '')).toBe(true);
    expect(keyRulesOutText(key, '15 Partner trafen sich.')).toBe(false);
    expect(keyRulesOutText(key, ' 15  Partner\ntrafen sich. ')).toBe(false);
    // The hash is of the text alone; every kind of body segment has one.
    expect(keyRulesOutText(key.replace(/^p-/, 'li-'), '16 Partner trafen sich.')).toBe(true);
    expect(keyRulesOutText(segmentKey('alt', 'Ein Foto'), 'Ein Bild')).toBe(true);
    expect(keyRulesOutText('meta.title', 'Irgendein Titel')).toBe(false);
    expect(keyRulesOutText('meta.image.alt', 'Ein Bild')).toBe(false);
    // Keys not made by segmentKey say nothing about the text.
    expect(keyRulesOutText('p-1234', 'Ein Text.')).toBe(false);
    expect(keyRulesOutText('custom-key', 'Ein Text.')).toBe(false);
    // The 16-digit key of the second of two texts that share 8 digits (here: the same text in
    // other white space) is checked with its 16 digits.
    const [first, second] = analyze('Ein Absatz.\n\nEin  Absatz.').segments.filter((s) => s.kind === 'p');
    expect(second!.key).toMatch(/^p-[0-9a-f]{16}$/);
    expect(keyRulesOutText(second!.key, second!.source)).toBe(false);
    expect(keyRulesOutText(second!.key, 'Kein Absatz.')).toBe(true);
    expect(keyRulesOutText(first!.key, first!.source)).toBe(false);
  });

  test('editing one paragraph changes that key alone', () => {
    const before = analyze(paragraphs.join('\n\n')).segments.map((s) => s.key);
    const after = analyze([paragraphs[0], 'Zweiter Absatz mit *starker* Betonung.', paragraphs[2]].join('\n\n')).segments.map((s) => s.key);
    expect(after.filter((key) => !before.includes(key))).toHaveLength(1);
    expect(before.filter((key) => !after.includes(key))).toHaveLength(1);
  });

  test('identical paragraphs share one key, with one occurrence each', () => {
    const segments = analyze('Mehr unter [unserer Seite](https://a.example).\n\nDazwischen.\n\nMehr unter [unserer Seite](https://b.example).').segments;
    const shared = segments.filter((s) => s.source === 'Mehr unter <1>unserer Seite</1>.');
    expect(shared).toHaveLength(1);
    expect(shared[0]!.occurrences.map((o) => o.line)).toEqual([6, 10]);
    expect(shared[0]!.line).toBe(6);
  });
});

describe('front matter segments', () => {
  const frontMatter = [
    '---',
    'title: "Vertrag unterzeichnet"',
    'date: 2020-06-25',
    'summary: >-',
    '  Eine Zusammenfassung',
    '  über zwei Zeilen.',
    'category: Projekte',
    'author: Allianz für die Region GmbH',
    'tags: [Digitalisierung, KMU]',
    'image:',
    '  src: images/foto.jpg',
    '  alt: Ein Foto vom Podium',
    '  credit: Jemand',
    '---',
    '',
    '',
  ].join('\n');

  test('the keys listed in config.translate, in that order, keyed by dotted path', () => {
    const meta = analyze('Text.', frontMatter).segments.filter((s) => s.kind === 'meta');
    expect(meta.map((s) => [s.key, s.source, s.line])).toEqual([
      ['meta.title', 'Vertrag unterzeichnet', 2],
      ['meta.summary', 'Eine Zusammenfassung über zwei Zeilen.', 4],
      ['meta.category', 'Projekte', 7],
      ['meta.image.alt', 'Ein Foto vom Podium', 12],
    ]);
    expect(meta.find((s) => s.key === 'meta.image.alt')!.path).toEqual(['image', 'alt']);
  });

  test('another configuration translates other keys; list items get an index', () => {
    const custom = parseConfig('site:\n  url: https://example.org/\ntranslate: [tags, author, image.credit]\n').config!;
    const meta = analyze('Text.', frontMatter, custom).segments.filter((s) => s.kind === 'meta');
    expect(meta.map((s) => [s.key, s.source])).toEqual([
      ['meta.tags.0', 'Digitalisierung'],
      ['meta.tags.1', 'KMU'],
      ['meta.author', 'Allianz für die Region GmbH'],
      ['meta.image.credit', 'Jemand'],
    ]);
    expect(meta[1]!.path).toEqual(['tags', 1]);
  });

  test('a listed key that holds a map is FRONT_MATTER_UNTRANSLATED (a warning at its line) naming a key to list instead', () => {
    const custom = parseConfig('site:\n  url: https://example.org/\ntranslate: [title, subtitle]\n').config!;
    const { analysis, diagnostics } = analyzeRelease(FILE, '---\ntitle: Titel\ndate: 2020-06-25\nsubtitle:\n  kurz: Kurz gesagt\n  lang: Ausführlich\n---\n\nText.\n', custom);
    expect(analysis!.segments.filter((s) => s.kind === 'meta').map((s) => s.key)).toEqual(['meta.title']);
    expect(diagnostics.map((d) => [d.code, d.severity, d.line, d.message, d.hint])).toEqual([
      [
        'FRONT_MATTER_UNTRANSLATED',
        'warning',
        4,
        '`subtitle` is listed in `translate` (presslate.config.yaml) but holds keys of its own here, so it is copied to every language untranslated',
        'list the keys to translate in `translate`, e.g. `subtitle.kurz`',
      ],
    ]);
  });

  test('a listed key that is absent or has no words is no segment', () => {
    const meta = analyze('Text.', '---\ntitle: Titel\ndate: 2020-06-25\ncategory: "2020"\n---\n\n').segments.filter((s) => s.kind === 'meta');
    expect(meta.map((s) => s.key)).toEqual(['meta.title', 'meta.category']);
    const none = analyze('Text.', '---\ntitle: Titel\ndate: 2020-06-25\ncategory: "–"\n---\n\n').segments.filter((s) => s.kind === 'meta');
    expect(none.map((s) => s.key)).toEqual(['meta.title']);
  });
});

describe('what stays out of the text', () => {
  test('link URLs, inline code, inline HTML and autolinks become tags', () => {
    expect(body('Siehe [die Seite](https://example.org "Titel"), `npm test`, <b>fett</b>, <https://x.org> und www.y.org.')).toEqual([
      ['p', 'Siehe <1>die Seite</1>, <2/>, <3/>fett<4/>, <5/> und <6/>.'],
    ]);
  });

  test('emphasis, strong, strikethrough and references become paired tags, hard breaks atoms', () => {
    expect(body('*a* **b** ~~c~~ [d][ref] [e][] [ref]\\\nneue Zeile\n\n[ref]: https://example.org\n[e]: https://example.org/e')).toEqual([
      ['p', '<1>a</1> <2>b</2> <3>c</3> <4>d</4> <5>e</5> <6>ref</6><7/>neue Zeile'],
    ]);
  });

  test('code blocks, HTML blocks, thematic breaks and definitions are not segments', () => {
    expect(body('```js\nconst a = "Text";\n```\n\n    eingerückter Code\n\n<div>\nHTML-Block\n</div>\n\n***\n\n[ref]: https://example.org "Titel"')).toEqual([]);
  });

  test('blocks without words are not segments', () => {
    expect(body('`nur Code`\n\n| `x` | 42 |\n| --- | --- |\n| – | ! |')).toEqual([['th', '42']]);
  });

  test('text that looks like a tag is escaped', () => {
    expect(body('Vergleich: a \\<1> b &lt;2/> c')).toEqual([['p', 'Vergleich: a &lt;1> b &lt;2/> c']]);
  });
});

describe('images', () => {
  test('an image in text is an atom; its alt and title are segments of their own', () => {
    const segments = analyze('Text mit ![Ein Foto](foto.jpg "Ein Titel") drin.').segments.filter((s) => s.kind !== 'meta');
    expect(segments.map((s) => [s.kind, s.source])).toEqual([
      ['p', 'Text mit <1/> drin.'],
      ['alt', 'Ein Foto'],
      ['title', 'Ein Titel'],
    ]);
    const atom = segments[0]!.occurrences[0]!.tokens.find((t) => t.type === 'atom');
    expect(atom).toMatchObject({ node: 'image', image: { altKey: segments[1]!.key, titleKey: segments[2]!.key, url: 'foto.jpg', inline: true } });
  });

  test('a paragraph holding only an image is an image block, its alt a segment', () => {
    const analysis = analyze('![Das Podium](podium.jpg)\n\n![](leer.jpg)');
    expect(analysis.segments.filter((s) => s.kind !== 'meta').map((s) => [s.kind, s.source])).toEqual([['alt', 'Das Podium']]);
    expect(analysis.imageBlocks.map((block) => block.line)).toEqual([6, 8]);
  });

  test('reference images keep their label for when the alt changes', () => {
    const analysis = analyze('Logo: ![Logo][] und ![Bild][b]\n\n[logo]: logo.png\n[b]: b.png');
    const tokens = analysis.segments.find((s) => s.kind === 'p')!.occurrences[0]!.tokens.filter((t) => t.type === 'atom');
    expect(tokens.map((t) => (t.type === 'atom' ? [t.image?.tail, t.image?.tailWhenChanged] : []))).toEqual([
      ['[]', '[Logo]'],
      ['[b]', '[b]'],
    ]);
  });
});

describe('unknown node types', () => {
  const parsed = (): NonNullable<ReturnType<typeof parseRelease>['release']> => {
    const { release } = parseRelease(FILE, `${FRONT_MATTER}Ein Absatz.\n\nNoch einer.\n`, config);
    if (!release) throw new Error('not parsed');
    return release;
  };

  test('an unknown block is reported with its line, never dropped silently', () => {
    const release = parsed();
    const tree = release.tree as Root;
    tree.children.splice(2, 0, {
      type: 'mysteryBlock',
      position: { start: { line: 8, column: 1, offset: 60 }, end: { line: 8, column: 5, offset: 64 } },
    } as unknown as Root['children'][number]);
    const { segments, diagnostics } = segmentRelease(release, config);
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'UNSUPPORTED_NODE', severity: 'error', file: FILE, line: 8, column: 1 }),
    ]);
    expect(diagnostics[0]!.message).toContain('mysteryBlock');
    expect(diagnostics[0]!.hint).toBeTruthy();
    expect(segments.map((s) => s.source)).toEqual(['Ein Titel', 'Ein Absatz.', 'Noch einer.']);
  });

  test('an unknown inline node is reported and kept as an atom', () => {
    const release = parsed();
    const paragraph = (release.tree as Root).children[1]!;
    if (paragraph.type !== 'paragraph') throw new Error('expected a paragraph');
    paragraph.children.push({
      type: 'mysteryInline',
      position: { start: { line: 6, column: 12, offset: 0 }, end: { line: 6, column: 12, offset: 0 } },
    } as unknown as (typeof paragraph.children)[number]);
    const { segments, diagnostics } = segmentRelease(release, config);
    expect(diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([['UNSUPPORTED_NODE', 6, 12]]);
    expect(segments.map((s) => s.source)).toContain('Ein Absatz.<1/>');
  });

  test('analyzeRelease refuses a release with an unknown node', () => {
    const release = parsed();
    (release.tree as Root).children.push({ type: 'mysteryBlock' } as unknown as Root['children'][number]);
    expect(segmentRelease(release, config).diagnostics[0]).toMatchObject({ code: 'UNSUPPORTED_NODE', line: 1 });
  });
});
