import type { Root as HastRoot } from 'hast';
import { toHtml } from 'hast-util-to-html';
import type { RootContent as MdastContent, Root as MdastRoot } from 'mdast';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize from 'rehype-sanitize';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import { createReleaseRenderer, hasRawHtml, SANITIZE_SCHEMA } from '../src/core/feed/release-html.js';
import { createSiteUrls } from '../src/core/feed/site-urls.js';
import { parseMarkdown } from '../src/core/markdown.js';

const labels = { footnotes: 'Fußnoten', footnoteBack: (reference: number) => `Zurück zum Verweis ${reference}` };
const urls = createSiteUrls('https://press.example.org/');
const page = 'https://press.example.org/de/x.html';

describe('the release renderer and rehype-raw (loaded by the shell only for raw HTML)', () => {
  it('renders Markdown without raw HTML with no rehype-raw at all', () => {
    const markdown = 'Ein *Absatz* mit [Link](https://example.org/) und `Code`.\n';
    expect(hasRawHtml(parseMarkdown(markdown))).toBe(false);
    const render = createReleaseRenderer(labels, urls);
    expect(render(markdown, page, () => parseMarkdown(markdown)).html).toBe(
      '<p>Ein <em>Absatz</em> mit <a href="https://example.org/">Link</a> und <code>Code</code>.</p>',
    );
  });

  it('renders raw HTML, sanitized, with the plugin it is given, and says so when it was not given one', () => {
    const markdown = 'Mit <b>fett</b> und <img src="https://example.org/x.png" onerror="alert(1)">.\n\n<script>alert(1)</script>\n';
    const tree = parseMarkdown(markdown);
    expect(hasRawHtml(tree)).toBe(true);
    expect(() => createReleaseRenderer(labels, urls)(markdown, page, () => parseMarkdown(markdown))).toThrow(/before rehype-raw was loaded/);
    let asked = 0;
    const render = createReleaseRenderer(labels, urls, () => {
      asked++;
      return rehypeRaw;
    });
    const { html } = render(markdown, page, () => parseMarkdown(markdown));
    expect(html).toContain('<b>fett</b>');
    expect(html).toContain('<img src="https://example.org/x.png">');
    expect(html).not.toMatch(/onerror|<script/);
    // The processor with the plugin is made once.
    render(markdown, page, () => parseMarkdown(markdown));
    expect(asked).toBe(1);
  });
});

/**
 * The renderer serializes with serializeHtml and renders plain bodies with mdast-util-to-hast and
 * hast-util-sanitize called directly (release-html.ts). These bodies hold it to what the library
 * pipeline gives — unified with remark-rehype (rehype-raw for raw HTML) and rehype-sanitize, then
 * hast-util-to-html — after the same changes to the sanitized tree (absolute URLs, images without a
 * source, `style` or `align` on table cells, no aria-* in feeds), written out again here. The
 * property tests of test/html-serialize.test.ts cover the serializer on generated trees; these cover
 * the whole path on the trees Markdown and translations give, with labels and text that need escaping.
 */
