import type { ReleaseAnalysis } from '../core/analyze-release.js';
import { readFileNamedSync } from './read-file.js';
import type { CommonStrings } from '../core/common-strings.js';
import type { Config } from '../core/config.js';
import type { ReleaseDate } from '../core/dates.js';
import type { Diagnostic } from '../core/diagnostic.js';
import type { PublishedRelease } from '../core/feed/prepare-release.js';
import type { RawHtmlPlugin, ReleaseHtml } from '../core/feed/release-html.js';
import type { LocaleFile } from '../core/locale-file.js';
import type { ParseHints } from '../core/parse-release.js';
import type { MediaFile } from '../core/media.js';
import type { RenderContext, ReleasePlan } from '../core/render-release.js';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Root } from 'mdast';
import { combineHash, contentHash } from './content-hash.js';
import { recordFile, writeRecord } from './record-file.js';
import { inputChanged } from './input-changed.js';
import { stageFile } from './staged-writes.js';
import { analysisKey, readAnalysisRecord, writeAnalysisRecord, type CachedAnalysis } from './analysis-record.js';

/**
 * The per-release work of extract and build, as batches that run on a worker thread or on the
 * main thread alike (see workers.ts). Inputs and outputs are plain data (structured clone);
 * heavy modules (remark, yaml) are imported on first use, so a run that finds everything cached
 * never loads them.
 */

/** A locale file of a release as the main thread found it. */
export interface LocaleInput {
  lng: string;
  file: string;
  /** Content hash; '' when the file does not exist. */
  hash: string;
  /**
   * The text (BOM removed); undefined when the file does not exist or, for build, when the main
   * thread knew its hash without reading it (the rendering thread reads it then).
   */
  text?: string;
  /**
   * The file exists but this thread has not read it and its hash is not known (a cold run): the
   * task reads and hashes it (hash '' until then) and reports what it found in `hashed`.
   */
  unread?: boolean;
}

/** What a task found of a file it read and hashed for the main thread (see `unread`). */
export interface HashedInput {
  file: string;
  hash: string;
  stats: { size: number; mtimeMs: number; ctimeMs: number; ino: number };
}

/** One release to check for extract. */
export interface ExtractCheckInput {
  file: string;
  hash: string;
  /** Cache key of its analysis. */
  analysisKey: string;
  /** The source text; may be omitted when the analysis record is known to exist. */
  text?: string;
  /** Not read and not hashed yet (a cold run): the task does both (see LocaleInput.unread). */
  unread?: boolean;
  /** Its locale files in every target language (present or not). */
  locales: LocaleInput[];
  /** The analysis key of the version extract checked last time, whose dates a new parse may take (ParseHints). */
  previousAnalysisKey?: string;
}

/** What checking one release found. */
export interface ExtractCheckOutput {
  file: string;
  /** Parse and segmentation diagnostics of the source. */
  diagnostics: Diagnostic[];
  /** The source parsed without errors. */
  analyzed: boolean;
  /** The analysis, sent back only when some locale file needs extract's work. */
  analysis?: ReleaseAnalysis;
  /** Target languages the release goes to (empty when the source has errors). */
  languages: string[];
  locales: {
    lng: string;
    file: string;
    hash: string;
    /** Problems reading the locale file. */
    diagnostics: Diagnostic[];
    /** True when extract would leave the file exactly as it is. */
    current: boolean;
  }[];
  /** The files of `unread` inputs: their hashes and stats, for the main thread's stat index. */
  hashed: HashedInput[];
}

/** One release to render for build. */
export interface RenderInput {
  file: string;
  hash: string;
  analysisKey: string;
  /** Cache key of its outputs; feed bodies are stored under it. */
  renderKey: string;
  text?: string;
  locales: LocaleInput[];
  /** Its files that `dist/` still holds as the last build wrote them: path → content hash. */
  intact?: Record<string, string>;
  /**
   * Date lines the last build showed for it (language, instant, text), made with the same
   * common.yaml texts: the rendering need not make date formatters for them (UiText.remember).
   */
  dateLines?: [string, number, string][];
}

/** Where the render task parks the pages it renders (see staged-writes.ts). */
export interface PageStaging {
  out: string;
  folder: string;
  /** The output folder was missing or empty when the build began (and the build holds its lock): nothing to compare with. */
  empty?: boolean;
}

/** A {@link SharedInput} a thread was sent before, by its key (the media list alone is 10,000 entries at 10,000 releases). */
export interface SharedKey {
  key: string;
  sentBefore: true;
}

