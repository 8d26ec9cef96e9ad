import { outputSafe } from '../output-text.js';

/**
 * Text that goes into feeds. Feed titles and categories are plain text, but many readers render
 * them as HTML, so markup typed into a title is removed rather than passed on escaped; and
 * characters XML 1.0 forbids (or the W3C validator reports as "bad characters") are dropped.
 */

// What no output may contain (output-text.ts: controls, noncharacters, lone surrogates), and in
// addition what XML 1.0 forbids although HTML allows it (form feed) and what the W3C validator
// reports as a bad character (U+FFFD, the sign of a decoding error).
const NOT_IN_XML = /[\f\uFFFD]/g;

/** Removes characters that must not or should not appear in an XML feed. */
export function xmlSafe(value: string): string {
  return outputSafe(value).replace(NOT_IN_XML, '');
}

/**
 * Plain text for a feed field: HTML comments and anything that looks like a tag removed, XML-unsafe
 * characters dropped, line breaks and runs of spaces collapsed. `Fish & Chips <b>now</b>` → `Fish & Chips now`.
 */
export function feedText(value: string): string {
  return xmlSafe(value.replace(/<!--[\s\S]*?(?:-->|$)/g, '').replace(/<\/?[A-Za-z][^<>]*>/g, ''))
    // Only ASCII white space: the no-break spaces of French typography ("Photo : …") stay.
    .replace(/[ \t\n\r\f]+/g, ' ')
    .replace(/^ | $/g, '');
}

/** Escapes text for use inside HTML (for an RSS `<description>`, which readers treat as HTML). */
export function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Text for xmlbuilder2, which leaves `&name;` and `&#123;` in text and attribute values as they
 * are (it takes them for references not to escape twice): a title holding "&amp;" literally would
 * be read as "&", and an unknown name ("&foo;") would make the feed ill-formed XML. With every `&`
 * escaped here first, it escapes everything else and leaves these `&amp;` as they are.
 */
export function amp(value: string): string {
  return value.replaceAll('&', '&amp;');
}

/** Attribute values for xmlbuilder2, escaped as {@link amp} says. */
export function attrs(values: Record<string, string>): Record<string, string> {
  const escaped: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) escaped[name] = amp(value);
  return escaped;
}
