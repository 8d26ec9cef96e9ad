import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** A temporary copy of the sample project (config, releases, locales), removed by `dispose`. */
export async function copySampleProject(options: { locales?: boolean } = {}): Promise<{ root: string; dispose(): Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'presslate-'));
  await cp(join(REPO, 'presslate.config.yaml'), join(root, 'presslate.config.yaml'));
  await cp(join(REPO, 'releases'), join(root, 'releases'), { recursive: true });
  if (options.locales !== false) await cp(join(REPO, 'locales'), join(root, 'locales'), { recursive: true });
  return { root, dispose: () => rm(root, { recursive: true, force: true }) };
}

/** An empty temporary project with the given files. */
export async function makeProject(files: Record<string, string>): Promise<{ root: string; dispose(): Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'presslate-'));
  const defaults: Record<string, string> = {
    'presslate.config.yaml': 'site:\n  url: https://example.org/press/\ntargetLanguages: [en, fr]\n',
  };
  for (const [path, text] of Object.entries({ ...defaults, ...files })) {
    const full = join(root, path);
    await mkdir(join(full, '..'), { recursive: true });
    await writeFile(full, text);
  }
  return { root, dispose: () => rm(root, { recursive: true, force: true }) };
}

/** Runs the CLI in-process (no spawn), capturing output. */
export async function runCli(root: string, argv: string[], now = Date.parse('2026-01-01T00:00:00Z')): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main({
    argv,
    cwd: root,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    now: () => now,
  });
  return { code, stdout, stderr };
}

/** Runs the real compiled CLI (bin/presslate.js) as a child process. */
export function spawnCli(root: string, argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(REPO, 'bin/presslate.js'), ...argv], { cwd: root }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** Every file under `folder` with its content, for before/after comparisons. */
export async function snapshotTree(folder: string): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  let entries: import('node:fs').Dirent[] = [];
  try {
    entries = await readdir(folder, { recursive: true, withFileTypes: true });
  } catch {
    return result;
  }
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    result.set(path.slice(folder.length + 1), await readFile(path, 'utf8'));
  }
  return result;
}
