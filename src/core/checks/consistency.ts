/** INCONSISTENT_TRANSLATION: the same German translated differently within one language. */
import { compareText } from '../diagnostic.js';
import { normalizeSource } from '../translation-memory.js';
import type { CheckDefinition, CheckEntry, LanguageFinding } from './types.js';

/**
 * Groups the translated and reviewed entries of a language by their German (normalized as in
 * translation memory) and reports every entry whose translation differs from the group's usual
 * one: the most frequent translation, ties going to the newest release and then the smaller key.
 */
export const consistencyCheck: CheckDefinition = {
  name: 'consistency',
  rules: [
    {
      code: 'INCONSISTENT_TRANSLATION',
      severity: 'warning',
      summary: 'the same German is translated differently elsewhere in the same language',
      help: 'use the same translation for the same German (boilerplate, headings, contact blocks), unless the context really differs',
    },
  ],
  check: {
    scope: 'language',
    run(entries) {
      const groups = new Map<string, CheckEntry[]>();
      for (const entry of entries) {
        if (entry.status !== 'translated' && entry.status !== 'reviewed') continue;
        if (entry.translation.trim() === '') continue;
        const source = normalizeSource(entry.source);
        const group = groups.get(source);
        if (group) group.push(entry);
        else groups.set(source, [entry]);
      }
      const results: LanguageFinding[] = [];
      for (const group of groups.values()) {
        const byText = new Map<string, CheckEntry[]>();
        for (const entry of group) {
          const text = normalizeSource(entry.translation);
          byText.set(text, [...(byText.get(text) ?? []), entry]);
        }
        if (byText.size < 2) continue;
        const ranked = [...byText.entries()].sort(
          ([, a], [, b]) => b.length - a.length || compareText(newest(b).release, newest(a).release) || compareText(newest(a).key, newest(b).key),
        );
        const [usualText, usual] = ranked[0]!;
        const example = newest(usual);
        for (const [text, others] of ranked.slice(1)) {
          for (const entry of others) {
            results.push({
              entry,
              finding: {
                code: 'INCONSISTENT_TRANSLATION',
                message: `translates the same German as "${clip(text, usualText)}", but ${example.release}#${example.key}${usual.length > 1 ? ` and ${usual.length - 1} more` : ''} as "${clip(usualText, text)}"`,
                hint: 'use the same translation for the same German, or reword one if the context really differs',
              },
            });
          }
        }
      }
      return results;
    },
  },
};

function newest(entries: CheckEntry[]): CheckEntry {
  return [...entries].sort((a, b) => compareText(b.release, a.release) || compareText(a.key, b.key))[0]!;
}

/**
 * At most 60 characters of `text`, from shortly before where it first differs from `other`: two
 * long translations that differ late (a boilerplate paragraph with one word changed) would
 * otherwise be shown as the same 57 characters.
 */
function clip(text: string, other: string): string {
  let start = 0;
  while (start < text.length && start < other.length && text[start] === other[start]) start++;
  start = start > 40 ? start - 20 : 0;
  // Never cut a surrogate pair.
  if (start > 0 && /[\uDC00-\uDFFF]/.test(text[start]!)) start--;
  const lead = start > 0 ? '…' : '';
  const rest = text.slice(start);
  const room = 60 - lead.length;
  return lead + (rest.length > room ? `${rest.slice(0, room - 1)}…` : rest);
}
