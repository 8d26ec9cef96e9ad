/**
 * XLIFF 2.0 (OASIS, core only): one `<file>` per release, one `<unit>` per segment, tags as
 * `<pc id="1">…</pc>` (paired) and `<ph id="2"/>` (self-closing), states mapped
 * new → initial, translated → translated, reviewed → final, stale → initial with
 * subState="presslate:stale" and the previous German in a note. Notes carry key and status.
 *
 * The XML is written by hand rather than with a builder: mixed content (`<source>` with text and
 * codes) must not be re-indented by a pretty-printer, and the output must be byte-stable. It is
 * read with saxes, a strict, namespace-aware XML parser that reports well-formedness errors with
 * line and column (xliff-xml.ts).
 */
import { diagnostic, type Diagnostic } from '../diagnostic.js';
import { encodeText, tokenizeTagged, type TagToken } from '../inline-text.js';
import type { Status } from '../locale-file.js';
import type { ExportEntry, ExportSet, ImportState, ImportUnit, ParseResult } from './model.js';
import { childNamed, childrenNamed, parseXml, XLIFF_NAMESPACE, type XmlElement } from './xliff-xml.js';

/** `subState` of a stale segment: translated for an older German. */
export const STALE_SUBSTATE = 'presslate:stale';

const STATE_OF: Record<Status, string> = { new: 'initial', translated: 'translated', reviewed: 'final', stale: 'initial' };

/** XLIFF `type`/`subType` (and `disp` for placeholders) per mdast node type behind a tag. */
const CODE_TYPES: Record<string, { type: string; subType?: string; disp?: boolean }> = {
  emphasis: { type: 'fmt', subType: 'xlf:i' },
  strong: { type: 'fmt', subType: 'xlf:b' },
  delete: { type: 'fmt' },
  link: { type: 'link' },
  linkReference: { type: 'link' },
  break: { type: 'fmt', subType: 'xlf:lb' },
  image: { type: 'image', disp: true },
  imageReference: { type: 'image', disp: true },
  inlineCode: { type: 'other', disp: true },
  html: { type: 'other', disp: true },
  footnoteReference: { type: 'other', disp: true },
  inlineMath: { type: 'other', disp: true },
};

/**
 * Writes an XLIFF 2.0 document. Untranslated segments have no `<target>`. Tags get
 * `canCopy="no" canDelete="no"` so CAT tools keep each exactly once (but for codes a translation
 * already lacks, which a `<target>` may only lack without `canDelete="no"`). A translation whose tags do
 * not nest is written with `<sc/>`/`<ec/>`; one whose tags cannot be written as codes (malformed,
 * twice, unopened, unclosed: see `codeProblem`) is written without its target, its text in a
 * note (import then leaves it as it is), and reported in `diagnostics`.
 */
