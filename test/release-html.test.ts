import { describe, expect, it } from 'vitest';
import rehypeRaw from 'rehype-raw';
import { createReleaseRenderer, hasRawHtml } from '../src/core/feed/release-html.js';
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
