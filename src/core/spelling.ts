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
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance <= 2 && distance < candidate.length && (!best || distance < best.distance)) best = { name: candidate, distance };
  }
  return best?.name;
}

/** Levenshtein distance (insertions, deletions, substitutions) of two short texts. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
