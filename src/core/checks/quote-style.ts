/**
 * QUOTE_STYLE: quotation marks in the style of the language and as many closing as opening marks.
 * The marks each language accepts are its CLDR delimiters (quotationStart/End and
 * alternateQuotationStart/End) plus what its typography accepts in practice beside them: Dutch „…”
 * next to ‘…’ and “…”, French “…” nested in « … », Danish »…«, „…“ and ”…”. Apostrophes (’ and ')
 * are never reported; a straight double quote " always is. A language without an entry (one the
 * config adds that is not listed here) is not checked.
 */
import { languageName } from '../extract-locale.js';
import { stripTags } from './text-tools.js';
import type { CheckDefinition, Finding } from './types.js';

interface QuoteStyle {
  /** Quote characters the language uses (apostrophes included). */
  allowed: string;
  /** Double-quote pairs whose opening and closing marks must balance: [opening marks, closing marks]. */
  pairs: [string, string][];
  /**
   * Marks that open and close in more than one way (Danish „…“, “…” and ”…”, Swedish ”…”): a
   * quotation is left open when there is an odd number of them.
   */
  even?: string;
  /** How to write a quotation, for hints. */
  example: string;
}

/**
 * A style from the CLDR delimiters `q` (quotationStart, quotationEnd, alternateQuotationStart,
 * alternateQuotationEnd) and the marks the language's typography also accepts (`extra`).
 */
function cldr(q: string, extra = '', example = `${q[0]}…${q[1]}`): QuoteStyle {
  const allowed = [...new Set([...q, ...extra, '’'])].join('');
  const [open, close] = [q[0]!, q[1]!];
  if (open === close) return { allowed, pairs: [], even: open, example };
  return { allowed, pairs: [[open, close]], example };
}

/**
 * Quotation styles per language (a variant without an entry takes its base language's: fr-BE → fr),
 * from CLDR 46 (common/main/*.xml, <delimiters>).
 */
export const QUOTE_STYLES: Record<string, QuoteStyle> = {
  de: cldr('„“‚‘'),
  'de-CH': cldr('«»‹›', '„“‚‘'),
  en: cldr('“”‘’'),
  // French nests “…” inside « … » (CLDR's alternate is « … » again).
  fr: { allowed: '«»“”‹›’', pairs: [['«', '»'], ['“', '”']], example: '« … »' },
  // CLDR nl: ‘…’ and “…”; „…” (low-high) is common in Dutch and Belgian typography, with ‚…’ inside
  // it, so „ and “ both open what ” closes.
  nl: { allowed: '‘’“”„‚', pairs: [['“„', '”']], example: '“…”, ‘…’ or „…”' },
  // Dansk Sprognævn (Retskrivningsreglerne § 58): »…« and “…” are the main forms, and whether the
  // marks sit high or low or which way they face is typography (so „…“ and ”…” too); only a
  // consistent style matters.
  da: { allowed: '»«„“”›‹‘’', pairs: [['»', '«']], even: '„“”', example: '»…« or “…”' },
  sv: cldr('””’’', '»«', '”…”'),
  fi: cldr('””’’', '»', '”…”'),
  nb: cldr('«»‘’', '“”'),
  nn: cldr('«»‘’', '“”'),
  no: cldr('«»‘’', '“”'),
  is: cldr('„“‚‘'),
  es: cldr('«»“”', '‘’'),
  it: cldr('«»“”', '‘'),
  pt: cldr('“”‘’', '«»'),
  ca: cldr('«»“”', '‘'),
  pl: cldr('„”«»'),
  cs: cldr('„“‚‘'),
  sk: cldr('„“‚‘'),
  sl: cldr('„“‚‘', '»«'),
  hr: cldr('„“‚‘', '»«'),
  hu: cldr('„”»«'),
  ro: cldr('„”«»'),
  et: cldr('„“‚‘'),
  lt: cldr('„“„“'),
  lv: cldr('“”„“'),
  bg: cldr('„“„“'),
  ru: cldr('«»„“'),
  uk: cldr('«»„“'),
  el: cldr('«»“”'),
  tr: cldr('“”‘’'),
  ga: cldr('“”‘’'),
  lb: cldr('„“‚‘'),
};

const QUOTES = /["„“”‚‘’«»‹›]/gu;

/** Quotation marks not in the language's style, and unbalanced pairs. */
export const quoteStyleCheck: CheckDefinition = {
  name: 'quote-style',
  rules: [
    {
      code: 'QUOTE_STYLE',
      severity: 'warning',
      summary: 'quotation marks not in the language\'s style (its CLDR quotation marks and what its typography accepts: de „…“, en “…”, fr « … », nl “…”, ‘…’, „…” or ‚…’, da »…«, “…”, „…“ or ”…”), straight quotes, or an opening mark without its closing one',
      help: 'write quotations with the language\'s marks and close every one you open',
    },
  ],
  check: {
    scope: 'entry',
    run(entry) {
      const style = QUOTE_STYLES[entry.lng] ?? QUOTE_STYLES[entry.lng.split('-')[0]!];
      if (!style) return [];
      const text = stripTags(entry.translation);
      const findings: Finding[] = [];
      const wrong = [...new Set([...text.matchAll(QUOTES)].map((m) => m[0]).filter((mark) => !style.allowed.includes(mark)))];
      if (wrong.length > 0) {
        findings.push({
          code: 'QUOTE_STYLE',
          message: `uses ${wrong.map((mark) => (mark === '"' ? 'straight quotes "' : mark)).join(' ')}, which ${languageName(entry.lng)} does not use for quotations`,
          hint: `write quotations as ${style.example} in ${languageName(entry.lng)}`,
        });
      }
      // A quotation that runs over several paragraphs is unbalanced in the German too: no count then.
      const source = stripTags(entry.source);
      const count = (text: string, mark: string): number => text.split(mark).length - 1;
      const sourceBalanced = count(source, '„') === count(source, '“') && count(source, '»') === count(source, '«');
      const countAll = (text: string, marks: string): number => [...marks].reduce((sum, mark) => sum + count(text, mark), 0);
      // Marks of another style already explain an imbalance: one finding is enough.
      for (const [open, close] of sourceBalanced && wrong.length === 0 ? style.pairs : []) {
        const opens = countAll(text, open);
        const closes = countAll(text, close);
        if (opens !== closes) {
          const opening = [...open].join(' or ');
          findings.push({
            code: 'QUOTE_STYLE',
            message: `opens ${opens} quotation(s) with ${opening} but closes ${closes} with ${close}`,
            hint: `close every quotation: ${[...open].map((mark) => `${mark}…${close}`).join(' or ')}`,
          });
        }
      }
      if (style.even && sourceBalanced && wrong.length === 0) {
        const marks = [...style.even];
        const total = marks.reduce((sum, mark) => sum + count(text, mark), 0);
        if (total % 2 === 1) {
          findings.push({
            code: 'QUOTE_STYLE',
            message: `has an odd number of the quotation marks ${marks.join(' ')}: a quotation is not closed`,
            hint: `close every quotation: ${style.example}`,
          });
        }
      }
      return findings;
    },
  },
};
