/**
 * What the stages of one incremental build share (BuildRun): the project's inputs as hashed at
 * its start and the keys made of them, the last build's records, and the output folder's
 * manifest, staging folder and record folder. incremental-build.ts makes it once per build, after
 * the no-change check, and hands it to each stage in turn: rendering the releases
 * (render-releases.ts), the site-wide files (build-site-files.ts), updating `dist/`
 * (update-dist.ts) and saving the build's records (save-build-state.ts). A type only.
 */
import type { CommonStrings } from '../core/common-strings.js';
import type { Config } from '../core/config.js';
import type { Diagnostic } from '../core/diagnostic.js';
import type { MediaIndex } from '../core/media.js';
import type { BuildState, BuildSummary } from './build-records.js';
import type { BuildCache } from './cache.js';
import type { KnownFiles } from './input-files.js';
import type { OutputManifest } from './output-manifest.js';
import type { StagedWrites } from './staged-writes.js';

export interface BuildRun {
  cache: BuildCache;
  config: Config;
  root: string;
  /** The output folder, absolute. */
  out: string;
  now: number;
  /** The source language, then the target languages. */
  languages: string[];
  /** Project paths of the releases, sorted (the id order buildSite uses). */
  releaseFiles: string[];
  localeFiles: Set<string>;
  /** Hashes (and texts, where read) of the inputs. */
  known: KnownFiles;
  /** Hash of the common.yaml files (paths and contents). */
  commonKey: string;
  /** Hash of the images' paths, sizes and types. */
  mediaKey: string;
  media: MediaIndex;
  /** Stamp of the images' sizes and times (scanMedia). */
  mediaStamp: string;
  common: { common: Map<string, CommonStrings>; diagnostics: Diagnostic[] };
  /** The build state as read, undefined when there was none. */
  state: BuildState | undefined;
  /** The last build's state, or an empty one when it is not to be used. */
  previous: BuildState;
  summary: BuildSummary | undefined;
  /** Whether the summary's folder stamps vouch for `dist/` (BuildSummary.state). */
  vouched: boolean;
  manifest: OutputManifest;
  staged: StagedWrites;
  /** The cache's record folder, or a scratch folder standing in for it. */
  recordFolder: string;
  /** Whether listings and feed bodies are kept in memory (a process that keeps records, no scratch folder). */
  keyed: boolean;
  readKeyed: <T>(path: string, key: string) => T | undefined;
  writeBody: (path: string, key: string, value: unknown) => void;
  /** The key of the build's result as the no-change check made it first, if all inputs were known. */
  inputsKey: string | undefined;
  /** The key of everything a build's result depends on, given when each release becomes public. */
  resultKey: (publicAt: Record<string, number> | undefined) => string | undefined;
}