export function writeXliff(set: ExportSet, file = 'export.xlf'): { text: string; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const lines: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  lines.push(
    `<xliff xmlns="${XLIFF_NAMESPACE}" version="2.0" srcLang="${attribute(set.sourceLanguage)}" trgLang="${attribute(set.targetLanguage)}">`,
  );
  for (const release of set.releases) {
    if (release.entries.length === 0) continue;
    lines.push(`  <file id="${attribute(release.id)}" original="${attribute(release.file)}">`);
    for (const entry of release.entries) {
      lines.push(`    <unit id="${attribute(entry.key)}">`);
      lines.push('      <notes>');
      const notes = notesOf(entry, release.file);
      const unwritable = codeProblem(tokenizeTagged(entry.target));
      if (unwritable) {
        // Written as codes, this translation would be invalid XLIFF (two <sc id="1">, an <ec>
        // without its <sc>); written as plain text, its tags would come back as text (`&lt;1>`)
        // and change the translation on an unedited round trip. So it stays out of <target>
        // (import then leaves it as it is) and goes into a note, where the translator sees it.
        notes.push(['translation', `not in <target> because it has ${unwritable} (fix it in the locale file): ${entry.target}`]);
        diagnostics.push(
          diagnostic('EXPORT_MALFORMED_TAG', 'warning', release.localeFile ?? file, `entry \`${release.id}#${entry.key}\` has ${unwritable} and is exported without its translation`, {
            key: entry.key,
            ...(entry.localeLine !== undefined ? { line: entry.localeLine } : {}),
            hint: 'fix the tags in the locale file (`npm run check` shows them) and export again',
          }),
        );
      }
      for (const [category, text] of notes) {
        lines.push(`        <note category="${category}">${noteContent(text)}</note>`);
      }
      lines.push('      </notes>');
      const target = unwritable ? '' : entry.target;
      // XLIFF: a segment in a state past `initial` must have a target.
      const state = target === '' ? 'initial' : STATE_OF[entry.status];
      const subState = entry.status === 'stale' ? ` subState="${STALE_SUBSTATE}"` : '';
      // A code of the source that the translation lacks (TAG_MISSING) is written without
      // canDelete="no": a <target> without such a code is invalid to the XLIFF 2 Schematron rules
      // and to OpenXLIFF's validator. check reports the missing tag, and import refuses a changed
      // translation without it (IMPORT_TAGS).
      const inTarget = new Set(tokenizeTagged(target).flatMap((token) => (token.type === 'text' ? [] : [token.id])));
      const lacking = new Set(target === '' ? [] : tokenizeTagged(entry.source).flatMap((token) => (token.type !== 'text' && !inTarget.has(token.id) ? [token.id] : [])));
      lines.push(`      <segment state="${state}"${subState}>`);
      lines.push(`        <source${spaceAttribute(entry.source)}>${inline(entry.source, entry, lacking)}</source>`);
      if (target !== '') lines.push(`        <target${spaceAttribute(target)}>${inline(target, entry, lacking)}</target>`);
      lines.push('      </segment>');
      lines.push('    </unit>');
    }
    lines.push('  </file>');
  }
  lines.push('</xliff>');
  return { text: `${lines.join('\n')}\n`, diagnostics };
}

function notesOf(entry: ExportEntry, releaseFile: string): [string, string][] {
  const notes: [string, string][] = [
    ['key', entry.key],
    ['status', entry.status === 'stale' && entry.previousStatus ? `stale (was ${entry.previousStatus})` : entry.status],
  ];
  if (entry.line !== undefined) notes.push(['location', `${releaseFile}:${entry.line}`]);
  if (entry.status === 'stale' && entry.previous !== undefined) notes.push(['previous-source', entry.previous]);
  if (entry.suggestion) {
    notes.push(['suggestion', `${entry.suggestion.text} (${entry.suggestion.score} % match, ${entry.suggestion.origin})`]);
  }
  return notes;
}

/**
 * `xml:space="preserve"` where white space matters: leading, trailing or doubled spaces, line
 * breaks, tabs, and white space alone between two codes (`<1>a</1> <2>b</2>`). Without it, tools
 * may treat such white space as formatting: xmllint --format (libxml2) drops a space that stands
 * alone between two elements and indents elements whose content is only codes, and Okapi, memoQ
 * and Trados fold runs of white space in `default` mode.
 *
 * Not on every source and target: libxml2 indents content made only of codes even under
 * `preserve` (`<source>\n  <pc id="1">…</pc>\n</source>`), and inside `preserve` that
 * indentation would be text the import has to keep. Without the attribute the import knows it
 * for formatting (see `withoutFormatting`).
 */
function spaceAttribute(text: string): string {
  const significant =
    /^\s|\s$|\s\s|[\n\r\t]/u.test(text) || tokenizeTagged(text).some((token) => token.type === 'text' && /^[ \t\n\r]+$/.test(token.value));
  return significant ? ' xml:space="preserve"' : '';
}

function inline(tagged: string, entry: ExportEntry, deletable: ReadonlySet<number>): string {
  const tokens = tokenizeTagged(tagged);
  const nested = isWellNested(tokens);
  let result = '';
  for (const token of tokens) {
    if (token.type === 'text') {
      result += content(token.value);
      continue;
    }
    const kind = entry.tagKinds?.get(token.id);
    const info = kind ? CODE_TYPES[kind.node] : undefined;
    const hints = deletable.has(token.id) ? ' canCopy="no"' : ' canCopy="no" canDelete="no"';
    let attributes = hints;
    if (info) attributes += ` type="${info.type}"${info.subType ? ` subType="${info.subType}"` : ''}`;
    if (token.type === 'atom') {
      const disp = info?.disp && kind ? ` disp="${attribute(kind.raw.length > 60 ? `${kind.raw.slice(0, 59)}…` : kind.raw)}"` : '';
      result += `<ph id="${token.id}"${attributes}${disp}/>`;
    } else if (token.type === 'open') {
      result += nested ? `<pc id="${token.id}"${attributes}>` : `<sc id="${token.id}"${attributes}/>`;
    } else {
      result += nested ? '</pc>' : `<ec startRef="${token.id}"${hints}/>`;
    }
  }
  return result;
}

