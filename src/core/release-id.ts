/** Release ids are file names: `YYYY-MM-DD-slug`, lowercase ASCII letters, digits and hyphens. */
export const RELEASE_ID_PATTERN = /^(\d{4})-(\d{2})-(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$/;

/** Why `id` is not a valid release id, or undefined when it is one. */
/** The longest release id: the date, a hyphen and a slug of up to 139 characters. */
export const MAX_ID_LENGTH = 150;

export function releaseIdProblem(id: string): string | undefined {
  // The id names the release's files (`<id>.md`, `<id>.yaml`, `<id>.html`, and their temporary
  // twins while written atomically) and its URLs: file systems allow 255 bytes per name.
  if (id.length > MAX_ID_LENGTH) return `"${id.slice(0, 40)}…" is ${id.length} characters long; a release id may have ${MAX_ID_LENGTH}`;
  const match = RELEASE_ID_PATTERN.exec(id);
  if (!match) return `"${id}" is not of the form YYYY-MM-DD-slug (lowercase letters, digits and hyphens)`;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) {
    return `"${id}" starts with ${match[1]}-${match[2]}-${match[3]}, which is not a calendar date`;
  }
  return undefined;
}

/**
 * Turns a title into a slug for `presslate new`: ä → ae, ß → ss, everything else ASCII; at most
 * {@link SLUG_LENGTH} characters, cut after a whole word (the id is the release's address for good:
 * `…-digitalisierung-klei` would be published as it is), or inside the first word if that alone is longer.
 */
export function slugify(title: string): string {
  const slug = title
    .toLowerCase()
    .replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= SLUG_LENGTH) return slug;
  const cut = slug.slice(0, SLUG_LENGTH + 1);
  const lastHyphen = cut.lastIndexOf('-');
  return lastHyphen > 0 ? cut.slice(0, lastHyphen) : cut.slice(0, SLUG_LENGTH);
}

/** The longest slug {@link slugify} makes. */
const SLUG_LENGTH = 60;
