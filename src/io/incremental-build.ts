import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, type Stats } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { collectGarbage } from './collect-garbage.js';
import { join, resolve } from 'node:path';
import { listMediaFiles } from './read-tree.js';
import type { FolderListing } from './input-stamp.js';
import type { Diagnostic } from '../core/diagnostic.js';
import { isPublic, nextPublication, publicFrom } from '../core/embargo.js';
import type { PublishedRelease } from '../core/feed/prepare-release.js';
import type { ReleaseHtml } from '../core/feed/release-html.js';
import type { CommonStrings } from '../core/common-strings.js';
import { imageType, type MediaFile, type MediaIndex } from '../core/media.js';
import type { LanguageState } from '../core/publish-gate.js';
import type { Upcoming } from '../core/render-release.js';
import { BuildCache, combineHash, contentHash, keepOnlyKeyedRecords, keepsRecords, readKeyedRecord, readRecord, recordFile, writeKeyedRecord, writeRecord } from './cache.js';
import { hashInputs, idOf, ignoredLocaleDiagnostics, ignoredReleaseDiagnostics, localePathOf, orphanLocaleDiagnostics, readKnown, splitIntoBatches } from './input-files.js';
import { analysisKey } from './analysis-record.js';
import { listFiles, type Project } from './project.js';
import { selectFeedEntries } from '../core/feed/feed-items.js';
import { feedBodyKey, feedsGroup, fieldsHash, indexGroup, listingKey, type ListedRelease, type ListingRecord, type LocaleInput, type RenderInput, type RenderOutput, type SharedInput } from './release-tasks.js';
import { changesByIdentity } from './record-journal.js';
import { ChangedMeanwhileError } from './atomic-write.js';
import { changedInput, INPUT_CHANGED_ATTEMPTS } from './input-changed.js';
import { OutputManifest, unchangedOutput, type FileStamps, type FolderStamps, type Unchanged } from './output-manifest.js';
import { StagedWrites } from './staged-writes.js';
import { copyIfChanged, listRecursive, removeEmptiedFolders } from './sync-dist.js';
import { runBatches, workerCount } from './workers.js';

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
interface ReleaseRecord {
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
interface SharedRecord {
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

interface BuildState {
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

/** What the last rendering of a language's index listed: file, render key and listing text of each release. */
interface IndexListings {
  lng: string;
  entries: [string, string, string][];
}

/** The name of a language's IndexListings record (whole-project, like build-state). */
function indexListingsName(lng: string): string {
  return `index-listings-${lng}`;
}

/** At most this many releases to render get the date lines of their last rendering (see prepare). */
const DATE_LINE_RELEASES = 8;

/** Thrown when a record the build relies on is missing (a damaged cache): the build starts over cold. */
class MissingRecord extends Error {}

/** The last build's result and the files it left in `dist/`, for the no-change check. */
interface BuildSummary {
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

const SITE_GROUP = '(site)';

interface FeedCandidate {
  file: string;
  id: string;
  date: { instant: number };
}

/**
 * Builds `dist/` doing only the work that changed since the last build (see "Performance and the build cache" in README.md):
 *
 * 1. Inputs are hashed (by stat where the index knows them). When they, the images, the clock's
 *    effect (which releases are public) and the output folder are all as last time, and no folder
 *    of `dist/` changed since the last build (output-manifest.ts), the recorded result is
 *    returned: nothing is parsed, rendered or written.
 * 2. Otherwise each release whose inputs changed — or whose pages in `dist/` were touched — is
 *    rendered again (on worker threads when there are many), the feeds and index of a language
 *    only when what they list changed, and only files whose content changed are written.
 *
 * The output is byte for byte what `buildSite` gives for the same inputs: the same functions
 * (core/render-release.ts) render every release, and the tests compare the two.
 */
export async function buildProject(project: Project, options: { now: number; out: string }): Promise<BuildResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await buildFromRecords(project, options);
    } catch (error) {
      // An input saved after this build took its hash from the stat index, before a rendering
      // task read it (input-changed.ts): nothing was written. The build starts over with the
      // inputs statted anew (not as the command's input stamp saw them at its start), so that it
      // reads whatever was saved meanwhile.
      const changed = changedInput(error);
      if (changed === undefined) throw error;
      if (attempt >= INPUT_CHANGED_ATTEMPTS) throw new ChangedMeanwhileError(join(project.root, changed));
      project.cache?.useStats(() => undefined);
    }
  }
}

/** buildOnce with the records of the cache, else without them (see MissingRecord). */
async function buildFromRecords(project: Project, options: { now: number; out: string }): Promise<BuildResult> {
  try {
    return await buildOnce(project, options, false);
  } catch (error) {
    if (!(error instanceof MissingRecord)) throw error;
  }
  try {
    return await buildOnce(project, options, true);
  } catch (error) {
    if (!(error instanceof MissingRecord)) throw error;
  }
  // Records written in this very build are missing too: the cache cannot be written (say
  // `.presslate-cache` is a file), which is no error. Build as --no-cache does, with a scratch folder.
  return buildOnce(project, options, true, true);
}

async function buildOnce(project: Project, options: { now: number; out: string }, ignoreRecords: boolean, scratchRecords = false): Promise<BuildResult> {
  const { config, root } = project;
  const cache = project.cache ?? BuildCache.open(root, { enabled: false, buildId: '', configText: '' });
  const out = resolve(root, options.out);
  const now = options.now;

  // --- Inputs --------------------------------------------------------------------------------
  const languages = [config.sourceLanguage, ...config.targetLanguages];
  const [releaseFiles, localeLists, commonFiles, { media, stamp: mediaStamp }] = await Promise.all([
    listFiles(project, 'releases', '.md'),
    Promise.all(config.targetLanguages.map((lng) => listFiles(project, `locales/${lng}`, '.yaml'))),
    listCommonFiles(project),
    Promise.resolve(scanMedia(root, (path) => cache.statOf(path), project.listing)),
  ]);
  const localeFiles = new Set(localeLists.flat());
  const ids = new Set(releaseFiles.map(idOf));
  const allInputs = [...releaseFiles, ...localeFiles, ...commonFiles];
  const summary = cache.readState<BuildSummary>('build-summary');
  // With records of an earlier build, every input is hashed now: records are keyed by content.
  const { known } = hashInputs(cache, allInputs, { hashAll: summary !== undefined });
  // The UI strings are part of every release's key: their hashes are needed now, however many
  // other files are unknown (a key made with a stand-in would match nothing next time).
  for (const file of commonFiles) if (!known.has(file)) known.set(file, { hash: cache.hashFile(file).hash });
  const mediaKey = combineHash(...[...media].flatMap(([path, file]) => [path, file.length, file.type]));
  const commonKey = combineHash(...commonFiles.flatMap((file) => [file, known.get(file)?.hash ?? '?']));

  // --- 1. Nothing changed? ----------------------------------------------------------------------
  // What releases/ and the language folders hold besides their files is warned about; which
  // entries those are, and why, is an input.
  const ignored = [...ignoredReleaseDiagnostics(root, project.listing), ...ignoredLocaleDiagnostics(root, config.targetLanguages, project.listing)];
  /** The key of everything a build's result depends on, given when each release becomes public. */
  const resultKey = (publicAt: Record<string, number> | undefined): string | undefined =>
    allInputs.every((file) => known.has(file))
      ? combineHash(
          cache.namespace,
          out,
          mediaKey,
          ...ignored.map((d) => `${d.file}\u0000${d.message}`),
          ...allInputs.flatMap((file) => [file, known.get(file)!.hash]),
          ...releaseFiles.map((file) => (publicAt?.[file] !== undefined ? publicAt[file]! <= now : 'unknown')),
        )
      : undefined;
  const inputsKey = resultKey(summary?.publicAt);
  if (
    !ignoreRecords &&
    summary &&
    inputsKey !== undefined &&
    summary.inputsKey === inputsKey &&
    summary.out === out &&
    summary.mediaStamp === mediaStamp &&
    new OutputManifest(out, () => ({}), summary.folders ?? {}).unchanged()
  ) {
    cache.save();
    const next = nextPublication(Object.values(summary.publicAt ?? {}), now);
    return {
      ...summary.result,
      written: [],
      removed: [],
      rendered: [],
      unchanged: unchangedOutput(summary.folders, summary.publicAt ?? {}, now),
      ...(next === undefined ? {} : { nextPublication: next }),
    };
  }

  // --- 2. Incremental build ---------------------------------------------------------------------
  const state = cache.readState<BuildState>('build-state');
  const previous: BuildState =
    !ignoreRecords && state && typeof state.releases === 'object' && typeof state.shared === 'object' ? state : { releases: {}, shared: {} };
  // The summary's folder stamps only for the state it was written with (BuildSummary.state): with
  // another one, every page is checked by its own stamp or bytes, and dist/ is listed for removals.
  const vouched = summary !== undefined && summary.out === out && !ignoreRecords && previous === state && typeof state.id === 'string' && summary.state === state.id;
  // Per-file stamps are read only when a folder of dist/ changed or files are written.
  const manifest =
    summary && summary.out === out && !ignoreRecords
      ? new OutputManifest(out, () => cache.readState<FileStamps>('build-files') ?? {}, vouched ? (summary.folders ?? {}) : {}, contentHash)
      : new OutputManifest(out, undefined, {}, contentHash);
  // Of each release rendered in this build: per group of site files (a language's feeds, its
  // index), the hash of its listing over the fields the group read last time (the listings
  // themselves go to the cache, not memory).
  const freshHashes = new Map<string, Map<string, string>>(); // group → file → hash
  // Bodies of releases rendered in this build that a feed may show: per language only the newest
  // `feeds.limit` seen so far are kept (a release not among them now cannot be among the final
  // ones), so memory does not hold every body of the archive.
  const freshBodies = new Map<string, Map<string, ReleaseHtml>>(); // file → language → body
  const feedCandidates = new Map<string, { file: string; id: string; date: { instant: number } }[]>(languages.map((lng) => [lng, []]));
  const keepNewestBodies = (force: boolean): void => {
    for (const [lng, candidates] of feedCandidates) {
      if (!force && candidates.length <= 2 * config.feeds.limit) continue;
      const kept = selectFeedEntries(candidates, config.feeds.limit);
      const keep = new Set(kept.map((entry) => entry.file));
      for (const entry of candidates) if (!keep.has(entry.file)) freshBodies.get(entry.file)?.delete(lng);
      feedCandidates.set(lng, kept);
    }
  };
  // What the last build wrote where: a file in an unchanged folder of dist/ still holds it.
  // (Made when a site file is rendered: an edit of an older release renders none.)
  let previousHashMap: Map<string, string> | undefined;
  const previousHashes = (): Map<string, string> => {
    if (!previousHashMap) {
      previousHashMap = new Map();
      for (const record of Object.values(previous.releases)) for (const [path, hash] of record.files ?? []) previousHashMap.set(path, hash);
      for (const record of Object.values(previous.shared)) for (const [path, hash] of record.files ?? []) previousHashMap.set(path, hash);
    }
    return previousHashMap;
  };
  await StagedWrites.sweep(out);
  const staged = new StagedWrites(out);
  const common = await cachedCommonStrings(project, cache, commonFiles.every((file) => known.has(file)) ? commonKey : undefined, (file) => known.get(file)?.hash);
  const inputDiagnostics: Diagnostic[] = [...common.diagnostics];

  // Orphaned locale files are errors, reported by the full reader.
  inputDiagnostics.push(...(await orphanLocaleDiagnostics(root, localeFiles, ids, config)), ...ignored);

  // A temporary record folder stands in for the cache with --no-cache (feed bodies go through it).
  const scratch = cache.recordFolder && !scratchRecords ? undefined : mkdtempSync(join(tmpdir(), 'presslate-build-'));
  const recordFolder = scratch ?? cache.recordFolder!;
  // A process that keeps records (watch) holds the listings and feed bodies of the cache in memory
  // (cache.ts readKeyedRecord); those of a scratch folder live for one build only.
  const keyed = keepsRecords() && !scratch;
  const readKeyed = <T>(path: string, key: string): T | undefined => (keyed ? readKeyedRecord<T>(path, key) : readRecord<T>(path, key));
  const writeBody = (path: string, key: string, value: unknown): void => (keyed ? writeKeyedRecord(path, key, value) : writeRecord(path, key, value));
  try {
    const baseOf = (file: string, feeds: boolean): string => {
      const id = idOf(file);
      return combineHash(
        cache.namespace,
        'render',
        file,
        known.get(file)?.hash ?? '?',
        ...config.targetLanguages.map((lng) => known.get(localePathOf(lng, id))?.hash ?? (localeFiles.has(localePathOf(lng, id)) ? '?' : '')),
        commonKey,
        mediaKey,
        feeds,
      );
    };
    /** The date lines of a release's listing record (by the render key it had), as RenderInput.dateLines. */
    const listedDateLines = (base: string): [string, number, string][] => {
      const key = listingKey(base);
      const record = readKeyed<ListingRecord>(recordFile(recordFolder, 'listing', key), key);
      const lines: [string, number, string][] = [];
      for (const [lng, text] of Object.entries(record ?? {})) {
        try {
          const listing = JSON.parse(text) as Partial<ListedRelease>;
          const instant = listing.date?.instant;
          if (listing.lng === lng && typeof instant === 'number' && typeof listing.dateLine === 'string') lines.push([lng, instant, listing.dateLine]);
        } catch {
          // A damaged record: the lines are made again.
        }
      }
      return lines;
    };
    // Whether the site has feeds depends on whether any release is public; assume so when some
    // release is not known yet, and render again in the rare case that was wrong.
    const records = new Map<string, ReleaseRecord>();
    let feeds = releaseFiles.some((file) => {
      const record = previous.releases[file];
      return !record?.date || isPublic({ date: record.date, ...(record.embargo ? { embargo: record.embargo } : {}) }, now);
    });
    const rendered = new Set<string>();
    // Images of the releases rendered in this build, parked (or found in dist/ already) as each
    // batch comes back; the images of releases taken over from the last build are copied at the end.
    const stagedAssets = new Set<string>();
    for (let attempt = 0; attempt < 2; attempt++) {
      const toRender: RenderInput[] = [];
      records.clear();
      rendered.clear();
      for (const file of releaseFiles) {
        const record = previous.releases[file];
        const base = baseOf(file, feeds);
        const reusable =
          record !== undefined &&
          record.base === base &&
          (!record.date || record.public === isPublic({ date: record.date, ...(record.embargo ? { embargo: record.embargo } : {}) }, now)) &&
          record.files.every(([path, hash]) => manifest.holds(path, hash, hash));
        if (reusable) {
          records.set(file, record);
        } else {
          rendered.add(file);
          toRender.push({ file, hash: '', analysisKey: '', renderKey: base, locales: [] });
        }
      }
      const shared: SharedInput = {
        key: combineHash(cache.namespace, commonKey, mediaKey, feeds, now),
        config,
        common: [...common.common],
        media: [...media],
        feeds,
        now,
      };
      const prepare = (release: RenderInput): RenderInput => {
        const id = idOf(release.file);
        const source = readKnown(cache, known, release.file, false);
        const locales: LocaleInput[] = config.targetLanguages.map((lng) => {
          const file = localePathOf(lng, id);
          if (!localeFiles.has(file)) return { lng, file, hash: '' };
          // Read here only when its stat was not enough to know its hash; else the render task reads it.
          const read = readKnown(cache, known, file, false);
          if (read.hash === '') return { lng, file, hash: '' };
          return read.text === undefined ? { lng, file, hash: read.hash } : { lng, file, hash: read.hash, text: read.text };
        });
        const prepared: RenderInput = {
          file: release.file,
          hash: source.hash,
          analysisKey: analysisKey(cache.namespace, release.file, source.hash),
          // All its files are hashed now: the key the record and its feed bodies are stored under.
          renderKey: baseOf(release.file, feeds),
          locales,
        };
        if (source.text !== undefined) prepared.text = source.text;
        // An edit of a few releases renders them on this thread, and their date lines would be
        // its first date formatters (ICU's start, some 10 ms): the last rendering's lines are in
        // its listing record, right when the common.yaml texts are the same.
        const before = previous.releases[release.file];
        if (toRender.length <= DATE_LINE_RELEASES && before && previous.commonKey === commonKey) {
          const dateLines = listedDateLines(before.base);
          if (dateLines.length > 0) prepared.dateLines = dateLines;
        }
        // The pages dist/ still holds as the last build wrote them are not written again.
        const intact: Record<string, string> = {};
        for (const [path, hash] of previous.releases[release.file]?.files ?? []) if (manifest.holds(path, hash, hash)) intact[path] = hash;
        prepared.intact = intact;
        return prepared;
      };
      const staging = { out, folder: staged.stagingFolder, empty: staged.outEmpty };
      const threads = workerCount(toRender.length);
      // Newest first when files are named by date (the usual layout): once the newest releases of
      // each language are back, the batches after them leave out bodies no feed can show, which
      // would otherwise cross between threads for every release of the archive. Only an
      // optimization: a body that is needed and missing is rendered again (renderBodies). Each
      // batch keeps the releases in the order of their files.
      const batches = splitIntoBatches(toRender.toReversed(), threads).map((releases) => ({ root, cacheFolder: recordFolder, shared, staging, releases: releases.reverse() }));
      // The rendering threads park the pages next to dist/ themselves; what comes back is paths and hashes.
      const consume = async (batch: RenderOutput[]): Promise<RenderOutput[]> => {
        for (const output of batch) {
          // The rendering thread stored the listings in the cache (listingKey); their hashes stay here.
          for (const release of output.listed) {
            for (const [group, hash] of Object.entries(release.hashes)) {
              const hashes = freshHashes.get(group) ?? freshHashes.set(group, new Map()).get(group)!;
              hashes.set(output.file, hash);
            }
            feedCandidates.get(release.lng)?.push({ file: output.file, id: release.id, date: release.date });
          }
          freshBodies.set(output.file, new Map(Object.entries(output.bodies)));
          output.bodies = {};
          for (const path of output.staged) staged.adopt(path);
          // Its images are parked now, while the threads render, rather than copied after them.
          for (const [target, source] of output.assets) {
            if (stagedAssets.has(target)) continue;
            stagedAssets.add(target);
            staged.stageCopy(target, join(root, source));
          }
        }
        keepNewestBodies(false);
        return batch;
      };
      freshBodies.clear();
      stagedAssets.clear();
      for (const lng of languages) feedCandidates.set(lng, []);
      // The fields each group of site files read last time: the threads hash each listing over them.
      const groupFields: Record<string, string[]> = {};
      for (const [group, record] of Object.entries(previous.shared)) if (Array.isArray(record.fields)) groupFields[group] = record.fields;
      const bodiesFrom = (): Record<string, number> => {
        const from: Record<string, number> = {};
        for (const [lng, candidates] of feedCandidates) {
          if (candidates.length >= config.feeds.limit) from[lng] = selectFeedEntries(candidates, config.feeds.limit).at(-1)!.date.instant;
        }
        return from;
      };
      // What all batches share goes to each thread once (the media list alone is 10,000 entries at
      // 10,000 releases, cloned for every batch and thread before).
      const forThread: Parameters<typeof runBatches<'render-build'>>[6] = (batch, sent) => {
        if (!sent.has(shared.key)) {
          sent.add(shared.key);
          return batch;
        }
        return { ...batch, shared: { key: shared.key, sentBefore: true } };
      };
      const outputs = (
        await runBatches('render-build', batches, threads, (batch) => ({ ...batch, releases: batch.releases.map(prepare), bodiesFrom: bodiesFrom(), groupFields }), consume, 1, forThread)
      ).flat();
      const fresh = new Map<string, RenderOutput>(outputs.map((output) => [output.file, output]));
      for (const file of releaseFiles) {
        const output = fresh.get(file);
        if (!output) continue;
        const record: ReleaseRecord = {
          base: baseOf(file, feeds),
          public: output.date ? isPublic({ date: output.date, ...(output.embargo ? { embargo: output.embargo } : {}) }, now) : false,
          analyzed: output.analyzed,
          inputDiagnostics: output.inputDiagnostics,
          planDiagnostics: output.plan?.diagnostics ?? [],
          diagnostics: output.diagnostics,
          held: (output.plan?.states ?? []).filter((state) => state.due && !state.publishes),
          files: output.files, // [path, content hash] after consume
          assets: output.assets,
          listed: output.listed.map((release) => release.lng), // languages only: listings are in the cache
        };
        if (output.date) record.date = output.date;
        if (output.embargo) record.embargo = output.embargo;
        if (output.plan?.upcoming) record.upcoming = output.plan.upcoming;
        records.set(file, record);
      }
      const exactFeeds = [...records.values()].some((record) => record.public);
      if (exactFeeds !== feeds && attempt === 0) {
        feeds = exactFeeds;
        await staged.discard(); // rendered with the wrong feed flag
        continue;
      }
      keepNewestBodies(true);
      // The kept bodies go to the cache, for later builds whose feeds show these releases.
      for (const [file, bodies] of freshBodies) {
        if (bodies.size === 0) continue;
        const key = feedBodyKey(records.get(file)!.base);
        writeBody(recordFile(recordFolder, 'feed-body', key), key, Object.fromEntries(bodies));
      }
      // Bodies a feed needs that neither this build nor the cache has (a release that moved
      // into a feed because a newer one went away): its release is rendered again, here.
      const renderBodies = async (files: string[]): Promise<void> => {
        for (const file of files) rendered.add(file);
        const again = files.map((file): RenderInput => ({ file, hash: '', analysisKey: '', renderKey: baseOf(file, feeds), locales: [] }));
        const outputs = (await runBatches('render-build', [{ root, cacheFolder: recordFolder, shared, staging, releases: again }], 0, (batch) => ({ ...batch, releases: batch.releases.map(prepare) }))).flat();
        for (const output of outputs) {
          for (const path of output.staged) staged.adopt(path);
          freshBodies.set(output.file, new Map(Object.entries(output.bodies)));
          const key = feedBodyKey(records.get(output.file)!.base);
          writeBody(recordFile(recordFolder, 'feed-body', key), key, output.bodies);
        }
      };
      return await finish(records, renderBodies, rendered, stagedAssets);
    }
    throw new Error('build: the feed flag did not settle; please report this');
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
    await staged.discard();
  }

  async function finish(
    records: Map<string, ReleaseRecord>,
    renderBodies: (files: string[]) => Promise<void>,
    rendered: ReadonlySet<string>,
    stagedAssets: ReadonlySet<string>,
  ): Promise<BuildResult> {
    const ordered = releaseFiles.map((file) => records.get(file)!);
    for (const record of ordered) inputDiagnostics.push(...record.inputDiagnostics);
    const states: LanguageState[] = [];
    const embargoed: Upcoming[] = [];
    const planDiagnostics: Diagnostic[] = [];
    const renderDiagnostics: Diagnostic[] = [];
    const assets = new Map<string, string>();
    // buildSite orders releases by id (code points); the listing order is the same.
    const sorted = ordered; // listFiles sorts names by code points: the id order buildSite uses
    for (const record of sorted) {
      states.push(...record.held.map((state) => ({ ...state, translations: new Map<string, string>() })));
      if (record.upcoming) embargoed.push(record.upcoming);
      planDiagnostics.push(...record.planDiagnostics);
      renderDiagnostics.push(...record.diagnostics);
      for (const [target, source] of record.assets) assets.set(target, source);
    }
    const held = states;
    const result = { inputDiagnostics, diagnostics: [...planDiagnostics, ...renderDiagnostics], held, embargoed };
    if (inputDiagnostics.some((d) => d.severity === 'error')) {
      await staged.discard();
      return { ...result, fileCount: 0, written: [], removed: [], rendered: [] };
    }

    // Feeds, indexes and site pages: re-rendered only when what they show changed.
    const { createRenderContext, newestPublic } = await import('../core/render-release.js');
    // Feeds and indexes (and the XML libraries they need) only when some of them are rendered.
    const siteRenderer = async (): Promise<typeof import('../core/render-site.js')> => import('../core/render-site.js');
    const dated = sorted.filter((record) => record.date).map((record) => ({ date: record.date!, ...(record.embargo ? { embargo: record.embargo } : {}) }));
    const newest = newestPublic(dated, now);
    const outputs = new Map<string, string>(); // dist path → hash of every file this build produces
    for (const record of sorted) for (const [path, hash] of record.files) outputs.set(path, hash);
    const sharedRecords: Record<string, SharedRecord> = {};
    // A release's listing record is read once and kept as JSON text; each language's listing is
    // parsed only while its feeds and index are made, and its text dropped after them: at 10,000
    // releases the parsed listings of all five languages would hold some 200 MB at once.
    const listingRecords = new Map<string, ListingRecord | undefined>(); // render key → record
    /** A release's listing in `lng` as its record holds it (JSON text), by the render key it has. */
    const listingTextOf = (base: string, lng: string): string | undefined => {
      let record = listingRecords.get(base);
      if (record === undefined && !listingRecords.has(base)) {
        const key = listingKey(base);
        record = readKeyed<ListingRecord>(recordFile(recordFolder, 'listing', key), key);
        listingRecords.set(base, record);
      }
      const text = record?.[lng];
      return typeof text === 'string' ? text : undefined;
    };
    const parseListing = (text: string | undefined, lng: string): ListedRelease | undefined => {
      if (text === undefined) return undefined;
      try {
        const listing = JSON.parse(text) as ListedRelease;
        return listing?.lng === lng ? listing : undefined;
      } catch {
        return undefined;
      }
    };
    /**
     * The listing texts of a language's index, taken from the copy the last rendering of that
     * index stored (`index-listings-<lng>`: file, render key and text of each release it listed)
     * for every release with the same render key, and from the release's own record for the
     * others. A title edited, or a release added, renders the index again: one record read
     * instead of one per release (1,000 files at 1,000 releases, half of such a build's time).
     */
    const indexListingTexts = (lng: string, entries: readonly FeedCandidate[]): (string | undefined)[] => {
      const stored = cache.readState<IndexListings>(indexListingsName(lng));
      const byFile = new Map<string, readonly unknown[]>();
      if (stored?.lng === lng && Array.isArray(stored.entries)) for (const entry of stored.entries) if (Array.isArray(entry)) byFile.set(String(entry[0]), entry);
      return entries.map((entry) => {
        const base = records.get(entry.file)!.base;
        const [, storedBase, text] = byFile.get(entry.file) ?? [];
        return storedBase === base && typeof text === 'string' ? text : listingTextOf(base, lng);
      });
    };
    const listingOf = (base: string, lng: string): ListedRelease | undefined => parseListing(listingTextOf(base, lng), lng);
    const bodyRecords = new Map<string, Record<string, ReleaseHtml> | undefined>();
    const bodyOf = (file: string, lng: string): ReleaseHtml | undefined => {
      const fresh = freshBodies.get(file)?.get(lng);
      if (fresh) return fresh;
      const key = feedBodyKey(records.get(file)!.base);
      if (!bodyRecords.has(key)) bodyRecords.set(key, readKeyed<Record<string, ReleaseHtml>>(recordFile(recordFolder, 'feed-body', key), key));
      return bodyRecords.get(key)?.[lng];
    };
    const stageShared = async (path: string, content: string): Promise<void> => {
      const hash = contentHash(content);
      outputs.set(path, hash);
      if (!manifest.holds(path, hash, previousHashes().get(path))) await staged.stage(path, content);
    };
    let context: ReturnType<typeof createRenderContext> | undefined;
    const contextOf = (): ReturnType<typeof createRenderContext> =>
      (context ??= createRenderContext({ config, common: common.common, media, newest }));
    for (const lng of languages) {
      // Every release published in the language; the feeds show the newest of them with their
      // bodies, the index lists them all without bodies. Each group is rendered again only when
      // what it shows changed (by the hash of the fields it read of each release last time), so
      // an edit of a recent release's text renders the feeds but not the long index page.
      const all: FeedCandidate[] = [];
      for (const file of releaseFiles) {
        const record = records.get(file)!;
        if (record.listed.includes(lng) && record.date) all.push({ file, id: idOf(file), date: record.date });
      }
      const selected = selectFeedEntries(all, config.feeds.limit);
      const groups = [
        { name: feedsGroup(lng), entries: selected, withBodies: true },
        { name: indexGroup(lng), entries: all, withBodies: false },
      ];
      for (const group of groups) {
        const before = previous.shared[group.name];
        const fresh = freshHashes.get(group.name);
        // A feed shows bodies: each entry's body counts by its hash in this language, so an edit
        // that leaves a language's text as it was (a stale translation goes on being published)
        // leaves that language's feeds alone.
        const keyOf = (hashOf: (file: string) => string | undefined, bodyHashOf: (file: string) => string | undefined): string =>
          combineHash(
            cache.namespace,
            group.name,
            commonKey,
            mediaKey,
            newest ?? 'none',
            ...group.entries.flatMap((entry) => [entry.file, hashOf(entry.file) ?? '?', group.withBodies ? (bodyHashOf(entry.file) ?? '?') : '']),
          );
        const known = (file: string): string | undefined => fresh?.get(file) ?? before?.hashes?.[file];
        const knownBody = (file: string): string | undefined => {
          const body = freshBodies.get(file)?.get(lng);
          return body ? bodyHash(body) : before?.bodies?.[file];
        };
        if (
          before &&
          before.key === keyOf(known, knownBody) &&
          group.entries.every((entry) => known(entry.file) !== undefined && (!group.withBodies || knownBody(entry.file) !== undefined)) &&
          before.files.every(([path, hash]) => manifest.holds(path, hash, hash))
        ) {
          // The same key: the same releases with the same hashes as the record holds.
          sharedRecords[group.name] = before;
          for (const [path, hash] of before.files) outputs.set(path, hash);
          continue;
        }
        const bodies = new Map<string, ReleaseHtml | undefined>();
        if (group.withBodies) {
          const missing = group.entries.filter((entry) => bodyOf(entry.file, lng) === undefined).map((entry) => entry.file);
          if (missing.length > 0) await renderBodies(missing);
          for (const entry of group.entries) bodies.set(entry.file, bodyOf(entry.file, lng));
        }
        const texts = group.withBodies ? group.entries.map((entry) => listingTextOf(records.get(entry.file)!.base, lng)) : indexListingTexts(lng, group.entries);
        const listings = texts.map((text) => parseListing(text, lng));
        if ([...bodies.values()].some((body) => body === undefined) || listings.some((listing) => listing === undefined)) {
          throw new MissingRecord(`a listing or feed body of ${lng} is missing from the build cache`);
        }
        const read = new Set<string>();
        const releases = group.entries.map((entry, index) => tracked({ ...listings[index]!, markdown: '', html: bodies.get(entry.file) ?? EMPTY_BODY } as PublishedRelease, read));
        const renderer = await siteRenderer();
        const files = group.withBodies ? renderer.renderLanguageFeedPages(lng, releases, contextOf()) : renderer.renderLanguageIndexPage(lng, releases, contextOf());
        const readFields = [...read].sort(compare);
        const hashes: Record<string, string> = Object.fromEntries(group.entries.map((entry, index) => [entry.file, fieldsHash(listings[index]!, readFields)]));
        const bodyHashes: Record<string, string> = {};
        for (const [file, body] of bodies) bodyHashes[file] = bodyHash(body!);
        // The key as the next build will compute it: over the fields this rendering read.
        sharedRecords[group.name] = {
          key: keyOf((file) => hashes[file], (file) => bodyHashes[file]),
          files: files.map(([path, content]) => [path, contentHash(content)]),
          fields: readFields,
          hashes,
          ...(group.withBodies ? { bodies: bodyHashes } : {}),
        };
        for (const [path, content] of files) await stageShared(path, content);
        if (!group.withBodies) {
          const stored: IndexListings = { lng, entries: group.entries.map((entry, index) => [entry.file, records.get(entry.file)!.base, texts[index]!]) };
          cache.writeState(indexListingsName(lng), stored);
        }
        // A language's index of a large archive leaves some 100 MB of garbage (its listings, the
        // page tree); the main thread's heap may grow to gigabytes before V8 collects on its own.
        if (group.entries.length > LARGE_GROUP) collectGarbage();
      }
      // Kept in memory (watch), a record is frozen and stays whole for the next round.
      for (const record of listingRecords.values()) if (record && !Object.isFrozen(record)) delete record[lng];
    }
    const siteKey = combineHash(cache.namespace, SITE_GROUP, commonKey, newest ?? 'none');
    const knownSite = previous.shared[SITE_GROUP];
    if (knownSite && knownSite.key === siteKey && knownSite.files.every(([path, hash]) => manifest.holds(path, hash, hash))) {
      sharedRecords[SITE_GROUP] = knownSite;
      for (const [path, hash] of knownSite.files) outputs.set(path, hash);
    } else {
      const files = (await siteRenderer()).renderSitePages(contextOf());
      sharedRecords[SITE_GROUP] = { key: siteKey, files: files.map(([path, content]) => [path, contentHash(content)]), fields: [], hashes: {} };
      for (const [path, content] of files) await stageShared(path, content);
    }

    // Move what changed into dist/, copy images, remove what this build no longer produces.
    // When no folder of dist/ changed since the last build but for this build's own writes, dist/
    // holds exactly the last build's files: images need no copy unless they changed, and the
    // files to remove are the last build's that this one does not produce (no listing of dist/).
    const untouched = vouched && manifest.unchanged();
    const written = await staged.commit();
    for (const path of written) if (outputs.has(path)) manifest.record(path, outputs.get(path)!);
    const assetList = [...assets].sort(([a], [b]) => compare(a, b));
    const sameAssets = untouched && summary.mediaStamp === mediaStamp && JSON.stringify(summary.assets) === JSON.stringify(assetList);
    if (!sameAssets) {
      for (const [target, source] of assetList) if (!stagedAssets.has(target) && copyIfChanged(join(root, source), join(out, target))) written.push(target);
    }
    const removed: string[] = [];
    // What the last build left that this one may not produce: the files of its records that this
    // build did not take over as they were (a record kept whole keeps all its files), and its images.
    const previousFiles = function* (): Generator<string> {
      for (const [file, record] of Object.entries(previous.releases)) if (records.get(file) !== record) for (const [path] of record.files ?? []) yield path;
      for (const [name, record] of Object.entries(previous.shared)) if (sharedRecords[name] !== record) for (const [path] of record.files ?? []) yield path;
      for (const [target] of summary?.assets ?? []) yield target;
    };
    // A dist/ that the staging folder became whole holds only this build's files.
    const candidates = untouched ? previousFiles() : staged.movedWhole ? [] : await listRecursive(out);
    for (const path of new Set(candidates)) {
      if (!outputs.has(path) && !assets.has(path)) {
        rmSync(join(out, path), { force: true });
        removed.push(path);
      }
    }
    removeEmptiedFolders(out, removed);
    manifest.keepOnly((path) => outputs.has(path));

    const fileCount = outputs.size + assets.size;
    const publicAt: Record<string, number> = {};
    for (const file of releaseFiles) {
      const record = records.get(file)!;
      if (record.date) publicAt[file] = publicFrom({ date: record.date, ...(record.embargo ? { embargo: record.embargo } : {}) }).instant;
    }
    if (keyed) {
      const live = new Set<string>();
      for (const record of records.values()) {
        live.add(recordFile(recordFolder, 'listing', listingKey(record.base)));
        live.add(recordFile(recordFolder, 'feed-body', feedBodyKey(record.base)));
      }
      keepOnlyKeyedRecords(live);
    }
    const stateToSave: BuildState = { releases: Object.fromEntries(releaseFiles.map((file) => [file, records.get(file)!])), shared: sharedRecords, commonKey };
    // The same id as the state read when nothing in it changed (no write then), else a new one.
    const same = previous === state && typeof state.id === 'string' && changesByIdentity(state, { ...stateToSave, id: state.id })?.length === 0;
    stateToSave.id = same ? state.id! : randomBytes(8).toString('hex');
    cache.writeState('build-state', stateToSave);
    if (manifest.changed) {
      // The stamps of the pages an edit wrote go to the record's journal; read and written whole
      // only when they were loaded anyway (a folder of dist/ changed) or the journal is full.
      const changes = manifest.changes();
      if (!(changes && cache.updateState('build-files', changes))) cache.writeState('build-files', manifest.stamps());
    }
    // The key of this build's inputs as the next build will compute it first: with the moments
    // its releases become public. Those of the last build, mostly (a hash of every input less).
    const finalKey = (summary && inputsKey !== undefined && samePublicAt(summary.publicAt, publicAt) ? inputsKey : resultKey(publicAt)) ?? '';
    const everyFile = function* (): Generator<string> {
      yield* outputs.keys();
      yield* assets.keys();
    };
    const folders = manifest.stampFolders({ paths: { [Symbol.iterator]: everyFile }, has: (path) => outputs.has(path) || assets.has(path) });
    cache.writeState('build-summary', {
      inputsKey: finalKey,
      out,
      folders,
      mediaStamp,
      publicAt,
      result: { ...result, fileCount },
      assets: assetList,
      state: stateToSave.id,
    } satisfies BuildSummary);
    cache.save();
    const output: BuildResult = { ...result, fileCount, written: written.sort(), removed: removed.sort(), rendered: releaseFiles.filter((file) => rendered.has(file)) };
    const next = nextPublication(Object.values(publicAt), now);
    if (next !== undefined) output.nextPublication = next;
    if (written.length === 0 && removed.length === 0) {
      const unchanged = unchangedOutput(folders, publicAt, now);
      if (unchanged) output.unchanged = unchanged;
    }
    return output;
  }


}

const EMPTY_BODY: ReleaseHtml = { html: '', feed: '', excerpt: '', localFiles: [] };

/** Whether two records of when each release becomes public are the same. */
function samePublicAt(a: Record<string, number> | undefined, b: Record<string, number>): boolean {
  if (!a || typeof a !== 'object') return false;
  const keys = Object.keys(b);
  if (Object.keys(a).length !== keys.length) return false;
  return keys.every((key) => Object.hasOwn(a, key) && Object.is(a[key], b[key]));
}

/** Above this many releases, a group's rendering is followed by a full garbage collection. */
const LARGE_GROUP = 2000;

/** Hash of a release's body in one language, as the feeds use it. */
function bodyHash(body: ReleaseHtml): string {
  return contentHash(JSON.stringify(body));
}

/**
 * The release, with every top-level field the renderer reads (or enumerates) added to `read`.
 * `markdown` and `html` are left out: the listing does not hold them (the feed bodies have keys of
 * their own).
 */
function tracked(release: PublishedRelease, read: Set<string>): PublishedRelease {
  const note = (property: string | symbol): void => {
    if (typeof property === 'string' && property !== 'markdown' && property !== 'html') read.add(property);
  };
  return new Proxy(release, {
    get(target, property, receiver) {
      note(property);
      return Reflect.get(target, property, receiver) as unknown;
    },
    has(target, property) {
      note(property);
      return Reflect.has(target, property);
    },
    ownKeys(target) {
      for (const key of Reflect.ownKeys(target)) note(key);
      return Reflect.ownKeys(target);
    },
  });
}




function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}