/**
 * Why tagged text cannot be written as XLIFF inline codes, if it cannot: a malformed tag
 * (`</1/>`), an id used twice (ids of codes are unique within a source or target), a closing tag
 * without its opening one, or an opening tag never closed (`<sc>` needs its `<ec>` in the unit).
 * Tags that merely cross are fine: they become `<sc/>`/`<ec/>`.
 */
function codeProblem(tokens: TagToken[]): string | undefined {
  const used = new Set<number>();
  const open = new Set<number>();
  for (const token of tokens) {
    if (token.type === 'text') continue;
    if (token.type === 'close') {
      if (token.id < 0) return 'a malformed tag';
      if (!open.delete(token.id)) return `the closing tag </${token.id}> without its opening tag`;
      continue;
    }
    if (used.has(token.id)) return `the tag <${token.id}> twice`;
    used.add(token.id);
    if (token.type === 'open') open.add(token.id);
  }
  const unclosed = [...open][0];
  return unclosed === undefined ? undefined : `the tag <${unclosed}> without its closing tag`;
}

/** Whether paired tags nest (so they can be `<pc>` elements). */
function isWellNested(tokens: TagToken[]): boolean {
  const stack: number[] = [];
  const seen = new Set<number>();
  for (const token of tokens) {
    if (token.type === 'open') {
      if (seen.has(token.id)) return false;
      seen.add(token.id);
      stack.push(token.id);
    } else if (token.type === 'close') {
      if (stack.pop() !== token.id) return false;
    }
  }
  return stack.length === 0;
}

/** XML 1.0 forbids most control characters even as references; XLIFF has `<cp>` for them. */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/gu;

/** Escapes text content; characters XML cannot hold become `<cp hex="…"/>`. */
function content(text: string): string {
  return escapeText(text, (hex) => `<cp hex="${hex}"/>`);
}

/**
 * Escapes the text of a note. A note holds text only, no `<cp>` (the schema refuses one there), so
 * a character XML cannot hold — a control character of a translation or German the note quotes,
 * or of a translation-memory suggestion — is shown as its code point, `[U+0001]`. Import reads no
 * notes.
 */
function noteContent(text: string): string {
  return escapeText(text, (hex) => `[U+${hex}]`);
}

