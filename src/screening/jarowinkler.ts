/**
 * Token-pair Jaro-Winkler, the name scorer watchman (moov-io) uses, written from its description:
 * every query token is compared with every indexed token whose first letter is in the same
 * phonetic class; pairs are taken greedily best-first (each token used once); the pair scores are
 * averaged weighted by character length; the result is scaled down for indexed tokens left
 * unmatched. Knobs are in `JwKnobs` (defaults = watchman's defaults) and documented in
 * docs/screening.md. Strings are compared code unit by code unit (callers pass ASCII after
 * normalisation; the conformance test passes UTF-8 bytes to mirror Go's byte strings).
 */
export interface JwKnobs {
  /** Jaro score above which the Winkler prefix boost applies. */
  boostThreshold: number;
  /** Maximum common prefix length that earns the boost. */
  prefixSize: number;
  /** Length ratio (short/long) under which a token pair is penalised. */
  lengthDifferenceCutoff: number;
  /** Weight of that length penalty. */
  lengthDifferencePenaltyWeight: number;
  /** Multiplier when the two tokens' first characters differ exactly. */
  differentLetterPenalty: number;
  /** Weight of the penalty for the fraction of indexed characters left unmatched. */
  unmatchedIndexTokenWeight: number;
  /** Skip token pairs whose first letters fall in different phonetic classes. */
  phoneticFilter: boolean;
}

export const DEFAULT_JW_KNOBS: JwKnobs = {
  boostThreshold: 0.7,
  prefixSize: 4,
  lengthDifferenceCutoff: 0.9,
  lengthDifferencePenaltyWeight: 0.3,
  differentLetterPenalty: 0.9,
  unmatchedIndexTokenWeight: 0.15,
  phoneticFilter: true,
};

