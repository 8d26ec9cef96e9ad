import { readFileNamed } from './read-file.js';
import { join } from 'node:path';
import type { Diagnostic } from '../core/diagnostic.js';
import { EMPTY_GLOSSARY, GLOSSARY_FILE, parseGlossary, type Glossary } from '../core/glossary.js';
import type { Project } from './project.js';
import { stripBom } from './project.js';

/**
 * Reads `locales/glossary.yaml`. A project without one has an empty glossary; a glossary that does
 * not parse comes back as diagnostics (and no glossary).
 */
export async function loadGlossary(project: Project): Promise<{ glossary?: Glossary; diagnostics: Diagnostic[] }> {
  let text: string;
  try {
    text = stripBom(await readFileNamed(join(project.root, GLOSSARY_FILE), 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { glossary: EMPTY_GLOSSARY, diagnostics: [] };
    throw error;
  }
  return parseGlossary(text, GLOSSARY_FILE, project.config.sourceLanguage);
}
