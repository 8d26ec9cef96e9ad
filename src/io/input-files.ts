import type { FolderListing } from './input-stamp.js';
import { lstatSync, readdirSync, statSync, type Dirent } from 'node:fs';
import { readFileNamedSync } from './read-file.js';
import { isFileEntry, releaseLinkProblem } from './release-links.js';
import { join } from 'node:path';
import type { BuildCache } from './cache.js';
import type { Config } from '../core/config.js';
import { diagnostic, type Diagnostic } from '../core/diagnostic.js';
import { NON_RELEASE_FILES } from '../core/locale-fields.js';
import { stripBom } from './project.js';

/** What the incremental commands know about an input file: its hash, and its text once read. */
export type KnownFiles = Map<string, { hash: string; text?: string }>;

/** Release id of `releases/<id>.md` or `locales/<lng>/<id>.yaml`. */
export function idOf(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1).replace(/\.(md|yaml)$/, '');
}

/** Project path of the locale file of release `id` in `lng`. */
export function localePathOf(lng: string, id: string): string {
  return `locales/${lng}/${id}.yaml`;
}

/** A project file's text, byte order mark removed. */
export function readText(root: string, file: string): string {
  return stripBom(readFileNamedSync(join(root, file), 'utf8'));
}

/**
 * Hash of a file and its text: the text read earlier (handed over once, then dropped so memory
 * holds only batches in flight), else read now when `needText` or when its stat changed. A file
 * whose stat matches the index is not read unless its text is needed. Missing files hash to ''.
 */
export function readKnown(cache: BuildCache, known: KnownFiles, file: string, needText: boolean): { hash: string; text?: string } {
  const entry = known.get(file);
  if (entry?.text !== undefined) {
    known.set(file, { hash: entry.hash });
    return entry;
  }
  const hashed = cache.hashFile(file);
  known.set(file, { hash: hashed.hash });
  if (!hashed.stats) return { hash: '' };
  const bytes = hashed.bytes ?? (needText ? readFileNamedSync(join(cache.root, file)) : undefined);
  return bytes ? { hash: hashed.hash, text: stripBom(bytes.toString('utf8')) } : { hash: hashed.hash };
}

/**
 * Hashes files by stat where the index knows them; when at most `eagerLimit` are unknown they
 * are read and hashed now (exact change detection), their texts kept for the caller. More unknown
 * files are read batch by batch later — unless `hashAll`: then they are hashed now too (texts
 * dropped). Callers pass `hashAll` when they have records of an earlier run: in a fresh checkout
 * with a restored cache every file has new times and inodes but mostly its old content, and
 * hashing it (some 0.2 s per 1,000 releases) is what finds the records still valid.
 */
export function hashInputs(cache: BuildCache, files: readonly string[], options: { eagerLimit?: number; hashAll?: boolean } = {}): { known: KnownFiles; unknown: string[] } {
  const { eagerLimit = 256, hashAll = false } = options;
  const known: KnownFiles = new Map();
  const unknown: string[] = [];
  for (const file of files) {
    const hash = cache.knownHash(file);
    if (hash !== undefined) known.set(file, { hash });
    else unknown.push(file);
  }
  if (unknown.length <= eagerLimit) {
    for (const file of unknown) {
      const hashed = cache.hashFile(file);
      known.set(file, hashed.bytes ? { hash: hashed.hash, text: stripBom(hashed.bytes.toString('utf8')) } : { hash: hashed.hash });
    }
  } else if (hashAll) {
    for (const file of unknown) known.set(file, { hash: cache.hashFile(file).hash });
  }
  return { known, unknown };
}

/**
 * Batches small enough to balance threads and to bound memory — a batch's texts go out and its
 * outputs (pages' and listings' hashes, bodies for the feeds) come back in one message, and both
 * sides hold it whole — and large enough that messages stay cheap. Measured at 1,000 releases:
 * at most 16 per batch instead of 64 takes cold extract from about 290 MB to 207 MB and cold
 * build from about 296 MB to 250–270 MB, at the same speed.
 */
