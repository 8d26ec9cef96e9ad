import fc from 'fast-check';
import type { Nodes, PhrasingContent, Root } from 'mdast';
import { describe, expect, test } from 'vitest';
import { escapeMarkdownText, type EscapeContext } from '../src/core/markdown-escape.js';
import { parseMarkdown } from '../src/core/markdown.js';

/**
 * Property: whatever a translator types comes out of Markdown as exactly that text. The escaped
 * text is parsed in the places merge puts it (a paragraph, an ATX heading, a table cell, after a
 * hard break, between two other pieces) and the resulting plain text must equal the input, up to
 * the white-space normalization `escapeMarkdownText` documents: line breaks fold to a space
 * (translations are one line, like segments), white space at the very end of a segment is dropped
 * (Markdown strips it), leading white space of a segment is kept, after a hard break it is dropped.
 */

/** Pieces a translation is made of: Markdown punctuation, look-alikes of every construct, Unicode. */
const fragment = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...'abcXYZäßé09 '.split('')) },
  { weight: 4, arbitrary: fc.constantFrom(...'\\`*_[]<>()!#|~&;:.=+-"\'/@^{}$%?,'.split('')) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '\t', '\n', '\r\n', '  \n', '\\\n', '\u00a0', '\u200b', '🙂', '中文', 'Ω',
      '1.', '1)', '123456789.', '1234567890.', '#', '## ', '###### x', '> ', '- ', '+ ', '* ', '- - -', '***', '___', '===', '---',
      '```', '~~~', '~~x~~', '    code', '|', ' | ', '\\|', '<1>', '</1>', '<2/>', '&lt;1>', '<b>', '</b>', '<!-- c -->',
      '<div>', '<http://x.org>', '<a@b.c>', '&amp;', '&#35;', '&#x41;', '&copy;', '&copy', '&#0;', '&nbsp;',
      'http://example.org/a_b?c=d&e=f', 'https://x.org', 'HTTP://X.ORG', 'www.', 'www.example.com', 'example.com',
      'foo@bar.baz', 'mailto:foo@bar.baz', 'xmpp:a@b.cd', '[x](y)', '![a](b.png)', '[x][y]', '[^1]', '[ ]', '[x]: /u',
      '*x*', '_x_', '**x**', '__x__', 'a_b_c', '`c`', '$x$', ':smile:', '{{name}}', '$t(x)',
    ),
  },
);
const translation = fc.array(fragment, { maxLength: 14 }).map((parts) => parts.join(''));

const whole = (context: EscapeContext['context']): EscapeContext => ({ atLineStart: 'segment', atEnd: true, beforeBracket: false, context });

/** The plain text of a node, with line breaks (hard or soft) as they render: as a newline. */
function textOf(node: Nodes): string {
  if (node.type === 'break') return '\n';
  if ('value' in node && typeof node.value === 'string') return node.value;
  if ('children' in node) return (node.children as Nodes[]).map(textOf).join('');
  return '';
}

/** The inline children of the one block a document holds, failing when it holds anything else. */
function onlyBlock(tree: Root, type: 'paragraph' | 'heading'): PhrasingContent[] {
  if (tree.children.length === 0) return [];
  expect(tree.children.map((c) => c.type)).toEqual([type]);
  return (tree.children[0] as { children: PhrasingContent[] }).children;
}

/**
 * Inline nodes that literal text may produce: text, and links that GFM makes of URLs and e-mail
 * addresses (as it does in the German; their visible text is the typed text). A break appears only
 * where the test itself wrote one.
 */
function expectOnlyText(children: PhrasingContent[], allowBreak = false): void {
  for (const child of children) {
    if (child.type === 'link') {
      expect(child.children.map((c) => c.type)).toEqual(['text']);
      continue;
    }
    expect(child.type === 'text' || (allowBreak && child.type === 'break')).toBe(true);
  }
}

const fold = (s: string): string => s.replace(/[ \t]*(?:\r\n|\r|\n)[ \t]*/g, ' ');
/** Whole segment: leading white space kept, trailing dropped. */
const normalizeSegment = (s: string): string => {
  const folded = fold(s);
  const lead = /^[ \t]*/.exec(folded)![0];
  return lead + folded.slice(lead.length).replace(/[ \t]+$/, '');
};

const RUNS = { numRuns: 200, seed: 20_180_316 };

