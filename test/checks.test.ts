import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { extractNumbers } from '../src/core/checks/numbers.js';
import { blankAddresses, findEmails, findUrls } from '../src/core/checks/text-tools.js';
import { CHECK_RULES, CHECKS } from '../src/core/checks/registry.js';
import { runChecks } from '../src/core/checks/run-checks.js';
import { toSarif } from '../src/core/checks/sarif.js';
import type { Diagnostic } from '../src/core/diagnostic.js';
import { EMPTY_GLOSSARY, foldCase, parseGlossary, type Glossary } from '../src/core/glossary.js';
import type { LocaleEntry, LocaleFile, Status } from '../src/core/locale-file.js';
import { segmentKey } from '../src/core/segment.js';
import { loadGlossary } from '../src/io/load-glossary.js';
import { loadLocales } from '../src/io/load-locales.js';
import { loadProject } from '../src/io/project.js';
import { copySampleProject, REPO, runCli } from './helpers/project.js';

const GLOSSARY_TEXT = `
names: [GrowIn 4.0, Interreg, Allianz für die Region GmbH]
terms:
  - de: Europäische Fonds für regionale Entwicklung
    en: European Regional Development Fund
    fr: Fonds européen de développement régional
same:
  da: [Pressekontakt]
`;
const GLOSSARY = parseGlossary(GLOSSARY_TEXT, 'locales/glossary.yaml', 'de').glossary!;

/** Runs every check on one entry and returns the codes found. */
function codes(source: string, translation: string, options: { lng?: string; status?: Status; key?: string; previous?: string; glossary?: Glossary } = {}): string[] {
  return check(source, translation, options).map((d) => d.code);
}

function check(source: string, translation: string, options: { lng?: string; status?: Status; key?: string; previous?: string; glossary?: Glossary } = {}): Diagnostic[] {
  const lng = options.lng ?? 'en';
  const entry: LocaleEntry = { key: options.key ?? 'p-1', source, translation, status: options.status ?? 'reviewed', line: 9 };
  if (options.previous !== undefined) {
    entry.previous = options.previous;
    entry.previousStatus = 'reviewed';
  }
  const locale: LocaleFile = { release: '2020-01-01-x', language: lng, entries: new Map([[entry.key, entry]]), obsolete: new Map() };
  return runChecks({ sourceLanguage: 'de', glossary: options.glossary ?? GLOSSARY, files: [{ file: `locales/${lng}/2020-01-01-x.yaml`, locale }] });
}

describe('the registry', () => {
  test('every code is unique, documented and has a fixed severity', () => {
    const all = CHECK_RULES.map((rule) => rule.code);
    expect(new Set(all).size).toBe(all.length);
    for (const rule of CHECK_RULES) {
      expect(rule.code).toMatch(/^[A-Z_]+$/);
      expect(rule.summary.length).toBeGreaterThan(20);
      expect(rule.help.length).toBeGreaterThan(10);
      expect(['error', 'warning']).toContain(rule.severity);
    }
    expect(all).toEqual(
      expect.arrayContaining([
        'TAG_MISSING', 'TAG_EXTRA', 'TAG_MISNESTED', 'NUMBER_MISMATCH', 'URL_CHANGED', 'EMAIL_CHANGED', 'GLOSSARY_TERM', 'GLOSSARY_NAME',
        'UNTRANSLATED', 'EMPTY_TRANSLATION', 'WHITESPACE', 'REMOVED_CHARACTER', 'END_PUNCTUATION', 'FRENCH_SPACING', 'QUOTE_STYLE', 'INCONSISTENT_TRANSLATION', 'LENGTH_RATIO',
      ]),
    );
    expect(new Set(CHECKS.map((c) => c.name)).size).toBe(CHECKS.length);
  });
});

describe('the shipped translations', () => {
  test('produce no diagnostic at all', async () => {
    const { project } = await loadProject(REPO);
    const [loaded, glossary] = await Promise.all([loadLocales(project!), loadGlossary(project!)]);
    expect(loaded.diagnostics).toEqual([]);
    expect(glossary.diagnostics).toEqual([]);
    const reviewed = loaded.locales.reduce((sum, l) => sum + [...l.locale.entries.values()].filter((e) => e.status === 'reviewed').length, 0);
    expect(reviewed).toBeGreaterThan(400);
    const diagnostics = runChecks({ sourceLanguage: 'de', glossary: glossary.glossary!, files: loaded.locales });
    expect(diagnostics.map((d) => `${d.file}:${d.line} ${d.code} ${d.message}`)).toEqual([]);
  });
});

