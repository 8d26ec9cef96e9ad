/**
 * Image files the project ships (under `images/`): the build copies the ones published releases
 * use into `dist/` and gives feeds their real size for `<enclosure length>`.
 */

/** A file of the project as the shell found it: size in bytes and media type. */
export interface MediaFile {
  length: number;
  type: string;
}

/** Project path (`images/x.jpg`) → file. */
export type MediaIndex = Map<string, MediaFile>;

/** The folder whose files releases may use and the build publishes. */
export const MEDIA_FOLDER = 'images';

// A table, not a MIME library: the build publishes images only, and these are the types feed
// readers and browsers show. Anything else is not treated as an image.
const IMAGE_TYPES: Record<string, string> = {
  avif: 'image/avif',
  gif: 'image/gif',
  jpeg: 'image/jpeg',
  jpg: 'image/jpeg',
  png: 'image/png',
  svg: 'image/svg+xml',
  webp: 'image/webp',
};

/** Media type of an image by its file name or URL (`x.JPG` → `image/jpeg`), undefined for others. */
export function imageType(name: string): string | undefined {
  const extension = /\.([a-z\d]+)$/i.exec(name.replace(/[?#].*$/, ''))?.[1]?.toLowerCase();
  return extension ? IMAGE_TYPES[extension] : undefined;
}
