/**
 * QUOTE_STYLE: quotation marks in the style of the language — de „…“, en “…”, fr « … », nl “…” or
 * ‘…’, da »…«, “…”, „…“ or ”…” — and as many closing as opening marks. Apostrophes (’ and ') are never
 * reported; a straight double quote " always is.
 */
import { languageName } from '../extract-locale.js';
import { stripTags } from './text-tools.js';
import type { CheckDefinition, Finding } from './types.js';

interface QuoteStyle {
  /** Quote characters the language uses (apostrophes included). */
  allowed: string;
  /** Double-quote pairs whose opening and closing marks must balance. */
  pairs: [string, string][];
  /**
   * Marks that open and close in more than one way (Danish „…“, “…” and ”…”): a quotation is
   * left open when there is an odd number of them.
   */
  even?: string;
  /** How to write a quotation, for hints. */
  example: string;
}

/** Quotation styles per language (the base language of a variant applies: fr-BE → fr). */
export const QUOTE_STYLES: Record<string, QuoteStyle> = {
  de: { allowed: '„“‚‘’', pairs: [['„', '“']], example: '„…“' },
  en: { allowed: '“”‘’', pairs: [['“', '”']], example: '“…”' },
  // French nests “…” inside « … ».
  fr: { allowed: '«»“”’', pairs: [['«', '»'], ['“', '”']], example: '« … »' },
  nl: { allowed: '“”‘’', pairs: [['“', '”']], example: '“…” or ‘…’' },
  // Dansk Sprognævn (Retskrivningsreglerne § 58): »…« and “…” are the main forms, and whether the
  // marks sit high or low or which way they face is typography (so „…“ and ”…” too); only a
  // consistent style matters.
  da: { allowed: '»«„“”›‹‘’', pairs: [['»', '«']], even: '„“”', example: '»…« or “…”' },
};

const QUOTES = /["„“”‚‘’«»‹›]/gu;

/** Quotation marks not in the language's style, and unbalanced pairs. */
export const quoteStyleCheck: CheckDefinition = {
  name: 'quote-style',
  rules: [
    {
      code: 'QUOTE_STYLE',
      severity: 'warning',
      summary: 'quotation marks not in the language\'s style (de „…“, en “…”, fr « … », nl “…” or ‘…’, da »…«, “…”, „…“ or ”…”), straight quotes, or an opening mark without its closing one',
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
      // Marks of another style already explain an imbalance: one finding is enough.
      for (const [open, close] of sourceBalanced && wrong.length === 0 ? style.pairs : []) {
        const opens = count(text, open);
        const closes = count(text, close);
        if (opens !== closes) {
          findings.push({
            code: 'QUOTE_STYLE',
            message: `opens ${opens} quotation(s) with ${open} but closes ${closes} with ${close}`,
            hint: `close every quotation: ${open}…${close}`,
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
