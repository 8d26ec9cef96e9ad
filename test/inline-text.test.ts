import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  hasText,
  decodeText,
  encodeText,
  plainText,
  tokenizeTagged,
  toTaggedText,
  validateTags,
  type InlineToken,
} from '../src/core/inline-text.js';

/** Strings full of things that look like tags or like their escaped form. */
const tricky = fc
  .array(fc.constantFrom('<', '>', '/', '&', 'lt;', 'amp;', '1', '23', 'a', ' ', 'ä', '<1>', '</1>', '<2/>', '</3/>', '&lt;', '&amp;', '&amp;lt;', '&amp;lt;1>', '&amp;amp;lt;2/>'), {
    maxLength: 16,
  })
  .map((parts) => parts.join(''));

describe('encodeText / decodeText', () => {
  test('decodeText(encodeText(s)) is s for any text', () => {
    fc.assert(fc.property(fc.oneof(tricky, fc.string()), (s) => decodeText(encodeText(s)) === s), { numRuns: 500, seed: 42 });
  });

  test('encoded text never contains a tag', () => {
    fc.assert(
      fc.property(tricky, (s) => {
        expect(tokenizeTagged(encodeText(s)).every((t) => t.type === 'text')).toBe(true);
      }),
      { numRuns: 500, seed: 7 },
    );
  });

  test('literal text that looks like a tag is escaped, and its escaped form escaped once more', () => {
    expect(encodeText('a <1> b')).toBe('a &lt;1> b');
    expect(encodeText('</2> <3/>')).toBe('&lt;/2> &lt;3/>');
    expect(encodeText('&lt;1>')).toBe('&amp;lt;1>');
    expect(encodeText('&amp;lt;1>')).toBe('&amp;amp;lt;1>');
    expect(decodeText('&amp;amp;lt;1>')).toBe('&amp;lt;1>');
    // Only look-alikes of tags are touched: HTML in a press release stays readable.
    expect(encodeText('AT&T &lt; <b>fett</b> <1a>')).toBe('AT&T &lt; <b>fett</b> <1a>');
  });
});

describe('toTaggedText / tokenizeTagged', () => {
  const tokens: InlineToken[] = [
    { type: 'text', value: 'Mit dabei waren die ', raw: 'Mit dabei waren die ' },
    { type: 'open', id: 1, node: 'link', raw: '[' },
    { type: 'text', value: 'Allianz <2> GmbH', raw: 'Allianz \\<2> GmbH' },
    { type: 'close', id: 1, node: 'link', raw: '](https://example.org)' },
    { type: 'text', value: ' und ', raw: ' und ' },
    { type: 'atom', id: 2, node: 'inlineCode', raw: '`x`' },
    { type: 'text', value: ' &lt;3> zuletzt', raw: ' &amp;lt;3> zuletzt' },
  ];

  test('serializes tags as numbers and escapes look-alikes in text', () => {
    expect(toTaggedText(tokens)).toBe('Mit dabei waren die <1>Allianz &lt;2> GmbH</1> und <2/> &amp;lt;3> zuletzt');
  });

  test('tokenizing gives the same text and tags back', () => {
    const back = tokenizeTagged(toTaggedText(tokens));
    expect(back.map((t) => (t.type === 'text' ? t.value : `${t.type}:${t.id}`))).toEqual([
      'Mit dabei waren die ',
      'open:1',
      'Allianz <2> GmbH',
      'close:1',
      ' und ',
      'atom:2',
      ' &lt;3> zuletzt',
    ]);
  });

  test('tag offsets point at the tags', () => {
    const text = 'a <1>b</1> <2/>';
    for (const token of tokenizeTagged(text)) {
      if (token.type !== 'text') expect(text[token.offset]).toBe('<');
    }
  });

  test('any sequence of text and tags survives a round trip', () => {
    const piece = fc.oneof(
      tricky.filter((s) => s !== '').map((value): InlineToken => ({ type: 'text', value, raw: value })),
      fc.integer({ min: 1, max: 30 }).map((id): InlineToken => ({ type: 'atom', id, node: 'break', raw: '\\\n' })),
      fc.integer({ min: 1, max: 30 }).map((id): InlineToken => ({ type: 'open', id, node: 'emphasis', raw: '*' })),
      fc.integer({ min: 1, max: 30 }).map((id): InlineToken => ({ type: 'close', id, node: 'emphasis', raw: '*' })),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 10 }), (pieces) => {
        // Adjacent text tokens merge when read back, so compare the concatenated texts between tags.
        const expected: string[] = [];
        for (const p of pieces) {
          const shown = p.type === 'text' ? p.value : `${p.type}:${p.id}`;
          if (p.type === 'text' && expected.length > 0 && !/^(open|close|atom):\d+$/.test(expected.at(-1)!)) expected[expected.length - 1] += shown;
          else expected.push(shown);
        }
        const back = tokenizeTagged(toTaggedText(pieces)).map((t) => (t.type === 'text' ? t.value : `${t.type}:${t.id}`));
        expect(back).toEqual(expected);
      }),
      { numRuns: 300, seed: 3 },
    );
  });

  test('plainText drops tags and folds white space', () => {
    expect(plainText('  <1>Allianz</1>  für<2/>die &lt;3> Region ')).toBe('Allianz für die <3> Region');
  });
});

