import fc from 'fast-check';
import { outputSafe } from '../src/core/output-text.js';
import { createUiText, directDateFormat } from '../src/core/common-strings.js';
import { COMMON_NAMESPACE, createI18n } from '../src/core/i18n.js';
import { describe, expect, test } from 'vitest';
import { parseDocument, stringify, type Scalar } from 'yaml';
import jsYaml from 'js-yaml';
import { ESCAPE_IN_YAML, yamlDoubleQuoted } from '../src/core/locale-file.js';
import { NOT_TEXT_WHEN_PLAIN } from '../src/core/yaml-position.js';
import { scalarText } from '../src/core/merge-front-matter.js';
import { markdownLeadBlock, plainLeadBlock, plainPageKeys, type PageInfo } from '../src/core/render-page.js';

/**
 * Merge and the page renderer write a few small things directly instead of through the yaml and
 * mdast-util-to-markdown serializers, when the text is plain enough (the usual case): these
 * properties hold the direct writers to the libraries' output, byte for byte.
 */

// Letters of several scripts, digits, spaces and the punctuation press texts use, weighted towards
// the characters that decide escaping and quoting.
const CHARACTERS = [...'aZäßÉø1 9.,;:!?\'’‘"“”„«»–—-/()[]%€°§#&*_`<>|{}~+=@\\', '\u00a0', '\u202f', 'ё', '中', 'ç'];
const text = fc.array(fc.constantFrom(...CHARACTERS), { minLength: 1, maxLength: 24 }).map((chars) => chars.join(''));
const wordy = fc
  .tuple(fc.constantFrom(...'aZäÉ1ё中'), fc.array(fc.constantFrom(...'aä ß1.,;:!?\'’"“”„«»–—-/()%€°§'), { maxLength: 20 }), fc.constantFrom(...'aä1.)’”"«»%€°?!'))
  .map(([first, middle, last]) => first + middle.join('') + last);
const anyText = fc.oneof(text, wordy);

/**
 * scalarText writes what the library writes, except for text with characters the library leaves
 * raw that YAML 1.1 readers misread (U+2028, NEL, C1, the BOM): those are double-quoted with
 * `\uXXXX` escapes, and every reader, the library included, reads the value back.
 */
function expectLibraryOrEscaped(value: string, style: 'PLAIN' | 'QUOTE_SINGLE' | 'QUOTE_DOUBLE', written: string): void {
  const text = scalarText(value, style);
  if (style === 'PLAIN' && NOT_TEXT_WHEN_PLAIN.test(value)) {
    // Where the library writes YAML 1.1's keywords and numbers plain, the direct writer quotes them.
    expect(text).toBe(yamlDoubleQuoted(value));
    expect(parseDocument(`title: ${text}`, { version: '1.1' }).get('title')).toBe(value);
    return;
  }
  if (!ESCAPE_IN_YAML.test(value) || value.includes('\n')) {
    expect(`title: ${text}`).toBe(written);
    return;
  }
  expect(text).toMatch(/^".*"$/s);
  expect(text).not.toMatch(/[\u0080-\u009f\u2028\u2029\ufeff]/);
  expect(parseDocument(`title: ${text}`).get('title')).toBe(value);
  expect(jsYaml.load(`title: ${text}`)).toEqual({ title: value });
}

