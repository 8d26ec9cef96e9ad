const FENCED = /^---[ \t]*\r?\n([\s\S]*?)\r?\n?---[ \t]*(?:\r?\n|$)/;

/** Splits Markdown into its YAML front matter and body; `yaml` is undefined when there is none. */
export function splitFrontMatter(text: string): { yaml?: string; body: string } {
  const match = FENCED.exec(text);
  if (!match) return { body: text };
  return { yaml: match[1] ?? '', body: text.slice(match[0].length) };
}

/** Joins front matter and body again. */
export function joinFrontMatter(yaml: string, body: string): string {
  return `---\n${yaml.replace(/\n*$/, '\n')}---\n${body}`;
}
