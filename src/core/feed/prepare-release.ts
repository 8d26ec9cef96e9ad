import type { ReleaseAnalysis } from '../analyze-release.js';
import type { Config } from '../config.js';
import type { ReleaseDate } from '../dates.js';
import { diagnostic, type Diagnostic } from '../diagnostic.js';
import { imageType, MEDIA_FOLDER, type MediaFile, type MediaIndex } from '../media.js';
import type { Segment } from '../segment.js';
import { feedText, xmlSafe } from './feed-text.js';
import type { ReleaseHtml } from './release-html.js';
import { isProjectReference, type SiteUrls } from './site-urls.js';

/** The photo of a release (front matter `image`), resolved against the site and the project. */
export interface ReleaseImage {
  /** Absolute URL. */
  url: string;
  /** The URL as a page in `dist/<lng>/` links it: `../images/x.jpg`, or the absolute URL. */
  pagePath: string;
  /** The project file (`images/x.jpg`) when the image is one; it is copied to `dist/`. */
  path?: string;
  /** Size and type of the project file. */
  file?: MediaFile;
  /** Media type, from the file or the URL's extension. */
  type?: string;
}

/** One release as published in one language: what its pages and feed items are made of. */
export interface PublishedRelease {
  id: string;
  lng: string;
  /** The page URL, which is also the feed items' link and id. */
  url: string;
  /** The merged Markdown (front matter and body). */
  markdown: string;
  /** Plain texts, localized, markup removed. */
  title: string;
  summary?: string;
  category?: string;
  tags: string[];
  author?: string;
  date: ReleaseDate;
  /** The date as the language writes it ("16. März 2018"): pages, index and feeds show it alike. */
  dateLine: string;
  image?: ReleaseImage & { alt?: string; caption?: string; credit?: string };
  outdated: boolean;
  /** The same release in the other languages it is published in, in configuration order. */
  alternates: { lng: string; url: string }[];
  html: ReleaseHtml;
  /** The summary, or the start of the first paragraph: what a feed item's description says. */
  description: string;
}

/** Looks up the text a segment publishes with in a language (undefined: keep the German). */
export type SegmentLookup = (segment: Segment) => string | undefined;

/**
 * Assembles a release in one language from its merged Markdown, rendered HTML and front matter
 * translations. Front matter texts that are not translated (not in `translate`) reach another
 * language's feeds only when they are names (author, photo credit): untranslated German tags or
 * categories would put German into a Danish feed.
 */
export function prepareRelease(input: {
  analysis: ReleaseAnalysis;
  lng: string;
  config: Config;
  urls: SiteUrls;
  markdown: string;
  html: ReleaseHtml;
  dateLine: string;
  lookup: SegmentLookup;
  image?: ReleaseImage;
  outdated: boolean;
  languages: readonly string[];
}): PublishedRelease {
  const { analysis, lng, config, urls } = input;
  const source = lng === config.sourceLanguage;
  const meta = source ? analysis.meta : localizedMeta(analysis, input.lookup);
  const shown = (key: string): boolean => source || config.translate.some((path) => path === key || path.startsWith(`${key}.`));
  const text = (value: unknown): string | undefined => {
    if (typeof value !== 'string') return undefined;
    const clean = feedText(value);
    return clean === '' ? undefined : clean;
  };
  const imageMeta = (meta.image ?? {}) as Record<string, unknown>;
  const summary = text(meta.summary);
  const category = shown('category') ? text(meta.category) : undefined;
  const tags = shown('tags') && Array.isArray(meta.tags) ? meta.tags.map(text).filter((tag): tag is string => tag !== undefined) : [];
  const result: PublishedRelease = {
    id: analysis.id,
    lng,
    url: urls.page(lng, analysis.id),
    markdown: input.markdown,
    title: text(meta.title) ?? analysis.id,
    tags,
    date: analysis.date,
    dateLine: input.dateLine,
    outdated: input.outdated,
    alternates: input.languages.filter((other) => other !== lng).map((other) => ({ lng: other, url: urls.page(other, analysis.id) })),
    html: input.html,
    // The excerpt is text of the body, which may hold characters XML forbids (a control character
    // typed into a paragraph): feeds carry it as their items' description.
    description: summary ?? (xmlSafe(input.html.excerpt) || (text(meta.title) ?? analysis.id)),
  };
  if (summary !== undefined) result.summary = summary;
  if (category !== undefined) result.category = category;
  const author = text(meta.author);
  if (author !== undefined) result.author = author;
  if (input.image) {
    result.image = { ...input.image };
    const alt = shown('image.alt') ? text(imageMeta.alt) : undefined;
    const caption = shown('image.caption') ? text(imageMeta.caption) : undefined;
    const credit = text(imageMeta.credit);
    if (alt !== undefined) result.image.alt = alt;
    if (caption !== undefined) result.image.caption = caption;
    if (credit !== undefined) result.image.credit = credit;
  }
  return result;
}

/** The front matter with every translatable value replaced by its translation. */
export function localizedMeta(analysis: ReleaseAnalysis, lookup: SegmentLookup): Record<string, unknown> {
  const meta = structuredClone(analysis.meta);
  for (const segment of analysis.segments) {
    if (segment.kind !== 'meta' || !segment.path || segment.path.length === 0) continue;
    const value = lookup(segment);
    if (value === undefined) continue;
    let target: Record<string | number, unknown> = meta;
    for (const step of segment.path.slice(0, -1)) {
      const next = target[step];
      if (next === null || typeof next !== 'object') break;
      target = next as Record<string | number, unknown>;
    }
    target[segment.path.at(-1)!] = value;
  }
  return meta;
}

