/**
 * Brings the site-wide files of a build up to date on the main thread, after the releases are
 * rendered: each language's feeds (the newest releases, with their bodies) and index (every
 * release it publishes), then the OPML and root page. A group of files is rendered again only
 * when what it shows changed — by the hash of the fields of each listed release it read last
 * time, and of each feed body — and otherwise taken over from the last build's SharedRecord. The
 * listings and feed bodies come from the build cache (and from this build's rendering), an index
 * from the copy of its listings the last rendering stored; only pages whose content changed are
 * staged for `dist/`.
 */
import type { PublishedRelease } from '../core/feed/prepare-release.js';
import { selectFeedEntries } from '../core/feed/feed-items.js';
import type { ReleaseHtml } from '../core/feed/release-html.js';
import { compareText } from '../core/diagnostic.js';
import { MissingRecord, type ReleaseRecord, type SharedRecord } from './build-records.js';
import type { BuildRun } from './build-run.js';
import { combineHash, contentHash } from './content-hash.js';
import { recordFile } from './record-file.js';
import { collectGarbage } from './collect-garbage.js';
import { idOf } from './input-files.js';
import { feedBodyKey, feedsGroup, fieldsHash, indexGroup, listingKey, type ListedRelease, type ListingRecord } from './release-tasks.js';
import type { RenderedReleases } from './render-releases.js';

/** What the last rendering of a language's index listed: file, render key and listing text of each release. */
interface IndexListings {
  lng: string;
  entries: [string, string, string][];
}

/** The name of a language's IndexListings record (whole-project, like build-state). */
function indexListingsName(lng: string): string {
  return `index-listings-${lng}`;
}

const SITE_GROUP = '(site)';

interface FeedCandidate {
  file: string;
  id: string;
  date: { instant: number };
}

/** The site-wide files of a build, and with them every file of `dist/` it produces. */
export interface SiteFiles {
  /** `dist/` path → hash of every file this build produces (the releases' pages and the site files). */
  outputs: Map<string, string>;
  /** Group name → the record of its files (taken over, or made now). */
  sharedRecords: Record<string, SharedRecord>;
}

/**
 * Renders the feeds, indexes and site pages whose content changed (see above); `sorted` holds the
 * records of the releases in the order of their files.
 */
export async function buildSiteFiles(run: BuildRun, rendering: RenderedReleases, sorted: readonly ReleaseRecord[]): Promise<SiteFiles> {
  const { cache, config, now, languages, releaseFiles, commonKey, mediaKey, media, common, previous, manifest, staged, recordFolder, readKeyed } = run;
  const { records, renderBodies, freshHashes, freshBodies } = rendering;
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
      const readFields = [...read].sort(compareText);
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
  return { outputs, sharedRecords };
}

const EMPTY_BODY: ReleaseHtml = { html: '', feed: '', excerpt: '', localFiles: [] };

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