describe('escapeMarkdownText: parse(escape(s)) gives back s', () => {
  test('in a paragraph', () => {
    fc.assert(
      fc.property(translation, (s) => {
        const children = onlyBlock(parseMarkdown(escapeMarkdownText(s, whole('block'))), 'paragraph');
        expectOnlyText(children);
        expect(children.map(textOf).join('')).toBe(normalizeSegment(s));
      }),
      RUNS,
    );
  });

  test('in an ATX heading', () => {
    fc.assert(
      fc.property(translation, (s) => {
        const tree = parseMarkdown(`## ${escapeMarkdownText(s, whole('heading'))}`);
        const children = onlyBlock(tree, 'heading');
        expectOnlyText(children);
        expect(children.map(textOf).join('')).toBe(normalizeSegment(s));
      }),
      RUNS,
    );
  });

  test('in a table cell', () => {
    fc.assert(
      fc.property(translation, (s) => {
        const tree = parseMarkdown(`| head | other |\n| --- | --- |\n| ${escapeMarkdownText(s, whole('cell'))} | x |\n`);
        expect(tree.children.map((c) => c.type)).toEqual(['table']);
        const table = tree.children[0]!;
        if (table.type !== 'table') throw new Error('not a table');
        const row = table.children[1]!;
        expect(row.children).toHaveLength(2);
        expectOnlyText(row.children[0]!.children);
        expect(textOf(row.children[0]!)).toBe(normalizeSegment(s));
        expect(textOf(row.children[1]!)).toBe('x');
      }),
      RUNS,
    );
  });

  test('at the start of a line after a hard break', () => {
    fc.assert(
      fc.property(translation, (s) => {
        const context: EscapeContext = { atLineStart: 'line', atEnd: true, beforeBracket: false, context: 'block' };
        const expected = normalizeSegment(s).replace(/^[ \t]+/, '');
        // A hard break needs text after it; merge never writes one at the end of a segment.
        fc.pre(expected !== '');
        const children = onlyBlock(parseMarkdown(`Vorher\\\n${escapeMarkdownText(s, context)}`), 'paragraph');
        expectOnlyText(children, true);
        expect(children.map(textOf).join('')).toBe(`Vorher\n${expected}`);
      }),
      RUNS,
    );
  });

  test('between two other pieces of a segment', () => {
    fc.assert(
      fc.property(translation, (s) => {
        const context: EscapeContext = { atLineStart: false, atEnd: false, beforeBracket: false, context: 'block' };
        const children = onlyBlock(parseMarkdown(`Anfang ${escapeMarkdownText(s, context)} Ende`), 'paragraph');
        expectOnlyText(children);
        expect(children.map(textOf).join('')).toBe(`Anfang ${fold(s)} Ende`);
      }),
      RUNS,
    );
  });

  test('before a link, where a trailing `!` would make the link an image', () => {
    fc.assert(
      fc.property(translation, (s) => {
        const context: EscapeContext = { atLineStart: 'segment', atEnd: false, beforeBracket: true, context: 'block' };
        const children = onlyBlock(parseMarkdown(`${escapeMarkdownText(`${s}!`, context)}[Link](https://example.org)`), 'paragraph');
        expect(children.at(-1)?.type).toBe('link');
        expect(children.filter((c) => c.type === 'image')).toEqual([]);
      }),
      RUNS,
    );
  });
});

test('after a link, a text that starts with `(`, `:` or a URL stays text (escaped once, not twice)', () => {
  const context: EscapeContext = { atLineStart: false, atEnd: true, beforeBracket: false, afterBracket: true, context: 'block' };
  for (const s of ['://example.org', '(siehe oben)', ': mehr', 'https://example.org', 'www.example.org']) {
    const children = onlyBlock(parseMarkdown(`[Link](https://example.org)${escapeMarkdownText(s, context)}`), 'paragraph');
    expect(children[0]?.type, s).toBe('link');
    expectOnlyText(children.slice(1));
    expect(children.slice(1).map(textOf).join(''), s).toBe(s);
  }
});

describe('escapeMarkdownText: examples', () => {
  const block = whole('block');
  test.each([
    ['1. Platz', '1\\. Platz'],
    ['# Titel', '\\# Titel'],
    ['> Zitat', '\\> Zitat'],
    ['- Punkt', '\\- Punkt'],
    ['*wichtig* und _so_', '\\*wichtig\\* und \\_so\\_'],
    ['<b>fett</b>', '\\<b>fett\\</b>'],
    ['[x](y)', '\\[x\\](y)'],
    ['AT&T &amp; Co', 'AT&T \\&amp; Co'],
    ['  eingerückt', '&#32;&#32;eingerückt'],
    ['zwei\nZeilen', 'zwei Zeilen'],
    ['Preis: 15 €', 'Preis: 15 €'],
  ])('%j → %j', (input, expected) => {
    expect(escapeMarkdownText(input, block)).toBe(expected);
  });

  test('pipes are escaped in table cells only', () => {
    expect(escapeMarkdownText('a | b', whole('cell'))).toBe('a \\| b');
    expect(escapeMarkdownText('a | b', block)).toBe('a | b');
  });

  test('a closing sequence of hashes at the end of a heading stays text', () => {
    expect(escapeMarkdownText('Nummer #', whole('heading'))).toBe('Nummer \\#');
  });
});