/** Plain Jaro similarity. */
export function jaro(a: string, b: string): number {
  const la = a.length;
  const lb = b.length;
  if (la === 0 && lb === 0) return 1;
  if (la === 0 || lb === 0) return 0;
  const range = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
  // bit flags for matched positions in b (names are short: plain arrays are fine)
  const mb = new Uint8Array(lb);
  const ma = new Uint8Array(la);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const lo = Math.max(0, i - range);
    const hi = Math.min(lb - 1, i + range);
    const c = a.charCodeAt(i);
    for (let j = lo; j <= hi; j++) {
      if (mb[j] === 0 && b.charCodeAt(j) === c) {
        mb[j] = 1;
        ma[i] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let t = 0;
  let j = 0;
  for (let i = 0; i < la; i++) {
    if (ma[i] === 0) continue;
    while (mb[j] === 0) j++;
    if (a.charCodeAt(i) !== b.charCodeAt(j)) t++;
    j++;
  }
  t /= 2;
  return (matches / la + matches / lb + (matches - t) / matches) / 3;
}

/** Jaro-Winkler with a boost threshold and a prefix size. */
export function jaroWinkler(a: string, b: string, boostThreshold = 0.7, prefixSize = 4): number {
  const j = jaro(a, b);
  if (j <= boostThreshold) return j;
  const n = Math.min(a.length, b.length, prefixSize);
  let p = 0;
  while (p < n && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  return j + 0.1 * p * (1 - j);
}

const PHONETIC: Record<string, string> = {};
for (const [cls, letters] of [
  ['A', 'AEIOUY'],
  ['B', 'BFPV'],
  ['C', 'CGJKQSXZ'],
  ['D', 'DT'],
  ['L', 'L'],
  ['M', 'MN'],
  ['R', 'R'],
  ['H', 'HW'],
] as const) {
  for (const l of letters) {
    PHONETIC[l] = cls;
    PHONETIC[l.toLowerCase()] = cls;
  }
}

/** Phonetic class of the first character (vowels together, B/F/P/V together, …). */
export function phoneticClass(s: string): string {
  if (s.length === 0) return ' ';
  const c = s[0];
  return PHONETIC[c] ?? c.toUpperCase();
}

/** Jaro-Winkler of one token pair with watchman's length and first-letter penalties. */
export function tokenScore(indexed: string, query: string, k: JwKnobs = DEFAULT_JW_KNOBS): number {
  let s = jaroWinkler(indexed, query, k.boostThreshold, k.prefixSize);
  const li = indexed.length;
  const lq = query.length;
  const ratio = Math.min(li, lq) / Math.max(li, lq);
  if (ratio < k.lengthDifferenceCutoff) s *= 1 - (1 - ratio) * k.lengthDifferencePenaltyWeight;
  // With the phonetic filter on, pairs from different classes are never scored and same-class
  // pairs are not penalised (watchman today); the letter penalty applies only with the filter off.
  if (!k.phoneticFilter && indexed.charCodeAt(0) !== query.charCodeAt(0)) s *= k.differentLetterPenalty;
  return s;
}

export interface PairMatch {
  /** index into the query tokens */
  q: number;
  /** index into the indexed tokens */
  i: number;
  score: number;
}

let scratchScore = new Float64Array(64);
let scratchQ = new Int32Array(64);
let scratchI = new Int32Array(64);

export interface BestPairsResult {
  score: number;
  pairs: PairMatch[];
}

/**
 * Best-pairs token Jaro-Winkler of a query against an indexed name (both already tokenised).
 * Asymmetric: unmatched query tokens count as zero, unmatched indexed tokens only scale the
 * score by `unmatchedIndexTokenWeight`.
 */
export function bestPairs(
  query: readonly string[],
  indexed: readonly string[],
  k: JwKnobs = DEFAULT_JW_KNOBS,
  pairScore: (indexed: string, query: string) => number = (a, b) => tokenScore(a, b, k),
): BestPairsResult {
  let qLen = 0;
  for (const t of query) qLen += t.length;
  let iLen = 0;
  for (const t of indexed) iLen += t.length;
  if (qLen === 0 || iLen === 0) return { score: 0, pairs: [] };
  // candidate pairs in scratch arrays (no object per pair), sorted by a stable insertion sort
  const cap = query.length * indexed.length;
  if (scratchScore.length < cap) {
    scratchScore = new Float64Array(cap * 2);
    scratchQ = new Int32Array(cap * 2);
    scratchI = new Int32Array(cap * 2);
  }
  const sc = scratchScore;
  const sq = scratchQ;
  const si = scratchI;
  let n = 0;
  for (let q = 0; q < query.length; q++) {
    const qt = query[q];
    if (qt.length === 0) continue;
    for (let i = 0; i < indexed.length; i++) {
      const it = indexed[i];
      if (it.length === 0) continue;
      // phonetic gate; a swap of the first two letters ("AFIZ"/"FAIZ") is let through as a typo
      if (
        k.phoneticFilter &&
        phoneticClass(it) !== phoneticClass(qt) &&
        !(it.length > 2 && qt.length > 2 && it[0] === qt[1] && it[1] === qt[0])
      )
        continue;
      const v = pairScore(it, qt);
      // insert keeping descending order; equal scores keep insertion order
      let j = n;
      while (j > 0 && sc[j - 1] < v) {
        sc[j] = sc[j - 1];
        sq[j] = sq[j - 1];
        si[j] = si[j - 1];
        j--;
      }
      sc[j] = v;
      sq[j] = q;
      si[j] = i;
      n++;
    }
  }
  let usedQ = 0;
  let usedI = 0;
  const small = query.length <= 31 && indexed.length <= 31;
  const uQ = small ? null : new Uint8Array(query.length);
  const uI = small ? null : new Uint8Array(indexed.length);
  let weighted = 0;
  let matchedILen = 0;
  const pairs: PairMatch[] = [];
  for (let c = 0; c < n; c++) {
    const q = sq[c];
    const i = si[c];
    if (small) {
      const bq = 1 << q;
      const bi = 1 << i;
      if (usedQ & bq || usedI & bi) continue;
      usedQ |= bq;
      usedI |= bi;
    } else {
      if (uQ![q] || uI![i]) continue;
      uQ![q] = 1;
      uI![i] = 1;
    }
    weighted += sc[c] * (query[q].length + indexed[i].length);
    matchedILen += indexed[i].length;
    pairs.push({ q, i, score: sc[c] });
  }
  const avg = weighted / (qLen + matchedILen);
  const frac = matchedILen / iLen;
  return { score: avg * (1 - (1 - frac) * k.unmatchedIndexTokenWeight), pairs };
}

/** Convenience: whitespace-split strings, as watchman's tests call it. */
export function bestPairsJaroWinkler(indexed: string, query: string, k: JwKnobs = DEFAULT_JW_KNOBS): number {
  const split = (s: string) => s.split(/\s+/).filter(Boolean);
  return bestPairs(split(query), split(indexed), k).score;
}
