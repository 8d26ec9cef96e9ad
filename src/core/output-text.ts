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

/** Removes the characters listed above. */
export function outputSafe(value: string): string {
  return value.replace(NOT_IN_TEXT, '');
}
