import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contentHash } from './cache.js';

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

/** Hash of the files that decide what Presslate outputs; shared with scripts/compile.mjs. */
export function hashSources(repo: string): string {
  const parts: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(join(repo, folder), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = `${folder}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) parts.push(path, readFileSync(join(repo, path), 'utf8'));
    }
  };
  walk('src');
  for (const file of ['package.json', 'package-lock.json']) {
    try {
      parts.push(file, readFileSync(join(repo, file), 'utf8'));
    } catch {
      parts.push(file, '');
    }
  }
  return contentHash(parts.join('\u0000'));
}
