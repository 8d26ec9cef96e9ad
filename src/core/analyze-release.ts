import type { Root } from 'mdast';
import type { Config } from './config.js';
import { diagnostic, type Diagnostic } from './diagnostic.js';
import { parseRelease, type ParsedRelease, type ParseHints } from './parse-release.js';
import { segmentRelease, type Occurrence, type Segment } from './segment.js';
import { imagesWithoutAlt } from './image-alt.js';

/**
 * Everything later stages need from one German source, as plain JSON-serializable data (no mdast):
 * it crosses worker threads and lives in the build cache, so nothing downstream parses Markdown again.
 */
export interface ReleaseAnalysis extends Omit<ParsedRelease, 'tree' | 'positioned' | 'fastFrontMatter'> {
  segments: Segment[];
  /** Blocks with no words of their own but with images whose alt text is a segment. */
  imageBlocks: Occurrence[];
}

/**
 * Parses and segments one source release. `analysis` is undefined when there are errors; `tree`
 * is the parsed German mdast, for callers that render the release (the build cache keeps it so
 * that a build after extract does not parse the sources again).
 */
export function analyzeRelease(
  file: string,
  text: string,
  config: Config,
  hints?: ParseHints,
): { analysis?: ReleaseAnalysis; diagnostics: Diagnostic[]; tree?: Root } {
  const parsed = parseRelease(file, text, config, hints);
  if (!parsed.release) return { diagnostics: parsed.diagnostics };
  const { release } = parsed;
  const segmented = segmentRelease(release, config);
  const diagnostics = [...parsed.diagnostics, ...segmented.diagnostics, ...imagesWithoutAlt(file, release.tree, release.meta, release.frontMatter)];
  // The text has no U+FFFD (RELEASE_ENCODING), so one in a segment comes from a reference that
  // stands for no character — `&#0;`, `&#xD800;`, `&#x110000;`, which Markdown reads as U+FFFD —
  // or a YAML escape "\uFFFD". Extract wrote it into every locale file, which were then refused
  // (LOCALE_ENCODING, "retype the characters shown as �") by every command after it.
  for (const segment of segmented.segments) {
    if (!segment.source.includes('\uFFFD')) continue;
    diagnostics.push(
      diagnostic('RELEASE_ENCODING', 'error', file, `segment \`${segment.key}\` has the replacement character �, from a character reference that stands for no character (&#0;, a surrogate such as &#xD800;, or one above &#x10FFFF;) or an escape \\uFFFD`, {
        line: segment.line,
        hint: 'remove the reference, or write the character you meant',
      }),
    );
  }
  if (segmented.diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  const analysis: ReleaseAnalysis = {
    id: release.id,
    file: release.file,
    text: release.text,
    frontMatter: release.frontMatter,
    meta: release.meta,
    date: release.date,
    languages: release.languages,
    segments: segmented.segments,
    imageBlocks: segmented.imageBlocks,
  };
  if (release.embargo) analysis.embargo = release.embargo;
  return { analysis, diagnostics, tree: release.tree };
}
