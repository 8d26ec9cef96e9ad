import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBuildState, encodeBuildState, type BuildState, type ReleaseRecord } from '../src/io/build-state.js';

const HASH = 'ab12cd34ef56ab12cd34ef56ab12cd34';

function release(id: string, overrides: Partial<ReleaseRecord> = {}): ReleaseRecord {
  return {
    base: HASH,
    public: true,
    analyzed: true,
    date: { instant: 1202338800000, text: '2008-02-07', dateOnly: true, day: '2008-02-07' },
    inputDiagnostics: [],
    planDiagnostics: [],
    diagnostics: [],
    held: [],
    files: ['de', 'da', 'en'].flatMap((lng): [string, string][] => [
      [`${lng}/${id}.md`, HASH],
      [`${lng}/${id}.html`, HASH.split('').reverse().join('')],
    ]),
    assets: [[`images/${id}.jpg`, `images/${id}.jpg`]],
    listed: ['de', 'da', 'en'],
    ...overrides,
  };
}

/** What build-state.json holds after a write and a read. */
const roundTrip = (state: BuildState): BuildState | undefined => decodeBuildState(JSON.parse(JSON.stringify(encodeBuildState(state))));

describe('build-state.json', () => {
  it('reads back exactly what was stored, in the same order', () => {
    const state: BuildState = {
      releases: {
        'releases/2008-02-07-messe-6.md': release('2008-02-07-messe-6'),
        // An id that is also part of a content hash, and one with `$&` (a replacement pattern).
        'releases/ab.md': release('ab', { files: [['de/ab.html', `ab${HASH.slice(2)}`], ['ab/ab.md', HASH]] }),
        'releases/x$&y.md': release('x$&y', {
          inputDiagnostics: [{ code: 'RELEASE_ENCODING', severity: 'error', file: 'releases/x$&y.md', message: 'm', line: 3 }],
          held: [{ lng: 'da', due: true, publishes: false, reasons: ['r'], translations: new Map() } as never],
          assets: [['images/shared.jpg', 'images/other/x$&y.jpg']],
          upcoming: { file: 'releases/x$&y.md', from: 'x' } as never,
        }),
        // Paths without the id, and no pages at all.
        'releases/leer.md': release('leer', { files: [], assets: [], listed: [], public: false }),
      },
      shared: {
        'da feeds': {
          key: HASH,
          files: [['da/feed.xml', HASH]],
          fields: ['title', 'date'],
          hashes: { 'releases/ab.md': HASH, 'releases/2008-02-07-messe-6.md': HASH, 'releases/gone.md': HASH },
          bodies: { 'releases/ab.md': HASH },
        },
        '(site)': { key: HASH, files: [['index.html', HASH]], fields: [], hashes: {} },
      },
    };
    const read = roundTrip(state)!;
    expect(read).toEqual(JSON.parse(JSON.stringify(state)));
    expect(Object.keys(read.releases)).toEqual(Object.keys(state.releases));
    expect(Object.keys(read.shared['da feeds']!.hashes)).toEqual(Object.keys(state.shared['da feeds']!.hashes));
  });

  it('reads back any state (property)', () => {
    const path = fc.stringMatching(/^[a-z0-9$&./-]{1,30}$/);
    const pairs = fc.array(fc.tuple(path, path), { maxLength: 6 });
    const hashes = fc.dictionary(path, fc.string({ maxLength: 8 }), { maxKeys: 5 });
    const record = fc.record({
      base: fc.string(),
      public: fc.boolean(),
      analyzed: fc.boolean(),
      inputDiagnostics: fc.array(fc.record({ code: fc.string(), message: fc.string() }), { maxLength: 2 }),
      planDiagnostics: fc.constant([]),
      diagnostics: fc.array(fc.record({ code: fc.string(), message: fc.string() }), { maxLength: 2 }),
      held: fc.constant([]),
      files: pairs,
      assets: pairs,
      listed: fc.array(fc.constantFrom('de', 'da', 'fr')),
    });
    fc.assert(
      fc.property(
        fc.dictionary(path.map((name) => `releases/${name}.md`), record, { maxKeys: 6 }),
        fc.dictionary(fc.string(), fc.record({ key: fc.string(), files: pairs, fields: fc.array(fc.string()), hashes, bodies: fc.option(hashes, { nil: undefined }) }), { maxKeys: 3 }),
        (releases, shared) => {
          for (const group of Object.values(shared)) if (group.bodies === undefined) delete group.bodies;
          const state = JSON.parse(JSON.stringify({ releases, shared })) as BuildState;
          expect(roundTrip(state)).toEqual(state);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is about half the size of the plain records', () => {
    const releases = Object.fromEntries(
      Array.from({ length: 50 }, (_, index) => {
        const id = `2019-10-08-best-practice-sammlung-energieeffizienz-${index}`;
        return [`releases/${id}.md`, release(id)];
      }),
    );
    const hashes = Object.fromEntries(Object.keys(releases).map((file) => [file, HASH]));
    const state: BuildState = { releases, shared: { 'de index': { key: HASH, files: [['de/index.html', HASH]], fields: ['title'], hashes } } };
    const plain = JSON.stringify(state).length;
    const stored = JSON.stringify(encodeBuildState(state)).length;
    expect(stored).toBeLessThan(0.6 * plain);
  });

  it('reads a damaged or older state as none (the build then renders everything)', () => {
    const good = encodeBuildState({ releases: { 'releases/a.md': release('a') }, shared: { g: { key: 'k', files: [], fields: [], hashes: { 'releases/a.md': HASH } } } });
    expect(decodeBuildState(JSON.parse(JSON.stringify(good)))).toBeDefined();
    const broken = [
      undefined,
      null,
      { releases: {}, shared: {} }, // the plain format of earlier versions
      { ...good, format: 1 },
      { ...good, order: ['releases/a.md', 'releases/b.md'] },
      { ...good, releases: [{ ...good.releases[0], files: 'x' }] },
      { ...good, shared: [['g', { ...good.shared[0]![1], hashes: [[7, HASH]] }]] },
      { ...good, shared: 'x' },
    ];
    for (const stored of broken) expect(decodeBuildState(JSON.parse(JSON.stringify(stored ?? null)))).toBeUndefined();
  });
});
