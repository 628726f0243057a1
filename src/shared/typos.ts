/** How far one word is from another in slips of the fingers, and which known word a slip was meant to be. */

/**
 * Typos between two words: letters inserted, deleted, replaced, or two neighbours swapped (ULR for
 * URL is one slip of the fingers, not two), each counting one.
 */
function typos(a: string, b: string): number {
  // Rows i-2, i-1 and i of the table of distances between the prefixes of a and b.
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        row[j] = Math.min(row[j]!, before[j - 2]! + 1);
    }
    [before, previous] = [previous, row];
  }
  return previous[b.length]!;
}

/**
 * The candidate within a few typos of `word`, if one is that close: by default two, or one in four
 * letters of a long word.
 */
export function closest(
  word: string,
  candidates: readonly string[],
  maxTypos = Math.max(2, Math.floor(word.length / 4)),
): string | undefined {
  const scored = candidates.map((candidate) => ({ candidate, score: typos(word, candidate) }));
  const best = scored.sort((x, y) => x.score - y.score)[0];
  return best && best.score <= maxTypos ? best.candidate : undefined;
}

/**
 * The candidate someone who wrote `word` meant, if one is plain: one within a few typos, else the
 * only one that begins with it (`prod` for production). For a value typed where one of a few known
 * ones belongs; a variable's name is matched by typos alone (`misspelt.ts`), since PROD_DB_URL is
 * some other program's.
 */
export function meant(word: string, candidates: readonly string[]): string | undefined {
  const near = closest(word, candidates);
  if (near !== undefined || word.length < 2) return near;
  const begun = candidates.filter((candidate) => candidate.startsWith(word));
  return begun.length === 1 ? begun[0] : undefined;
}

/**
 * What to tell someone who wrote `word` where one of `candidates` belongs: `did you mean health-down?`
 * when one is meant plainly, else what is expected (by default the candidates, listed).
 */
export function didYouMean(
  word: string,
  candidates: readonly string[],
  expected = `one of ${candidates.join(', ')}`,
): string {
  const suggestion = meant(word, candidates);
  return suggestion === undefined ? `expected ${expected}` : `did you mean ${suggestion}?`;
}
