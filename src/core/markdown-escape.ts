/**
 * Escaping of translated text for Markdown. Written here rather than taken from
 * mdast-util-to-markdown's `safe()` because that needs a whole serializer state and the node
 * around the text, while merge splices text between raw pieces of the original source; this
 * escaper is deliberately conservative (it escapes every character that could start markup) and
 * is checked by a property test: parse(escape(s)) gives back exactly s.
 */

export interface EscapeContext {
  /** The text starts the segment, or a line after a hard break, or neither. */
  atLineStart: 'segment' | 'line' | false;
  /** The text ends the segment. */
  atEnd: boolean;
  /** The next piece is markup that starts with `[` or `(` (a link or image follows). */
  beforeBracket: boolean;
  context: 'block' | 'heading' | 'cell';
}

const ALWAYS = /[\\`*_[\]<~]/g;

/** Escapes `text` so that Markdown reads it back as exactly this literal text. */
export function escapeMarkdownText(text: string, where: EscapeContext): string {
  let result = text.replace(ALWAYS, '\\$&');
  // An ampersand only matters when it would start a character reference.
  result = result.replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&');
  if (where.context === 'cell') result = result.replace(/\|/g, '\\|');
  // `!` before a link's `[` would turn the link into an image.
  if (where.beforeBracket) result = result.replace(/!$/, '\\!');
  // Literal URLs would become GFM autolinks; break the pattern with an escape that renders nothing.
  result = result.replace(/\b(https?|ftp)(:\/\/)/gi, '$1\\$2').replace(/\bwww\./gi, 'www\\.');
  if (where.atLineStart === 'segment') {
    // Leading white space would be stripped (or start a code block): keep it as character references.
    result = result.replace(/^[ \t]+/, (spaces) => [...spaces].map((c) => `&#${c.codePointAt(0)};`).join(''));
  }
  if (where.atLineStart) result = escapeLineStart(result);
  if (where.atEnd && where.context === 'heading') result = result.replace(/#+\s*$/, (hashes) => hashes.replace(/#/g, '\\#'));
  return result;
}

/** Escapes what would make a line a heading, quote, list item, thematic break, setext line or code block. */
function escapeLineStart(text: string): string {
  const trimmed = text.replace(/^[ \t]+/, '');
  if (/^(#|>|[-+=]|\d{1,9}[.)])/.test(trimmed)) {
    const digits = /^\d{1,9}([.)])/.exec(trimmed);
    if (digits) return trimmed.replace(/^(\d{1,9})([.)])/, '$1\\$2');
    return `\\${trimmed}`;
  }
  return trimmed;
}
