import { randomBytes } from 'node:crypto';
import { link, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { calendarDay, parseReleaseDate } from '../core/dates.js';
import { diagnostic } from '../core/diagnostic.js';
import { releaseIdProblem, slugify } from '../core/release-id.js';
import { COMMON_OPTIONS, type Command } from './commands.js';
import { EXIT, printDiagnostics, UsageError } from './context.js';
import { openProject } from './open-project.js';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * `presslate new "<German title>"`: creates `releases/<date>-<slug>.md` from {@link releaseTemplate}.
 * The date defaults to today in the configured time zone (the only clock read); an existing file
 * is never overwritten (exit 2, `RELEASE_EXISTS`).
 */
export const newCommand: Command = {
  name: 'new',
  summary: 'start a new German release from a template: releases/<date>-<slug>.md',
  usage: 'presslate new "<German title>" [--date YYYY-MM-DD] [--slug <slug>] [--root <folder>]',
  help: `Creates releases/<date>-<slug>.md with front matter (title, date, author, tags; summary,
category and image as commented lines to fill in) and a note in German on what to write. The file
is a valid release as it stands; write the text, then run \`npm run extract\` so translators get it.
An existing file is never overwritten.

Options:
  --date YYYY-MM-DD  release date (default: today in the configured time zone)
  --slug <slug>      file name after the date (default: made from the title, e.g. "neue-foerderrunde")
  --root <folder>    project folder

Exit codes: 0 created, 2 bad input or the file exists already (nothing is written then).`,
  options: { ...COMMON_OPTIONS, date: { type: 'string' }, slug: { type: 'string' } },
  allowPositionals: true,
  async run({ values, positionals }, io) {
    const title = positionals.join(' ').replace(/\s+/g, ' ').trim();
    if (title === '') throw new UsageError('give the German title of the release, in quotes: presslate new "Neue Förderrunde startet"');
    const project = await openProject(io, values.root as string | undefined);
    if (!project) return EXIT.badInput;
    const { config } = project;

    const dateOption = values.date as string | undefined;
    if (dateOption !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(dateOption) || !parseReleaseDate(dateOption, config.timeZone))) {
      throw new UsageError(`--date "${dateOption}" is not a calendar date of the form YYYY-MM-DD, e.g. 2024-05-02`);
    }
    const date = dateOption ?? calendarDay(io.now(), config.timeZone);
    const slugOption = values.slug as string | undefined;
    if (slugOption !== undefined && !SLUG.test(slugOption)) {
      throw new UsageError(`--slug "${slugOption}" may contain only lowercase letters a–z, digits and single hyphens, e.g. neue-foerderrunde`);
    }
    const slug = slugOption ?? slugify(title);
    if (slug === '') throw new UsageError(`cannot make a file name from the title "${title}"; give one with --slug, e.g. --slug pressemitteilung`);
    const id = `${date}-${slug}`;
    const problem = releaseIdProblem(id);
    if (problem) throw new UsageError(`the release id ${problem}`);

    const file = `releases/${id}.md`;
    const created = await createExclusive(join(project.root, file), releaseTemplate({ id, title, date, author: config.site.publisher }));
    if (!created) {
      printDiagnostics(io, [
        diagnostic('RELEASE_EXISTS', 'error', file, 'exists already; it was left as it is', {
          line: 1,
          hint: 'edit that file, or start another release with a different --slug or --date',
        }),
      ]);
      return EXIT.badInput;
    }
    io.stdout.write(`new: created ${file}\nWrite the release there (in German), then run \`npm run extract\` so translators get its text.\n`);
    return EXIT.ok;
  },
};

/** What goes into a new release file. */
export interface ReleaseTemplateInput {
  id: string;
  title: string;
  /** `YYYY-MM-DD`. */
  date: string;
  /** Front matter `author`: the configured publisher. */
  author: string;
}

/**
 * The text of a new release: front matter with the given title, date and author, the optional
 * keys as commented lines (so the file is a valid release before anyone fills them in, and no
 * placeholder can be published by mistake), and a German note in an HTML comment on how to write
 * the text. Pure: same input, same text.
 */
export function releaseTemplate({ id, title, date, author }: ReleaseTemplateInput): string {
  const scalar = (value: string): string => stringify(value, { lineWidth: 0 }).trimEnd();
  return [
    '---',
    `title: ${scalar(title)}`,
    `date: ${date}`,
    '# Zusammenfassung in ein, zwei Sätzen (für Übersichten und Feeds) – Raute am Zeilenanfang entfernen:',
    '# summary: ',
    '# Rubrik, z. B. „Nachrichten aus der Region“ oder „Projekte“:',
    '# category: ',
    `author: ${scalar(author)}`,
    'tags: []',
    '# Titelbild: Datei unter images/ ablegen, dann die Rauten vor den fünf Zeilen entfernen.',
    '# image:',
    `#   src: images/${id}.jpg`,
    '#   alt: Was auf dem Bild zu sehen ist, für Menschen, die es nicht sehen können',
    '#   caption: Bildunterschrift',
    '#   credit: Name der Fotografin oder des Fotografen',
    '---',
    '',
    '<!--',
    'Hier steht der Text der Pressemitteilung; diesen Kommentar danach löschen.',
    'Der erste Absatz sagt das Wichtigste: Wer hat was, wann und wo getan – und warum ist es wichtig?',
    'Danach die Einzelheiten. Zwischenüberschriften beginnen mit „## “, Zitate mit „> “,',
    'Links schreiben Sie als [Text](https://…). Am Ende ein Abschnitt „## Pressekontakt“.',
    '-->',
    '',
  ].join('\n');
}

/**
 * Writes a file that must not exist yet: a temporary file, then a hard link to the target, which
 * fails when the target exists — atomic and never overwriting. Returns false when it existed.
 */
async function createExclusive(path: string, content: string): Promise<boolean> {
  await mkdir(join(path, '..'), { recursive: true });
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temporary, content, { encoding: 'utf8', flag: 'wx' });
  try {
    await link(temporary, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(temporary, { force: true });
  }
}