describe('direct writers agree with the libraries', () => {
  test('a front matter value spliced into its scalar is what setIn + toString writes', () => {
    const originals: [string, 'PLAIN' | 'QUOTE_SINGLE' | 'QUOTE_DOUBLE'][] = [
      ['title: Ein Titel', 'PLAIN'],
      ["title: 'Ein Titel'", 'QUOTE_SINGLE'],
      ['title: "Ein Titel"', 'QUOTE_DOUBLE'],
    ];
    fc.assert(
      fc.property(anyText, fc.constantFrom(...originals), (value, [original, style]) => {
        const document = parseDocument(original);
        expect((document.get('title', true) as Scalar).type).toBe(style);
        const expected = document.clone();
        expected.setIn(['title'], value);
        const written = expected.toString({ lineWidth: 0, flowCollectionPadding: false }).replace(/\n$/, '');
        expectLibraryOrEscaped(value, style, written);
        expect(parseDocument(written).get('title')).toBe(value);
      }),
      { numRuns: 3000 },
    );
  });

  test('a plain value that starts like a document marker (---a, ...a) is what setIn + toString writes', () => {
    // A fast-check counterexample: as a document's root the library writes these as block scalars,
    // as a mapping's value (the front matter) as plain ones.
    for (const value of ['---a', '...a', '--- a', '---', '...', '-a', '--a']) {
      const expected = parseDocument('title: Ein Titel');
      expected.setIn(['title'], value);
      const written = expected.toString({ lineWidth: 0, flowCollectionPadding: false }).replace(/\n$/, '');
      expect(`title: ${scalarText(value, 'PLAIN')}`).toBe(written);
      expect(parseDocument(written).get('title')).toBe(value);
    }
  });

  test('quoted scalars with tabs, control characters, lone surrogates and separators are what setIn + toString writes', () => {
    // The callers pass no line breaks (a value with one goes through the document instead).
    const odd = [...'a "\'\\ä', '\t', '\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u009f', '\u00a0', '\u2028', '\u2029', '\ud800', '\udfff', '\ufeff', '\ufffe', '😀', '#', ':', '-', '---'];
    const oddText = fc.array(fc.constantFrom(...odd), { minLength: 1, maxLength: 16 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.oneof(oddText, anyText), fc.constantFrom('QUOTE_SINGLE' as const, 'QUOTE_DOUBLE' as const), (value, style) => {
        const document = parseDocument(style === 'QUOTE_SINGLE' ? "title: 'x'" : 'title: "x"');
        document.setIn(['title'], value);
        const written = document.toString({ lineWidth: 0, flowCollectionPadding: false }).replace(/\n$/, '');
        expectLibraryOrEscaped(value, style, written);
      }),
      { numRuns: 3000 },
    );
  });

  test('the page keys written directly are what yaml.stringify writes', () => {
    const code = fc.constantFrom('de', 'en', 'fr', 'fr-BE', 'nl', 'no', 'da', 'pt-BR', 'true', 'x1');
    const id = fc.constantFrom('2018-03-16-growin-konferenz', 'a', 'x_y', 'release.1', '2020');
    fc.assert(
      fc.property(code, fc.dictionary(code, id, { maxKeys: 4 }), fc.boolean(), (lng, ids, outdated) => {
        const alternates = Object.fromEntries(Object.entries(ids).map(([other, name]) => [other, `../${other}/${name}.md`]));
        const info: PageInfo = { lng, alternates, outdated };
        const direct = plainPageKeys(info);
        const added: Record<string, unknown> = { lang: lng };
        if (outdated) added.outdated = true;
        if (Object.keys(alternates).length > 0) added.alternates = alternates;
        if (direct !== undefined) expect(direct).toBe(stringify(added, { lineWidth: 0 }));
      }),
      { numRuns: 2000 },
    );
    expect(plainPageKeys({ lng: 'en', alternates: { de: '../de/x.md' }, outdated: false })).toBeDefined();
  });

  test('the lead block written directly is what mdast-util-to-markdown writes', () => {
    const optional = fc.option(anyText, { nil: undefined });
    const src = fc.constantFrom('../images/a.jpg', 'https://example.org/images/b%20c.jpg', 'a b.jpg', 'x(1).png', '<x>.jpg');
    let direct = 0;
    fc.assert(
      fc.property(optional, fc.option(fc.record({ src, alt: optional, caption: optional, creditLine: optional }), { nil: undefined }), (dateLine, photo) => {
        const info: PageInfo = { lng: 'de', alternates: {}, outdated: false };
        if (dateLine !== undefined) info.dateLine = dateLine;
        if (photo) {
          info.photo = { src: photo.src };
          if (photo.alt !== undefined) info.photo.alt = photo.alt;
          if (photo.caption !== undefined) info.photo.caption = photo.caption;
          if (photo.creditLine !== undefined) info.photo.creditLine = photo.creditLine;
        }
        const written = plainLeadBlock(info);
        if (written === undefined) return;
        direct++;
        expect(written).toBe(markdownLeadBlock(info));
      }),
      { numRuns: 5000 },
    );
    // The properties are not vacuous: many generated blocks take the direct path.
    expect(direct).toBeGreaterThan(300);
  });
});

