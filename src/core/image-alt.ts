import type { Html, Image, ImageReference, Nodes, Root } from 'mdast';
import { diagnostic, type Diagnostic } from './diagnostic.js';
import type { FrontMatter } from './parse-release.js';

/**
 * Images a release shows without a text alternative: `![](images/x.jpg)`, a raw `<img src=…>`
 * without `alt`, a front matter `image` without `alt`. People who cannot see the photo (screen
 * readers, feed readers that show no images, a slow connection) learn nothing of it, and public
 * bodies' sites must give one (WCAG 1.1.1, the EU Web Accessibility Directive). The pages showed
 * such an image with `alt=""` — which tells a screen reader to skip it as decoration — or, for raw
 * HTML, with no alt at all, which the Nu HTML checker reports as an error. The alternative is the
 * author's to write (and the translators' to translate: alt texts are segments), so this is a
 * warning at the image, not something the build could fill in.
 */
export function imagesWithoutAlt(file: string, tree: Root, meta: Record<string, unknown>, frontMatter: FrontMatter): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const image = meta.image as { src?: unknown; alt?: unknown } | undefined;
  if (image && typeof image === 'object' && typeof image.src === 'string' && !(typeof image.alt === 'string' && image.alt.trim() !== '')) {
    const line = frontMatter.yaml.split('\n').findIndex((text) => /^image\s*:/.test(text));
    diagnostics.push(
      diagnostic('IMAGE_ALT_MISSING', 'warning', file, `the photo ${image.src} has no \`alt\` text`, {
        line: (line < 0 ? 0 : line) + frontMatter.lineOffset + 1,
        hint: 'add `alt:` under `image:` with what the photo shows, in a sentence, for people who cannot see it (e.g. "Vier Personen halten die unterzeichnete Vereinbarung in den Händen.")',
      }),
    );
  }
  // A plain walk: every release's tree passes here in extract and build.
  const stack: Nodes[] = [tree];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if ('children' in node) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as Nodes);
    if (node.type === 'image' || node.type === 'imageReference') {
      const { alt, position } = node as Image | ImageReference;
      if ((alt ?? '').trim() !== '') continue;
      const shown = node.type === 'image' ? (node as Image).url : `[${(node as ImageReference).label ?? (node as ImageReference).identifier}]`;
      diagnostics.push(
        diagnostic('IMAGE_ALT_MISSING', 'warning', file, `the image ${shown} has no alternative text`, {
          line: position?.start.line ?? 1,
          column: position?.start.column ?? 1,
          hint: 'write what the image shows between the brackets, for people who cannot see it: `![Vier Personen halten die Vereinbarung in den Händen](images/x.jpg)`',
        }),
      );
    } else if (node.type === 'html') {
      const { value, position } = node as Html;
      if (!/<img\b/i.test(value)) continue;
      for (const match of value.matchAll(/<img\b[^>]*>/gi)) {
        // An `alt` written, even empty (alt="": the author's word that the image is decoration), is the author's choice.
        if (/\salt\s*=/i.test(match[0])) continue;
        const line = (position?.start.line ?? 1) + (value.slice(0, match.index).match(/\n/g)?.length ?? 0);
        diagnostics.push(
          diagnostic('IMAGE_ALT_MISSING', 'warning', file, `the image ${/\bsrc\s*=\s*["']?([^"'\s>]+)/i.exec(match[0])?.[1] ?? '(no src)'} has no alternative text`, {
            line,
            hint: 'add alt="…" with what the image shows, for people who cannot see it (alt="Vier Personen halten die Vereinbarung in den Händen")',
          }),
        );
      }
    }
  }
  return diagnostics;
}
