import { parseDocument } from 'yaml';
import { joinFrontMatter, splitFrontMatter } from './front-matter.js';

/** What a published page says about itself beyond the release's own front matter. */
export interface PageInfo {
  lng: string;
  /** Other published languages of the same release: language → path relative to this page. */
  alternates: Record<string, string>;
  /** Some segments still render a translation of older German. */
  outdated: boolean;
}

/**
 * Turns merged Markdown into a page: the front matter gains `lang`, `outdated` (only when true)
 * and `alternates`; the body stays exactly as merged.
 */
export function renderPage(merged: string, info: PageInfo): string {
  const { yaml, body } = splitFrontMatter(merged);
  const document = parseDocument(yaml ?? '');
  document.set('lang', info.lng);
  if (info.outdated) document.set('outdated', true);
  else document.delete('outdated');
  if (Object.keys(info.alternates).length > 0) document.set('alternates', info.alternates);
  return joinFrontMatter(document.toString({ lineWidth: 0, flowCollectionPadding: false }), body);
}
