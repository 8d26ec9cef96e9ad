import { existsSync } from 'node:fs';
import { readFileNamed, readFileNamedSync } from './read-file.js';
import { readdir } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import pLimit from 'p-limit';
import { CONFIG_FILE } from '../core/config-file.js';
import type { Config } from '../core/config.js';
import { diagnostic, type Diagnostic } from '../core/diagnostic.js';
import { buildId } from './build-id.js';
import { BuildCache } from './cache.js';
import type { FolderListing } from './input-stamp.js';
import { isFileEntry, releaseLinkProblem } from './release-links.js';

/** A Presslate project on disk: its root folder and validated configuration. */
export interface Project {
  root: string;
  config: Config;
  /** The build cache, for commands opened with `{ cache: true }` (extract, build). */
  cache?: BuildCache;
  /** Folders the command listed already (its input stamp's), taken instead of listing them again. */
  listing?: FolderListing;
}

/** A text file of the project, with its project-relative path (forward slashes). */
export interface ProjectFile {
  file: string;
  text: string;
}

/** Bounded concurrency for file reads: enough to keep the disk busy, few enough for file handles. */
export const readLimit = pLimit(64);

/** Finds the project root (the folder with presslate.config.yaml) at or above `start`. */
export function findProjectRoot(start: string): string | undefined {
  let folder = resolve(start);
  for (;;) {
    if (existsSync(join(folder, CONFIG_FILE))) return folder;
    const parent = dirname(folder);
    if (parent === folder) return undefined;
    folder = parent;
  }
}

/**
 * Loads and validates the configuration of the project at or above `cwd`. With `cache: true` the
 * project gets its build cache (`.presslate-cache/`), and a configuration validated before is
 * taken from it, so that a run with nothing to do never loads the YAML and schema libraries.
 */
export async function loadProject(cwd: string, options: { cache?: boolean } = {}): Promise<{ project?: Project; diagnostics: Diagnostic[] }> {
  const root = findProjectRoot(cwd);
  if (!root) {
    return {
      diagnostics: [
        diagnostic('NO_PROJECT', 'error', CONFIG_FILE, `no ${CONFIG_FILE} in ${cwd} or any folder above it`, {
          hint: 'run the command inside a Presslate project, or pass --root <folder>',
        }),
      ],
    };
  }
  // Read synchronously: every command starts here, and four trips through the thread pool (open,
  // stat, read, close) cost more than the read.
  const text = readFileNamedSync(join(root, CONFIG_FILE), 'utf8');
  if (options.cache !== undefined) {
    const cache = BuildCache.open(root, { enabled: options.cache, buildId: buildId(), configText: text });
    // The namespace is keyed by the config text, so a stored config is this text's validation.
    const known = cache.readState<Config>('config');
    if (known && typeof known === 'object') return { project: { root, config: known, cache }, diagnostics: [] };
    const { parseConfig } = await import('../core/config.js');
    const { config, diagnostics } = parseConfig(text);
    if (config && diagnostics.length === 0) cache.writeState('config', config);
    return config ? { project: { root, config, cache }, diagnostics } : { diagnostics };
  }
  const { parseConfig } = await import('../core/config.js');
  const { config, diagnostics } = parseConfig(text);
  return config ? { project: { root, config }, diagnostics } : { diagnostics };
}

/** Project-relative path with forward slashes. */
export function projectPath(project: Project, absolute: string): string {
  return relative(project.root, absolute).split(sep).join('/');
}

/** Lists the files directly in `folder` (project-relative) whose names end with `extension`. */
export async function listFiles(project: Project, folder: string, extension: string): Promise<string[]> {
  try {
    const entries = project.listing?.entries(folder) ?? (await readdir(join(project.root, folder), { withFileTypes: true }));
    return entries
      // A folder named like a file (`x.yaml/`) is not one: RELEASE_IGNORED / LOCALE_IGNORED say so.
      .filter((entry) => entry.name.endsWith(extension) && !entry.name.startsWith('.') && isFileEntry(project.root, folder, entry))
      // A release that is a link out of the project is not read (RELEASE_IGNORED, release-links.ts).
      .filter((entry) => !(folder === 'releases' && entry.isSymbolicLink() && releaseLinkProblem(project.root, folder, entry.name)))
      .map((entry) => entry.name)
      .sort()
      .map((name) => `${folder}/${name}`);
  } catch {
    return [];
  }
}

/** Reads project files concurrently (bounded), keeping the given order. */
export async function readProjectFiles(project: Project, files: string[]): Promise<ProjectFile[]> {
  return Promise.all(
    files.map((file) => readLimit(async () => ({ file, text: stripBom(await readFileNamed(join(project.root, file), 'utf8')) }))),
  );
}

/** A byte order mark is invisible in editors but would break front matter detection. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
