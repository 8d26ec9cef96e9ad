/** URL_CHANGED and EMAIL_CHANGED: web and e-mail addresses written in the text stay exactly as they are. */
import { findEmails, findUrls, listText, multisetDifference, stripTags } from './text-tools.js';
import type { CheckDefinition, Finding } from './types.js';

/** URLs and e-mail addresses of the German that the translation changed, dropped or added. */
export const addressesCheck: CheckDefinition = {
  name: 'addresses',
  rules: [
    {
      code: 'URL_CHANGED',
      severity: 'error',
      summary: 'a web address written in the text differs from the German (changed, dropped or added)',
      help: 'copy web addresses exactly as the German has them; link targets behind tags are kept automatically',
    },
    {
      code: 'EMAIL_CHANGED',
      severity: 'error',
      summary: 'an e-mail address written in the text differs from the German (changed, dropped or added)',
      help: 'copy e-mail addresses exactly as the German has them',
    },
  ],
  check: {
    scope: 'entry',
    run(entry) {
      const source = stripTags(entry.source);
      const target = stripTags(entry.translation);
      const findings: Finding[] = [];
      const urls = multisetDifference(findUrls(source).map((u) => u.value), findUrls(target).map((u) => u.value));
      if (urls.missing.length > 0 || urls.extra.length > 0) {
        findings.push({
          code: 'URL_CHANGED',
          message: describe('web address', urls.missing, urls.extra),
          hint: 'copy web addresses exactly as the German has them',
        });
      }
      const lower = (values: string[]): string[] => values.map((value) => value.toLowerCase());
      const emails = multisetDifference(lower(findEmails(source).map((e) => e.value)), lower(findEmails(target).map((e) => e.value)));
      if (emails.missing.length > 0 || emails.extra.length > 0) {
        findings.push({
          code: 'EMAIL_CHANGED',
          message: describe('e-mail address', emails.missing, emails.extra),
          hint: 'copy e-mail addresses exactly as the German has them',
        });
      }
      return findings;
    },
  },
};

function describe(what: string, missing: string[], extra: string[]): string {
  if (missing.length > 0 && extra.length > 0) return `has the ${what} ${listText(extra)} where the German has ${listText(missing)}`;
  if (missing.length > 0) return `lacks the ${what} ${listText(missing)}`;
  return `has the ${what} ${listText(extra)}, which the German does not have`;
}
