import type { Diagnostic } from '../core/diagnostic.js';
import type { LanguageState } from '../core/publish-gate.js';
import type { Upcoming } from '../core/render-release.js';
import { idOf } from './input-files.js';

/** A release as the last build rendered it. */
export interface ReleaseRecord {
  /** Key of its inputs (analysis, locale files, UI strings, images, feeds or not). */
  base: string;
  /** Whether it was public when rendered (the other input that depends on the clock). */
  public: boolean;
  analyzed: boolean;
  date?: { instant: number; text: string; dateOnly: boolean; day: string };
  embargo?: { instant: number; text: string; dateOnly: boolean; day: string };
  inputDiagnostics: Diagnostic[];
  /** Publish-gate problems (the plan's), then rendering problems. */
  planDiagnostics: Diagnostic[];
  diagnostics: Diagnostic[];
  /** Languages due but held back (translations left out). */
  held: LanguageState[];
  upcoming?: Upcoming;
  /** Its pages: `dist/` path → content hash. */
  files: [string, string][];
  assets: [string, string][];
  /** Languages it is published in; what indexes and feeds show of it is the `listing` record. */
  listed: string[];
}

/** A group of site-wide files (one language's feeds and index, or the OPML and root page). */
export interface SharedRecord {
  key: string;
  files: [string, string][];
  /**
   * The fields of the listed releases that rendering the group read (recorded with a proxy), and
   * per release a hash of those fields: a release whose other fields change (say `outdated`,
   * shown on its own page only) leaves the group as it is. Exact, because the same code reads
   * the same fields; a new Presslate build starts a new cache namespace.
   */
  fields: string[];
  hashes: Record<string, string>;
  /** For a language's feeds: per release shown, the hash of its body in that language. */
  bodies?: Record<string, string>;
}

/** What the last build rendered, per release and per group of site files (build-state.json). */
export interface BuildState {
  releases: Record<string, ReleaseRecord>;
  shared: Record<string, SharedRecord>;
}

/**
 * build-state.json is read and rewritten by every build that changes anything, so its size is
 * a large part of what an edit costs (2 MB at 1,000 releases as plain JSON). It is stored with
 * what repeats taken out, and read back to exactly the same objects:
 *
 * - the release paths once, in `order`; the records as an array in that order;
 * - in a record's `files` and `assets`, the release's id (in every page path, some 45 characters)
 *   as NUL, which no path holds;
 * - empty diagnostic and held lists left out;
 * - in a group's `hashes` and `bodies`, a release path as its index in `order`.
 *
 * A stored state that does not have this shape reads as none: the build renders everything.
 */
const STATE_FORMAT = 2;
const ID = '\u0000';

interface StoredState {
  format: typeof STATE_FORMAT;
  order: string[];
  releases: StoredRelease[];
  shared: [string, StoredShared][];
}

type StoredRelease = Omit<ReleaseRecord, 'files' | 'assets' | 'inputDiagnostics' | 'planDiagnostics' | 'diagnostics' | 'held'> &
  Partial<Pick<ReleaseRecord, 'files' | 'assets' | 'inputDiagnostics' | 'planDiagnostics' | 'diagnostics' | 'held'>>;

type StoredShared = Omit<SharedRecord, 'hashes' | 'bodies'> & { hashes: [number | string, string][]; bodies?: [number | string, string][] };

const LISTS = ['inputDiagnostics', 'planDiagnostics', 'diagnostics', 'held'] as const;

export function encodeBuildState(state: BuildState): StoredState {
  const order = Object.keys(state.releases);
  const position = new Map(order.map((file, index) => [file, index]));
  const releases = order.map((file) => {
    const record = state.releases[file]!;
    const id = idOf(file);
    const stored: StoredRelease = { ...record, files: withId(record.files, id, ID, false), assets: withId(record.assets, id, ID, true) };
    for (const list of LISTS) if (stored[list]?.length === 0) delete stored[list];
    return stored;
  });
  const byIndex = (map: Record<string, string>): [number | string, string][] => Object.entries(map).map(([file, hash]) => [position.get(file) ?? file, hash]);
  const shared = Object.entries(state.shared).map(([name, record]): [string, StoredShared] => {
    const { hashes, bodies, ...rest } = record;
    return [name, { ...rest, hashes: byIndex(hashes), ...(bodies ? { bodies: byIndex(bodies) } : {}) }];
  });
  return { format: STATE_FORMAT, order, releases, shared };
}

/** The state `encodeBuildState` stored, or undefined when `stored` is not one. */
export function decodeBuildState(stored: unknown): BuildState | undefined {
  const state = stored as Partial<StoredState> | undefined;
  if (state?.format !== STATE_FORMAT || !Array.isArray(state.order) || !Array.isArray(state.releases) || !Array.isArray(state.shared)) return undefined;
  const { order } = state;
  if (state.releases.length !== order.length || !order.every((file) => typeof file === 'string')) return undefined;
  try {
    const releases = Object.fromEntries(
      order.map((file, index) => {
        const record = state.releases![index]!;
        const id = idOf(file);
        const decoded = { ...record, files: withId(record.files ?? [], ID, id, false), assets: withId(record.assets ?? [], ID, id, true) } as ReleaseRecord;
        for (const list of LISTS) decoded[list] = (record[list] ?? []) as never;
        return [file, decoded];
      }),
    );
    const byFile = (pairs: [number | string, string][]): Record<string, string> =>
      Object.fromEntries(
        pairs.map(([at, hash]) => {
          const file = typeof at === 'number' ? order[at] : at;
          if (typeof file !== 'string') throw new Error('no such release');
          return [file, hash];
        }),
      );
    const shared = Object.fromEntries(
      state.shared.map(([name, record]) => {
        const { hashes, bodies, ...rest } = record;
        return [name, { ...rest, hashes: byFile(hashes), ...(bodies ? { bodies: byFile(bodies) } : {}) } satisfies SharedRecord];
      }),
    );
    return { releases, shared };
  } catch {
    return undefined; // not arrays where arrays belong: a damaged record
  }
}

/**
 * `pairs` with the first `from` in each path replaced by `to` (the first string of a pair, and
 * the second too when `both`). Exact both ways: a path holds no NUL, so the one NUL the encoding
 * puts in is the one the decoding takes out.
 */
function withId(pairs: [string, string][], from: string, to: string, both: boolean): [string, string][] {
  const replace = (text: string): string => text.replace(from, () => to);
  return pairs.map(([a, b]) => [replace(a), both ? replace(b) : b]);
}