/**
 * Resolves the front matter photo (`image.src`): a project path relative to the project root, or
 * an http(s) URL. A project file that is missing, or a URL of another kind, is a warning and the
 * release is published without the photo block and enclosure (a broken image helps nobody).
 */
export function resolveReleaseImage(
  analysis: ReleaseAnalysis,
  urls: SiteUrls,
  media: MediaIndex,
): { image?: ReleaseImage; diagnostics: Diagnostic[] } {
  const src = (analysis.meta.image as Record<string, unknown> | undefined)?.src;
  if (typeof src !== 'string' || src.trim() === '') return { diagnostics: [] };
  const line = frontMatterLine(analysis, 'src', 'image');
  const url = src.trim().startsWith('#') ? undefined : urls.resolve(src, urls.base);
  if (url === undefined && /^https?:/i.test(src.trim())) {
    return {
      diagnostics: [
        diagnostic('IMAGE_URL', 'warning', analysis.file, `\`image.src\` "${src}" is not a valid URL`, {
          line,
          hint: 'check the address, whose host name may hold no spaces or symbols (https://example.org/photo.jpg); until then the release is published without its photo',
        }),
      ],
    };
  }
  if (url === undefined || !/^https?:\/\//i.test(url)) {
    return {
      diagnostics: [
        diagnostic('IMAGE_URL', 'warning', analysis.file, `\`image.src\` "${src}" is neither a file of the project nor an http(s) URL`, {
          line,
          hint: `write a path such as ${MEDIA_FOLDER}/${analysis.id}.jpg, or a full https:// URL; until then the release is published without its photo`,
        }),
      ],
    };
  }
  const path = urls.projectPath(url);
  if (path === undefined && isProjectReference(src)) {
    return {
      diagnostics: [
        diagnostic('IMAGE_MISSING', 'warning', analysis.file, `\`image.src\` ${src.trim()} points outside the project`, {
          line,
          hint: `put the file under ${MEDIA_FOLDER}/ and write ${MEDIA_FOLDER}/<name>, or a full https:// URL; until then the release is published without its photo`,
        }),
      ],
    };
  }
  if (path === undefined) {
    const image: ReleaseImage = { url, pagePath: url };
    const type = imageType(url);
    if (type) image.type = type;
    return { image, diagnostics: [] };
  }
  const file = media.get(path);
  if (!file) {
    return {
      diagnostics: [
        diagnostic('IMAGE_MISSING', 'warning', analysis.file, `\`image.src\` ${path} is not in the project`, {
          line,
          hint: `add the file under ${MEDIA_FOLDER}/ (the build publishes it to dist/${MEDIA_FOLDER}/) or correct the path; until then the release is published without its photo`,
        }),
      ],
    };
  }
  return { image: { url, pagePath: `../${path}`, path, file, type: file.type }, diagnostics: [] };
}

/**
 * Checks the project files a release body links to or shows (`![…](images/x.jpg)`): images must
 * be in the project, and other relative links lead nowhere once the release is in a feed reader.
 */
export function checkBodyFiles(analysis: ReleaseAnalysis, files: readonly string[], media: MediaIndex): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const path of files) {
    if (media.has(path) || PUBLISHED_PATH.test(path)) continue;
    const line = lineOf(analysis.text, path, analysis.frontMatter.end);
    if (path.startsWith(`${MEDIA_FOLDER}/`)) {
      diagnostics.push(
        diagnostic('IMAGE_MISSING', 'warning', analysis.file, `${path} is not in the project`, {
          ...(line ? { line } : {}),
          hint: `add the file under ${MEDIA_FOLDER}/ (the build publishes it to dist/${MEDIA_FOLDER}/) or correct the path`,
        }),
      );
    } else {
      diagnostics.push(
        diagnostic('LINK_UNPUBLISHED', 'warning', analysis.file, `links to ${path}, which the build does not publish: the link is broken in pages and feeds`, {
          ...(line ? { line } : {}),
          hint: `use a full https:// URL, or put the file under ${MEDIA_FOLDER}/`,
        }),
      );
    }
  }
  return diagnostics;
}

/**
 * Paths of `dist/` the build writes itself: pages, indexes and feeds of a language, the root page
 * and the OPML list (site-urls.ts, OPML_FILE).
 */
const PUBLISHED_PATH = /^(?:index\.html|feeds\.opml|[a-z]{2,3}(?:-[A-Za-z]{2,4})?\/(?:[a-z\d-]+\.(?:html|md)|feed\.xml|atom\.xml|feed\.json)?)$/;

/** The line of the body (after the front matter, `from`) where `needle` first appears. */
function lineOf(text: string, needle: string, from = 0): number | undefined {
  const index = text.indexOf(needle, from);
  return index < 0 ? undefined : text.slice(0, index).split('\n').length;
}

function frontMatterLine(analysis: ReleaseAnalysis, key: string, parent: string): number {
  const lines = analysis.frontMatter.yaml.split('\n');
  const start = Math.max(0, lines.findIndex((line) => line.startsWith(`${parent}:`)));
  const index = lines.findIndex((line, i) => i > start && new RegExp(`^\\s+${key}:`).test(line));
  return analysis.frontMatter.lineOffset + 1 + (index < 0 ? start : index);
}
