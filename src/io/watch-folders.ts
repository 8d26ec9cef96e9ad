import { readdirSync, realpathSync, statSync, watch, type FSWatcher } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { CONFIG_FILE } from '../core/config-file.js';
import { readTreeSync } from './read-tree.js';
import { MEDIA_FOLDER } from '../core/media.js';

/**
 * Watches the folders a project's inputs live in, for `presslate watch`: the project folder itself
 * (for presslate.config.yaml, and for releases/, locales/ or images/ appearing), releases/,
 * locales/ and each folder in it, and images/ with every folder below it.
 *
 * One non-recursive `fs.watch` (inotify on Linux) per folder rather than `{ recursive: true }`:
 * Node 20 builds recursive watching on Linux in JavaScript over the whole tree, which would also
 * walk dist/, .presslate-cache/ and node_modules. A folder that appears or disappears is picked up
 * by `sync`, which the caller runs after each round.
 *
 * The events only say *when* to run: what changed is found by extract's and build's own checks
 * (stats and content hashes), so a spurious event costs a round that finds nothing, and several
 * events for one save (editors write a temporary file and rename it) make one round.
 */
export class WatchedFolders {
  private readonly watchers = new Map<string, FSWatcher>();
  /** Files this process wrote, with their stat after the write: their events are not changes. */
  private readonly own = new Map<string, string>();

  /** Folders that could not be watched, each said once. */
  private readonly unwatchable = new Set<string>();

  /** The output folder's name when it is directly in the project folder (see {@link watchOutput}). */
  private output: string | undefined;

  /**
   * The files releases and locale files link to (project-relative, `../` when outside it), as of
   * the last sync: a save there is a save of the input, though its folder is no input folder.
   */
  private linked = new Set<string>();

  /** The input folders as of the last sync: in a folder watched only for a link's target, only that file counts. */
  private inputs = new Set<string>();

  /** Closed: a round still running when watch was stopped must not start watching again. */
  private closed = false;

  /** The project folder's device and inode when watching started (see {@link rootGone}). */
  private readonly rootId: string | undefined;

  constructor(
    private readonly root: string,
    /** Called with the project-relative path of each file that changed (or may have). */
    private readonly changed: (file: string) => void,
    /** Told, once per folder, that a folder cannot be watched and why. */
    private readonly warn: (message: string) => void = () => {},
    /** fs.watch; tests pass one that fails. */
    private readonly watchFolder: typeof watch = watch,
  ) {
    this.rootId = folderId(root);
  }

  /**
   * Whether the project folder was moved, renamed or removed since watching started (another
   * folder by its name counts too): the watchers follow the folder, not its name, so saves there
   * would start no round, or rounds that find no project.
   */
  rootGone(): boolean {
    return folderId(this.root) !== this.rootId;
  }

  /**
   * Starts watching folders that appeared since the last call and stops watching those gone.
   * Returns the folders it started watching: a file saved in one before it was watched had no
   * event, so the caller runs a round for them.
   */
  sync(): string[] {
    const added: string[] = [];
    if (this.closed) return added;
    const links = linkedInputs(this.root);
    this.linked = new Set(links.files);
    this.inputs = new Set(inputFolders(this.root));
    const wanted = new Set([...this.inputs, ...links.folders]);
    for (const [folder, watcher] of this.watchers) {
      if (!wanted.has(folder)) {
        watcher.close();
        this.watchers.delete(folder);
      }
    }
    for (const folder of wanted) {
      if (this.watchers.has(folder)) continue;
      try {
        const path = folder.startsWith('../') || folder === '..' ? join(realRoot(this.root), folder) : join(this.root, folder);
        const watcher = this.watchFolder(path, { persistent: true }, (_event, name) => this.event(folder, name === null ? undefined : String(name)));
        // A watched folder removed or renamed: the next round (and sync) sees it.
        watcher.on('error', () => {
          watcher.close();
          this.watchers.delete(folder);
          this.changed(folder);
        });
        this.watchers.set(folder, watcher);
        this.unwatchable.delete(folder);
        added.push(folder);
      } catch (error) {
        // Gone between listing and watching: the next sync sees that. Anything else (the
        // system's limit of watches, permissions) means saves there start no round, which the
        // person watching must know: they would wait for a page that never comes.
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || this.unwatchable.has(folder)) continue;
        this.unwatchable.add(folder);
        this.warn(`cannot watch ${folder === '' ? 'the project folder' : `${folder}/`} (${code ?? (error as Error).message}): ${UNWATCHABLE[code ?? ''] ?? 'the system refused'}; until then, saves there start no round (a save elsewhere still picks them up)`);
      }
    }
    return added;
  }

  /**
   * The output folder, when it is directly in the project folder (`dist`): its removal starts a
   * round, which builds it again. Its other events are build's own (it swaps in a staged folder).
   */
  watchOutput(name: string | undefined): void {
    this.output = name;
  }

  /** The folders watched now, project-relative ('' is the project folder). */
  folders(): string[] {
    return [...this.watchers.keys()].sort();
  }

  /**
   * Files this process has just written (project-relative), kept until the next call: an event for
   * one of them whose stat is still the one it had after the write is the write itself, not a
   * person's change ({@link isOwnWrite}).
   */
  wrote(files: readonly string[]): void {
    this.own.clear();
    for (const file of files) {
      const stamp = statStamp(join(this.root, file));
      if (stamp) this.own.set(file, stamp);
    }
  }

  /** Whether `file` is as this process last wrote it (see {@link wrote}). */
  isOwnWrite(file: string): boolean {
    const own = this.own.get(file);
    if (own === undefined) return false;
    if (statStamp(join(this.root, file)) === own) return true;
    this.own.delete(file);
    return false;
  }

  close(): void {
    this.closed = true;
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }

  private event(folder: string, name: string | undefined): void {
    // Without a name (some file systems), anything in the folder may have changed.
    if (name === undefined) return this.changed(folder === '' ? '.' : folder);
    const file = folder === '' ? name : `${folder}/${name}`;
    if (this.linked.has(file)) return this.changed(file);
    if (!this.inputs.has(folder)) return;
    if (folder === '' && !ROOT_ENTRIES.has(name)) {
      // dist/, .presslate-cache/, node_modules/ … are not inputs; but the project folder's own
      // move or removal shows here too, named by its own name.
      if (this.rootGone()) this.changed('.');
      else if (name === this.output && !folderId(join(this.root, name))) this.changed(name);
      return;
    }
    // An atomic write's temporary file (atomic-write.ts): its rename shows as the target's event.
    // Hidden entries of releases/ and locales/ (an editor's swap or lock file: .x.md.swp, .#x.md)
    // are never inputs (input-stamp.ts); under images/ a hidden folder's files are.
    const hidden = name.startsWith('.') && !folder.startsWith(MEDIA_FOLDER);
    if (name.endsWith('.tmp') || hidden || this.isOwnWrite(file)) return;
    this.changed(file);
  }
}

