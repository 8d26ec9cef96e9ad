import { fileURLToPath } from 'node:url';
import { hashSources } from '../../scripts/source-hash.mjs';

/** Injected by scripts/compile.mjs: a hash of the sources, package.json and the lock file. */
declare const __PRESSLATE_BUILD_ID__: string | undefined;

let cached: string | undefined;

/**
 * Identifies the code that produces outputs, for the build cache: the compiled bundle carries a
 * hash of `src/`, `package.json` and `package-lock.json` made when it was compiled, so a new
 * version, a local code change or a dependency update never reuses results of other code. Run
 * from source (tests), the same hash is computed from `src/` on first use.
 */
export function buildId(): string {
  if (typeof __PRESSLATE_BUILD_ID__ === 'string') return __PRESSLATE_BUILD_ID__;
  cached ??= hashSources(fileURLToPath(new URL('../..', import.meta.url)));
  return cached;
}
