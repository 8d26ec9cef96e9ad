import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** End-to-end tests spawn bin/presslate.js, which runs the bundle in lib/: compile it once, fresh. */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/compile.mjs'], { cwd: fileURLToPath(new URL('../..', import.meta.url)), stdio: 'inherit' });
}
