import { resolve } from 'node:path';
import { hasErrors } from '../core/diagnostic.js';
import { loadProject, type Project } from '../io/project.js';
import { printDiagnostics, type CliIo } from './context.js';

/** Loads the project for a command; prints problems and returns undefined when it cannot. */
export async function openProject(io: CliIo, root: string | undefined): Promise<Project | undefined> {
  const { project, diagnostics } = await loadProject(root ? resolve(io.cwd, root) : io.cwd);
  printDiagnostics(io, diagnostics);
  if (!project || hasErrors(diagnostics)) return undefined;
  return project;
}
