import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OutputManifest } from '../src/io/output-manifest.js';

const hash = (text: string | Uint8Array): string => createHash('sha256').update(text).digest('hex').slice(0, 32);
const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A dist/ with `da/a.html`, `da/b.html` and `feed.xml`, all just written. */
function dist(): string {
  const out = mkdtempSync(join(tmpdir(), 'presslate-manifest-'));
  folders.push(out);
  mkdirSync(join(out, 'da'));
  writeFileSync(join(out, 'da', 'a.html'), 'A');
  writeFileSync(join(out, 'da', 'b.html'), 'B');
  writeFileSync(join(out, 'feed.xml'), 'F');
  return out;
}
const expecting = (paths: readonly string[]): { paths: readonly string[]; has(path: string): boolean } => ({ paths, has: (path) => paths.includes(path) });
const ALL = expecting(['da/a.html', 'da/b.html', 'feed.xml']);

describe('OutputManifest', () => {
  it('stamps folders a build has just written to, by moving their time into the past', () => {
    const out = dist();
    const stamps = new OutputManifest(out).stampFolders(ALL);
    expect(stamps['']).not.toBeNull();
    expect(stamps['da']).not.toBeNull();
    expect(statSync(join(out, 'da')).mtimeMs).toBeLessThan(Date.now() - 1000);
    expect(new OutputManifest(out, () => ({}), stamps).unchanged()).toBe(true);
    // Any later change to a folder moves its time back to the present.
    writeFileSync(join(out, 'da', 'c.html'), 'C');
    expect(new OutputManifest(out, () => ({}), stamps).unchanged()).toBe(false);
  });

  it('stamps nested folders, and not a folder with a subfolder the build did not make', () => {
    const out = dist();
    mkdirSync(join(out, 'images', '2024'), { recursive: true });
    writeFileSync(join(out, 'images', '2024', 'photo.jpg'), 'J');
    const files = [...ALL.paths, 'images/2024/photo.jpg'];
    const stamps = new OutputManifest(out).stampFolders(expecting(files));
    expect(stamps['images']).not.toBeNull();
    expect(stamps['images/2024']).not.toBeNull();
    const other = dist();
    mkdirSync(join(other, 'da', 'extra'));
    expect(new OutputManifest(other).stampFolders(ALL)['da']).toBeNull();
  });

  it('leaves a just-written folder unstamped when it holds other files than the build produced', () => {
    const out = dist();
    writeFileSync(join(out, 'da', 'stray.txt'), 'not ours');
    const stamps = new OutputManifest(out).stampFolders(ALL);
    expect(stamps['da']).toBeNull();
    expect(stamps['']).not.toBeNull();
    const missing = new OutputManifest(dist()).stampFolders(expecting([...ALL.paths, 'da/gone.html']));
    expect(missing['da']).toBeNull();
  });

  it('keeps the stamps of folders that were not written to recently', () => {
    const out = dist();
    const past = new Date(Date.now() - 60_000);
    utimesSync(join(out, 'da'), past, past);
    const before = statSync(join(out, 'da')).mtimeMs;
    const stamps = new OutputManifest(out).stampFolders(expecting(['feed.xml'])); // da/ not as expected, but old
    expect(stamps['da']).toEqual([before, statSync(join(out, 'da')).ctimeMs]);
  });

  it('takes the stamp of a folder that kept it without listing it, and still visits the folders below', () => {
    const out = dist();
    mkdirSync(join(out, 'images', '2024'), { recursive: true });
    writeFileSync(join(out, 'images', '2024', 'photo.jpg'), 'J');
    const files = expecting([...ALL.paths, 'images/2024/photo.jpg']);
    // The first stamps move the folders' times into the past: none is racy after it.
    const first = new OutputManifest(out).stampFolders(files);
    const unchanged = new OutputManifest(out, () => ({}), first).stampFolders(files);
    expect(unchanged).toEqual(first);
    expect(unchanged).toEqual(new OutputManifest(out).stampFolders(files));
    // A file added two levels down changes that folder only: its stamp is taken again, and a
    // folder the last build did not see (added inside a changed folder) is found by listing it.
    writeFileSync(join(out, 'images', '2024', 'new.jpg'), 'N');
    mkdirSync(join(out, 'da', 'extra'));
    const later = new OutputManifest(out, () => ({}), first).stampFolders(files);
    expect(later['images']).toEqual(first['images']);
    expect(later['']).toEqual(first['']);
    expect(later['images/2024']).toBeNull(); // just changed, and not as the build left it
    expect(later['da']).toBeNull();
    expect(Object.keys(later).sort()).toEqual(['', 'da', 'da/extra', 'images', 'images/2024']);
    expect(later).toEqual(new OutputManifest(out).stampFolders(files));
  });

  it('checks a file without a stamp in a changed folder by its bytes, and stamps it', () => {
    const out = dist();
    const old = new Date(Date.now() - 60_000);
    for (const file of ['da/a.html', 'da/b.html']) utimesSync(join(out, file), old, old);
    const manifest = new OutputManifest(out, () => ({}), { da: [0, 0] }, hash); // da/ changed since
    expect(manifest.holds('da/a.html', hash('A'), hash('A'))).toBe(true);
    expect(manifest.holds('da/b.html', hash('not B'), hash('not B'))).toBe(false);
    expect(manifest.holds('da/missing.html', hash('A'), hash('A'))).toBe(false);
    expect(manifest.changed).toBe(true);
    expect(manifest.stamps()['da/a.html']?.[4]).toBe(hash('A'));
    expect(manifest.stamps()['da/b.html']).toBeUndefined();
    // A file just written is checked by its bytes but not stamped (a change in the same tick would not show).
    expect(manifest.holds('feed.xml', hash('F'), hash('F'))).toBe(true);
    expect(manifest.stamps()['feed.xml']).toBeUndefined();
    // Without a hash function (the no-change check) such a file counts as changed.
    expect(new OutputManifest(out, () => ({}), { da: [0, 0] }).holds('da/a.html', hash('A'), hash('A'))).toBe(false);
  });
});