export function batchSize(items: number, threads: number): number {
  if (threads <= 0) return Math.max(items, 1);
  return Math.max(4, Math.min(16, Math.ceil(items / (threads * 8))));
}

/**
 * `items` in batches of {@link batchSize}, in order, the last ones smaller: a thread that takes the
 * last full batch while the other has just begun its own would work alone for up to two batches
 * (extract keeps two in flight per thread), some 0.1–0.2 s of one idle core at the end of a cold
 * run. The last `threads × 2` batches' worth of items go in batches of a quarter of the size
 * (at least 2), so the threads finish within a few releases of each other.
 */
export function splitIntoBatches<T>(items: readonly T[], threads: number): T[][] {
  const size = batchSize(items.length, threads);
  const batches: T[][] = [];
  if (threads <= 0) {
    if (items.length > 0) batches.push(items.slice());
    return batches;
  }
  const small = Math.max(2, Math.ceil(size / 4));
  const tailStart = Math.max(0, items.length - threads * 2 * size);
  for (let start = 0; start < tailStart; start += size) batches.push(items.slice(start, Math.min(start + size, tailStart)));
  for (let start = tailStart; start < items.length; start += small) batches.push(items.slice(start, start + small));
  return batches;
}

/**
 * Warnings for what `releases/` holds besides releases (RELEASE_IGNORED): a file saved as `.MD`,
 * `.markdown` or `.txt`, or a subfolder, would otherwise be left out without a word. Hidden files
 * (`.gitkeep`, `.DS_Store`) are not mentioned. Shared by incremental extract and build.
 */
export function ignoredReleaseDiagnostics(root: string, listing?: FolderListing): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const folderProblem = releasesFolderProblem(root);
  if (folderProblem) {
    diagnostics.push(diagnostic('RELEASE_IGNORED', 'warning', 'releases', `${folderProblem}: no release is read`, { hint: 'make releases/ a folder (or a link to one) that holds the releases' }));
  }
  for (const entry of sortedEntries(root, 'releases', listing)) {
    const file = `releases/${entry.name}`;
    if (entry.name.startsWith('.') || (entry.isFile() && entry.name.endsWith('.md'))) continue;
    if (entry.isSymbolicLink() && entry.name.endsWith('.md')) {
      const problem = releaseLinkProblem(root, 'releases', entry.name);
      if (problem) {
        diagnostics.push(
          diagnostic('RELEASE_IGNORED', 'warning', file, `${problem}: it is not read`, {
            hint: 'copy the release into releases/ instead of linking to it (a link is followed only inside the project)',
          }),
        );
      }
    } else if (entry.isDirectory()) {
      diagnostics.push(diagnostic('RELEASE_IGNORED', 'warning', file, 'is a folder: releases in subfolders are not read', { hint: 'move the releases into releases/ itself' }));
    } else if (isSpecialEntry(entry)) {
      diagnostics.push(diagnostic('RELEASE_IGNORED', 'warning', file, SPECIAL_FILE, { hint: 'replace it with the release file itself' }));
    } else {
      diagnostics.push(
        diagnostic('RELEASE_IGNORED', 'warning', file, 'is not read as a release: only files ending in .md are', {
          hint: 'rename it to YYYY-MM-DD-slug.md (lowercase .md), or move it out of releases/',
        }),
      );
    }
  }
  return diagnostics;
}

/**
 * Why `releases/` is there but cannot be listed as a folder, or undefined (a folder, or none: a
 * new project). Listed as no releases, every locale file was LOCALE_ORPHAN ("releases/<id>.md
 * does not exist") without a word about the folder.
 */
function releasesFolderProblem(root: string): string | undefined {
  const path = join(root, 'releases');
  try {
    return statSync(path).isDirectory() ? undefined : 'is a file, not a folder';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return 'is a symbolic link that leads back to itself (a loop of links)';
    if (code === 'ENOENT') return lstatSync(path, { throwIfNoEntry: false }) ? 'is a symbolic link to nothing' : undefined;
    return `cannot be read (${code})`;
  }
}

