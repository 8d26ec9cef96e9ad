import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { isScalar, type Node } from 'yaml';
import { readFrontMatterFast, scalarKey } from '../src/core/front-matter-fast.js';
import { splitFrontMatter } from '../src/core/front-matter.js';
import { documentData, parsePositioned, positionOf } from '../src/core/yaml-position.js';
import { REPO } from './helpers/project.js';

/** What the library gives for `yaml`: data, and per text value (by path) its line, range and style. */
function viaLibrary(yaml: string): { data: unknown; scalars: Map<string, { line: number; start: number; end: number; style: string }> } | undefined {
  const positioned = parsePositioned(yaml);
  if (positioned.document.errors.length > 0) return undefined;
  const read = documentData(positioned);
  if ('problem' in read) return undefined;
  const scalars = new Map<string, { line: number; start: number; end: number; style: string }>();
  const visit = (node: unknown, path: (string | number)[]): void => {
    if (isScalar(node)) {
      if (typeof node.value === 'string' && node.range) {
        scalars.set(scalarKey(path), { line: positionOf(positioned, path).line, start: node.range[0], end: node.range[1], style: node.type ?? '' });
      }
      return;
    }
    const items = (node as { items?: unknown[] } | null)?.items;
    if (!Array.isArray(items)) return;
    items.forEach((item, index) => {
      const pair = item as { key?: Node; value?: unknown };
      if (pair && typeof pair === 'object' && 'key' in pair) visit(pair.value, [...path, isScalar(pair.key) ? String(pair.key.value) : '?']);
      else visit(item, [...path, index]);
    });
  };
  visit(positioned.document.contents, []);
  return { data: read.data, scalars };
}

// Values people write, and the ones the fast reader must leave to the library.
const plainWords = fc.constantFrom('Wirtschaft', 'Königslutter', 'Das „Projekt“', 'C# und F#', 'https://example.org/a?b=c', 'a  b', 'Stand: ', 'x:', 'Fazit: gut', 'a #b', 'a#b', '50 %', '€ 20', 'Über uns', '中文', 'äöü ß', "l'été", 'Ja', 'no', 'yes', 'on');
const special = fc.constantFrom('2018-03-16', '2018-03-16T10:00', '2018-03-16 10:00:00 +01:00', '12', '-3', '+4', '1.5', '.5', '1e3', '0x1F', '0o17', '.inf', '-.Inf', '.nan', 'true', 'False', 'TRUE', 'null', '~', 'Null', '- a', '? a', '& a', '*a', '!tag x', '|', '>', '[a]', '{a: b}', '%x', '@x', '`x`', "'", '"');
const plain = fc.oneof({ weight: 8, arbitrary: plainWords }, { weight: 3, arbitrary: special }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) });
const quoted = fc.oneof(
  plain.map((value) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`),
  plain.map((value) => `'${value.replace(/'/g, "''")}'`),
  fc.constantFrom('"a\\nb"', '"a\\tb"', '"\\u00e4"', "'it''s'", '"unterminated', "'x' y", '"x" # c', '"x"  '),
);
const scalar = fc.oneof(plain, quoted);
const list = fc.array(fc.oneof(plain, quoted), { maxLength: 4 }).chain((items) =>
  fc.constantFrom(', ', ',', ' , ').map((separator) => `[${items.join(separator)}]`),
);
const spaces = fc.constantFrom(' ', ' ', ' ', '  ', '', ' \t');
const key = fc.oneof({ weight: 12, arbitrary: fc.constantFrom('title', 'date', 'summary', 'category', 'tags', 'image', 'alt', 'caption', 'credit', 'src', 'x-y', 'Title', 'author', 'languages', 'embargo', 'a_b') }, { weight: 1, arbitrary: fc.constantFrom('__proto__', '2024', 'a b', 'true') });
const entry = fc.oneof(
  { weight: 12, arbitrary: fc.tuple(key, spaces, fc.oneof(scalar, list), fc.constantFrom('', '', '', ' ', '  # c')).map(([k, s, v, tail]) => `${k}:${s}${v}${tail}`) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(key, fc.array(fc.tuple(key, fc.oneof(scalar, list), fc.constantFrom('  ', '  ', '  ', '  ', '   ', '\t', '    ')), { maxLength: 3 }))
      .map(([k, nested]) => [`${k}:`, ...nested.map(([n, v, indent]) => `${indent}${n}: ${v}`)].join('\n')),
  },
  { weight: 1, arbitrary: fc.constantFrom('', '', '', '# comment', '  continued', '- item', '---', '...', 'key', 'a: b: c', '"q": x', '? k', 'k: |\n  block', 'k: >\n  folded', 'k: &a x\nl: *a') },
);
const frontMatter = fc.array(entry, { minLength: 1, maxLength: 5 }).map((lines) => lines.join('\n'));

describe('the fast front matter reader', () => {
  test('gives what the yaml library gives, wherever it reads at all', () => {
    let accepted = 0;
    let declined = 0;
    fc.assert(
      fc.property(frontMatter, (yaml) => {
        const fast = readFrontMatterFast(yaml);
        if (!fast) {
          declined++;
          return;
        }
        accepted++;
        const library = viaLibrary(yaml);
        expect(library, yaml).toBeDefined();
        expect(fast.data, yaml).toStrictEqual(library!.data);
        expect(Object.getPrototypeOf(fast.data)).toBe(Object.prototype);
        for (const [path, place] of fast.scalars) expect(place, `${yaml}\n${path}`).toStrictEqual(library!.scalars.get(path));
        expect([...fast.scalars.keys()].sort()).toStrictEqual([...library!.scalars.keys()].sort());
      }),
      { numRuns: 3000 },
    );
    // Both sides of the property are exercised.
    expect(accepted).toBeGreaterThan(100);
    expect(declined).toBeGreaterThan(300);
  });

  test('reads every front matter of the sample releases and the seed', () => {
    const files = readdirSync(join(REPO, 'releases')).filter((name) => name.endsWith('.md')).map((name) => join(REPO, 'releases', name));
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      const { yaml } = splitFrontMatter(readFileSync(file, 'utf8'));
      const fast = readFrontMatterFast(yaml!);
      expect(fast, file).toBeDefined();
      expect(fast!.data).toStrictEqual(viaLibrary(yaml!)!.data);
    }
  });

  test('declines what it does not know rather than guessing', () => {
    for (const yaml of ['title: x\ntitle: y', 'title: 12', 'date: 2018-03-16\nimage:', 'title: x\n  more', 'image:\n    alt: x', 'title: "a\\nb"', 'title: x # note', '# c\ntitle: x', 'title: x\r', 'tags: [a, [b]]', 'tags: [a,]', 'title: \u2028', '__proto__: x', ''])
      expect(readFrontMatterFast(yaml), yaml).toBeUndefined();
  });
});
