import type { Root } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

/** The one Markdown dialect Presslate reads: CommonMark + GFM, with YAML front matter. */
const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm);

/** Parses Markdown (with optional YAML front matter) into mdast with positions. */
export function parseMarkdown(text: string): Root {
  return processor.parse(text);
}
