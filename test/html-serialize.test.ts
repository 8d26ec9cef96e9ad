import fc from 'fast-check';
import type { Element, ElementContent, Properties, Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { h } from 'hastscript';
import { describe, expect, test } from 'vitest';
import { serializeHtml } from '../src/core/feed/html-serialize.js';

/**
 * serializeHtml is hast-util-to-html with its default options, written for speed (but for a NUL
 * in an attribute value, which it leaves out: see `library` below): these
 * properties hold the two to the same bytes on generated trees — elements of every kind the
 * build and the sanitizer produce and many they do not (void elements with content, raw-text
 * elements, SVG, templates, comments), attribute values of every type hast allows, and text with
 * every character either writer escapes.
 */

const CHARACTERS = [...'aZäß1 .,;:!?\'"“”„&<>`=/\\#%-_', '\0', '\t', '\n', '\r', '\u00a0', '\u2028', '\ud83d\ude00', '\ud800', '中'];
const text = fc.array(fc.constantFrom(...CHARACTERS), { maxLength: 16 }).map((chars) => chars.join(''));

const TAGS = ['p', 'a', 'img', 'br', 'hr', 'td', 'th', 'li', 'ul', 'code', 'pre', 'span', 'figure', 'meta', 'link', 'style', 'script', 'title', 'input', 'section', 'BR', 'Custom-El'];
/** Tags serializeHtml hands to hast-util-to-html. */
const OTHER_TAGS = ['svg', 'template', 'math'];

// Property names of several kinds in property-information's HTML schema: strings, space- and
// comma-separated lists, booleans, overloaded booleans, numbers, aria and data attributes, names
// the schema does not know; and names that need escaping, which serializeHtml hands over.
const PROPERTY_NAMES = [
  'href', 'src', 'alt', 'title', 'id', 'className', 'rel', 'accept', 'coords', 'checked', 'hidden', 'download',
  'colSpan', 'rowSpan', 'align', 'style', 'dateTime', 'hrefLang', 'charSet', 'ariaHidden', 'ariaDescribedBy',
  'dataFooBar', 'data-x', 'unknownProp', 'allowFullScreen', 'value',
];
const OTHER_PROPERTY_NAMES = ['weird"name', 'a b', 'x=y'];
const propertyValue = fc.oneof(
  text,
  fc.constantFrom('', 'href', 'download', 'checked', 'true', 'false'),
  fc.boolean(),
  fc.integer({ min: -3, max: 100 }),
  fc.constantFrom(Number.NaN, 0, 1.5),
  fc.array(fc.oneof(text, fc.integer({ min: 0, max: 9 })), { maxLength: 3 }),
  fc.constantFrom(null, undefined),
);

/**
 * Trees of what serializeHtml writes itself, or (`all`) with a few nodes and names it hands to
 * hast-util-to-html too.
 */
function trees(all: boolean) {
  const properties = fc
    .array(fc.tuple(fc.constantFrom(...PROPERTY_NAMES, ...(all ? OTHER_PROPERTY_NAMES : [])), propertyValue), { maxLength: 4 })
    .map((pairs) => Object.fromEntries(pairs) as Properties);
  const leaf: fc.Arbitrary<ElementContent> = fc.oneof(
    { weight: 6, arbitrary: text.map((value) => ({ type: 'text' as const, value })) },
    { weight: 1, arbitrary: text.map((value) => ({ type: 'raw' as const, value }) as unknown as ElementContent) },
    { weight: all ? 1 : 0, arbitrary: text.map((value) => ({ type: 'comment' as const, value })) },
  );
  const { node } = fc.letrec<{ node: ElementContent }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc
        .record({ tagName: fc.constantFrom(...TAGS, ...(all ? OTHER_TAGS : [])), properties, children: fc.array(tie('node'), { maxLength: 4 }) })
        .map((element): Element => ({ type: 'element', ...element })),
    ),
  }));
  const root = fc
    .tuple(fc.boolean(), fc.array(node, { maxLength: 5 }))
    .map(([doctype, children]): Root => ({ type: 'root', children: doctype ? [{ type: 'doctype' }, ...children] : children }));
  return { node, root };
}