/**
 * The images under `images/` (path → size and type, sorted), as load-media.ts lists them, plus a
 * stamp of their sizes and times. `statOf` gives the stats the input stamp took at the start of
 * the command (cli/last-run.ts), so an image is not statted twice.
 */
function scanMedia(
  root: string,
  statOf: (path: string) => { size: number; mtimeMs: number; ctimeMs: number; ino: number } | undefined,
  listing: FolderListing | undefined,
): { media: MediaIndex; stamp: string } {
  const files = listing?.mediaFiles() ?? listMediaFiles(root);
  if (!files) return { media: new Map(), stamp: combineHash('no media') };
  // Size and modification time alone do not tell an image's bytes: one edited and given its old
  // time back (`touch -d`) keeps both. The change time and inode do change, as in the input stamp.
  const found: [string, MediaFile, number, number, number][] = [];
  for (const file of files) {
    const type = imageType(file);
    if (type === undefined) continue;
    // Project-relative, as the input stamp holds it: its stats are those the stamp took.
    const stats = statOf(file);
    if (!stats) continue;
    found.push([file, { length: stats.size, type }, stats.mtimeMs, stats.ctimeMs, stats.ino]);
  }
  found.sort(([a], [b]) => compare(a, b));
  return { media: new Map(found.map(([path, file]) => [path, file])), stamp: combineHash(...found.flatMap(([path, file, mtime, ctime, ino]) => [path, file.length, mtime, ctime, ino])) };
}

