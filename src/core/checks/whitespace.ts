/** WHITESPACE: leading, trailing or doubled spaces, and line breaks, that the German does not have. */
import { stripTags } from './text-tools.js';
import type { CheckDefinition, Finding } from './types.js';

const DOUBLE = /[ \u00A0\u202F\t]{2,}/u;
const BREAK = /[\n\r]/;

/** Stray white space: invisible in an editor, visible in the published text. */
export const whitespaceCheck: CheckDefinition = {
  name: 'whitespace',
  rules: [
    {
      code: 'WHITESPACE',
      severity: 'warning',
      summary: 'the translation starts or ends with a space, has two spaces in a row or a line break, and the German does not',
      help: 'remove the extra space; a no-break space next to a normal space also counts as two',
    },
  ],
  check: {
    scope: 'entry',
    run(entry) {
      const source = stripTags(entry.source);
      const target = stripTags(entry.translation);
      const findings: Finding[] = [];
      const problem = (message: string, hint: string): void => {
        findings.push({ code: 'WHITESPACE', message, hint });
      };
      if (/^\s/u.test(target) && !/^\s/u.test(source)) problem('starts with a space', 'remove the space at the start');
      if (/\s$/u.test(target) && !/\s$/u.test(source)) problem('ends with a space', 'remove the space at the end');
      const double = DOUBLE.exec(target.trim());
      if (double && !DOUBLE.test(source.trim())) {
        const at = double.index;
        const context = target.trim().slice(Math.max(0, at - 15), at + double[0].length + 15);
        problem(`has ${double[0].length} spaces in a row in "${context}"`, 'keep one space (or one no-break space) between words');
      }
      if (BREAK.test(target) && !BREAK.test(source)) problem('has a line break', 'write the translation on one line; a line break in the German is a <n/> tag');
      return findings;
    },
  },
};
