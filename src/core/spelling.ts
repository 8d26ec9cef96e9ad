import { distance } from 'fastest-levenshtein';

/**
 * The name of `names` that `name` was probably meant to be: the same in another case, or one or two
 * letters off (`segmnets` → `segments`, `dateStyl` → `dateStyle`); undefined when none is that close.
 * For the hints of diagnostics about a key or option Presslate does not know.
 */
export function closestName(name: string, names: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  const exact = names.find((candidate) => candidate.toLowerCase() === lower);
  if (exact) return exact;
  let best: { name: string; distance: number } | undefined;
  for (const candidate of names) {
    const apart = distance(lower, candidate.toLowerCase());
    if (apart <= 2 && apart < candidate.length && (!best || apart < best.distance)) best = { name: candidate, distance: apart };
  }
  return best?.name;
}