/** What the whole site shares, as plain data; the task builds the render context from it. */
export interface SharedInput {
  /** Identifies this shared input, so a thread builds its context once. */
  key: string;
  config: Config;
  common: [string, CommonStrings][];
  media: [string, MediaFile][];
  /** Whether feeds exist (some release is public). */
  feeds: boolean;
  now: number;
}

/** A published release in one language without its bodies: what indexes and feed selection need. */
export type ListedRelease = Omit<PublishedRelease, 'markdown' | 'html'>;

/** What rendering one release gave. */
export interface RenderOutput {
  file: string;
  /** Source and locale-file problems: any error stops the build before it writes. */
  inputDiagnostics: Diagnostic[];
  analyzed: boolean;
  date?: ReleaseDate;
  embargo?: ReleaseDate;
  /** The publish plan, states without their translations (not needed after rendering). */
  plan?: ReleasePlan;
  diagnostics: Diagnostic[];
  /** Its pages: `dist/` path → content hash (the contents are parked, or already in `dist/`). */
  files: [string, string][];
  /** The paths it parked in the staging folder. */
  staged: string[];
  assets: [string, string][];
  /**
   * The languages it is listed in, with what feed selection needs and, per group of site files
   * (feedsGroup, indexGroup), the hash of its listing over the fields that group read last time.
   * The listings themselves go to the cache (listingKey), not to the main thread.
   */
  listed: { lng: string; id: string; date: ReleaseDate; hashes: Record<string, string> }[];
  /** Its bodies (language → HTML), for the feeds that show it. */
  bodies: Record<string, ReleaseHtml>;
}

/** Every task a worker thread runs: its batch input and output. */
export interface TaskTypes {
  'check-extract': {
    input: { root: string; cacheFolder: string | null; namespace: string; config: Config; releases: ExtractCheckInput[] };
    output: ExtractCheckOutput[];
  };
  'render-build': {
    input: {
      root: string;
      cacheFolder: string | null;
      /** The site's shared input, or only its key when this thread was sent it with an earlier batch. */
      shared: SharedInput | SharedKey;
      staging: PageStaging;
      releases: RenderInput[];
      /** Per group of site files, the fields it read last time (see RenderOutput.listed). */
      groupFields?: Record<string, string[]>;
      /**
       * Per language, the date of the oldest of the newest `feeds.limit` releases rendered so far:
       * a release dated before it cannot be in that language's feeds, and its body is not sent back.
       */
      bodiesFrom?: Record<string, number>;
    };
    output: RenderOutput[];
  };
}

export type TaskName = keyof TaskTypes;
export type TaskInput<N extends TaskName> = TaskTypes[N]['input'];
export type TaskOutput<N extends TaskName> = TaskTypes[N]['output'];

/** Runs one batch of a task. */
export async function runTask<N extends TaskName>(task: N, input: TaskInput<N>): Promise<TaskOutput<N>> {
  switch (task) {
    case 'check-extract':
      return (await checkExtract(input as TaskInput<'check-extract'>)) as TaskOutput<N>;
    case 'render-build':
      return (await renderBuild(input as TaskInput<'render-build'>)) as TaskOutput<N>;
    default:
      throw new Error(`unknown worker task ${String(task)}`);
  }
}

/**
 * The analysis of a release, with its German mdast: from the cache when its record exists, else
 * parsed (and stored). The key covers the file path, the source hash, the configuration and
 * Presslate's build. The tree is undefined only when the source has errors.
 */
export async function loadAnalysis(
  cacheFolder: string | null,
  key: string,
  file: string,
  text: string | undefined,
  root: string,
  config: Config,
  previousKey?: string,
  sourceHash?: string,
): Promise<CachedAnalysis & { tree?: Root }> {
  if (cacheFolder) {
    const cached = readAnalysisRecord(cacheFolder, key);
    if (cached && (cached.tree || !cached.analysis)) return cached;
  }
  // Read here, the source must still have the hash the key was made of (see input-changed.ts).
  const source = text ?? (sourceHash === undefined ? await readSource(root, file) : readHashed(root, file, sourceHash, true)!);
  const { analyzeRelease } = await import('../core/analyze-release.js');
  const result = analyzeRelease(file, source, config, cacheFolder && previousKey ? parseHints(readAnalysisRecord(cacheFolder, previousKey)) : undefined);
  const value: CachedAnalysis = result.analysis ? { analysis: result.analysis, diagnostics: result.diagnostics } : { diagnostics: result.diagnostics };
  const tree = result.analysis ? result.tree : undefined;
  if (cacheFolder) writeAnalysisRecord(cacheFolder, key, value, tree);
  return tree ? { ...value, tree } : value;
}