describe('each check fires on a bad translation', () => {
  test('EMPTY_TRANSLATION: reviewed without text; new without text is fine', () => {
    expect(codes('Hallo Welt.', '', { status: 'reviewed' })).toEqual(['EMPTY_TRANSLATION']);
    expect(codes('Hallo Welt.', '', { status: 'new' })).toEqual([]);
    // Tags alone are no translation: the block's words would be gone from the page.
    expect(codes('<1>Hallo Welt.</1>', '<1></1>', { status: 'reviewed' })).toContain('EMPTY_TRANSLATION');
    expect(codes('Hallo <1/> Welt.', ' <1/> ', { status: 'translated' })).toContain('EMPTY_TRANSLATION');
    expect(codes('<1>Hallo Welt.</1>', '<1>Hello world.</1>', { status: 'reviewed' })).not.toContain('EMPTY_TRANSLATION');
  });

  test('TAG_MISSING, TAG_EXTRA, TAG_MISNESTED', () => {
    expect(codes('Die <1>Allianz</1> und <2/>.', 'The Alliance and <2/>.')).toContain('TAG_MISSING');
    expect(codes('Die <1>Allianz</1>.', 'The <1>Alliance</1> <3/>.')).toContain('TAG_EXTRA');
    expect(codes('Die <1>Allianz <2>für</2></1>.', 'The <1>Alliance <2>for</1></2>.')).toContain('TAG_MISNESTED');
  });

  test('a tag typed as text (&lt;1&gt;, < 1 >, ＜1＞) is TAG_MISSING with a hint that names it, and no NUMBER_MISMATCH', () => {
    // It was TAG_MISSING with "put it at the matching place", and NUMBER_MISMATCH "has 1 and 1,
    // which the German does not have" beside it.
    for (const [typed, open, close] of [['&lt;1&gt;', '&lt;1&gt;', '&lt;/1&gt;'], ['< 1 >', '< 1 >', '</ 1>'], ['＜1＞', '＜1＞', '＜/1＞'], ['&#60;1&#62;', '&#60;1&#62;', '&#60;/1&#62;']] as const) {
      const found = check('Die <1>Allianz</1> und 15 Partner.', `The ${open}Alliance${close} and 15 partners.`);
      expect(found.map((d) => d.code)).toEqual(['TAG_MISSING']);
      expect(found[0]!.hint).toBe(`"${typed}" in the translation is text, not the tag: type the tag as <1> and </1>, with < and > and no spaces`);
    }
    expect(check('Zeile<2/>zwei.', 'Line&lt;2/&gt;two.')[0]!.hint).toBe('"&lt;2/&gt;" in the translation is text, not the tag: type the tag as <2/>, with < and > and no spaces');
    // Another missing tag keeps its hint.
    expect(check('Die <1>Allianz</1>.', 'The Alliance &lt;3&gt;.').find((d) => d.code === 'TAG_MISSING')!.hint).toMatch(/^the German has <1>…<\/1> around or at "Allianz"/);
  });

  test('NUMBER_MISMATCH: a changed, dropped or added number', () => {
    expect(codes('15 Partner trafen sich.', '16 partners met.')).toEqual(['NUMBER_MISMATCH']);
    expect(codes('15 Partner trafen sich 2018.', '15 partners met.')).toEqual(['NUMBER_MISMATCH']);
    expect(codes('Die Partner trafen sich.', 'The 15 partners met.')).toEqual(['NUMBER_MISMATCH']);
    expect(check('Es kostet 1.234,5 Euro.', 'It costs 1.234,5 euros.')[0]?.message).toMatch(/has 1\.234 and 5 where the German has 1234\.5/);
  });

  test('NUMBER_MISMATCH is silent on equal values written the way each language writes them', () => {
    expect(codes('Es kostet 1.234,5 Euro.', 'It costs 1,234.5 euros.')).toEqual([]);
    expect(codes('Es kostet 1.234,5 Euro.', 'Cela coûte 1\u202F234,5 euros.', { lng: 'fr' })).toEqual([]);
    expect(codes('Es kostet 1.234,5 Euro.', 'Det koster 1.234,5 euro.', { lng: 'da' })).toEqual([]);
    expect(codes('Rund 30 % der Betriebe.', 'Around 30% of businesses.')).toEqual([]);
    expect(codes('4 Programme, 2,5 Mio. €', '4 programmes, €2.5 million')).toEqual([]);
    expect(codes('Telefon: +49 531 121 8-0', 'Phone: +49 531 121 8-0')).toEqual([]);
    expect(codes('am 12. Februar 2019 um 9.30 Uhr', 'on 12 February 2019 at 9:30 am')).toEqual([]);
    expect(codes('von 9 bis 13 Uhr', 'from 9 am to 1 pm')).toEqual([]);
    // A range whose marker comes at its end: the first time is a time too, not the decimal 9.3.
    expect(codes('von 9.30 bis 13 Uhr', 'from 9:30 am to 1 pm')).toEqual([]);
    expect(codes('von 9.30 bis 13 Uhr', 'kl. 9.30–13', { lng: 'da' })).toEqual([]);
    expect(codes('von 9.30 bis 13 Uhr', 'van 9.30 tot 13.00 uur', { lng: 'nl' })).toEqual([]);
    expect(codes('von 9.30 bis 13 Uhr', 'de 9\u00a0h\u00a030 à 13\u00a0h', { lng: 'fr' })).toEqual([]);
    expect(codes('von 9.30 bis 13 Uhr', 'from 9:45 am to 1 pm')).toEqual(['NUMBER_MISMATCH']);
    expect(codes('„GrowIn 4.0“ mit fünf Partnern', '“GrowIn 4.0” with 5 partners')).toEqual([]);
    expect(codes('Am 16.03.2018 in Braunschweig', 'In Braunschweig on 16 March 2018')).toEqual([]);
  });

  test('NUMBER_MISMATCH reads the digits of other scripts and CJK dates', () => {
    // Arabic-Indic, Persian, Devanagari and full-width digits are the same numbers.
    const only = (source: string, translation: string, lng: string) => codes(source, translation, { lng }).filter((code) => code === 'NUMBER_MISMATCH');
    expect(only('ein Wort mit 67 Buchstaben', 'كلمة من ٦٧ حرفًا', 'ar')).toEqual([]);
    expect(only('ein Wort mit 67 Buchstaben', 'كلمة من ٦٨ حرفًا', 'ar')).toEqual(['NUMBER_MISMATCH']);
    expect(only('ein Wort mit 67 Buchstaben', 'واژه‌ای با ۶۷ حرف', 'fa')).toEqual([]);
    expect(only('ein Wort mit 67 Buchstaben', '६७ अक्षरों वाला शब्द', 'hi')).toEqual([]);
    expect(only('ein Wort mit 67 Buchstaben', '６７文字の単語', 'ja')).toEqual([]);
    expect(extractNumbers('𝟔𝟕 und ٢٠٢١ und 𝟞𝟟 und 𝟼𝟽', 'de').map((n) => n.value)).toEqual(['67', '2021', '67', '67']);
    // A month written with the CJK month sign stands for the German month name, as in a numeric date.
    expect(only('am 9. März in Braunschweig', '3月9日にブラウンシュヴァイクで', 'ja')).toEqual([]);
    expect(only('am 9. März 2021', '于2021年3月9日', 'zh-Hant')).toEqual([]);
    expect(only('am 9. März 2021', '2021년 3월 9일에', 'ko')).toEqual([]);
    expect(only('am 9. März 2021', '3月8日', 'ja')).toEqual(['NUMBER_MISMATCH']);
    expect(only('im September 2020', '2020年9月に', 'ja')).toEqual([]);
  });

  test('NUMBER_MISMATCH: a number written as a word on one side and as digits on the other is the same number', () => {
    const only = (source: string, translation: string, lng: string) => codes(source, translation, { lng }).filter((code) => code === 'NUMBER_MISMATCH');
    // "one" as the article: seit einem Jahr = 1年ぶり = for 1 year
    expect(only('Das erste Treffen seit einem Jahr.', '1年ぶりの会合です。', 'ja')).toEqual([]);
    expect(only('Das Treffen seit 1 Jahr.', 'The meeting in a year.', 'en')).toEqual([]);
    // digits in the German, words in the translation, in each project language
    expect(only('Es kamen 2 Partner.', 'Two partners came.', 'en')).toEqual([]);
    expect(only('Es kamen 2 Partner.', 'Deux partenaires sont venus.', 'fr')).toEqual([]);
    expect(only('Es kamen 2 Partner.', 'Er kwamen twee partners.', 'nl')).toEqual([]);
    expect(only('Es kamen 2 Partner.', 'Der kom to partnere.', 'da')).toEqual([]);
    expect(only('Es kamen zwanzig Partner.', 'There were 20 partners.', 'en')).toEqual([]);
    // German compounds and CJK numerals
    expect(only('Eine zweitägige Konferenz.', 'A 2-day conference.', 'en')).toEqual([]);
    expect(only('Es kamen zwei Partner.', '二社のパートナーが来た。', 'ja')).toEqual([]);
    expect(only('Es kamen 25 Partner.', '来了二十五个合作伙伴。', 'zh-Hant')).toEqual([]);
    // ordinals and noon: 2. Halbjahr = second half, zum dritten Mal = 3rd time, 12 Uhr = noon
    expect(only('im 2. Halbjahr 2027', 'in the second half of 2027', 'en')).toEqual([]);
    expect(only('zum dritten Mal', 'for the 3rd time', 'en')).toEqual([]);
    expect(only('Die 1. Runde', 'La première manche', 'fr')).toEqual([]);
    expect(only('Die 1. Runde', 'Den første runde', 'da')).toEqual([]);
    expect(only('Die 1. Runde', 'De eerste ronde', 'nl')).toEqual([]);
    expect(only('Die Frist endet um 12 Uhr.', 'The deadline is noon.', 'en')).toEqual([]);
    expect(only('im 2. Halbjahr 2027', 'in the third half of 2027', 'en')).toEqual(['NUMBER_MISMATCH']);
    // an amount with a scale word written out on the other side, and the reverse
    expect(only('Insgesamt 12,5 Mio. €.', 'Au total, 12\u202f500\u202f000\u00a0€.', 'fr')).toEqual([]);
    expect(only('Das Budget beträgt 2.500.000 €.', 'The budget is €2.5m.', 'en')).toEqual([]);
    expect(only('Das Budget beträgt 2,5 Mrd. €.', 'De begroting bedraagt € 2.500.000.000.', 'nl')).toEqual([]);
    expect(only('Insgesamt 12,5 Mio. €.', 'Au total, 12\u202f500\u202f001\u00a0€.', 'fr')).toEqual(['NUMBER_MISMATCH']);
    // a word never stands for another value
    expect(only('Es kamen drei Partner.', 'There were 4 partners.', 'en')).toEqual(['NUMBER_MISMATCH']);
    expect(only('Es kamen zwei Partner.', '三社のパートナー。', 'ja')).toEqual([]);
    expect(only('Es kamen 2 Partner.', '三社のパートナー。', 'ja')).toEqual(['NUMBER_MISMATCH']);
  });

  test('numbers are read per language', () => {
    const values = (text: string, lng: string) => extractNumbers(text, lng).map((n) => n.value);
    expect(values('1.234,5 und 15', 'de')).toEqual(['1234.5', '15']);
    expect(values('1,234.5 and 15', 'en')).toEqual(['1234.5', '15']);
    expect(values('1 234,5 et 15', 'fr')).toEqual(['1234.5', '15']);
    expect(values('1.234,5 en 15', 'nl')).toEqual(['1234.5', '15']);
    // Dutch and Danish also group thousands with a space; English (SI style) with a no-break space.
    expect(values('10 000 en 1 234,5', 'nl')).toEqual(['10000', '1234.5']);
    expect(values('1 500 deltagere', 'da')).toEqual(['1500']);
    expect(values('1\u202f500 participants, 2 500', 'en')).toEqual(['1500', '2', '500']);
    expect(values('15 100 Jahre', 'de')).toEqual(['15', '100']);
    expect(values('+49 531 121 8-0', 'de')).toEqual(['tel:4953112180']);
    expect(values('<1>11. Oktober 2018</1>', 'de')).toEqual(['11', '2018']);
  });

  test('URL_CHANGED and EMAIL_CHANGED', () => {
    expect(codes('Mehr auf www.example.org.', 'More at www.example.com.')).toEqual(['URL_CHANGED']);
    expect(codes('Siehe https://example.org/a.', 'See https://example.org/a.')).toEqual([]);
    expect(codes('E-Mail: <1>presse@example.org</1>', 'Email: <1>press@example.org</1>')).toEqual(['EMAIL_CHANGED']);
  });

  test('GLOSSARY_NAME: a name missing or re-spelt; GLOSSARY_TERM: a term not translated as listed', () => {
    expect(codes('Das Projekt „GrowIn 4.0“.', 'The “Growin 4.0” project.')).toEqual(['GLOSSARY_NAME']);
    // A name before a line break (<1/>) is a name too: the contact block of every release.
    const contact = 'Allianz für die Region GmbH<1/>Frankfurter Straße 284<2/>38122 Braunschweig';
    expect(codes(contact, 'Alliance for the Region<1/>Frankfurter Straße 284<2/>38122 Braunschweig')).toEqual(['GLOSSARY_NAME']);
    expect(codes(contact, contact.replace('Frankfurter Straße', 'Frankfurter Strasse'))).toEqual([]);
    expect(codes('Die Allianz <1>für</1> die Region GmbH lädt ein.', 'Allianz <1>für</1> die Region GmbH invites you.')).toEqual([]);
    // A soft hyphen or zero-width space pasted from a word processor is invisible: the name is there.
    expect(codes('Die Allianz für die Region GmbH lädt ein.', 'Allianz für die Re\u00ADgion GmbH invites you.')).toEqual([]);
    expect(codes('Die Allianz für die Re\u00ADgion GmbH lädt ein.', 'Allianz für die\u200BRegion GmbH invites you.')).toEqual(['GLOSSARY_NAME']);
    expect(codes('Gefördert aus dem Europäischen Fonds für regio\u00ADnale Entwicklung.', 'Funded by the European Regional Devel\u00ADopment Fund.')).toEqual([]);
    expect(codes('Gefördert aus dem Europäischen Fonds für regionale Entwicklung.', 'Funded by the European Fund for Regional Development.')).toEqual(['GLOSSARY_TERM']);
    expect(codes('Gefördert aus dem Europäischen Fonds für regionale Entwicklung.', 'Funded by the European Regional Development Fund.')).toEqual([]);
    expect(codes('Gefördert aus dem Europäischen Fonds für regionale Entwicklung.', 'Financé par le Fonds européen de développement régional.', { lng: 'fr' })).toEqual([]);
  });

  test('a translation typed decomposed (NFD) is checked as the same text typed composed', () => {
    // macOS input and some editors write ü as u + U+0308: the name is there all the same.
    const german = 'Katrin Meyer von der <1>Allianz für die Region GmbH</1> sagte: „Für uns war es ein Erfolg.“';
    const danish = 'Katrin Meyer fra <1>Allianz für die Region GmbH</1> sagde: »For os var det en succes.«';
    expect(codes(german, danish, { lng: 'da' })).toEqual([]);
    expect(codes(german, danish.normalize('NFD'), { lng: 'da' })).toEqual([]);
    expect(codes(german.normalize('NFD'), danish, { lng: 'da' })).toEqual([]);
    // A glossary typed decomposed matches composed text too.
    const decomposed = parseGlossary(GLOSSARY_TEXT.normalize('NFD'), 'locales/glossary.yaml', 'de').glossary!;
    expect(codes(german, danish, { lng: 'da', glossary: decomposed })).toEqual([]);
    expect(codes(german, 'Katrin Meyer fra <1>Alliancen for regionen</1> sagde: »For os var det en succes.«', { lng: 'da', glossary: decomposed })).toEqual(['GLOSSARY_NAME']);
    expect(codes('Gefördert aus dem Europäischen Fonds für regionale Entwicklung.', 'Financé par le Fonds européen de développement régional.'.normalize('NFD'), { lng: 'fr', glossary: decomposed })).toEqual([]);
  });

  test('a large glossary: names and terms the German does not contain cost no regular expression', () => {
    const big = parseGlossary(
      `names:\n${Array.from({ length: 300 }, (_, i) => `  - Name${i}\n`).join('')}terms:\n${Array.from({ length: 300 }, (_, i) => `  - de: Begriff${i}\n    en: Term${i}\n`).join('')}`,
      'locales/glossary.yaml',
      'de',
    ).glossary!;
    // A glossary of 2,000 names took `check` 10 s on two releases: every name's Unicode pattern ran on every entry.
    const test = RegExp.prototype.test;
    let calls = 0;
    RegExp.prototype.test = function (this: RegExp, text: string) {
      calls++;
      return test.call(this, text);
    };
    try {
      expect(codes('Vertrag unterzeichnet mit Name7 über Begriffe3 und begriff12.', 'Contract signed with Name7 on Term3 and term12.', { glossary: big })).toEqual([]);
      expect(codes('Vertrag unterzeichnet mit Name7 über Begriff3.', 'Contract signed with Nom7 on concept3.', { glossary: big })).toEqual(['GLOSSARY_NAME', 'GLOSSARY_TERM']);
    } finally {
      RegExp.prototype.test = test;
    }
    expect(calls).toBeLessThan(100);
  });

  test('a glossary entry over 1,000 characters is GLOSSARY_INVALID at its line, not an internal error', () => {
    // Its pattern was "too large" for the regular expression engine: check exited with 70.
    const long = 'a'.repeat(100_000);
    const read = (text: string) => parseGlossary(text, 'locales/glossary.yaml', 'de').diagnostics.map((d) => `${d.line} ${d.code} ${d.message} — ${d.hint}`);
    expect(read(`names:\n  - ${long}\n`)).toEqual([
      '2 GLOSSARY_INVALID `names[0]` is longer than 1,000 characters: a glossary entry is a name or a term of a few words — shorten it to the name or term itself; an explanation of a term goes under `note:`',
    ]);
    expect(read(`terms:\n  - de: Projekt\n    en: ${long}\n`)[0]).toMatch(/^3 GLOSSARY_INVALID `terms\[0\]\.en` is longer than 1,000 characters/);
  });

  test('foldCase maps the letters a case-insensitive pattern takes as equal to the same text', () => {
    for (let code = 0; code < 0x10000; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const char = String.fromCharCode(code);
      if (char.toUpperCase() === char && char.toLowerCase() === char) continue;
      const pattern = new RegExp(`^${char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`, 'iu');
      for (const other of new Set([char.toUpperCase(), char.toLowerCase(), foldCase(char)])) {
        if ([...other].length === 1 && pattern.test(other)) expect(foldCase(other), `U+${code.toString(16)} ${other}`).toBe(foldCase(char));
      }
    }
  });

  test('UNTRANSLATED, except for names, same-words, numbers and addresses', () => {
    expect(codes('Vertrag unterzeichnet', 'Vertrag unterzeichnet')).toEqual(['UNTRANSLATED']);
    expect(codes('Allianz für die Region GmbH', 'Allianz für die Region GmbH')).toEqual([]);
    expect(codes('<1>presse@example.org</1>, 38122', '<1>presse@example.org</1>, 38122')).toEqual([]);
    expect(codes('Pressekontakt', 'Pressekontakt', { lng: 'da', key: 'h-1' })).toEqual([]);
    expect(codes('Pressekontakt', 'Pressekontakt', { lng: 'en', key: 'h-1' })).toEqual(['UNTRANSLATED']);
  });

  test('WHITESPACE: leading, trailing, double spaces', () => {
    expect(codes('Hallo Welt.', ' Hello world.')).toEqual(['WHITESPACE']);
    expect(codes('Hallo Welt.', 'Hello world. ')).toEqual(['WHITESPACE']);
    expect(codes('Hallo Welt.', 'Hello  world.')).toEqual(['WHITESPACE']);
  });

  test('REMOVED_CHARACTER: control characters, noncharacters and lone surrogates the German does not have', () => {
    expect(codes('Hallo Welt.', 'Hello\u0000 world.')).toEqual(['REMOVED_CHARACTER']);
    expect(codes('Hallo Welt.', 'Hello world\uD800.')).toEqual(['REMOVED_CHARACTER']);
    expect(codes('Hallo Welt.', 'Hello\u0085 world\uFFFE.')).toEqual(['REMOVED_CHARACTER']);
    expect(codes('Hallo\u0007 Welt.', 'Hello\u0007 world.')).toEqual([]);
    // Emoji (surrogate pairs), tabs and no-break spaces are published as they are.
    expect(codes('Hallo Welt 😀.', 'Hello world 😀.')).toEqual([]);
    const [finding] = check('Hallo Welt.', 'Hello\u0000 world\u0000.');
    expect(finding?.message).toBe('entry `p-1` has U+0000, which no published file may hold: it is left out of every page and feed');
  });

  test('END_PUNCTUATION, headlines may become questions', () => {
    expect(codes('Wir sind bereit.', 'We are ready')).toEqual(['END_PUNCTUATION']);
    expect(codes('Sind wir bereit?', 'We are ready.')).toEqual(['END_PUNCTUATION']);
    expect(codes('„Wir sind bereit.“', '“We are ready.”')).toEqual([]);
    expect(codes('Wo der Mittelstand steht', 'Where do SMEs stand?', { key: 'meta.title' })).toEqual([]);
    expect(codes('Wo der Mittelstand steht', 'Where do SMEs stand?', { key: 'p-1' })).toEqual(['END_PUNCTUATION']);
  });

  test('END_PUNCTUATION knows the sentence marks of other scripts', () => {
    const only = (source: string, translation: string, lng: string) => codes(source, translation, { lng }).filter((code) => code === 'END_PUNCTUATION');
    expect(only('Die Gruppe arbeitete zwei Tage.', 'グループは2日間取り組みました。', 'ja')).toEqual([]);
    expect(only('„Wir sind stolz!“', '「私たちは誇りに思っています！」', 'ja')).toEqual([]);
    expect(only('Die Gruppe arbeitete zwei Tage.', '該小組工作了兩天。', 'zh-Hant')).toEqual([]);
    expect(only('Seit 2017 haben die Partner:', '自2017年以來，合作夥伴已經：', 'zh-Hant')).toEqual([]);
    expect(only('Wer macht mit?', 'من يشارك؟', 'ar')).toEqual([]);
    expect(only('Wer macht mit?', 'Ποιος συμμετέχει;', 'el')).toEqual([]);
    expect(only('Wer macht mit?', 'Ποιος συμμετέχει\u037E', 'el')).toEqual([]);
    expect(only('Die Gruppe arbeitete zwei Tage.', 'समूह ने दो दिन काम किया।', 'hi')).toEqual([]);
    // A lost full stop is still one.
    expect(only('Die Gruppe arbeitete zwei Tage.', 'グループは2日間取り組みました', 'ja')).toEqual(['END_PUNCTUATION']);
    expect(only('Die Gruppe arbeitete zwei Tage.', 'Η ομάδα εργάστηκε δύο ημέρες;', 'el')).toEqual(['END_PUNCTUATION']);
  });

  test('FRENCH_SPACING: no-break space before ; : ! ? and inside « »', () => {
    expect(codes('Achtung: jetzt!', 'Attention : maintenant\u00a0!', { lng: 'fr' })).toEqual(['FRENCH_SPACING']);
    expect(codes('Achtung: jetzt!', 'Attention: maintenant\u00a0!', { lng: 'fr' })).toEqual(['FRENCH_SPACING']);
    expect(codes('Das Projekt „GrowIn 4.0“.', 'Le projet « GrowIn 4.0\u00a0».', { lng: 'fr' })).toEqual(['FRENCH_SPACING']);
    expect(codes('Achtung: jetzt!', 'Attention\u00a0: maintenant\u202f!', { lng: 'fr' })).toEqual([]);
    expect(codes('Siehe https://example.org, 9:30 Uhr.', 'Voir https://example.org, 9:30 h.', { lng: 'fr' })).toEqual([]);
    expect(codes('Achtung: jetzt!', 'Attention: now!', { lng: 'en' })).toEqual([]);
  });

  test('QUOTE_STYLE: marks of another language, straight quotes, unclosed quotes', () => {
    expect(codes('Das Projekt „GrowIn 4.0“.', 'The „GrowIn 4.0“ project.')).toEqual(['QUOTE_STYLE']);
    expect(codes('Das Projekt „GrowIn 4.0“.', 'The "GrowIn 4.0" project.')).toEqual(['QUOTE_STYLE']);
    expect(codes('Das Projekt „GrowIn 4.0“.', 'Le projet „GrowIn 4.0“.', { lng: 'fr' })).toEqual(['QUOTE_STYLE']);
    expect(codes('Das Projekt „GrowIn 4.0“.', 'Le projet «\u00a0GrowIn 4.0\u00a0».', { lng: 'fr' })).toEqual([]);
    expect(codes('Das Projekt „GrowIn 4.0“.', 'Projektet »GrowIn 4.0.', { lng: 'da' })).toEqual(['QUOTE_STYLE']);
    expect(codes('Das Projekt „GrowIn 4.0“.', 'Projektet »GrowIn 4.0«.', { lng: 'da' })).toEqual([]);
    // Danish also writes “…”, „…“ and ”…” (Dansk Sprognævn, § 58); a quotation left open is still one.
    expect(codes('Das Projekt „GrowIn 4.0“.', 'Projektet “GrowIn 4.0”.', { lng: 'da' })).toEqual([]);
    expect(codes('Das Projekt „GrowIn 4.0“.', 'Projektet „GrowIn 4.0“.', { lng: 'da' })).toEqual([]);
    expect(codes('Das Projekt „GrowIn 4.0“.', 'Projektet ”GrowIn 4.0”.', { lng: 'da' })).toEqual([]);
    expect(codes('Das Projekt „GrowIn 4.0“.', 'Projektet „GrowIn 4.0.', { lng: 'da' })).toEqual(['QUOTE_STYLE']);
    expect(codes('Das Projekt „GrowIn 4.0“.', 'Projektet ”GrowIn 4.0.', { lng: 'da' })).toEqual(['QUOTE_STYLE']);
    expect(codes('Das Projekt „GrowIn 4.0“.', 'Het project ‘GrowIn 4.0’.', { lng: 'nl' })).toEqual([]);
    expect(codes('Das Projekt „GrowIn 4.0“ der Region.', 'The region’s “GrowIn 4.0” project.')).toEqual([]);
  });

  test('QUOTE_STYLE accepts what each language\'s typography accepts (CLDR delimiters and common practice)', () => {
    // Dutch „…” (low-high) next to “…” and ‘…’; still one finding for a quotation left open.
    expect(codes('Das Projekt „GrowIn 4.0“.', 'Het project „GrowIn 4.0”.', { lng: 'nl' })).toEqual([]);
    expect(codes('Das Projekt „GrowIn 4.0“.', 'Het project “GrowIn 4.0”.', { lng: 'nl' })).toEqual([]);
    expect(codes('Das Projekt „GrowIn 4.0“.', 'Het project „GrowIn 4.0.', { lng: 'nl' })).toEqual(['QUOTE_STYLE']);
    expect(codes('Das Projekt „GrowIn 4.0“.', 'Het project «GrowIn 4.0».', { lng: 'nl' })).toEqual(['QUOTE_STYLE']);
    expect(codes('Der Slogan „Gut“.', 'De slogan ‚Goed’.', { lng: 'nl' })).toEqual([]);
    // German nests ‚…‘ in „…“; Swiss German writes «…»
    expect(codes('Das Projekt „GrowIn 4.0“.', 'Das „Projekt ‚GrowIn 4.0‘“.', { lng: 'de' })).toEqual([]);
    expect(codes('Das Projekt „GrowIn 4.0“.', 'Das Projekt «GrowIn 4.0».', { lng: 'de-CH' })).toEqual([]);
    // languages a config may add: their CLDR marks
    expect(codes('Das Projekt „GrowIn 4.0“.', 'Projektet ”GrowIn 4.0”.', { lng: 'sv' })).toEqual([]);
    expect(codes('Das Projekt „GrowIn 4.0“.', 'Projektet ”GrowIn 4.0.', { lng: 'sv' })).toEqual(['QUOTE_STYLE']);
    expect(codes('Das Projekt „GrowIn 4.0“.', 'Projekt „GrowIn 4.0”.', { lng: 'pl' })).toEqual([]);
    expect(codes('Das Projekt „GrowIn 4.0“.', 'Проект «GrowIn 4.0».', { lng: 'ru' })).toEqual([]);
    expect(codes('Das Projekt „GrowIn 4.0“.', 'El proyecto «GrowIn 4.0».', { lng: 'es' })).toEqual([]);
    expect(codes('Das Projekt „GrowIn 4.0“.', 'El proyecto "GrowIn 4.0".', { lng: 'es' })).toEqual(['QUOTE_STYLE']);
  });

  test('INCONSISTENT_TRANSLATION: the same German translated differently in one language', () => {
    const make = (release: string, translation: string): { file: string; locale: LocaleFile } => ({
      file: `locales/en/${release}.yaml`,
      locale: {
        release,
        language: 'en',
        entries: new Map([['h-1', { key: 'h-1', source: 'Pressekontakt', translation, status: 'reviewed', line: 3 } satisfies LocaleEntry]]),
        obsolete: new Map(),
      },
    });
    const diagnostics = runChecks({
      sourceLanguage: 'de',
      glossary: EMPTY_GLOSSARY,
      files: [make('2018-01-01-a', 'Press contact'), make('2019-01-01-b', 'Media contact'), make('2020-01-01-c', 'Press contact')],
    });
    expect(diagnostics.map((d) => [d.code, d.file])).toEqual([['INCONSISTENT_TRANSLATION', 'locales/en/2019-01-01-b.yaml']]);
    expect(diagnostics[0]?.message).toContain('2020-01-01-c#h-1');
  });

  test('INCONSISTENT_TRANSLATION shows where two long translations differ', () => {
    const german = 'Das Projekt wird aus dem Europäischen Fonds für regionale Entwicklung gefördert. 15 Partner aus fünf Ländern unterstützen kleine Unternehmen.';
    const make = (release: string, translation: string): { file: string; locale: LocaleFile } => ({
      file: `locales/en/${release}.yaml`,
      locale: { release, language: 'en', entries: new Map([['p-1', { key: 'p-1', source: german, translation, status: 'reviewed', line: 3 } satisfies LocaleEntry]]), obsolete: new Map() },
    });
    const usual = 'The project is funded by the European Regional Development Fund. Its 15 partners from five countries support small businesses.';
    const other = 'The project is funded by the European Regional Development Fund. 15 partners from five countries support small businesses.';
    const [d] = runChecks({ sourceLanguage: 'de', glossary: EMPTY_GLOSSARY, files: [make('2018-01-01-a', usual), make('2019-01-01-b', usual), make('2020-01-01-c', other)] });
    expect(d?.message).toBe(
      'entry `p-1` translates the same German as "…l Development Fund. 15 partners from five countries suppor…", but 2019-01-01-b#p-1 and 1 more as "…l Development Fund. Its 15 partners from five countries su…"',
    );
  });

  test('LENGTH_RATIO: far longer or shorter than the German', () => {
    const german = 'Die Partner diskutierten zwei Tage lang über den digitalen Wandel in der Region.';
    expect(codes(german, 'The partners talked.')).toEqual(['LENGTH_RATIO']);
    expect(codes(german, `${'The partners spent two days discussing the digital transformation of the region. '.repeat(3)}`.trim())).toEqual(['LENGTH_RATIO']);
    expect(codes(german, 'For two days, the partners discussed the digital transformation in the region.')).toEqual([]);
  });

  test('LENGTH_RATIO counts the wide characters of Chinese, Japanese and Korean as two columns', () => {
    const german = 'Die Partner von „GrowIn 4.0“ haben sich in ’s-Hertogenbosch getroffen – erstmals seit einem Jahr wieder persönlich.';
    const only = (translation: string, lng: string) => codes(german, translation, { lng }).filter((code) => code === 'LENGTH_RATIO');
    expect(only('「GrowIn 4.0」のパートナーが’s-Hertogenboschに集まりました。対面での会合は1年ぶりです。', 'ja')).toEqual([]);
    expect(only('「GrowIn 4.0」的合作夥伴在’s-Hertogenbosch聚會，這是一年來首次再度面對面會面。', 'zh-Hant')).toEqual([]);
    expect(only('「GrowIn 4.0」의 파트너들이 ’s-Hertogenbosch에서 1년 만에 다시 직접 만났습니다.', 'ko')).toEqual([]);
    // Half a sentence is still too short.
    expect(only('「GrowIn 4.0」のパートナーが集まりました。', 'ja')).toEqual(['LENGTH_RATIO']);
  });

  test('a stale entry is checked against the German its translation was made for', () => {
    expect(codes('Rund ein Drittel.', 'Around 30%.', { status: 'stale', previous: 'Rund 30 %.' })).toEqual([]);
    expect(codes('Rund ein Drittel.', 'Around 35%.', { status: 'stale', previous: 'Rund 30 %.' })).toEqual(['NUMBER_MISMATCH']);
  });

  test('LOCALE_SOURCE_EDITED: a German its key rules out was edited in the locale file; the entry is reported at its German and checked no further', () => {
    const german = '15 Partner trafen sich.';
    const key = segmentKey('p', german);
    // The translation is right for the release's German; `16` was typed into `de:`.
    expect(codes('16 Partner trafen sich.', '15 partners met.', { key })).toEqual(['LOCALE_SOURCE_EDITED']);
    expect(codes('16 Partner trafen sich.', '', { key, status: 'new' })).toEqual(['LOCALE_SOURCE_EDITED']);
    // A stale entry is judged by its `de:` too, not by its previous German.
    expect(codes('16 Partner trafen sich.', '14 partners met.', { key, status: 'stale', previous: '14 Partner trafen sich.' })).toEqual(['LOCALE_SOURCE_EDITED']);
    // The German the key was made for, in other white space: checked as usual.
    expect(codes(` ${german.replace(' ', '  ')}`, '16 partners met.', { key })).toEqual(['NUMBER_MISMATCH']);
    // Keys not made from the German say nothing about it.
    expect(codes('16 Partner trafen sich.', '15 partners met.', { key: 'meta.title' })).toEqual(['NUMBER_MISMATCH']);
    // Skipped, the entry is checked against its `de:` as written, as before.
    const entry: LocaleEntry = { key, source: '16 Partner trafen sich.', translation: '15 partners met.', status: 'reviewed', line: 4 };
    const text = `release: 2020-01-01-x\nlanguage: en\nsegments:\n  ${key}:\n    de: ${entry.source}\n    en: ${entry.translation}\n    status: reviewed\nobsolete: {}\n`;
    const files = [{ file: 'locales/en/2020-01-01-x.yaml', locale: { release: '2020-01-01-x', language: 'en', entries: new Map([[key, entry]]), obsolete: new Map() } as LocaleFile, text }];
    const [d, ...rest] = runChecks({ sourceLanguage: 'de', glossary: EMPTY_GLOSSARY, files });
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ code: 'LOCALE_SOURCE_EDITED', severity: 'warning', file: 'locales/en/2020-01-01-x.yaml', line: 5, column: 9, key, lng: 'en' });
    expect(d?.message).toContain('releases/2020-01-01-x.md');
    expect(d?.hint).toContain('npm run extract');
    expect(runChecks({ sourceLanguage: 'de', glossary: EMPTY_GLOSSARY, files, skip: ['source'] }).map((x) => [x.code, x.line])).toEqual([['NUMBER_MISMATCH', 6]]);
  });

  test('an entry whose German was edited in the locale file takes no part in INCONSISTENT_TRANSLATION', () => {
    const make = (release: string, german: string, source: string, translation: string): { file: string; locale: LocaleFile } => {
      const key = segmentKey('h', german);
      return {
        file: `locales/en/${release}.yaml`,
        locale: { release, language: 'en', entries: new Map([[key, { key, source, translation, status: 'reviewed', line: 3 } satisfies LocaleEntry]]), obsolete: new Map() },
      };
    };
    // The third release's heading is "Pressekontakt und Impressum"; its `de:` was cut down by hand.
    const files = [
      make('2018-01-01-a', 'Pressekontakt', 'Pressekontakt', 'Press contact'),
      make('2019-01-01-b', 'Pressekontakt', 'Pressekontakt', 'Press contact'),
      make('2020-01-01-c', 'Pressekontakt und Impressum', 'Pressekontakt', 'Press contact and legal notice'),
    ];
    expect(runChecks({ sourceLanguage: 'de', glossary: EMPTY_GLOSSARY, files }).map((d) => [d.code, d.file])).toEqual([['LOCALE_SOURCE_EDITED', 'locales/en/2020-01-01-c.yaml']]);
  });

  test('diagnostics carry file, the translation line and column, key, language and a hint', async () => {
    const text = 'release: 2020-01-01-x\nlanguage: en\nsegments:\n  p-1:\n    de: 15 Partner.\n    en: 16 partners.\n    status: reviewed\nobsolete: {}\n';
    const locale: LocaleFile = {
      release: '2020-01-01-x',
      language: 'en',
      entries: new Map([['p-1', { key: 'p-1', source: '15 Partner.', translation: '16 partners.', status: 'reviewed', line: 4 }]]),
      obsolete: new Map(),
    };
    const [d] = runChecks({ sourceLanguage: 'de', glossary: EMPTY_GLOSSARY, files: [{ file: 'locales/en/2020-01-01-x.yaml', locale, text }] });
    expect(d).toMatchObject({ code: 'NUMBER_MISMATCH', severity: 'error', file: 'locales/en/2020-01-01-x.yaml', line: 6, column: 9, key: 'p-1', lng: 'en' });
    expect(d?.hint).toContain('1,234.5');
  });

  test('--only and --skip select checks by name or code', () => {
    const entry: LocaleEntry = { key: 'p-1', source: '15 Partner.', translation: ' 16 partners.', status: 'reviewed', line: 1 };
    const files = [{ file: 'f', locale: { release: 'r', language: 'en', entries: new Map([['p-1', entry]]), obsolete: new Map() } as LocaleFile }];
    const run = (only?: string[], skip?: string[]) =>
      runChecks({ sourceLanguage: 'de', glossary: EMPTY_GLOSSARY, files, ...(only ? { only } : {}), ...(skip ? { skip } : {}) }).map((d) => d.code);
    expect(run()).toEqual(['NUMBER_MISMATCH', 'WHITESPACE']);
    expect(run(['numbers'])).toEqual(['NUMBER_MISMATCH']);
    expect(run(['WHITESPACE'])).toEqual(['WHITESPACE']);
    expect(run(undefined, ['NUMBER_MISMATCH'])).toEqual(['WHITESPACE']);
  });
});

