/**
 * Merges the translated front matter values of a release into its German front matter
 * (mergeFrontMatter, for merge.ts): each changed value is written over the German one in the
 * text when it is a one-line scalar and stays one (spliceScalars, scalarText: as the yaml library
 * would write it, in the node's own style), else the parsed German document is cloned, changed
 * and written again. Comments, order and every value not changed keep their bytes.
 */
import { Document, isScalar, parseDocument, Scalar } from 'yaml';
import type { ReleaseAnalysis } from './analyze-release.js';
import { ESCAPE_IN_YAML, LOCALE_YAML_TAGS, yamlDoubleQuoted } from './locale-file.js';
import type { MergeOptions, TranslationLookup } from './merge.js';
import { outputSafe } from './output-text.js';
import { NOT_TEXT_WHEN_PLAIN } from './yaml-position.js';
import type { Segment } from './segment.js';

/**
 * The German front matter as a YAML document, parsed once per release and cloned for each
 * language (a clone costs a fraction of a parse). A memo, not state: same analysis, same document.
 */
const frontMatterDocuments = new WeakMap<ReleaseAnalysis, Document.Parsed>();
function parsedFrontMatter(analysis: ReleaseAnalysis): Document.Parsed {
  let document = frontMatterDocuments.get(analysis);
  if (!document) {
    // Locale files' string writer: a value with a line break or a character YAML 1.1 readers
    // misread (U+2028, NEL, C1, BOM) is written double-quoted with escapes — the library alone
    // writes a multi-line plain scalar (invalid YAML when a translation starts with `- ` or `: `)
    // and those characters raw.
    document = parseDocument(analysis.frontMatter.yaml, { customTags: LOCALE_YAML_TAGS, uniqueKeys: false }); // checked by parseRelease
    frontMatterDocuments.set(analysis, document);
  }
  return document;
}

/**
 * The front matter with each changed value written over the German one in the text, when every
 * changed value is a one-line scalar and stays one: everything else in the front matter keeps
 * its bytes, and no document is cloned and serialized per language (which cost more than the
 * rest of the merge). The value is written by the yaml library, in the node's own style (plain,
 * quoted) where the new text allows it, exactly as `setIn` + `toString` would write it.
 * Undefined when some change needs the document path (block scalars, anchors, tags, new lines).
 */
function spliceScalars(yaml: string, changes: readonly [Segment, string][]): string | undefined {
  const edits: { start: number; end: number; text: string }[] = [];
  for (const [segment, value] of changes) {
    const place = segment.scalar;
    if (!place || value.includes('\n') || value.includes('\r')) return undefined;
    const text = scalarText(value, place.style);
    if (text.includes('\n')) return undefined;
    edits.push({ start: place.start, end: place.end, text });
  }
  edits.sort((a, b) => a.start - b.start);
  let result = '';
  let last = 0;
  for (const edit of edits) {
    if (edit.start < last) return undefined;
    result += yaml.slice(last, edit.start) + edit.text;
    last = edit.end;
  }
  return result + yaml.slice(last);
}

/** Words and punctuation a plain YAML scalar holds as they are: no `: `, ` #`, quotes or indicators. */
const PLAIN_SCALAR = /^\p{L}[\p{L}\p{M}\p{N} .,;()’–—/-]*[\p{L}\p{M}\p{N}.)’]$|^\p{L}$/u;
/** What makes yaml escape or re-quote a quoted scalar: control characters, line breaks, lone surrogates. */
const QUOTED_BY_LIBRARY = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u{D800}-\u{DFFF}]/u;

/**
 * A string as the yaml library writes it for a scalar of `style` (keeping the style where the
 * string allows it, as `setIn` on the parsed document does); plain words are written directly.
 */
export function scalarText(value: string, style: 'PLAIN' | 'QUOTE_SINGLE' | 'QUOTE_DOUBLE'): string {
  // Plain `Yes`, `null` or `1.000` is a boolean, null or number to a page's other readers (Jekyll's
  // YAML 1.1 reads `title: No` as false); the library, writing YAML 1.2, leaves 1.1's keywords plain.
  if (style === 'PLAIN' && NOT_TEXT_WHEN_PLAIN.test(value)) return yamlDoubleQuoted(value);
  if (style === 'PLAIN' && PLAIN_SCALAR.test(value)) return value;
  // One line without control characters (the callers pass no line breaks): yaml writes a double-
  // quoted scalar as JSON writes the string, rewriting only `\uXXXX` escapes and line breaks
  // (stringifyString.js, doubleQuotedString), and a single-quoted one with `'` doubled. Making a
  // Document per value cost more than the rest of merging a release (~0.5 ms).
  // The library writes U+2028/U+2029, NEL, C1 controls and the byte order mark as they are, even in
  // double quotes; YAML 1.1 readers (PyYAML, many static site generators' front-matter readers)
  // take the separators for line breaks and fail. Escaped, every reader gets the text back.
  if (ESCAPE_IN_YAML.test(value) && !value.includes('\n')) return yamlDoubleQuoted(value);
  if (!QUOTED_BY_LIBRARY.test(value)) {
    if (style === 'QUOTE_DOUBLE') return JSON.stringify(value);
    if (style === 'QUOTE_SINGLE') return `'${value.replaceAll("'", "''")}'`;
  }
  const scalar = new Scalar(value);
  scalar.type = style;
  // Written as a mapping's value, as the front matter holds it: at the root of a document the
  // library writes `---a` or `...a` as a block scalar (a line starting with `---` would end the
  // document), as a value in a mapping as a plain scalar.
  return new Document({ x: scalar }).toString({ lineWidth: 0, flowCollectionPadding: false }).replace(/^x: /, '').replace(/\n$/, '');
}

/** The release text `merged` with the front matter values `lookup` gives written into its front matter. */
export function mergeFrontMatter(
  analysis: ReleaseAnalysis,
  merged: string,
  lookup: TranslationLookup,
  options: MergeOptions,
): string {
  const changes: [Segment, string][] = [];
  for (const segment of analysis.segments) {
    if (segment.kind !== 'meta' || !segment.path) continue;
    // What no published file may hold (control characters, lone surrogates) goes before the value
    // is written: escaped in YAML (`\0`, `\uD800`) the page's later cleaning would not see it.
    const found = lookup(segment);
    const value = found === undefined ? undefined : outputSafe(found);
    if (value !== undefined && (options.rebuildUnchanged || value !== segment.source)) changes.push([segment, value]);
  }
  if (changes.length === 0) return merged;
  const { yaml, start } = analysis.frontMatter;
  const yamlStart = merged.indexOf('\n', start) + 1;
  if (merged.slice(yamlStart, yamlStart + yaml.length) !== yaml) return merged;
  const spliced = spliceScalars(yaml, changes);
  if (spliced !== undefined) return merged.slice(0, yamlStart) + spliced + merged.slice(yamlStart + yaml.length);
  const document = parsedFrontMatter(analysis).clone();
  for (const [segment, value] of changes) {
    document.setIn(segment.path!, value);
    const node = document.getIn(segment.path!, true);
    if (isScalar(node) && node.type !== Scalar.QUOTE_SINGLE && NOT_TEXT_WHEN_PLAIN.test(value)) node.type = Scalar.QUOTE_DOUBLE;
  }
  const rewritten = document.toString({ lineWidth: 0, flowCollectionPadding: false }).replace(/\n$/, '');
  return merged.slice(0, yamlStart) + rewritten + merged.slice(yamlStart + yaml.length);
}