describe('the release renderer gives the bytes of the library pipeline', () => {
  const nastyLabels = {
    footnotes: 'Notes & <refs> "x" \'y\' `z`',
    footnoteBack: (reference: number) => `Back "${reference}" & <'\`> \u0000\u2028`,
  };
  const NASTY = [
    'Text[^1] again[^1] and[^n].\n\n[^1]: First *note* with [link](https://example.org/a?b=1&c=2 "t \\" \' ` & <").\n[^n]: Second\n\n    para `code`.\n',
    '| a | b | c | d |\n|:--|:-:|--:|---|\n| `x\\|y` | **b** | [l](https://x.org "t&") | &amp; &nbsp; &#x1F600; &ThickSpace; |\n',
    '- [ ] task\n- [x] done\n  1. nested\n\n     > quote\n',
    '```"quoted" & <x>\ncode < & >\n```\n\n~~~js\nconst a = "<b>";\n~~~\n\n    indented\n',
    '![a "b" & <c>](https://example.org/i.png "t\'`&\\"") ![alt](javascript:x) ![](data:image/png;base64,AA) [j](javascript:alert(1)) [r](images/x.jpg) <https://x.org/?a&b> www.x.org/a?b&c a@b.de\n',
    'Raw <img src=x onerror=alert(1)> <a href="javascript:x" title=\'"\'>a</a> <b><i>x</b></i> <span unclosed\n\n<svg onload=x><circle/></svg>\n\n<math><mi>x</mi></math>\n\n<template><p>t</p></template> <!-- c -->\n\n<details open><summary>S</summary>B</details>\n\n<table><tr><td align=RIGHT valign=top colspan=2>x</td></tr></table>\n\n<p x"y=1 a\'b=2>odd</p> <input type=checkbox checked disabled> <del cite="https://x.org/">d</del>\n',
    '# Heading # with `code` & <b>\n\nline  \nbreak\\\nend ~~strike~~ ***em*** &#0; &#xD800;\n',
  ];
  // Characters a translation can bring into text and attribute values (Markdown never gives NUL).
  const translated = (node: MdastContent | MdastRoot): void => {
    if ('value' in node && typeof node.value === 'string' && node.type === 'text') node.value += ' \u0000\ud800\u2028\ufeff<&>"\'`';
    if ((node.type === 'link' || node.type === 'image') && node.title) node.title += '\u0000"&';
    if (node.type === 'image') node.alt = `${node.alt ?? ''}\u0000&"<`;
    if ('children' in node) for (const child of node.children) translated(child);
  };

  const ARIA = ['ariaDescribedBy', 'ariaHidden', 'ariaLabel', 'ariaLabelledBy'];
  function expected(tree: MdastRoot, pageUrl: string): { html: string; feed: string } {
    const options = {
      clobberPrefix: '',
      footnoteLabel: nastyLabels.footnotes,
      footnoteBackLabel: (index: number, again: number) => nastyLabels.footnoteBack(index + 1) + (again > 1 ? `-${again}` : ''),
    };
    const processor = hasRawHtml(tree)
      ? unified().use(remarkRehype, { ...options, allowDangerousHtml: true }).use(rehypeRaw).use(rehypeSanitize, SANITIZE_SCHEMA)
      : unified().use(remarkRehype, options).use(rehypeSanitize, SANITIZE_SCHEMA);
    const hast = processor.runSync(tree) as HastRoot;
    const ids = new Set<string>();
    visit(hast, 'element', (node) => {
      if (typeof node.properties.id === 'string') ids.add(node.properties.id);
    });
    visit(hast, 'element', (node, index, parent) => {
      for (const name of ['href', 'src', 'cite']) {
        let value = node.properties[name];
        if (typeof value !== 'string') continue;
        if (value.startsWith('#') && !ids.has(value.slice(1)) && ids.has(`user-content-${value.slice(1)}`)) value = `#user-content-${value.slice(1)}`;
        const absolute = urls.resolve(value, pageUrl);
        if (absolute === undefined) delete node.properties[name];
        else node.properties[name] = absolute;
      }
      if (node.tagName === 'img' && typeof node.properties.src !== 'string' && parent && index !== undefined) {
        const alt = typeof node.properties.alt === 'string' ? node.properties.alt : '';
        if (alt === '') parent.children.splice(index, 1);
        else parent.children[index] = { type: 'text', value: alt };
        return index;
      }
      return undefined;
    });
    const forPage = structuredClone(hast);
    visit(forPage, 'element', (node) => {
      if ((node.tagName === 'td' || node.tagName === 'th') && node.properties.align !== undefined) {
        const value = String(node.properties.align).toLowerCase();
        delete node.properties.align;
        if (['left', 'center', 'right', 'justify'].includes(value)) node.properties.style = `text-align: ${value}`;
      }
    });
    const forFeed = structuredClone(hast);
    visit(forFeed, 'element', (node) => {
      for (const name of ARIA) delete node.properties[name];
    });
    // serializeHtml leaves a NUL out of attribute values, where the library writes &#x0; (html-serialize.ts).
    return { html: toHtml(forPage).replace(/&#x0;/g, ''), feed: toHtml(forFeed).replace(/&#x0;/g, '') };
  }

  it.each(NASTY.map((markdown, index) => [index, markdown] as const))('body %i, as written and as translated', (_, markdown) => {
    const render = createReleaseRenderer(nastyLabels, urls, () => rehypeRaw);
    for (const change of [(): void => {}, translated]) {
      const treeOf = (): MdastRoot => {
        const tree = parseMarkdown(markdown);
        change(tree);
        return tree;
      };
      const { html, feed } = render(markdown, page, treeOf);
      expect({ html, feed }).toEqual(expected(treeOf(), page));
    }
  });
});