test('outputSafe removes exactly the characters the HTML standard forbids in text, with or without its fast first look', () => {
  const full = (value: string): string => value.replace(/(?![\t\n\f\r])[\p{Cc}\p{Noncharacter_Code_Point}\p{Cs}]/gu, '');
  const piece = fc.oneof(
    fc.string({ unit: 'grapheme' }),
    fc.string({ unit: 'binary' }),
    fc.constantFrom('\u0000', '\t', '\n', '\f', '\r', '\u000b', '\u007f', '\u0085', '\u009f', '\ufdd0', '\ufdef', '\ufffe', '\uffff', '\ud800', '\udfff', '\ud83f\udffe', '😀', 'ä', 'Text'),
  );
  fc.assert(fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
    const value = pieces.join('');
    expect(outputSafe(value)).toBe(full(value));
  }));
  expect(outputSafe('Grüße\u0000 aus\u0085 Kiel 😀\ud800\n')).toBe('Grüße aus Kiel 😀\n');
});

describe('the direct date line agrees with i18next', () => {
  const OPTION_VALUES: Record<string, string[]> = {
    dateStyle: ['full', 'long', 'medium', 'short'],
    timeStyle: ['short', 'long'],
    weekday: ['long', 'short'],
    year: ['numeric', '2-digit'],
    month: ['long', 'short', 'numeric', '2-digit'],
    day: ['numeric', '2-digit'],
    hour: ['numeric', '2-digit'],
    minute: ['2-digit'],
    hour12: ['true', 'false'],
    timeZone: ['UTC', 'Asia/Tokyo'], // Presslate's time zone wins, in both
    timeZoneName: ['short'],
    fractionalSecondDigits: ['2'],
    era: ['short'],
  };
  const option = fc.constantFrom(...Object.keys(OPTION_VALUES)).chain((name) =>
    fc.tuple(fc.constant(name), fc.constantFrom(...OPTION_VALUES[name]!), fc.constantFrom('', ' ', "'")).map(([key, value, quote]) => `${key}:${quote === ' ' ? ' ' : ''}${quote === "'" ? `'${value}'` : value}`),
  );
  const literal = fc.constantFrom('', 'Den ', 'le ', ' · ', '(', ')', 'Stand: ', '$', '{', '$t(x)', '{{x}} ');
  const template = fc
    .tuple(literal, fc.array(option, { maxLength: 3 }), fc.constantFrom(' ', '', '  '), literal, fc.boolean())
    .map(([before, options, space, after, parens]) => `${before}{{${space}date,${space}datetime${parens || options.length > 0 ? `(${options.join('; ')})` : ''}${space}}}${after}`);

  test('wherever the direct formatter is used, it gives i18next’s text', () => {
    let used = 0;
    fc.assert(
      fc.property(template, fc.constantFrom('en-GB', 'de', 'da', 'fr-BE', 'nl'), fc.constantFrom('Europe/Berlin', 'America/New_York', 'UTC'), fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2060, 0, 1) }), (date, locale, timeZone, instant) => {
        const instance = createI18n({ x: { [COMMON_NAMESPACE]: { date, locale } } });
        const viaI18next = (at: number): string => instance.t('date', { locale, date: at, formatParams: { date: { locale, timeZone } }, ns: COMMON_NAMESPACE, lng: 'x' }) as string;
        const direct = directDateFormat(date, locale, timeZone, viaI18next);
        if (direct) {
          used++;
          expect(direct(instant)).toBe(viaI18next(instant));
        }
        expect(createUiText(instance, 'x', timeZone).date(instant)).toBe(viaI18next(instant));
      }),
      { numRuns: 400 },
    );
    expect(used).toBeGreaterThan(100);
  });

  test('anything but one datetime placeholder in plain text goes through i18next', () => {
    const never = (): string => 'unused';
    for (const date of ['{{date, datetime}} $t(other)', '{{date, datetime}} {{date, datetime}}', '{{- date, datetime}}', '{{date, datetime(dateStyle: long), uppercase}}', '{{date}}', 'no date'])
      expect(directDateFormat(date, 'en', 'UTC', never)).toBeUndefined();
    // and it is dropped when a probe differs from i18next
    expect(directDateFormat('{{date, datetime(dateStyle: long)}}', 'en', 'UTC', never)).toBeUndefined();
    expect(directDateFormat('{{date, datetime(dateStyle: long)}}', 'en', 'UTC', (at) => new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' }).format(at))).toBeDefined();
  });
});