/** `&`, `<`, `>` and CR escaped; each character XML cannot hold given to `notXml` as four or more hex digits. */
function escapeText(text: string, notXml: (hex: string) => string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#xD;')
    .replace(NOT_XML, (char) => notXml(char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')));
}

function attribute(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#x9;')
    .replace(/\n/g, '&#xA;')
    .replace(/\r/g, '&#xD;')
    .replace(NOT_XML, '\uFFFD');
}

const STATE_RANK: Record<string, number> = { initial: 0, translated: 1, reviewed: 2, final: 3 };

/**
 * Reads an XLIFF 2.0 (or 2.1) file: `<file id>` is the release, `<unit id>` the key; a unit split
 * into several segments by a CAT tool is joined again (its state is the lowest of its segments).
 * Inline codes become tags again (`<pc id="1">` → `<1>…</1>`, `<ph id="2"/>` → `<2/>`,
 * `<sc>`/`<ec>` → `<n>`/`</n>`, `<cp>` → the character; `<mrk>` annotations keep their text).
 */
export function parseXliff(text: string, file: string): ParseResult {
  const parsed = parseXml(text, file);
  if (!parsed.root) return { diagnostics: parsed.diagnostics };
  const root = parsed.root;
  const diagnostics: Diagnostic[] = [];
  const problem = (element: XmlElement, message: string, hint: string): void => {
    diagnostics.push(diagnostic('IMPORT_INVALID', 'error', file, message, { line: element.line, hint }));
  };
  if (root.name !== 'xliff' || root.uri !== XLIFF_NAMESPACE) {
    problem(root, `is not an XLIFF 2 file (root element <${root.name}> in namespace "${root.uri}")`, `export as XLIFF 2.0 (namespace ${XLIFF_NAMESPACE}); XLIFF 1.2 is not supported`);
    return { diagnostics };
  }
  const version = root.attributes.get('version') ?? '';
  if (!/^2\.\d+$/.test(version)) problem(root, `is XLIFF version "${version}", not 2.x`, 'export as XLIFF 2.0');
  const sourceLanguage = root.attributes.get('srcLang');
  const targetLanguage = root.attributes.get('trgLang');
  const units: ImportUnit[] = [];
  const walk = (element: XmlElement, release: string | undefined): void => {
    for (const child of element.children) {
      if (child.kind === 'text' || child.uri !== XLIFF_NAMESPACE) continue;
      if (child.name === 'file') {
        const id = child.attributes.get('id');
        if (!id) problem(child, '<file> has no id', 'each <file> needs the release id as its id');
        else walk(child, id);
      } else if (child.name === 'group') {
        walk(child, release);
      } else if (child.name === 'unit' && release !== undefined) {
        const unit = readUnit(child, release);
        if (unit) units.push(unit);
      }
    }
  };
  const readUnit = (element: XmlElement, release: string): ImportUnit | undefined => {
    const key = element.attributes.get('id');
    if (!key) {
      problem(element, '<unit> has no id', 'each <unit> needs the segment key as its id');
      return undefined;
    }
    let source = '';
    let target = '';
    let targets = 0;
    let segments = 0;
    let state = Number.POSITIVE_INFINITY;
    for (const part of element.children) {
      if (part.kind === 'text' || part.uri !== XLIFF_NAMESPACE || (part.name !== 'segment' && part.name !== 'ignorable')) continue;
      const sourceElement = childNamed(part, 'source');
      const targetElement = childNamed(part, 'target');
      // XLIFF allows one of each: the second was ignored, and the first taken without a word.
      const twice = (['source', 'target'] as const).find((name) => childrenNamed(part, name).length > 1);
      if (twice) {
        problem(childrenNamed(part, twice)[1]!, `unit ${release}#${key} has a second <${twice}> in one <${part.name}>`, `keep one <${twice}> per segment (XLIFF allows only one)`);
        return undefined;
      }
      if (!sourceElement) {
        problem(part, `unit ${release}#${key} has a <${part.name}> without <source>`, 'export the file again');
        return undefined;
      }
      const sourceText = inlineText(sourceElement, `${release}#${key}`);
      if (sourceText === undefined) return undefined;
      source += sourceText;
      if (part.name === 'segment') {
        segments++;
        state = Math.min(state, STATE_RANK[part.attributes.get('state') ?? 'initial'] ?? 0);
      }
      if (targetElement) {
        const targetText = inlineText(targetElement, `${release}#${key}`);
        if (targetText === undefined) return undefined;
        target += targetText;
        if (part.name === 'segment') targets++;
      } else if (part.name === 'ignorable') {
        // An ignorable without target stands for itself (white space between sentences).
        target += sourceText;
      }
    }
    if (segments === 0) {
      problem(element, `unit ${release}#${key} has no <segment>`, 'export the file again');
      return undefined;
    }
    if (targets > 0 && targets < segments) {
      problem(element, `unit ${release}#${key} is only partly translated (${targets} of ${segments} segments)`, 'translate every segment of the unit, or none');
      return undefined;
    }
    if (targets === 0) target = '';
    const states: ImportState[] = ['initial', 'translated', 'reviewed', 'reviewed'];
    return { release, key, source, target, state: states[state] ?? 'initial', line: element.line };
  };
  const inlineText = (element: XmlElement, unit: string): string | undefined => {
    let result = '';
    let buffer = '';
    const flush = (): void => {
      result += encodeText(buffer);
      buffer = '';
    };
    const idOf = (node: XmlElement, attributeName: string): string | undefined => {
      const id = node.attributes.get(attributeName);
      if (id === undefined || !/^\d+$/.test(id)) {
        problem(node, `unit ${unit} has <${node.name} ${attributeName}="${id ?? ''}">; Presslate's tags are numbered`, 'keep the codes of the source as they are');
        return undefined;
      }
      return String(Number(id));
    };
    const visit = (node: XmlElement): boolean => {
      for (const [index, child] of node.children.entries()) {
        if (child.kind === 'text') {
          buffer += withoutFormatting(node, index);
          continue;
        }
        if (child.uri !== XLIFF_NAMESPACE) {
          // XLIFF 2 puts module and extension elements beside segments (in <unit>, <group>,
          // <file>), never inside source or target: skipping one would drop its text unseen.
          problem(
            child,
            `unit ${unit} has the element <${child.name}> of the namespace "${child.uri}" inside <${node.name}>, which XLIFF 2 does not allow there; its content would be lost`,
            'keep only XLIFF 2.0 inline codes (pc, ph, sc, ec, cp, mrk) in source and target; export plain XLIFF 2.0 from your tool',
          );
          return false;
        }
        switch (child.name) {
          case 'cp': {
            const hex = child.attributes.get('hex') ?? '';
            if (!/^[0-9A-Fa-f]{1,6}$/.test(hex) || parseInt(hex, 16) > 0x10ffff) {
              problem(child, `unit ${unit} has <cp hex="${hex}">`, 'cp needs a hexadecimal Unicode code point (0 to 10FFFF)');
              return false;
            }
            buffer += String.fromCodePoint(parseInt(hex, 16));
            break;
          }
          case 'pc': {
            const id = idOf(child, 'id');
            if (id === undefined) return false;
            flush();
            result += `<${id}>`;
            if (!visit(child)) return false;
            flush();
            result += `</${id}>`;
            break;
          }
          case 'ph': {
            const id = idOf(child, 'id');
            if (id === undefined) return false;
            flush();
            result += `<${id}/>`;
            break;
          }
          case 'sc': {
            const id = idOf(child, 'id');
            if (id === undefined) return false;
            flush();
            result += `<${id}>`;
            break;
          }
          case 'ec': {
            const id = idOf(child, child.attributes.has('startRef') ? 'startRef' : 'id');
            if (id === undefined) return false;
            flush();
            result += `</${id}>`;
            break;
          }
          case 'mrk':
            if (!visit(child)) return false;
            break;
          case 'sm':
          case 'em':
            break;
          default:
            problem(child, `unit ${unit} has an unknown inline element <${child.name}>`, 'keep only XLIFF 2.0 inline codes (pc, ph, sc, ec, cp, mrk)');
            return false;
        }
      }
      return true;
    };
    if (!visit(element)) return undefined;
    flush();
    return result;
  };
  walk(root, undefined);
  // XLIFF 2 requires at least one <file>. A root without one in the XLIFF namespace — most often
  // `<x:xliff xmlns:x="…">` with the elements below it left unprefixed, so in no namespace —
  // was read as an empty file: "0 taken, 0 unchanged", exit 0, and every translation in it unseen.
  if (diagnostics.length === 0 && !root.children.some((child) => child.kind === 'element' && child.uri === XLIFF_NAMESPACE && child.name === 'file')) {
    problem(root, `has no <file> element in the XLIFF 2.0 namespace (${XLIFF_NAMESPACE})`, 'export the file again; with a namespace prefix on <xliff>, every XLIFF element below it needs the prefix too');
  }
  if (diagnostics.length > 0) return { diagnostics };
  const document: ParseResult['document'] = { format: 'xliff', units };
  if (sourceLanguage) document.sourceLanguage = sourceLanguage;
  if (targetLanguage) document.targetLanguage = targetLanguage;
  return { document, diagnostics };
}

/**
 * The text child `index` of inline content without a pretty-printer's line breaks and indentation:
 * where `xml:space="preserve"` does not apply, a line break and the white space after it, at the
 * end of text before a code or the end tag (or at the start of text right after the start tag), of
 * content that holds codes. (Elsewhere — after a code, inside text — a line break with the white
 * space around it is one space, see `foldLineBreaks`: removed there, it would glue two words.)
 * `xmllint --format` and editors' "format document" write
 * `<source>` whose content is only codes that way, and XML serializers that indent mixed content
 * (the `xliff` package's js2xliff, xml-js) put a line break and indentation before every code, after
 * the text's own space (`des \n          <pc id="1">`). Taken as text, the German would differ
 * from the locale file's and every translation with a code would be refused as made for changed
 * German. Spaces before the line break are the text's own and stay. Export marks every source and
 * target whose white space matters `preserve` (see `spaceAttribute`), so a line break in our own
 * files is never formatting.
 */
function withoutFormatting(parent: XmlElement, index: number): string {
  const node = parent.children[index]!;
  if (node.kind !== 'text') return '';
  if (parent.preserve || node.cdata || !node.value.includes('\n')) return node.value;
  const previous = parent.children[index - 1];
  const next = parent.children[index + 1];
  const holdsCodes = parent.children.some((child) => child.kind === 'element');
  let value = node.value;
  if (next?.kind === 'element' || (next === undefined && holdsCodes)) {
    // From the first line break of the white space the text ends with (a scan, not a regular
    // expression: those backtrack quadratically over a long run of line breaks).
    let start = value.length;
    while (start > 0 && isXmlSpace(value[start - 1]!)) start--;
    const lineBreak = value.indexOf('\n', start);
    // A word right before the line break (`E-Mail:\n          <pc`) is ambiguous: an indenting
    // serializer writes it for German without a space before the code (`an<1>`), a formatter that
    // wraps long lines for one with a space. The serializer indents every code of the element; a
    // wrapping formatter breaks the line at some only, and there the line break is a space.
    const wrapped = start > 0 && (lineBreak === start || (lineBreak === start + 1 && value[start] === '\r')) && next?.kind === 'element' && !indentsEveryCode(parent);
    if (wrapped) value = `${value.slice(0, start)} `;
    else if (lineBreak >= 0) value = value.slice(0, lineBreak > start && value[lineBreak - 1] === '\r' ? lineBreak - 1 : lineBreak);
  }
  if (previous === undefined && holdsCodes) {
    let end = 0;
    while (end < value.length && isXmlSpace(value[end]!)) end++;
    const lineBreak = value.indexOf('\n');
    if (lineBreak >= 0 && lineBreak < end) value = value.slice(0, value[lineBreak - 1] === '\r' ? lineBreak - 1 : lineBreak) + value.slice(end);
  }
  return foldLineBreaks(value);
}

/** Whether a line break and indentation stand before every code of the element (js2xliff, xmllint --format). */
function indentsEveryCode(parent: XmlElement): boolean {
  return parent.children.every((child, index) => {
    if (child.kind === 'text') return true;
    const before = parent.children[index - 1];
    if (before?.kind !== 'text') return false;
    let start = before.value.length;
    while (start > 0 && isXmlSpace(before.value[start - 1]!)) start--;
    return before.value.includes('\n', start);
  });
}

/**
 * Each run of white space that holds a line break, as one space. Where `xml:space="preserve"` does
 * not apply, a line break inside text is a formatter's wrapping: VS Code's XML formatter
 * (vscode-xml, `xml.format.maxLineWidth`, 100 by default) and `tidy -xml -wrap` break long lines of
 * mixed content at spaces and indent the next line. Read as text, every wrapped `<source>` was
 * German that had changed since the export (reviewed translations refused with
 * IMPORT_SOURCE_CHANGED, others taken as stale with the wrapped German as `previous`), and every
 * wrapped `<target>` a translation with line breaks and indentation in it. Export writes each
 * source and target with a line break of its own `preserve`, and a line break in a translation is
 * a space on the page, so nothing typed is lost. A scan, not a regular expression: see above.
 */
function foldLineBreaks(value: string): string {
  if (!value.includes('\n')) return value;
  let result = '';
  let index = 0;
  while (index < value.length) {
    if (!isXmlSpace(value[index]!)) {
      result += value[index++];
      continue;
    }
    let end = index;
    let lineBreak = false;
    while (end < value.length && isXmlSpace(value[end]!)) lineBreak = value[end++] === '\n' || lineBreak;
    result += lineBreak ? ' ' : value.slice(index, end);
    index = end;
  }
  return result;
}

function isXmlSpace(char: string): boolean {
  return char === ' ' || char === '\t' || char === '\n' || char === '\r';
}
