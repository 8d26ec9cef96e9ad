import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Output files parked in a folder next to `dist/` while a build runs, and moved into it only
 * when the build may write (its inputs have no errors): a build writes all of its changes or
 * none, yet never holds the whole archive's pages in memory. A file whose content `dist/`
 * already has is not parked (and so not rewritten). The move is a rename on the same file
 * system, so every file appears in `dist/` whole.
 */
export class StagedWrites {
  private readonly out: string;
  private readonly folder: string;
  private readonly staged = new Set<string>();
  private readonly folders = new Set<string>();

  constructor(out: string) {
    this.out = out;
    this.folder = `${out}.presslate-staging-${randomBytes(4).toString('hex')}`;
  }

  /** Removes staging folders that a crashed build left next to `out`. */
  static async sweep(out: string): Promise<void> {
    const prefix = `${basename(out)}.presslate-staging-`;
    try {
      for (const name of await readdir(dirname(out))) {
        if (name.startsWith(prefix)) await rm(join(dirname(out), name), { recursive: true, force: true });
      }
    } catch {
      // No parent folder yet: nothing to sweep.
    }
  }

  /** Parks `content` for `path` unless `dist/` has exactly it; says whether it was parked. */
  async stage(path: string, content: string): Promise<boolean> {
    try {
      if ((await readFile(join(this.out, path), 'utf8')) === content) return false;
    } catch {
      // Not there yet.
    }
    const target = join(this.folder, path);
    await this.folderFor(target);
    await writeFile(target, content, 'utf8');
    this.staged.add(path);
    return true;
  }

  /** Moves every parked file into `dist/`; returns their paths. */
  async commit(): Promise<string[]> {
    const paths = [...this.staged].sort();
    for (const path of paths) {
      const target = join(this.out, path);
      await this.folderFor(target);
      await rename(join(this.folder, path), target);
    }
    await this.discard();
    return paths;
  }

  /** Drops everything parked. */
  async discard(): Promise<void> {
    this.staged.clear();
    this.folders.clear();
    await rm(this.folder, { recursive: true, force: true });
  }

  /** Creates the folder of `file` once per build (thousands of pages share a handful of folders). */
  private async folderFor(file: string): Promise<void> {
    const folder = dirname(file);
    if (this.folders.has(folder)) return;
    await mkdir(folder, { recursive: true });
    this.folders.add(folder);
  }
}