describe('validateTags', () => {
  const source = 'Die <1>Allianz <2>für</2> die Region</1> und <3>Ostfalia</3> mit <4/>.';
  const codes = (translation: string): string[] => validateTags(source, translation).map((p) => p.code);

  test('the same tags, moved and reordered, are fine', () => {
    expect(validateTags(source, source)).toEqual([]);
    expect(validateTags(source, '<4/> and <3>Ostfalia</3> with the <1>Alliance <2>for</2> the region</1>.')).toEqual([]);
    expect(validateTags(source, 'The <1><2>regional</2> alliance</1>, <3>Ostfalia</3><4/>')).toEqual([]);
  });

  test('text without tags in a segment without tags is fine', () => {
    expect(validateTags('Nur Text', 'Just text')).toEqual([]);
    expect(validateTags('Nur Text', '')).toEqual([]);
  });

  test('a missing paired tag', () => {
    const problems = validateTags(source, 'The <1>Alliance <2>for</2> the region</1> and Ostfalia with <4/>.');
    expect(problems).toEqual([expect.objectContaining({ code: 'TAG_MISSING', message: 'lacks the tag <3>…</3>' })]);
    expect(problems[0]!.hint).toContain('Ostfalia');
  });

  test('a missing self-closing tag', () => {
    expect(codes('The <1>Alliance <2>for</2> the region</1> and <3>Ostfalia</3>.')).toEqual(['TAG_MISSING']);
  });

  test('a tag opened but never closed', () => {
    const problems = validateTags(source, 'The <1>Alliance <2>for</2> the region and <3>Ostfalia</3> <4/>.');
    expect(problems.map((p) => [p.code, p.message])).toContainEqual(['TAG_MISSING', 'never closes <1>']);
  });

  test('an extra tag the German does not have', () => {
    const problems = validateTags(source, `${source} <5/>`);
    expect(problems).toEqual([expect.objectContaining({ code: 'TAG_EXTRA' })]);
    expect(problems[0]!.message).toContain('<5/>');
    expect(problems[0]!.hint).toContain('<4/>');
  });

  test('a tag used twice', () => {
    expect(codes(source.replace('<4/>', '<4/><4/>'))).toEqual(['TAG_EXTRA']);
    expect(codes(`${source} <3>again</3>`)).toEqual(['TAG_EXTRA', 'TAG_EXTRA']);
  });

  test('crossed tags are mis-nested', () => {
    const problems = validateTags(source, 'The <1>Alliance <2>for the region</1></2>, <3>Ostfalia</3> <4/>');
    expect(problems.map((p) => p.code)).toContain('TAG_MISNESTED');
    expect(problems.find((p) => p.code === 'TAG_MISNESTED')!.hint).toContain('close </2> first');
  });

  test('a tag moved out of its parent (or into another) is mis-nested', () => {
    expect(codes('The <1>Alliance</1> <2>for</2> the region, <3>Ostfalia</3> <4/>')).toEqual(['TAG_MISNESTED']);
    expect(codes('The <1>Alliance <2>for</2> the region <3>Ostfalia</3></1> <4/>')).toEqual(['TAG_MISNESTED']);
    expect(validateTags(source, 'The <1>Alliance <2>for</2> the region</1> <3>Ostfalia <4/></3>')[0]!.message).toBe(
      'puts tag 4 inside <3>, but in the German it is not inside any tag',
    );
  });

  test('closing before opening is mis-nested', () => {
    expect(codes('The </3>Ostfalia<3> <1>Alliance <2>for</2> the region</1> <4/>')[0]).toBe('TAG_MISNESTED');
  });

  test('self-closing where the German has a pair, and a pair where it has a self-closing tag', () => {
    expect(validateTags(source, 'The <1>Alliance <2>for</2> the region</1> <3/> <4/>')[0]).toMatchObject({
      code: 'TAG_MISNESTED',
      message: 'writes <3/> but the German has a pair <3>…</3>',
    });
    expect(validateTags(source, 'The <1>Alliance <2>for</2> the region</1> <3>Ostfalia</3> <4>x</4>')[0]).toMatchObject({
      code: 'TAG_MISNESTED',
      message: 'writes <4> but the German has the self-closing <4/>',
    });
    // Reported once, at the opening tag.
    expect(codes('The <1>Alliance <2>for</2> the region</1> <3>Ostfalia</3> <4>x</4>')).toEqual(['TAG_MISNESTED']);
  });

  test('a closing tag for a self-closing tag is extra', () => {
    expect(codes(`${source}</4>`)).toEqual(['TAG_EXTRA']);
  });

  test('a malformed tag </n/> is reported', () => {
    expect(validateTags('a <1/>', 'a <1/></1/>')[0]).toMatchObject({ code: 'TAG_EXTRA', message: 'has a malformed tag </1/>' });
  });

  test('escaped look-alikes in a translation are text, not tags', () => {
    expect(validateTags('Nur Text', 'Just &lt;1> text')).toEqual([]);
    expect(validateTags('Nur Text', 'Just <1> text').map((p) => p.code)).toEqual(['TAG_EXTRA']);
  });
});

test('hasText: anything besides tags and white space', () => {
  for (const tagged of ['', ' ', '<1></1>', ' <1/> <2></2>\u3000', '</3>']) expect(hasText(tagged), tagged).toBe(false);
  for (const tagged of ['a', '<1>a</1>', '&lt;1&gt;', '<1/>.', '<x>', '—']) expect(hasText(tagged), tagged).toBe(true);
});