describe('SARIF', () => {
  test('is a SARIF 2.1.0 log with one rule per code and results with locations', () => {
    const diagnostics = check('15 Partner.', '16 partners');
    const log = toSarif(diagnostics, CHECK_RULES, { name: 'presslate', version: '0.1.0' });
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toContain('sarif-2.1.0');
    const run = log.runs[0]!;
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(CHECK_RULES.map((r) => r.code));
    expect(run.results).toHaveLength(2);
    for (const result of run.results) {
      expect(run.tool.driver.rules[result.ruleIndex]?.id).toBe(result.ruleId);
      expect(result.locations[0]?.physicalLocation).toEqual({ artifactLocation: { uri: 'locales/en/2020-01-01-x.yaml' }, region: { startLine: 9 } });
      expect(result.partialFingerprints['presslate/v1']).toMatch(/^[0-9a-f]{32}$/);
    }
    expect(run.results.map((r) => r.level).sort()).toEqual(['error', 'warning']);
  });

  test('artifact URIs are relative URI references: spaces, # and % in file names are percent-encoded', () => {
    const log = toSarif([{ code: 'WHITESPACE', severity: 'warning', file: 'locales/en/Kopie von 2018#1 100%.yaml', message: 'x', line: 3 }], CHECK_RULES, { name: 'presslate', version: '0.1.0' });
    expect(log.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe('locales/en/Kopie%20von%202018%231%20100%25.yaml');
  });
});

describe('presslate check', () => {
  test('the sample passes: exit 0, human summary', async () => {
    const result = await runCli(REPO, ['check']);
    expect(result.stdout).toMatch(/check: no problems in 20 locale file\(s\)\./);
    expect(result.code).toBe(0);
  });

  test('errors exit 1 with file:line, --json and a SARIF file; warnings only exit 0 unless --strict', async () => {
    const project = await copySampleProject();
    try {
      const file = join(project.root, 'locales/en/2018-03-16-growin-konferenz.yaml');
      const text = await readFile(file, 'utf8');
      await writeFile(file, text.replace('en: Agreement signed', 'en: "Agreement  signed"'));
      const warned = await runCli(project.root, ['check']);
      expect(warned.code).toBe(0);
      expect(warned.stdout).toMatch(/locales\/en\/2018-03-16-growin-konferenz\.yaml:\d+:\d+ warning WHITESPACE entry `h-085b13e5`/);
      expect((await runCli(project.root, ['check', '--strict'])).code).toBe(1);

      await writeFile(file, text.replace('Its 15 partners', 'Its 16 partners'));
      const failed = await runCli(project.root, ['check', '--json', '--sarif', 'check.sarif']);
      expect(failed.code).toBe(1);
      const report = JSON.parse(failed.stdout) as { errors: number; diagnostics: Diagnostic[] };
      expect(report.errors).toBe(1);
      expect(report.diagnostics.find((d) => d.severity === 'error')).toMatchObject({
        code: 'NUMBER_MISMATCH',
        file: 'locales/en/2018-03-16-growin-konferenz.yaml',
        key: 'p-905a67f7',
        lng: 'en',
      });
      // The boilerplate now also differs from the other releases' English.
      expect(report.diagnostics.map((d) => d.code)).toContain('INCONSISTENT_TRANSLATION');
      const sarif = JSON.parse(await readFile(join(project.root, 'check.sarif'), 'utf8'));
      expect(sarif.runs[0].results).toContainEqual(expect.objectContaining({ ruleId: 'NUMBER_MISMATCH', level: 'error' }));
      // An absolute --sarif path is that path (it was appended to the working folder).
      const elsewhere = join(project.root, 'reports', 'abs.sarif');
      await runCli(project.root, ['check', '--sarif', elsewhere]);
      expect(JSON.parse(await readFile(elsewhere, 'utf8')).version).toBe('2.1.0');
      const only = await runCli(project.root, ['check', '--lang', 'fr', '--format', 'sarif']);
      expect(only.code).toBe(0);
      expect(JSON.parse(only.stdout).runs[0].results).toEqual([]);
    } finally {
      await project.dispose();
    }
  });

  test('conflicting output options and an empty --only are usage errors naming them', async () => {
    // --json is --format json: with --format sarif the JSON was written and the SARIF dropped.
    const both = await runCli(REPO, ['check', '--json', '--format', 'sarif']);
    expect(both.code).toBe(2);
    expect(both.stdout).toBe('');
    expect(both.stderr).toMatch(/--json and --format sarif ask for two output formats/);
    // An option that takes one value, given two: parseArgs kept the last.
    const twice = await runCli(REPO, ['check', '--format', 'json', '--format', 'sarif']);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/option --format is given twice \("json" and "sarif"\)/);
    expect((await runCli(REPO, ['check', '--json', '--format', 'bogus'])).stderr).toMatch(/--format must be one of human, json, sarif, got "bogus"/);
    // An empty selection selected every check.
    for (const only of ['', ' , ']) {
      const empty = await runCli(REPO, ['check', '--only', only]);
      expect(empty.code).toBe(2);
      expect(empty.stdout).toBe('');
      expect(empty.stderr).toMatch(/--only names no check; give one or more of source, empty, tags, numbers,.* length/);
    }
    // The same value twice, and --json with --format json, are no conflict.
    expect((await runCli(REPO, ['check', '--list', '--list'])).code).toBe(0);
  });

  test('bad input exits 2: unknown check, unknown language, broken glossary', async () => {
    expect((await runCli(REPO, ['check', '--only', 'nonsense'])).code).toBe(2);
    expect((await runCli(REPO, ['check', '--lang', 'xx'])).code).toBe(2);
    const project = await copySampleProject();
    try {
      await writeFile(join(project.root, 'locales/glossary.yaml'), 'terms:\n  - en: Fund\n');
      const result = await runCli(project.root, ['check']);
      expect(result.code).toBe(2);
      expect(result.stdout).toMatch(/locales\/glossary\.yaml:2:\d+ error GLOSSARY_INVALID term 1 has no `de:` line/);
    } finally {
      await project.dispose();
    }
  });

  test('checks language by language with the findings of one run, and reports a broken locale file of another language with --lang too', async () => {
    const project = await copySampleProject();
    try {
      // Findings in two languages: a number changed in English and in Danish.
      for (const lng of ['en', 'da']) {
        const file = join(project.root, `locales/${lng}/2018-03-16-growin-konferenz.yaml`);
        const text = await readFile(file, 'utf8');
        const changed = text.replace(new RegExp(`(\\n    ${lng}: [^\\n]*?)\\b15\\b`), '$116');
        expect(changed).not.toBe(text);
        await writeFile(file, changed);
      }
      const all = JSON.parse((await runCli(project.root, ['check', '--json'])).stdout) as { files: number; diagnostics: { lng?: string }[] };
      let files = 0;
      const byLanguage: unknown[] = [];
      for (const lng of ['da', 'en', 'nl', 'fr']) {
        const one = JSON.parse((await runCli(project.root, ['check', '--json', '--lang', lng])).stdout) as { files: number; diagnostics: { lng?: string }[] };
        files += one.files;
        byLanguage.push(...one.diagnostics);
      }
      expect(files).toBe(all.files);
      expect(new Set(all.diagnostics.map((d) => d.lng))).toEqual(new Set(['en', 'da']));
      expect(new Set(byLanguage.map((d) => JSON.stringify(d)))).toEqual(new Set(all.diagnostics.map((d) => JSON.stringify(d))));
      // A Danish file that does not parse stops `check --lang en` too: nothing is checked on a broken project.
      const danish = join(project.root, 'locales/da/2018-03-16-growin-konferenz.yaml');
      await writeFile(danish, `${await readFile(danish, 'utf8')}\n  bad: [unclosed\n`);
      const english = await runCli(project.root, ['check', '--lang', 'en']);
      expect(english.code).toBe(2);
      expect(english.stdout).toMatch(/locales\/da\/2018-03-16-growin-konferenz\.yaml:\d+:\d+ error /);
    } finally {
      await project.dispose();
    }
  });
});

test('blankAddresses blanks every URL and e-mail address in one pass, same as one address at a time', () => {
  const oneAtATime = (text: string): string => {
    let result = text;
    for (const found of [...findUrls(text), ...findEmails(text)]) result = result.slice(0, found.index) + ' '.repeat(found.length) + result.slice(found.index + found.length);
    return result;
  };
  const piece = fc.constantFrom('Text ', 'https://example.org/a?b=1 ', 'info@example.org', 'mailto:info@example.org', 'www.example.org', ' ', '.', '(', ')', 'ä', '\n');
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
      const text = pieces.join('');
      const blanked = blankAddresses(text);
      expect(blanked).toBe(oneAtATime(text));
      expect(blanked.length).toBe(text.length);
    }),
  );
  expect(blankAddresses('Schreiben Sie an info@example.org oder https://example.org.')).toBe(`Schreiben Sie an ${' '.repeat(16)} oder ${' '.repeat(19)}.`);
});
