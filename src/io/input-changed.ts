/**
 * An input saved while a command runs, after the command took its hash from the stat index (the
 * file had the stat the index knew) and before a task read its text: what the task made of the
 * text would go into records under the old hash — an analysis, a page, a verdict that a locale
 * file is up to date — and a later run, with the file saved back to that content, would take
 * them for the file's. A task that reads a file by such a hash checks the bytes it read against
 * it (release-tasks.ts) and throws an error with this code and the file's project path instead;
 * the command hashes the file again and starts over (incremental-build.ts, incremental-extract.ts).
 */
export const INPUT_CHANGED = 'PRESSLATE_INPUT_CHANGED';

/** How many times a command starts over for inputs saved while it ran, before it gives up (ChangedMeanwhileError). */
export const INPUT_CHANGED_ATTEMPTS = 3;

/** The error a task throws for `file` (project path). */
export function inputChanged(file: string): Error {
  return Object.assign(new Error(`${file} was saved while it was read`), { code: INPUT_CHANGED, path: file });
}

/** The project path of the input an error says was saved while it was read, or undefined for any other error. */
export function changedInput(error: unknown): string | undefined {
  const { code, path } = (error ?? {}) as { code?: unknown; path?: unknown };
  return code === INPUT_CHANGED && typeof path === 'string' ? path : undefined;
}