function statOf(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}



/**
 * The UI strings (common.yaml of every language, checked), from the cache when the files are as
 * last time: reading them means a YAML parse and an i18next probe per language.
 */
async function cachedCommonStrings(
  project: Project,
  cache: BuildCache,
  commonKey: string | undefined,
  hashOf: (file: string) => string | undefined,
): Promise<{ common: Map<string, CommonStrings>; diagnostics: Diagnostic[] }> {
  const folder = cache.recordFolder;
  const key = commonKey === undefined ? undefined : combineHash(cache.namespace, 'common', commonKey);
  if (folder && key) {
    const cached = readRecord<{ common: [string, CommonStrings][]; diagnostics: Diagnostic[] }>(recordFile(folder, 'common', key), key);
    if (cached && Array.isArray(cached.common) && Array.isArray(cached.diagnostics)) return { common: new Map(cached.common), diagnostics: cached.diagnostics };
  }
  const { loadCommonStrings } = await import('./load-site.js');
  // The files must still have the hashes the key was made of (input-changed.ts).
  const loaded = await loadCommonStrings(project, key ? hashOf : undefined);
  if (folder && key) writeRecord(recordFile(folder, 'common', key), key, { common: [...loaded.common], diagnostics: loaded.diagnostics });
  return loaded;
}

/** The `common.yaml` files of every language folder. */
async function listCommonFiles(project: Project): Promise<string[]> {
  try {
    const folders = project.listing?.entries('locales') ?? (await readdir(join(project.root, 'locales'), { withFileTypes: true }));
    return folders
      .filter((entry) => entry.isDirectory())
      .map((entry) => `locales/${entry.name}/common.yaml`)
      .filter((file) => statOf(join(project.root, file)) !== undefined)
      .sort(compare);
  } catch {
    return [];
  }
}


