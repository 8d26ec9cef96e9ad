import i18next, { type i18n, type Resource } from 'i18next';

/** Namespace of the UI strings (`locales/<lng>/common.yaml`). */
export const COMMON_NAMESPACE = 'common';

/**
 * Creates an i18next instance over the given resources: `common` for UI strings (segment
 * translations are looked up along {@link fallbackChain} of the build's instance). Keys are used
 * as they are (no `.` or `:` separators, since front matter keys such as `meta.image.alt` contain
 * dots), and there is no fallback to the source language: German must never stand in for a
 * missing translation. `fallbacks` maps language variants to their parents (`fr-BE: [fr]`).
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

/** The languages i18next looks in for `lng`, in order: the language, then its configured fallbacks. */
export function fallbackChain(instance: i18n, lng: string): string[] {
  return instance.services.languageUtils.toResolveHierarchy(lng);
}
