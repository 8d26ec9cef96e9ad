/**
 * The front matter block: `---` lines at the start of a line open and close it, as
 * remark-frontmatter reads it. (The closing `---` was found anywhere: a title or summary that
 * ended in `---`, `title: Bilanz ---` or a translation `---`, closed the block there, and the
 * page's front matter lost the rest, which showed as text at the top of the page.)
 */
const FENCED = /^---[ \t]*\r?\n(?:([\s\S]*?)\r?\n)?---[ \t]*(?:\r?\n|$)/;

/** Splits Markdown into its YAML front matter and body; `yaml` is undefined when there is none. */
export function splitFrontMatter(text: string): { yaml?: string; body: string } {
  const match = FENCED.exec(text);
  if (!match) return { body: text };
  return { yaml: match[1] ?? '', body: text.slice(match[0].length) };
}

/** Joins front matter and body again. */
export function joinFrontMatter(yaml: string, body: string): string {
  // Tried only where a run of line feeds starts (the look-behind): from each of 100,000 blank lines in
  // front matter the pattern ran to the next text (quadratic, `build` took 36 s).
  return `---\n${yaml.replace(/(?<!\n)\n*$/, '\n')}---\n${body}`;
}
