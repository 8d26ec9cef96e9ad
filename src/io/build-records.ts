/**
 * The shapes of what a build returns and what it keeps in the build cache for the next build:
 * the result `build` prints (BuildResult), the record of each release as it was rendered
 * (ReleaseRecord), of each group of site-wide files (SharedRecord), the build state holding
 * both, and the build summary the no-change check reads (BuildSummary); and MissingRecord, which
 * a stage throws when a record it relies on is gone and the build starts over without records.
 * Types and one error class only: the stages of incremental-build.ts share them.
 */
import type { Diagnostic } from '../core/diagnostic.js';
import type { LanguageState } from '../core/publish-gate.js';
import type { Upcoming } from '../core/render-release.js';
import type { FolderStamps, Unchanged } from './output-manifest.js';

/** What a build did and found; `build` prints it. */
export interface BuildResult {
  /** Problems in sources, locale files and UI strings: with an error, nothing was written. */
  inputDiagnostics: Diagnostic[];
  /** Problems found while planning and rendering. */
  diagnostics: Diagnostic[];
  /** Release-language pairs that are due but held back by the publish gate (translations left out). */
  held: LanguageState[];
  embargoed: Upcoming[];
  /** Files `dist/` holds after the build (pages, feeds, images). */
  fileCount: number;
  written: string[];
  removed: string[];
  /** Sources of the releases rendered again by this build (the rest came from the cache). */
  rendered: string[];
  /** Set when the build changed nothing (see Unchanged): what `build` records to replay (cli/last-run.ts). */
  unchanged?: Unchanged;
  /** The next moment a release under embargo or dated in the future becomes public, if any. */
  nextPublication?: number;
}

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

export interface BuildState {
  releases: Record<string, ReleaseRecord>;
  shared: Record<string, SharedRecord>;
  /**
   * The hash of the common.yaml files every release here was rendered with (a record is kept only
   * with its base, which holds it): whether their listings' date lines are this build's.
   */
  commonKey?: string;
  /**
   * Names this version of the state: a build that changes the state gives it a new id, and the
   * build summary written after it names the id it goes with (BuildSummary.state).
   */
  id?: string;
}

/** Thrown when a record the build relies on is missing (a damaged cache): the build starts over cold. */
export class MissingRecord extends Error {}

/** The last build's result and the files it left in `dist/`, for the no-change check. */
export interface BuildSummary {
  inputsKey: string;
  out: string;
  /** The folders of `dist/` after the build (see output-manifest.ts). */
  folders: FolderStamps;
  /** Paths, sizes and times of the images: a changed image must be copied again. */
  mediaStamp: string;
  /** Project path → the moment the release becomes public (embargo or date). */
  publicAt: Record<string, number>;
  result: Omit<BuildResult, 'written' | 'removed' | 'rendered'>;
  assets: [string, string][];
  /**
   * The id of the build state written with this summary. The folder stamps vouch for `dist/`
   * holding the pages that state lists, and a build that finds its folders unchanged removes the
   * pages the state lists and it no longer produces, listing nothing: both hold only for that
   * state. A state that reads as missing (damaged), or another one (an older copy restored, a
   * build killed between writing the state and the summary), is not vouched for.
   */
  state?: string;
}
