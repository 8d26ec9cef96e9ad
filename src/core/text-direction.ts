/**
 * Writing direction of a language, for `dir` on HTML pages.
 *
 * Decided by the language's script: the one in the tag (`az-Arab`, `pa-Arab`) or the one Intl's
 * likely-subtags data gives it (`ar` → Arab, `he` → Hebr, `dv` → Thaa, `ku` → Latn). Not by
 * Intl.Locale's text info: Node 20 has only the `textInfo` getter, later versions `getTextInfo()`,
 * and ICU answers from the locale's own layout data, so a language CLDR has no data for falls back
 * to left-to-right (Node 20 says `ltr` for Dhivehi and for `az-Arab`) — pages would change with
 * the Node version. The scripts are those CLDR's scriptMetadata marks right-to-left (living ones
 * first, then historic ones for completeness).
 */
const RTL_SCRIPTS = new Set([
  'Adlm', 'Arab', 'Hebr', 'Mand', 'Nkoo', 'Rohg', 'Samr', 'Syrc', 'Thaa', 'Yezi',
  'Armi', 'Avst', 'Chrs', 'Cprt', 'Elym', 'Hatr', 'Hung', 'Khar', 'Lydi', 'Mani', 'Mend', 'Merc',
  'Mero', 'Narb', 'Nbat', 'Orkh', 'Ougr', 'Palm', 'Phli', 'Phlp', 'Phnx', 'Prti', 'Sarb', 'Sogd', 'Sogo',
]);

const cache = new Map<string, 'ltr' | 'rtl'>();

/** `rtl` for a language written right to left (ar, he, fa, ur, …), else `ltr`. */
export function textDirection(lng: string): 'ltr' | 'rtl' {
  let direction = cache.get(lng);
  if (direction === undefined) {
    let script: string | undefined;
    try {
      script = new Intl.Locale(lng).maximize().script;
    } catch {
      script = undefined; // not a language tag (the root page's `mul` is one, without a script)
    }
    direction = script !== undefined && RTL_SCRIPTS.has(script) ? 'rtl' : 'ltr';
    cache.set(lng, direction);
  }
  return direction;
}
