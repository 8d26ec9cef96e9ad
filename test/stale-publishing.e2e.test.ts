import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { copySampleProject, runCli } from './helpers/project.js';

const RELEASE = '2019-10-08-best-practice-sammlung';
const KEY = 'li-e5a26c1d';

/**
 * A German correction after publication: the reviewed translation of the previous German goes on
 * being published — while the entry is stale, and while its new translation waits for review —
 * and only the reviewed new translation replaces it.
 */
test('a re-translated stale segment keeps publishing its reviewed text until the new one is reviewed', async () => {
  const project = await copySampleProject();
  try {
    const file = join(project.root, 'locales/en', `${RELEASE}.yaml`);
    const page = join(project.root, 'dist/en', `${RELEASE}.md`);
    const original = await readFile(file, 'utf8');
    expect(original).toContain(`  ${KEY}:\n`);
    expect(original).toContain('previous-en: A metalworking business');

    // Stale as shipped: published, outdated, with the reviewed text.
    expect((await runCli(project.root, ['build'])).code).toBe(0);
    let markdown = await readFile(page, 'utf8');
    expect(markdown).toContain('outdated: true');
    expect(markdown).toContain('by around 30% as a result');

    // The translator updates the text and marks it translated: still the reviewed text, outdated.
    const edited = original.replace(
      /(  li-e5a26c1d:\n(?:    .*\n)*?    en: ).*\n    status: stale\n/,
      '$1A metalworking business from the district of Gifhorn records working hours and material consumption by tablet directly on the building site, and has cut the time spent on invoicing by around a third as a result.\n    status: translated\n',
    );
    expect(edited).not.toBe(original);
    await writeFile(file, edited);
    expect((await runCli(project.root, ['build'])).code).toBe(0);
    markdown = await readFile(page, 'utf8');
    expect(markdown).toContain('outdated: true');
    expect(markdown).toContain('by around 30% as a result');
    expect(markdown).not.toContain('by around a third');

    // Reviewed: the new text is published, the page is current, and extract tidies the entry.
    await writeFile(file, edited.replace(/(by around a third as a result\.\n    status: )translated/, '$1reviewed'));
    expect((await runCli(project.root, ['build'])).code).toBe(0);
    markdown = await readFile(page, 'utf8');
    expect(markdown).not.toContain('outdated: true');
    expect(markdown).toContain('by around a third as a result');
    expect((await runCli(project.root, ['extract'])).code).toBe(0);
    const tidied = await readFile(file, 'utf8');
    const entry = tidied.slice(tidied.indexOf(`  ${KEY}:`), tidied.indexOf('\n  li-', tidied.indexOf(`  ${KEY}:`) + 3));
    expect(entry).not.toContain('previous');
    expect(entry).toContain('status: reviewed');
  } finally {
    await project.dispose();
  }
});