/**
 * What the analysis of an earlier version of a release (same namespace, so the same configuration)
 * lets its new parse skip: its dates, by their text.
 */
function parseHints(earlier: CachedAnalysis | undefined): ParseHints | undefined {
  const dates = new Map<string, ReleaseDate>();
  for (const date of [earlier?.analysis?.date, earlier?.analysis?.embargo]) if (date) dates.set(date.text, date);
  return dates.size > 0 ? { dates } : undefined;
}

/** A project file's text without its byte order mark (synchronous: small files, many of them). */
async function readSource(root: string, file: string): Promise<string> {
  return withoutBom(readFileNamedSync(join(root, file), 'utf8'));
}

/**
 * The text of a file the main thread knows by its hash alone, read now: undefined when it cannot
 * be read (as a missing file), unless `required`. Bytes without that hash throw (input-changed.ts).
 */
function readHashed(root: string, file: string, hash: string, required = false): string | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileNamedSync(join(root, file));
  } catch (error) {
    if (required) throw error;
    return undefined;
  }
  if (contentHash(bytes) !== hash) throw inputChanged(file);
  return withoutBom(bytes.toString('utf8'));
}

function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Reads and hashes an input the main thread left `unread` (stat first, as BuildCache.hashFile
 * does, so a change while it is read makes the next run read it again); hash '' when it is gone.
 * Other errors go to the main thread with their code and path (cli/run-command.ts says what to do).
 */
function readUnread(root: string, file: string, hashed: HashedInput[]): { hash: string; text?: string } {
  let stats: { size: number; mtimeMs: number; ctimeMs: number; ino: number };
  let bytes: Buffer;
  try {
    const { size, mtimeMs, ctimeMs, ino } = statSync(join(root, file));
    stats = { size, mtimeMs, ctimeMs, ino };
    bytes = readFileNamedSync(join(root, file));
  } catch (error) {
    // Gone since it was listed: as missing. Anything else (permissions) is the user's to fix.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { hash: '' };
    throw error;
  }
  const hash = contentHash(bytes);
  hashed.push({ file, hash, stats });
  return { hash, text: withoutBom(bytes.toString('utf8')) };
}

