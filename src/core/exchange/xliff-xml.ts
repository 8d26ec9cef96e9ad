/**
 * The XML of an imported XLIFF file: read strictly with saxes into a small element tree
 * (elements with their attributes, namespace and `xml:space`; text and CDATA), refusing DTDs and
 * nesting deeper than any XLIFF file needs, with a diagnostic that says where and what to do for
 * a file that is not well-formed (parseXml); and the XLIFF elements among an element's children
 * (childrenNamed, childNamed). xliff.ts reads the units out of the tree.
 */
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { diagnostic, type Diagnostic } from '../diagnostic.js';

/** The XLIFF 2.0 namespace. */
export const XLIFF_NAMESPACE = 'urn:oasis:names:tc:xliff:document:2.0';

export interface XmlElement {
  kind: 'element';
  name: string;
  uri: string;
  attributes: Map<string, string>;
  children: (XmlElement | XmlText)[];
  /** Whether `xml:space="preserve"` applies (set here or inherited). */
  preserve: boolean;
  line: number;
  column: number;
}

export interface XmlText {
  kind: 'text';
  value: string;
  /** A CDATA section: written as it is, never formatting. */
  cdata: boolean;
}

const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';

/** How deep XML elements may nest in an imported file (the i18next JSON limit is 32). */
const MAX_XML_DEPTH = 64;

/** Thrown out of the parser's handler to stop reading a file nested too deep (see MAX_XML_DEPTH). */
const TOO_DEEP = new Error('nested too deep');

/** Parses XML strictly into a small element tree (elements, text); DTDs are refused. */
export function parseXml(text: string, file: string): { root?: XmlElement; diagnostics: Diagnostic[] } {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let failure: Diagnostic | undefined;
  const fail = (message: string, hint: string): void => {
    failure ??= diagnostic('IMPORT_INVALID', 'error', file, message, { line: parser.line, column: parser.column + 1, hint });
  };
  parser.on('error', (error) => {
    const entity = /undefined entity/.test(error.message) ? undefinedEntity(text, parser.line, parser.column) : undefined;
    if (entity) fail(`is not well-formed XML: \`${entity}\` is an HTML entity, which XML does not define`, xmlErrorHint(error));
    else fail(`is not well-formed XML: ${xmlErrorText(error)}`, xmlErrorHint(error));
  });
  parser.on('doctype', () => fail('has a DOCTYPE declaration, which XLIFF 2.0 files do not have', 'export the file again as XLIFF 2.0'));
  parser.on('opentag', (tag: SaxesTagNS) => {
    const parent = stack.at(-1);
    const attributes = new Map(Object.values(tag.attributes).map((a) => [a.uri && a.uri !== XLIFF_NAMESPACE ? `{${a.uri}}${a.local}` : a.local, a.value]));
    const space = attributes.get(`{${XML_NAMESPACE}}space`);
    const element: XmlElement = {
      kind: 'element',
      name: tag.local,
      uri: tag.uri,
      attributes,
      children: [],
      preserve: space === 'preserve' ? true : space === 'default' ? false : (parent?.preserve ?? false),
      line: parser.line,
      column: parser.column,
    };
    if (parent) parent.children.push(element);
    else root = element;
    stack.push(element);
    // Presslate's files nest a few levels (xliff, file, group, unit, segment, target, a few
    // codes); thousands of nested <pc> overflowed the stack of the recursive readers after this
    // (an internal error).
    // And the parse stops there: saxes resolves each element's namespace by walking up the open
    // elements, so reading on through 100,000 nested elements took minutes (quadratic) only to
    // refuse the file afterwards.
    if (stack.length > MAX_XML_DEPTH) {
      fail(`nests elements more than ${MAX_XML_DEPTH} levels deep`, 'export the file again; a segment needs a few nested codes at most');
      throw TOO_DEEP;
    }
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.on('text', (value: string) => {
    const parent = stack.at(-1);
    if (!parent) return;
    // Text around a comment or processing instruction is one text node to the reader.
    const last = parent.children.at(-1);
    if (last?.kind === 'text' && !last.cdata) last.value += value;
    else parent.children.push({ kind: 'text', value, cdata: false });
  });
  parser.on('cdata', (value: string) => {
    stack.at(-1)?.children.push({ kind: 'text', value, cdata: true });
  });
  try {
    parser.write(text).close();
  } catch (error) {
    if (error !== TOO_DEEP) fail(`is not well-formed XML: ${xmlErrorText(error as Error)}`, xmlErrorHint(error as Error));
  }
  if (failure) return { diagnostics: [failure] };
  return root ? { root, diagnostics: [] } : { diagnostics: [diagnostic('IMPORT_INVALID', 'error', file, 'is empty', { hint: 'export the file again' })] };
}

/**
 * A saxes error without the position it starts with (`32:28: undefined entity.`, no file name
 * given): the diagnostic has the line and column. The pattern took only `file:line:column: `, so
 * the position was repeated in the message.
 */
function xmlErrorText(error: Error): string {
  return error.message.replace(/^(?:[^:]*:)?\d+:\d+: /, '');
}

/** The named reference XML does not define that ends by `column` of `line` (1-based), e.g. `&nbsp;`. */
function undefinedEntity(text: string, line: number, column: number): string | undefined {
  let start = 0;
  for (let at = 1; at < line && start >= 0; at++) start = text.indexOf('\n', start) + 1;
  const end = text.indexOf('\n', start);
  const lineText = text.slice(start, end < 0 ? undefined : end).slice(0, column + 1);
  const found = [...lineText.matchAll(/&([A-Za-z_][\w.-]*);/g)].filter((match) => !['amp', 'lt', 'gt', 'quot', 'apos'].includes(match[1]!));
  return found.at(-1)?.[0];
}

/**
 * What to do. An HTML entity (`&nbsp;`, `&eacute;`) typed into a target was "the file was damaged;
 * export it again", which loses the translation typed there.
 */
function xmlErrorHint(error: Error): string {
  if (/undefined entity/.test(error.message)) {
    return 'XML knows only &amp; &lt; &gt; &quot; &apos;: write the character itself (a no-break space for &nbsp;) or its number, e.g. &#160;';
  }
  return 'the file was damaged; export it again from your tool';
}

export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((child): child is XmlElement => child.kind === 'element' && child.uri === XLIFF_NAMESPACE && child.name === name);
}

export function childNamed(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((child): child is XmlElement => child.kind === 'element' && child.uri === XLIFF_NAMESPACE && child.name === name);
}
