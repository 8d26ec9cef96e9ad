import { cp, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { copySampleProject, makeProject, REPO, runCli } from './project.js';

/** The moment the site tests build at: after every sample release. */
export const NOW = '2026-01-01T00:00:00Z';

/** The sample project's site URL. */
export const SITE = 'https://growin40.example.org/press/';

/** A temporary copy of the sample project with its images (copySampleProject leaves them out). */
export async function sampleProject(): Promise<{ root: string; dispose(): Promise<void> }> {
  const project = await copySampleProject();
  await cp(join(REPO, 'images'), join(project.root, 'images'), { recursive: true });
  return project;
}

/** A temporary project from files, with the repository's common.yaml for the given languages. */
export async function makeSiteProject(
  files: Record<string, string>,
  languages: string[] = ['de', 'en', 'fr'],
): Promise<{ root: string; dispose(): Promise<void> }> {
  const project = await makeProject(files);
  for (const lng of languages) {
    await mkdir(join(project.root, 'locales', lng), { recursive: true });
    await cp(join(REPO, 'locales', lng, 'common.yaml'), join(project.root, 'locales', lng, 'common.yaml'));
  }
  return project;
}

/** Runs `presslate build --now NOW` (plus `args`) in-process. */
export function build(root: string, args: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  return runCli(root, ['build', '--now', NOW, ...args]);
}

/** Reads a file of `dist/`, or undefined when the build did not write it. */
export async function distFile(root: string, path: string, out = 'dist'): Promise<string | undefined> {
  try {
    return await readFile(join(root, out, path), 'utf8');
  } catch {
    return undefined;
  }
}

/** Every file path under `dist/`, sorted. */
export async function distPaths(root: string, out = 'dist'): Promise<string[]> {
  const entries = await readdir(join(root, out), { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(join(root, out).length + 1))
    .sort();
}

/** The `dist/` path a site URL stands for (`…/press/en/` → `en/index.html`), or undefined. */
export function distPathOf(url: string, site = SITE): string | undefined {
  if (!url.startsWith(site)) return undefined;
  const path = decodeURIComponent(url.slice(site.length).replace(/#.*$/, ''));
  return path === '' || path.endsWith('/') ? `${path}index.html` : path;
}

/**
 * Runs `extract`, then fills every segment of every locale file of `lng` with `translate(german)`
 * and the given status: a fully translated project without typing segment keys.
 */
export async function translateAll(
  root: string,
  lng: string,
  translate: (german: string, key: string) => string,
  status = 'reviewed',
): Promise<void> {
  const extracted = await runCli(root, ['extract']);
  if (extracted.code !== 0) throw new Error(`extract failed: ${extracted.stderr}`);
  const folder = join(root, 'locales', lng);
  for (const name of await readdir(folder)) {
    if (name === 'common.yaml') continue;
    const file = join(folder, name);
    const document = parseDocument(await readFile(file, 'utf8'), { schema: 'failsafe' });
    const segments = document.get('segments') as { items: { key: { value: string } }[] };
    for (const pair of segments.items) {
      const key = String(pair.key.value);
      const german = String(document.getIn(['segments', key, 'de']));
      document.setIn(['segments', key, lng], translate(german, key));
      document.setIn(['segments', key, 'status'], status);
    }
    await writeFile(file, document.toString({ lineWidth: 0 }));
  }
}

/** A pseudo-translation that keeps every tag and shows which language it is. */
export function pseudo(lng: string): (german: string) => string {
  return (german) => `[${lng}] ${german.replace(/(^|>)([^<]+)/g, (_, before: string, text: string) => before + text.replace(/[äöüÄÖÜß]/g, 'x'))}`;
}