/**
 * A named pipe (mkfifo), socket or device: named `.md` or `.yaml`, "only files ending in .md are"
 * sent the writer looking for a typo that is not there.
 */
const SPECIAL_FILE = 'is a named pipe, socket or device, not a regular file: it is not read';
function isSpecialEntry(entry: Dirent): boolean {
  return entry.isFIFO() || entry.isSocket() || entry.isCharacterDevice() || entry.isBlockDevice();
}

/**
 * Warnings for what a target language's folder holds besides locale files (LOCALE_IGNORED): a
 * file saved as `.yml` or `.YAML` by an editor, a copy with another extension, or a folder, whose
 * translations would otherwise be left out without a word (extract then starts a new, empty
 * `<id>.yaml` beside it, and the release is held in that language). Hidden files are not
 * mentioned. Shared by incremental extract and build.
 */
export function ignoredLocaleDiagnostics(root: string, targetLanguages: readonly string[], listing?: FolderListing): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const lng of targetLanguages) {
    for (const entry of sortedEntries(root, `locales/${lng}`, listing)) {
      if (entry.name.startsWith('.') || (entry.name.endsWith('.yaml') && isFileEntry(root, `locales/${lng}`, entry))) continue;
      const file = `locales/${lng}/${entry.name}`;
      diagnostics.push(
        entry.isDirectory()
          ? diagnostic('LOCALE_IGNORED', 'warning', file, 'is a folder: locale files in subfolders are not read', { hint: `move the files into locales/${lng}/ itself` })
          : entry.isSymbolicLink() && entry.name.endsWith('.yaml')
          ? // Named right, so "only files ending in .yaml" sent the translator looking for a typo.
            diagnostic('LOCALE_IGNORED', 'warning', file, 'is a symbolic link that leads to no file (its target is missing, a folder, or a loop of links): it is not read', {
              hint: 'restore the file it points to, or replace the link with the locale file itself',
            })
          : isSpecialEntry(entry)
          ? diagnostic('LOCALE_IGNORED', 'warning', file, SPECIAL_FILE, { hint: 'replace it with the locale file itself' })
          : diagnostic('LOCALE_IGNORED', 'warning', file, 'is not read: only files ending in .yaml are locale files', {
              hint: `rename it to <release id>.yaml (lowercase .yaml); if extract has made a new ${entry.name.replace(/\.[^.]*$/, '')}.yaml beside it, move your translations into that file`,
            }),
      );
    }
  }
  return diagnostics;
}


/**
 * Diagnostics for locale files whose release does not exist (LOCALE_ORPHAN), read with the full
 * reader so the messages carry the file and what to do. Shared by incremental extract and build.
 */
export async function orphanLocaleDiagnostics(
  root: string,
  localeFiles: Iterable<string>,
  ids: ReadonlySet<string>,
  config: Config,
): Promise<Diagnostic[]> {
  const orphans = [...localeFiles].filter((file) => !ids.has(idOf(file)) && !NON_RELEASE_FILES.has(file.slice(file.lastIndexOf('/') + 1)));
  if (orphans.length === 0) return [];
  const { readLocales } = await import('../core/read-locales.js');
  const texts = new Map<string, { file: string; text: string }[]>();
  for (const file of orphans) {
    const lng = file.split('/')[1]!;
    (texts.get(lng) ?? texts.set(lng, []).get(lng)!).push({ file, text: readText(root, file) });
  }
  return readLocales(texts, new Set(ids), config).diagnostics;
}

/**
 * The entries of a project folder in code-point order of their names (from `listing` when it has
 * them); none when it cannot be listed.
 */
function sortedEntries(root: string, folder: string, listing: FolderListing | undefined): Dirent[] {
  const byName = (a: Dirent, b: Dirent): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const listed = listing?.entries(folder);
  if (listed) return [...listed].sort(byName);
  try {
    return readdirSync(join(root, folder), { withFileTypes: true }).sort(byName);
  } catch {
    return [];
  }
}
