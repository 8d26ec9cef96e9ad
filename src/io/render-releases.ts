/**
 * Renders again the releases of a build whose pages the last build's records cannot vouch for:
 * plans which releases are stale (their render key changed, their public state changed with the
 * clock, or a page of theirs in `dist/` was touched) and reuses the record of every other one,
 * prepares the inputs of each release to render (its locale files, the date lines of its last
 * rendering), renders them in batches on worker threads, which park the pages next to `dist/`,
 * and collects what comes back: a record per release, the hashes of its listings and the feed
 * bodies a feed may show. Renders everything once more when the site turned out to have feeds
 * after all, or none. Gives the records with a way to render the bodies a feed still lacks
 * (renderBodies), for build-site-files.ts.
 */
import { isPublic } from '../core/embargo.js';
import { selectFeedEntries } from '../core/feed/feed-items.js';
import type { ReleaseHtml } from '../core/feed/release-html.js';
import { analysisKey } from './analysis-record.js';
import type { ReleaseRecord } from './build-records.js';
import type { BuildRun } from './build-run.js';
import { combineHash } from './content-hash.js';
import { recordFile } from './record-file.js';
import { idOf, localePathOf, readKnown, splitIntoBatches } from './input-files.js';
import { join } from 'node:path';
import { feedBodyKey, listingKey, type ListedRelease, type ListingRecord, type LocaleInput, type RenderInput, type RenderOutput, type SharedInput } from './release-tasks.js';
import { runBatches, workerCount } from './workers.js';

/** At most this many releases to render get the date lines of their last rendering (see prepare). */
const DATE_LINE_RELEASES = 8;

/** What rendering the releases of a build gives the stages after it. */
export interface RenderedReleases {
  /** Project path → the release's record (taken over from the last build, or made now). */
  records: Map<string, ReleaseRecord>;
  /** Renders the given releases again for their feed bodies (see build-site-files.ts). */
  renderBodies: (files: string[]) => Promise<void>;
  /** The releases rendered by this build. */
  rendered: Set<string>;
  /** Images of the releases rendered, parked (or found in dist/ already). */
  stagedAssets: Set<string>;
  /** Group of site files → release → hash of its listing over the fields the group read last time. */
  freshHashes: Map<string, Map<string, string>>;
  /** Release → language → body, of the releases rendered that a feed may show. */
  freshBodies: Map<string, Map<string, ReleaseHtml>>;
}

/** Renders the releases whose records do not hold (see above). */
export async function renderReleases(run: BuildRun): Promise<RenderedReleases> {
  const { cache, config, root, out, now, languages, releaseFiles, localeFiles, known, commonKey, mediaKey, media, common, previous, manifest, staged, recordFolder, readKeyed, writeBody } = run;
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
    return { records, renderBodies, rendered, stagedAssets, freshHashes, freshBodies };
  }
  throw new Error('build: the feed flag did not settle; please report this');
}
