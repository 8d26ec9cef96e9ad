import { resolve } from 'node:path';
import { hasErrors } from '../core/diagnostic.js';
import { loadProject, type Project } from '../io/project.js';
import { printDiagnostics, type CliIo } from './context.js';

/**
 * Loads the project for a command; prints problems and returns undefined when it cannot.
 * `{ cache: true | false }` opens the build cache too (false: `--no-cache`, a disabled cache).
 */
export async function openProject(io: CliIo, root: string | undefined, options: { cache?: boolean } = {}): Promise<Project | undefined> {
  const { project, diagnostics } = await loadProject(root ? resolve(io.cwd, root) : io.cwd, options);
  printDiagnostics(io, diagnostics);
  if (!project || hasErrors(diagnostics)) return undefined;
  return project;
}
