/**
 * The vocabulary of locale files, in a module of its own so that readers which do not need the
 * `yaml` library (the fast reader, the build cache) can use it without loading `yaml`.
 */

/** Translation states, in the order a segment goes through them. */
export const STATUSES = ['new', 'translated', 'reviewed', 'stale'] as const;
export type Status = (typeof STATUSES)[number];

/** Field names inside an entry. The translation sits under the language code itself. */
export const FIELD = { previous: 'previous', previousStatus: 'previous-status', status: 'status', suggestion: 'suggestion' } as const;

/**
 * While a segment is stale (or re-translated but not yet reviewed again): the translation that was
 * published for the previous German, kept so it goes on being published — `previous-en`.
 */
export function previousTranslationField(lng: string): string {
  return `previous-${lng}`;
}

/** The fields of a locale file's entry; any other is LOCALE_UNKNOWN_FIELD. */
export function entryFields(expected: { language: string; sourceLanguage: string }): string[] {
  return [expected.sourceLanguage, expected.language, FIELD.status, FIELD.previous, FIELD.previousStatus, previousTranslationField(expected.language), FIELD.suggestion];
}

/** Names in `locales/<lng>/` that are not locale files of a release. */
export const NON_RELEASE_FILES = new Set(['common.yaml']);