async function checkExtract(input: TaskInput<'check-extract'>): Promise<ExtractCheckOutput[]> {
  const { config, cacheFolder, root } = input;
  const [{ readLocaleFileFast }, { isLocaleCurrent }] = await Promise.all([import('../core/locale-file-fast.js'), import('../core/locale-current.js')]);
  const outputs: ExtractCheckOutput[] = [];
  for (const release of input.releases) {
    const hashed: HashedInput[] = [];
    if (release.unread) {
      const read = readUnread(root, release.file, hashed);
      release.hash = read.hash;
      release.analysisKey = analysisKey(input.namespace, release.file, read.hash);
      if (read.text !== undefined) release.text = read.text;
    }
    const { analysis, diagnostics } = await loadAnalysis(cacheFolder, release.analysisKey, release.file, release.text, root, config, release.previousAnalysisKey, release.hash);
    const id = release.file.replace(/^.*\//, '').replace(/\.md$/, '');
    const output: ExtractCheckOutput = { file: release.file, diagnostics, analyzed: analysis !== undefined, languages: analysis?.languages ?? [], locales: [], hashed };
    let needsWork = false;
    for (const locale of release.locales) {
      if (locale.unread) {
        const read = readUnread(root, locale.file, hashed);
        locale.hash = read.hash;
        if (read.text !== undefined) locale.text = read.text;
      } else if (locale.text === undefined && locale.hash !== '') {
        // Known by its hash alone: read here rather than sent across (and checked against it).
        const text = readHashed(root, locale.file, locale.hash);
        if (text !== undefined) locale.text = text;
      }
      const goes = analysis?.languages.includes(locale.lng) ?? false;
      if (locale.text === undefined) {
        output.locales.push({ lng: locale.lng, file: locale.file, hash: locale.hash, diagnostics: [], current: !goes });
        if (goes) needsWork = true;
        continue;
      }
      const expected = { release: id, language: locale.lng, sourceLanguage: config.sourceLanguage };
      const fast = readLocaleFileFast(locale.text, expected);
      let current: boolean;
      let localeDiagnostics: Diagnostic[] = [];
      if (fast) {
        current = !goes || !analysis || isLocaleCurrent(analysis, fast);
      } else {
        // Outside the fast reader's subset: the full reader reports problems with positions, and
        // extract itself says whether it would change the file.
        const [{ readLocaleFile }, { extractLocale }] = await Promise.all([import('../core/locale-file.js'), import('../core/extract-locale.js')]);
        const read = readLocaleFile(locale.text, locale.file, expected);
        localeDiagnostics = read.diagnostics;
        current = !goes || !analysis || !read.locale || wouldKeep(() => extractLocale(analysis, locale.lng, config.sourceLanguage, { file: locale.file, text: locale.text! }, { memory: needsMemory }));
      }
      if (!current) needsWork = true;
      output.locales.push({ lng: locale.lng, file: locale.file, hash: locale.hash, diagnostics: localeDiagnostics, current });
    }
    if (needsWork && analysis) output.analysis = analysis;
    outputs.push(output);
  }
  return outputs;
}

const NEEDS_MEMORY = Symbol('needs translation memory');

/** A memory hook for a dry check: extract asking the memory means it adds a segment. */
function needsMemory(): never {
  throw NEEDS_MEMORY;
}

function wouldKeep(run: () => { text?: string; diagnostics: Diagnostic[] }): boolean {
  try {
    const result = run();
    return result.text === undefined && result.diagnostics.length === 0;
  } catch (error) {
    if (error === NEEDS_MEMORY) return false;
    throw error;
  }
}

/** Cache key of the feed bodies of a release (one record: language → body). */
export function feedBodyKey(renderKey: string): string {
  return combineHash(renderKey, 'feed-body');
}

/** The groups of site-wide files of a language (keys of the build's shared records). */
export const feedsGroup = (lng: string): string => `${lng} feeds`;
export const indexGroup = (lng: string): string => `${lng} index`;

/** Hash of a listed release, over `fields` only (all fields when none were recorded yet). */
export function fieldsHash(listing: ListedRelease, fields: readonly string[] | undefined): string {
  if (!fields) return contentHash(JSON.stringify(listing));
  const record = listing as unknown as Record<string, unknown>;
  return combineHash(...fields.map((field) => JSON.stringify(record[field]) ?? 'undefined'));
}

/**
 * Cache key of what the feeds and indexes show of a release (its `listing` record). One record
 * per release, not per language: each cached file costs a file creation, which on a loaded
 * ext4 volume takes longer than rendering the listing (measured: five records per release were
 * 1.8 s of a 10 s cold build at 1,000 releases). Each language's listing is stored as its own
 * JSON text ({@link ListingRecord}), so reading one language parses only that one.
 */
export function listingKey(renderKey: string): string {
  return combineHash(renderKey, 'listing');
}

/** The `listing` record of a release: language → JSON of its {@link ListedRelease}. */
export type ListingRecord = Record<string, string>;

let sharedContext: { key: string; context: RenderContext } | undefined;
/** The shared input this thread was sent last (see SharedKey). */
let lastShared: SharedInput | undefined;

/** The shared input of a batch: as sent, or the one sent with an earlier batch under the same key. */
function sharedOf(shared: SharedInput | SharedKey): SharedInput {
  if (!('sentBefore' in shared)) return (lastShared = shared);
  if (lastShared?.key !== shared.key) throw new Error('build: a rendering thread lacks the shared input of its batch; please report this');
  return lastShared;
}

/** rehype-raw, loaded by this thread when a release it renders first has raw HTML (RawHtmlPlugin). */
let rawHtml: RawHtmlPlugin | undefined;

async function contextFor(shared: SharedInput): Promise<RenderContext> {
  if (sharedContext?.key === shared.key) return sharedContext.context;
  const { createRenderContext } = await import('../core/render-release.js');
  // Per-release files do not use `newest` (only feeds and indexes do, made on the main thread);
  // whether there are feeds at all decides the feed links on every page.
  const context = createRenderContext({
    config: shared.config,
    common: new Map(shared.common),
    media: new Map(shared.media),
    newest: undefined,
    rawHtml: () => rawHtml,
    feeds: shared.feeds,
  });
  sharedContext = { key: shared.key, context };
  return context;
}

/**
 * Renders releases for build: analysis (cached), locale files (fast reader, or the full one for
 * problems), publish plan, pages, and the bodies feeds embed.
 */
async function renderBuild(input: TaskInput<'render-build'>): Promise<RenderOutput[]> {
  const { cacheFolder, root } = input;
  const shared = sharedOf(input.shared);
  const { config } = shared;
  const [{ readLocaleFileFast }, { readLocaleFile }, { renderRelease }, { hasRawHtml }] = await Promise.all([
    import('../core/locale-file-fast.js'),
    import('../core/locale-file.js'),
    import('../core/render-release.js'),
    import('../core/feed/release-html.js'),
  ]);
  const context = await contextFor(shared);
  const outputs: RenderOutput[] = [];
  for (const release of input.releases) {
    const { analysis, diagnostics, tree } = await loadAnalysis(cacheFolder, release.analysisKey, release.file, release.text, root, config, undefined, release.hash);
    const id = release.file.replace(/^.*\//, '').replace(/\.md$/, '');
    const inputDiagnostics = [...diagnostics];
    const locales = new Map<string, { file: string; locale: LocaleFile; text: string }>();
    for (const locale of release.locales) {
      // A file the main thread knew by its hash alone is read here, on the rendering thread
      // (and checked against it: the pages and the release's record go under that hash).
      if (locale.text === undefined && locale.hash !== '') {
        const text = readHashed(root, locale.file, locale.hash);
        if (text !== undefined) locale.text = text;
      }
      if (locale.text === undefined) continue;
      const expected = { release: id, language: locale.lng, sourceLanguage: config.sourceLanguage };
      const fast = readLocaleFileFast(locale.text, expected);
      if (fast) {
        locales.set(locale.lng, { file: locale.file, locale: fast, text: locale.text });
        continue;
      }
      const read = readLocaleFile(locale.text, locale.file, expected);
      inputDiagnostics.push(...read.diagnostics);
      if (read.locale) locales.set(locale.lng, { file: locale.file, locale: read.locale, text: locale.text });
    }
    const output: RenderOutput = { file: release.file, inputDiagnostics, analyzed: analysis !== undefined, diagnostics: [], files: [], staged: [], assets: [], listed: [], bodies: {} };
    if (analysis) {
      output.date = analysis.date;
      if (analysis.embargo) output.embargo = analysis.embargo;
      // loadAnalysis gives the German tree with every analysis (cached or parsed just now).
      const germanTree = tree;
      if (!germanTree) throw new Error(`build: the analysis of ${release.file} came without its tree; please report this`);
      rawHtml ??= hasRawHtml(germanTree) ? (await import('rehype-raw')).default : undefined;
      for (const [lng, instant, text] of release.dateLines ?? []) context.ui.get(lng)?.remember(instant, text);
      const rendered = renderRelease(analysis, (lng) => locales.get(lng), context, shared.now, () => germanTree);
      output.plan = { ...rendered.plan, states: rendered.plan.states.map((state) => ({ ...state, translations: new Map() })) };
      output.diagnostics = rendered.diagnostics;
      // Hashed and parked here, on the rendering thread: only paths and hashes go back.
      for (const [path, content] of rendered.files.flat()) {
        const hash = contentHash(content);
        output.files.push([path, hash]);
        if (release.intact?.[path] !== hash && stageFile(input.staging.out, input.staging.folder, path, content, input.staging.empty)) output.staged.push(path);
      }
      output.assets = rendered.assets;
      // The bodies go back to the main thread, which keeps those of the newest releases (the
      // feeds show only `feeds.limit` of them) and stores those in the cache.
      const listing: ListingRecord = {};
      for (const published of rendered.published) {
        const { markdown: _markdown, html, ...listed } = published;
        const hashes: Record<string, string> = {};
        for (const group of [feedsGroup(published.lng), indexGroup(published.lng)]) hashes[group] = fieldsHash(listed, input.groupFields?.[group]);
        output.listed.push({ lng: published.lng, id: published.id, date: published.date, hashes });
        const from = input.bodiesFrom?.[published.lng];
        if (from === undefined || published.date.instant >= from) output.bodies[published.lng] = html;
        listing[published.lng] = JSON.stringify(listed);
      }
      // Stored here, on the rendering thread (the main thread reads them back when a language's
      // feeds or index change).
      const key = listingKey(release.renderKey);
      if (cacheFolder && output.listed.length > 0) writeRecord(recordFile(cacheFolder, 'listing', key), key, listing);
    }
    outputs.push(output);
  }
  return outputs;
}
