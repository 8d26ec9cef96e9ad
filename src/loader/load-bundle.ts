// lib/load.cjs: runs a bundle of lib/ (cli.cjs, worker.cjs) with V8's code cache.
//
// Node 20 compiles every module it loads from source, each time: no compile cache for ES
// modules (`module.enableCompileCache` came with Node 22), none for CommonJS. A command that
// works on one release spends a fifth of its time compiling the code it runs — the bundles'
// top levels, then each function the first time it is called. V8 can serialize what it
// compiled (`script.createCachedData()`, taken after a run it includes every function the run
// compiled) and take it back (`cachedData`), and `vm.Script` is the one Node 20 API that
// accepts it: so the bundles are CommonJS, run here through `vm.Script` as Node would run a
// CommonJS module. (What v8-compile-cache does for `require`; written here because that
// package patches Module.prototype._compile for every module of the process.)
//
// One cache file per bundle, command, bundle content (and modification time), Node version,
// architecture and Node options, in lib/.code-cache/. V8 checks the rest itself (its version, its flags, the source's
// length) and rejects a cache that does not fit (`cachedDataRejected`): the bundle then compiles
// from source, as without a cache, and a new cache is written. V8 does not check the rest of the
// bytes (its checksum is verified in debug builds only): a cache with bytes changed behind its
// header crashed every start (SIGSEGV, V8 fatal errors) or ran wrong code. So each file starts
// with the SHA-1 of the V8 data after it (some 1 ms for 1.5 MB), and a file whose data does not
// match it is not handed to V8. A cache never changes what the code does, only how soon it runs;
// a folder that cannot be written to is no error.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire, wrap } from 'node:module';
import { dirname, join } from 'node:path';
import { getHeapCodeStatistics } from 'node:v8';
import { constants, Script } from 'node:vm';
import { processRuns } from '../io/process-alive.js';

/** Content hashes of the bundles, filled in by scripts/compile.mjs (`{ cli: '…', worker: '…' }`). */
declare const __PRESSLATE_BUNDLES__: Record<string, string>;

/**
 * Bytecode compiled during a run beyond what the cache held, above which the cache is written
 * again: a run that took another path (a cold build, then an edit) compiled functions the cache
 * does not have. A run along the cached path still compiles 30–100 KB (Node's own modules, which
 * are not in this cache).
 */
const NEW_CODE_BYTES = 256 * 1024;

/** Bytes of the SHA-1 that starts a cache file (of the V8 data after it). */
const DIGEST_BYTES = 20;

function sha1(data: Uint8Array): Buffer {
  return createHash('sha1').update(data).digest();
}

export interface LoadedBundle<T> {
  exports: T;
  /** What became of the code cache: none found, used, or rejected by V8 (made by other code or another V8). */
  codeCache: 'none' | 'used' | 'rejected';
  /** Writes the code cache when there was none that fit, or the run compiled much that it lacks. */
  saveCodeCache(): void;
}

/**
 * Loads `lib/<name>.cjs` with the code cache for `variant` (the command: extract and build run
 * different code) and returns its exports.
 */
export function loadBundle<T>(name: string, variant: string): LoadedBundle<T> {
  const file = join(__dirname, `${name}.cjs`);
  const source = readFileSync(file, 'utf8');
  const bundleHash = __PRESSLATE_BUNDLES__[name] ?? 'unknown';
  const folder = join(__dirname, '.code-cache');
  // V8 knows a source by its length only: a bundle changed by hand after compiling (same hash in
  // load.cjs) must not run the code cached for it, so its modification time is part of the name.
  const { mtimeMs } = statSync(file);
  const cacheFile = join(folder, `${name}-${variant}-${bundleHash}-${process.version}-${process.arch}-${digest([...process.execArgv, mtimeMs].join('\u0000'))}.bin`);
  let cachedData: Buffer | undefined;
  let damaged = false;
  try {
    const bytes = readFileSync(cacheFile);
    cachedData = bytes.subarray(DIGEST_BYTES);
    // Damaged (changed bytes, another format): as one V8 rejects, run without it and write it again.
    if (bytes.length <= DIGEST_BYTES || !sha1(cachedData).equals(bytes.subarray(0, DIGEST_BYTES))) [cachedData, damaged] = [undefined, true];
  } catch {
    // No cache yet.
  }
  const script = new Script(wrap(source), {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
    importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const usable = cachedData !== undefined && !script.cachedDataRejected;
  const compiledBefore = getHeapCodeStatistics().bytecode_and_metadata_size;
  const module = { exports: {} as T };
  (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  return {
    exports: module.exports,
    codeCache: usable ? 'used' : cachedData !== undefined || damaged ? 'rejected' : 'none',
    saveCodeCache() {
      if (usable && getHeapCodeStatistics().bytecode_and_metadata_size - compiledBefore < NEW_CODE_BYTES) return;
      const temporary = `${cacheFile}.${process.pid}.tmp`;
      try {
        mkdirSync(folder, { recursive: true });
        const data = script.createCachedData();
        writeFileSync(temporary, Buffer.concat([sha1(data), data]));
        renameSync(temporary, cacheFile);
        // Caches of earlier builds of this bundle (lib/ compiled again) go; those of other Node
        // options stay (`npm run build` and `node bin/presslate.js build` take turns).
        // So do temporary files a run left when it was killed between writing and renaming (of
        // any bundle): each has its writer's pid in its name. Only here, where the folder is read
        // anyway: a run that writes no cache does no more work for them.
        const now = Date.now();
        for (const entry of readdirSync(folder)) {
          if ((entry.startsWith(`${name}-`) && !entry.includes(`-${bundleHash}-`)) || abandonedTemporary(join(folder, entry), entry, now)) rmSync(join(folder, entry), { force: true });
        }
      } catch {
        // A read-only installation runs without the cache (and a temporary file that could not
        // take the cache's place, a folder there, does not stay).
        try {
          rmSync(temporary, { force: true });
        } catch {
          // Nothing to remove, or a folder nothing can be removed from.
        }
      }
    },
  };
}

/**
 * A temporary file older than this is abandoned whoever wrote it: writing one takes milliseconds.
 * (A live pid may be another process's now, or that of a writer in another container.)
 */
export const ABANDONED_TEMPORARY_MS = 5 * 60 * 1000;

/**
 * Whether `entry` (`<cache file>.<pid>.tmp`) is a temporary cache file no run will rename any
 * more: its writer is no longer running, or it is older than {@link ABANDONED_TEMPORARY_MS}. A
 * writer in another pid namespace (lib/ shared between containers) looks gone: removing its file
 * costs that run its cache write, which it skips without a word, nothing else.
 */
function abandonedTemporary(path: string, entry: string, now: number): boolean {
  const match = /\.(\d+)\.tmp$/.exec(entry);
  if (!match) return false;
  const pid = Number(match[1]);
  if (pid !== process.pid && !processRuns(pid)) return true;
  try {
    return now - statSync(path).mtimeMs > ABANDONED_TEMPORARY_MS;
  } catch {
    return false; // gone already (renamed by its writer)
  }
}

/** A short FNV-1a digest: only to tell one set of Node options from another in a file name. */
function digest(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, '0');
}
