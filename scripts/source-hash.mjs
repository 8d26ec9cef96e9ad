// The one recipe for Presslate's build id: a hash of everything that decides what it outputs
// (src/**/*.ts, package.json, package-lock.json). Plain JavaScript so that scripts/compile.mjs can
// run it before anything is compiled; src/io/build-id.ts uses it when running from source.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Hex SHA-256 (32 digits) of the sources, package.json and the lock file under `repo`. */
export function hashSources(repo) {
  const parts = [];
  const walk = (folder) => {
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
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}
