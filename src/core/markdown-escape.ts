/**
 * Escaping of translated text for Markdown. Written here rather than taken from
 * mdast-util-to-markdown's `safe()` because that needs a whole serializer state and the node
 * around the text, while merge splices text between raw pieces of the original source; this
 * escaper is deliberately conservative (it escapes every character that could start markup) and
 * is checked by a property test (test/markdown-escape.test.ts): parse(escape(s)) gives back s.
 *
 * White space is normalized the way Markdown would anyway: a line break (with the blanks around
 * it) becomes one space, because segments are single lines and a line break in a translation would
 * otherwise end the paragraph, start a new block or make a hard break; blanks at the end of a
 * segment are dropped by Markdown; blanks at the start of a segment are kept (as character
 * references), blanks at the start of a line after a hard break are dropped.
 *
 * URLs and e-mail addresses in a translation become links, exactly as they do in the German
 * (GFM autolink literals): remark finds them in the text after escapes are resolved, so no escape
 * could prevent it. What the escaper does prevent is the tokenizer reading `http://` or `www.` as
 * the start of a URL that swallows the following escapes verbatim (`http://x.org\*` would link to
 * `x.org\*`): with `\://` and `www\.` the URL is found in the unescaped text instead, so its
 * visible text is exactly what the translator typed.
 */

export interface EscapeContext {
  /** The text starts the segment, or a line after a hard break, or neither. */
  atLineStart: 'segment' | 'line' | false;
  /** The text ends the segment. */
  atEnd: boolean;
  /** The next piece is markup that starts with `[` or `(` (a link or image follows). */
  beforeBracket: boolean;
  /**
   * The piece before is markup that ends with `]` (a shortcut reference `[Kontakt]` or an image
   * `![Logo]`): a `(` or `[` right after it would make it an inline link or a full reference, and
   * a `:` after one that starts the segment a link reference definition.
   */
  afterBracket?: boolean;
  context: 'block' | 'heading' | 'cell';
}

// A match starts where a run of blanks starts, or at a line break right after the blanks the match
// before took: tried from every blank of a long run without a line break, the pattern ran to the
// run's end (quadratic, a translation with 100,000 tabs took `build` 5 s). Same matches as
// /[ \t]*(?:\r\n|\r|\n)[ \t]*/g.
const LINE_BREAK = /(?<![ \t])[ \t]*(?:\r\n|\r|\n)[ \t]*|(?:\r\n|\r|\n)[ \t]*/g;
const ALWAYS = /[\\`*_[\]<~]/g;
/**
 * The `#`s that would close an ATX heading, as /(?<!\\)#+[ \t]*$/ finds them: a match starts
 * where a run of `#` starts, or one after a `\` that starts it. Tried from every `#` of a long run
 * that does not end the heading, that pattern ran to the run's end (quadratic, a heading of
 * 100,000 `#` took `build` 9 s).
 */
const CLOSING_HASHES = /(?:(?<![\\#])|(?<=\\#))#+[ \t]*$/;

/** Escapes `text` so that Markdown reads it back as exactly this literal text (white space as documented above). */
export function escapeMarkdownText(text: string, where: EscapeContext): string {
  // Most translated text has none of these (one test instead of six passes over every segment of
  // every language in a cold build).
  let result = ANYWHERE.test(text) ? escapeAnywhere(text, where) : text;
  // `!` before a link's `[` would turn the link into an image.
  if (where.beforeBracket) result = result.replace(/!$/, '\\!');
  if (where.afterBracket) result = result.replace(/^[(:]/, '\\$&');
  if (where.atLineStart === 'segment') {
    // Leading white space would be stripped (or start a code block): keep it as character references.
    result = result.replace(/^[ \t]+/, (spaces) => [...spaces].map((c) => `&#${c.codePointAt(0)};`).join(''));
  }
  if (where.atLineStart) result = escapeLineStart(result);
  if (where.atEnd && where.context === 'heading') result = result.replace(CLOSING_HASHES, (hashes) => hashes.replace(/#/g, '\\#'));
  return result;
}

/** What the passes of {@link escapeAnywhere} act on, wherever it is in the text. */
const ANYWHERE = /[\r\n\\`*_[\]<~&|]|:\/\/|www\./i;

/** The escapes that apply anywhere in the text (line breaks folded, Markdown's characters, URLs). */
function escapeAnywhere(text: string, where: EscapeContext): string {
  let result = text.replace(LINE_BREAK, ' ').replace(ALWAYS, '\\$&');
  // An ampersand only matters when it would start a character reference.
  result = result.replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&');
  if (where.context === 'cell') result = result.replace(/\|/g, '\\|');
  // See the module comment: URLs are left to remark's text pass, which sees unescaped text.
  return result.replace(/:\/\//g, '\\://').replace(/(www)\./gi, '$1\\.');
}

/** Escapes what would make a line a heading, quote, list item, thematic break, setext line or code block. */
function escapeLineStart(text: string): string {
  const trimmed = text.replace(/^[ \t]+/, '');
  const digits = /^(\d{1,9})([.)])/.exec(trimmed);
  if (digits) return `${digits[1]}\\${trimmed.slice(digits[1]!.length)}`;
  if (/^[#>+=-]/.test(trimmed)) return `\\${trimmed}`;
  return trimmed;
}
