import { CONFIG_FILE } from './config-file.js';
import { isTimeZone } from './dates.js';
import * as z from 'zod';
import { diagnostic, type Diagnostic } from './diagnostic.js';
import { documentData, dottedPath, parsePositioned, positionOf, positionOfOffset, textsYamlTakes, YAML_DEPTH_MESSAGE, yamlNestingTooDeep, yamlSyntaxDiagnostics } from './yaml-position.js';
import { utf16Problem } from './replacement-character.js';

/**
 * The BCP 47 tags a language may have here: a language (`de`, `fr`), optionally a script
 * (`zh-Hant`, `sr-Latn`) and a region (`fr-BE`, `zh-Hant-TW`, `es-419` for Latin America), in the
 * case BCP 47 writes them. The tag names the language's folder in locales/ and dist/ and goes into
 * every page and feed as written, so `EN` or `pt_BR` is refused with the tag to write instead.
 */
const LANGUAGE_TAG = /^[a-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Z]{2}|\d{3}))?$/;

const languageTag = z.string().superRefine((tag, context) => {
  if (LANGUAGE_TAG.test(tag)) return;
  const canonical = canonicalTag(tag);
  context.addIssue({
    code: 'custom',
    message: `must be a language tag such as \`en\`, \`fr-BE\`, \`zh-Hant-TW\` or \`es-419\`${canonical === undefined ? '' : `: write \`${canonical}\``}`,
  });
});

/** The tag as BCP 47 writes it (`EN` → `en`, `pt_BR` → `pt-BR`), when that is a tag this file takes. */
function canonicalTag(tag: string): string | undefined {
  try {
    const [canonical] = Intl.getCanonicalLocales(tag.replace(/_/g, '-'));
    return canonical !== undefined && LANGUAGE_TAG.test(canonical) ? canonical : undefined;
  } catch {
    return undefined; // not a tag at all
  }
}

/** Front matter keys the build reads as data (or writes itself): never translated. */
/** Names that a key path cannot hold safely in a JavaScript object. */
const OBJECT_NAMES = new Set(['__proto__', 'constructor', 'prototype']);
const UNTRANSLATABLE_KEYS = new Set(['date', 'embargo', 'languages', 'image', 'image.src', 'lang', 'alternates', 'outdated']);

const configSchema = z
  .object({
    sourceLanguage: languageTag.default('de'),
    targetLanguages: z.array(languageTag).min(1).default(['da', 'en', 'nl', 'fr']),
    site: z
      .object({
        url: z
          .string()
          .url('must be an absolute URL such as https://example.org/press/')
          .refine((value) => /^https?:\/\//i.test(value), 'must start with http:// or https://')
          // WHATWG URL parsing skips extra slashes and reads a backslash as one: `http:///p/` was
          // taken as `http://p/`, a site on the host "p". The host comes right after the `//`.
          .refine((value) => !/^https?:\/\//i.test(value) || /^https?:\/\/[^/\\]/i.test(value), 'must have a host name right after http:// or https://, such as https://example.org/press/ (it has a / or \\ too many there)')
          // Page, feed and image URLs are made by appending paths: a query or fragment would end up
          // in the middle of every one of them.
          .refine((value) => !/[?#]/.test(value), 'must not have a query (?) or fragment (#); give the address of the folder the site is served from')
          // Every page and feed would publish the credentials.
          .refine((value) => !URL.canParse(value) || (new URL(value).username === '' && new URL(value).password === ''), 'must not contain a user name or password (user:password@): every page and feed would show them')
          // Written as WHATWG URL serializes it: an international host in punycode, spaces and
          // non-ASCII letters in the path percent-encoded — what feed readers and validators expect.
          .transform((value) => {
            const href = URL.canParse(value) ? new URL(value).href : value;
            return href.endsWith('/') ? href : `${href}/`;
          }),
        /** Who runs the site: used for feed authors and OPML. */
        // Composed (NFC): it is printed in every feed title and page, like the releases' text.
        publisher: z.string().min(1).default('Presslate').transform((value) => value.normalize('NFC')),
        /** Contact address shown in feeds (RSS managingEditor/webMaster need one). */
        email: z.string().email().optional(),
      })
      .strict(),
    timeZone: z
      .string()
      .default('Europe/Berlin')
      .refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin'),
    translate: z
      .array(
        z
          .string()
          .regex(/^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)*$/, 'must be a dotted front matter key')
          // Keys the build reads as data, not text: a translator's "date" would replace the date.
          .refine((key) => !UNTRANSLATABLE_KEYS.has(key), 'names a key the build reads as data (date, embargo, languages, image or image.src, lang, alternates, outdated); list text keys only')
          // Translate keys become property paths of JavaScript objects (the front matter data, the
          // feeds' metadata, i18next JSON and resources), where these names are the object's
          // prototype or constructor rather than a key: refused rather than half-working.
          .refine((key) => !key.split('.').some((part) => OBJECT_NAMES.has(part)), 'uses __proto__, constructor or prototype, which Presslate cannot translate safely (they name parts of every JavaScript object); rename the front matter key, e.g. to subtitle'),
      )
      .default(['title', 'summary', 'category', 'image.alt', 'image.caption']),
    publish: z
      .object({
        require: z.enum(['reviewed', 'translated']).default('reviewed'),
      })
      .strict()
      .default({ require: 'reviewed' }),
    feeds: z
      .object({
        limit: z.number().int().min(1).max(10000).default(50),
        formats: z.array(z.enum(['rss', 'atom', 'json'])).min(1).default(['rss', 'atom', 'json']),
      })
      .strict()
      .default({ limit: 50, formats: ['rss', 'atom', 'json'] }),
    memory: z
      .object({
        /** Minimum similarity (0–1) for a translation-memory suggestion. */
        similarity: z.number().min(0).max(1).default(0.75),
      })
      .strict()
      .default({ similarity: 0.75 }),
    /** Language variants as i18next fallback chains: `fr-BE: [fr]`. */
    fallbacks: z.record(languageTag, z.array(languageTag)).default({}),
  })
  .strict();

/** The validated project configuration (`presslate.config.yaml`). */
export type Config = z.infer<typeof configSchema>;

export { CONFIG_FILE };

/** Examples for the settings without a default. */
const REQUIRED_EXAMPLES: Record<string, string> = {
  site: '`site:` with `url: https://example.org/press/` (the address dist/ is served at) below it',
  'site.url': '`url: https://example.org/press/` under `site:` (the address dist/ is served at)',
};

/** The value at `path` in parsed YAML data, or undefined. */
function valueAt(data: unknown, path: readonly (string | number)[]): unknown {
  let value = data;
  for (const part of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[part];
  }
  return value;
}


/**
 * Parses and validates the configuration text. Problems come back as diagnostics with the dotted
 * path and line of the offending key, e.g. "`site.url` must be an absolute URL".
 */
export function parseConfig(text: string, file = CONFIG_FILE): { config?: Config; diagnostics: Diagnostic[] } {
  const utf16 = utf16Problem(text, 'CONFIG_INVALID', file);
  if (utf16) return { diagnostics: [utf16] };
  const deep = yamlNestingTooDeep(text);
  if (deep) return { diagnostics: [diagnostic('CONFIG_INVALID', 'error', file, YAML_DEPTH_MESSAGE, { ...deep, hint: 'remove the extra levels; a setting is at most three levels deep (see "Configuration" in README.md)' })] };
  const positioned = parsePositioned(text);
  const diagnostics: Diagnostic[] = [];
  diagnostics.push(
    ...yamlSyntaxDiagnostics(positioned, (message, place) =>
      diagnostic('CONFIG_YAML', 'error', file, message, { ...place, hint: 'fix the YAML syntax at that place (indentation, quotes, colons)' }),
    ),
  );
  if (diagnostics.length > 0) return { diagnostics };
  const read = documentData(positioned);
  if ('problem' in read) {
    const place = read.offset === undefined ? { line: 1, column: 1 } : positionOfOffset(positioned, read.offset);
    return { diagnostics: [diagnostic('CONFIG_YAML', 'error', file, read.problem, { ...place, hint: read.hint ?? 'write the values out instead of repeating them with & and * aliases' })] };
  }
  diagnostics.push(...textsYamlTakes(positioned, file, { tag: 'CONFIG_INVALID', comment: 'CONFIG_TEXT_COMMENT' }));
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  const result = configSchema.safeParse(read.data ?? {});
  if (!result.success) {
    for (const issue of result.error.issues) {
      const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      if (issue.code === 'unrecognized_keys') {
        // Point at each unknown key itself, by its full dotted path (`feeds.colour`), not at its parent.
        for (const key of issue.keys) {
          diagnostics.push(
            diagnostic('CONFIG_INVALID', 'error', file, `\`${dottedPath([...path, key])}\` is not a setting Presslate knows`, {
              ...positionOf(positioned, [...path, key]),
              hint: 'check the spelling, or remove it; see "Configuration" in README.md for every key',
            }),
          );
        }
        continue;
      }
      // A required setting that is missing (an empty file has no `site`): zod says "Invalid input:
      // expected object, received undefined", which names neither what is missing nor the fix.
      const missing = issue.code === 'invalid_type' && valueAt(read.data, path) === undefined;
      diagnostics.push(
        diagnostic('CONFIG_INVALID', 'error', file, `\`${dottedPath(path)}\` ${missing ? 'is required' : issue.code === 'invalid_type' ? wrongKind(issue.expected, valueAt(read.data, path)) : issue.message}`, {
          ...positionOf(positioned, path),
          hint: missing
            ? `add it${REQUIRED_EXAMPLES[dottedPath(path)] ? `, e.g. ${REQUIRED_EXAMPLES[dottedPath(path)]}` : ''}; see "Configuration" in README.md`
            : 'see "Configuration" in README.md for every key and its allowed values',
        }),
      );
    }
    return { diagnostics };
  }
  const config = result.data;
  if (config.targetLanguages.includes(config.sourceLanguage)) {
    diagnostics.push(
      diagnostic('CONFIG_INVALID', 'error', file, '`targetLanguages` must not contain the source language', {
        ...positionOf(positioned, ['targetLanguages']),
        hint: `remove ${config.sourceLanguage} from targetLanguages`,
      }),
    );
  }
  if (new Set(config.targetLanguages).size !== config.targetLanguages.length) {
    diagnostics.push(
      diagnostic('CONFIG_INVALID', 'error', file, '`targetLanguages` lists a language twice', {
        ...positionOf(positioned, ['targetLanguages']),
        hint: 'list each language once',
      }),
    );
  }
  // A variant that is no language of the site falls back nowhere: a typo (`fr-BF`), or a language
  // taken out of targetLanguages, whose common.yaml would then miss the texts it leaves to its parent.
  for (const lng of Object.keys(config.fallbacks)) {
    if (lng === config.sourceLanguage || config.targetLanguages.includes(lng)) continue;
    diagnostics.push(
      diagnostic('CONFIG_INVALID', 'error', file, `\`fallbacks.${lng}\`: ${lng} is not a language of the site (${[config.sourceLanguage, ...config.targetLanguages].join(', ')})`, {
        ...positionOf(positioned, ['fallbacks', lng]),
        hint: `add ${lng} to targetLanguages, or remove its entry from fallbacks`,
      }),
    );
  }
  for (const [lng, cycle] of fallbackCycles(config.fallbacks)) {
    diagnostics.push(
      diagnostic('CONFIG_INVALID', 'error', file, `\`fallbacks.${lng}\` leads back to ${lng} (${cycle.join(' → ')})`, {
        ...positionOf(positioned, ['fallbacks', lng]),
        hint: 'a variant falls back to its parent language (`fr-BE: [fr]`), and the parent to nothing: remove the entry that points back',
      }),
    );
  }
  return diagnostics.length > 0 ? { diagnostics } : { config, diagnostics };
}

/** zod's "Invalid input: expected number, received string" in words: `must be a number, got the text "ten"`. */
function wrongKind(expected: string, value: unknown): string {
  const kinds: Record<string, string> = { number: 'a number', string: 'a text', array: 'a list', object: 'a map of settings', boolean: 'true or false' };
  const got =
    typeof value === 'string' ? `the text "${value}"` : Array.isArray(value) ? 'a list' : value === null ? 'nothing' : typeof value === 'object' ? 'a map' : typeof value === 'number' ? `the number ${value}` : String(value);
  return `must be ${kinds[expected] ?? expected}, got ${got}`;
}

/**
 * The fallback chains that lead back to where they started (`fr-BE: [fr]` with `fr: [fr-BE]`, or
 * `fr: [fr]`), each reported once, at its first language in the file's order. i18next stops at a
 * language it has seen, so such a configuration "works", but it says something nobody means: which
 * language is the variant.
 */
function fallbackCycles(fallbacks: Record<string, string[]>): [string, string[]][] {
  const cycles: [string, string[]][] = [];
  const reported = new Set<string>();
  for (const start of Object.keys(fallbacks)) {
    if (reported.has(start)) continue;
    const walk = (lng: string, path: string[]): string[] | undefined => {
      for (const next of fallbacks[lng] ?? []) {
        if (next === start) return [...path, next];
        if (path.includes(next)) continue;
        const found = walk(next, [...path, next]);
        if (found) return found;
      }
      return undefined;
    };
    const cycle = walk(start, [start]);
    if (cycle) {
      cycles.push([start, cycle]);
      for (const lng of cycle) reported.add(lng);
    }
  }
  return cycles;
}
