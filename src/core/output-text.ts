/**
 * The characters no published file may contain, in one place: every writer of `dist/` (HTML
 * pages, Markdown pages, JSON Feed here; RSS, Atom and OPML through xmlSafe in feed/feed-text.ts,
 * which removes these and more) passes its text through here, so what the locale files or a
 * release hold cannot make a page invalid. Input may refuse such characters too; output does not
 * rely on it.
 *
 * The HTML standard makes these parse errors in a document ("control characters other than ASCII
 * white space", "noncharacters"): C0 controls other than tab, line feed, form feed and carriage
 * return — U+0000 included, which the Markdown parser turns into U+FFFD but a translation puts
 * into the tree as it is — DEL and the C1 controls (U+007F–U+009F), noncharacters
 * (U+FDD0–U+FDEF and the last two code points of every plane) and lone surrogates, which are not
 * characters at all and would be written to UTF-8 as U+FFFD. They are removed rather than
 * replaced: none of them displays as anything, and none is markup, so removing them from
 * serialized HTML or Markdown changes no structure.
 */
const NOT_IN_TEXT = /(?![\t\n\f\r])[\p{Cc}\p{Noncharacter_Code_Point}\p{Cs}]/gu;

/**
 * A first look without Unicode properties: every character NOT_IN_TEXT matches is one of these
 * (supplementary noncharacters and lone surrogates are surrogate code units), and a plain
 * character class scans a page many times faster. Text with emoji (surrogate pairs) takes the
 * full look.
 */
const MAYBE_NOT_IN_TEXT = /[\u0000-\u0008\u000B\u000E-\u001F\u007F-\u009F\uFDD0-\uFDEF\uFFFE\uFFFF\uD800-\uDFFF]/;

/** Removes the characters listed above. */
export function outputSafe(value: string): string {
  return MAYBE_NOT_IN_TEXT.test(value) ? value.replace(NOT_IN_TEXT, '') : value;
}

/** The characters {@link outputSafe} would remove from `value`, in order (each as it occurs). */
export function removedCharacters(value: string): string[] {
  return MAYBE_NOT_IN_TEXT.test(value) ? (value.match(NOT_IN_TEXT) ?? []) : [];
}
