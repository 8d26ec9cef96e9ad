import type { Nodes, Root } from 'mdast';
import rehypeStringify from 'rehype-stringify';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';

const toHtml = unified()
  .use(remarkParse)
  .use(remarkFrontmatter, ['yaml'])
  .use(remarkGfm)
  .use(remarkRehype, { allowDangerousHtml: true })
  .use(rehypeStringify, { allowDangerousHtml: true });

/** HTML rendering of Markdown (front matter dropped), as the round trip compares it. */
export function markdownToHtml(markdown: string): string {
  return String(toHtml.processSync(markdown));
}

const parser = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm);

/** The shape of a Markdown tree: node types in order, plus every link URL and image source. */
export function treeShape(markdown: string): { types: string[]; urls: string[] } {
  const tree = parser.parse(markdown) as Root;
  const types: string[] = [];
  const urls: string[] = [];
  const visit = (node: Nodes): void => {
    if (node.type !== 'yaml') types.push(node.type);
    if ('url' in node && typeof node.url === 'string') urls.push(node.url);
    if ('children' in node) for (const child of node.children as Nodes[]) visit(child);
  };
  visit(tree);
  return { types, urls };
}
