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
