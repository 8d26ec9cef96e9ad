import i18next, { type i18n, type Resource } from 'i18next';

/** Namespace of the UI strings (`locales/<lng>/common.yaml`). */
export const COMMON_NAMESPACE = 'common';

/**
 * Creates an i18next instance over the given resources: one namespace per release holding its
 * publishable segment translations, plus `common` for UI strings. Keys are used as they are (no
 * `.` or `:` separators, since front matter keys such as `meta.image.alt` contain dots), and there
 * is no fallback to the source language: German must never stand in for a missing translation.
 * `fallbacks` maps language variants to their parents (`fr-BE: [fr]`).
 */
export function createI18n(resources: Resource, fallbacks: Record<string, string[]> = {}): i18n {
  const instance = i18next.createInstance();
  void instance.init({
    resources,
    initAsync: false,
    fallbackLng: Object.keys(fallbacks).length > 0 ? { ...fallbacks, default: [] } : false,
    keySeparator: false,
    nsSeparator: false,
    returnNull: false,
    returnEmptyString: false,
    interpolation: { escapeValue: false },
    showSupportNotice: false,
  } as Parameters<i18n['init']>[0]);
  return instance;
}

/**
 * Looks up a segment translation: interpolation and nesting are off, so a press release that
 * mentions `{{name}}` or `$t(x)` is published exactly as the translator wrote it.
 */
export function segmentText(instance: i18n, release: string, lng: string, key: string): string | undefined {
  // Straight from i18next's resource store along the language's fallback chain (`fr-BE` → `fr`):
  // what `t` with interpolation, nesting and post-processing off returns, at a fraction of the
  // cost of `t`, which matters with thousands of releases in five languages.
  for (const code of instance.services.languageUtils.toResolveHierarchy(lng)) {
    const value: unknown = instance.getResource(code, release, key);
    if (typeof value === 'string') return value;
  }
  return undefined;
}