/** Why a folder cannot be watched, and the fix. */
const UNWATCHABLE: Record<string, string> = {
  ENOSPC: "the system's limit of watched folders is reached; raise it (Linux: sysctl fs.inotify.max_user_watches=524288) and restart watch",
  EMFILE: "the system's limit of watchers or open files is reached; raise it (Linux: sysctl fs.inotify.max_user_instances, ulimit -n) and restart watch",
  EACCES: 'permission denied; check who owns it and its permissions, then restart watch',
  EPERM: 'the operation is not permitted; check its permissions, then restart watch',
};

/** What at the project's top level is an input, or holds inputs. */
const ROOT_ENTRIES = new Set([CONFIG_FILE, 'releases', 'locales', MEDIA_FOLDER]);

/** The folders holding a project's inputs (see input-stamp.ts for the files), project-relative. */
export function inputFolders(root: string): string[] {
  const folders = [''];
  const isFolder = (folder: string): boolean => statSync(join(root, folder), { throwIfNoEntry: false })?.isDirectory() === true;
  if (isFolder('releases')) folders.push('releases');
  if (isFolder('locales')) {
    folders.push('locales');
    // A language's folder may be a link to a folder elsewhere (translations kept in another
    // checkout): extract and build read through it, so saves there must start a round too.
    for (const entry of entries(join(root, 'locales'))) {
      if (entry.isDirectory() || (entry.isSymbolicLink() && isFolder(`locales/${entry.name}`))) folders.push(`locales/${entry.name}`);
    }
  }
  if (isFolder(MEDIA_FOLDER)) {
    folders.push(MEDIA_FOLDER);
    const media = join(root, MEDIA_FOLDER);
    for (const entry of entries(media, true)) {
      if (!entry.isDirectory()) continue;
      const path = relative(root, join(entry.parentPath, entry.name));
      folders.push(sep === '/' ? path : path.split(sep).join('/'));
    }
  }
  return folders;
}

/**
 * Releases and locale files that are links (extract and build read through them: a release to a
 * file elsewhere in the project, a locale file anywhere): the files they lead to and those files'
 * folders, relative to the project folder (`../` when outside it), with forward slashes.
 */
export function linkedInputs(root: string): { files: string[]; folders: string[] } {
  const files = new Set<string>();
  const folders = new Set<string>();
  const real = realRoot(root);
  const isFolder = (folder: string): boolean => statSync(join(root, folder), { throwIfNoEntry: false })?.isDirectory() === true;
  const inputs = ['releases', ...entries(join(root, 'locales')).filter((entry) => isFolder(`locales/${entry.name}`)).map((entry) => `locales/${entry.name}`)];
  for (const folder of inputs) {
    for (const entry of entries(join(root, folder))) {
      if (!entry.isSymbolicLink()) continue;
      let target: string;
      try {
        target = realpathSync(join(root, folder, entry.name));
      } catch {
        continue; // a link to nothing: extract and build say so
      }
      const path = relative(real, target).split(sep).join('/');
      if (path === '' || isAbsolute(path)) continue;
      files.add(path);
      folders.add(path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');
    }
  }
  return { files: [...files].sort(), folders: [...folders].sort() };
}

function realRoot(root: string): string {
  try {
    return realpathSync(root);
  } catch {
    return root;
  }
}

function entries(folder: string, recursive = false) {
  try {
    return recursive ? readTreeSync(folder) : readdirSync(folder, { withFileTypes: true });
  } catch {
    return [];
  }
}

/** A folder's device and inode, as one string; undefined when it is not a folder. */
function folderId(path: string): string | undefined {
  try {
    const stats = statSync(path, { throwIfNoEntry: false });
    return stats?.isDirectory() ? `${stats.dev}:${stats.ino}` : undefined;
  } catch {
    return undefined;
  }
}

/** Size, mtime, ctime and inode of a file, as one string; undefined when it cannot be statted. */
function statStamp(path: string): string | undefined {
  try {
    const stats = statSync(path, { throwIfNoEntry: false });
    return stats ? `${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}:${stats.ino}` : undefined;
  } catch {
    return undefined;
  }
}