/**
 * hast-util-to-html's bytes, without the `&#x0;` it writes for a NUL in an attribute value, which
 * serializeHtml leaves out (the only place the library writes that reference).
 */
function library(tree: Root | Element, options: { allowDangerousHtml?: boolean } = {}): string {
  return toHtml(tree, options).replace(/&#x0;/g, '');
}

describe('serializeHtml', () => {
  test('writes the bytes hast-util-to-html writes, with and without raw HTML allowed', () => {
    fc.assert(
      fc.property(trees(false).root, fc.boolean(), (tree, allowDangerousHtml) => {
        expect(serializeHtml(tree, { allowDangerousHtml })).toBe(library(tree, { allowDangerousHtml }));
      }),
      { numRuns: 3000 },
    );
  });

  test('hands comments, other namespaces, templates and names to escape to hast-util-to-html', () => {
    fc.assert(
      fc.property(trees(true).root, fc.boolean(), (tree, allowDangerousHtml) => {
        expect(serializeHtml(tree, { allowDangerousHtml })).toBe(library(tree, { allowDangerousHtml }));
      }),
      { numRuns: 1000 },
    );
  });

  test('writes a single element the same way (the photo block)', () => {
    fc.assert(
      fc.property(trees(false).node, (element) => {
        if (element.type !== 'element') return;
        expect(serializeHtml(element)).toBe(library(element));
      }),
      { numRuns: 1000 },
    );
  });

  test('escapes what a page needs escaped, and writes void elements without an end tag', () => {
    const tree: Root = {
      type: 'root',
      children: [
        { type: 'doctype' },
        h('html', { lang: 'de' }, [
          h('head', [h('meta', { charSet: 'utf-8' }), h('title', 'A & B <c>'), h('style', 'p>a{color:red}')]),
          h('body', [
            h('p', { className: ['date', 'x'] }, h('time', { dateTime: '2024-01-02' }, '„Zitat“ & <b>')),
            h('img', { src: 'https://example.org/a.jpg?x=1&y="2"', alt: "it's `x`" }),
            { type: 'raw', value: '<p>raw</p>' } as unknown as ElementContent,
          ]),
        ]),
      ],
    };
    const written = serializeHtml(tree, { allowDangerousHtml: true });
    expect(written).toBe(
      '<!doctype html><html lang="de"><head><meta charset="utf-8"><title>A &#x26; B &#x3C;c></title><style>p>a{color:red}</style></head>' +
        '<body><p class="date x"><time datetime="2024-01-02">„Zitat“ &#x26; &#x3C;b></time></p>' +
        '<img src="https://example.org/a.jpg?x=1&#x26;y=&#x22;2&#x22;" alt="it&#x27;s &#x60;x&#x60;"><p>raw</p></body></html>',
    );
    expect(written).toBe(library(tree, { allowDangerousHtml: true }));
    // Without raw HTML allowed, a raw node is text.
    expect(serializeHtml(tree)).toContain('&#x3C;p>raw&#x3C;/p>');
  });

  test('leaves a NUL out of an attribute value, where hast-util-to-html writes &#x0; (an error to HTML parsers), on both of its paths', () => {
    const image = h('img', { src: 'https://example.org/a.jpg', alt: 'Vier\u0000Personen', title: '\u0000' });
    expect(toHtml(image)).toContain('alt="Vier&#x0;Personen"');
    expect(serializeHtml(image)).toBe('<img src="https://example.org/a.jpg" alt="VierPersonen" title="">');
    // A tree with a comment goes to the library; the reference is removed from its output too.
    const withComment: Root = { type: 'root', children: [{ type: 'comment', value: 'c' }, image] };
    expect(serializeHtml(withComment)).toBe('<!--c--><img src="https://example.org/a.jpg" alt="VierPersonen" title="">');
    // Typed as text, "&#x0;" is text and stays.
    expect(serializeHtml(h('p', { title: '&#x0;' }, '&#x0;'))).toBe('<p title="&#x26;#x0;">&#x26;#x0;</p>');
  });
});
