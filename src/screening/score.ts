/**
 * Name scoring ("score" in prepare → index → score). Token-pair Jaro-Winkler (watchman's
 * best-pairs) on prepared core tokens, plus:
 *  - merged/split tokens: adjacent tokens on one side are merged when the merge matches a token
 *    on the other side ("Gazprom Bank" ≈ "Gazprombank"), and whole-name joins are compared
 *    ("JSCARGUMENT" ≈ "JSC ARGUMENT");
 *  - initials: a one-letter token pairs with a token that starts with it at `initialScore`;
 *  - scripts without written vowels (Arabic, Hebrew, Thai): consonant skeletons are compared too;
 *  - numbers: names whose numeric tokens differ are scaled by `numberMismatchPenalty`;
 *  - symmetric mode (used by `match`): mean of both directions.
 * Every step that changes a score adds a short reason string.
 */
import { bestPairs, DEFAULT_JW_KNOBS, jaroWinkler, tokenScore, type JwKnobs } from './jarowinkler.ts';
import { phoneticTokens, prepare, skeleton, type PreparedName } from './normalize.ts';

export interface ScoreKnobs {
  jw: JwKnobs;
  /** Score of a one-letter token against a token starting with the same letter. */
  initialScore: number;
  /** Minimum Jaro-Winkler for a merged pair of tokens to stand for one token on the other side. */
  mergeMinScore: number;
  /** Multiplier for scores obtained by joining whole names (merged/split tokens). */
  joinedFactor: number;
  /** With equal token counts, whole-name joins count only at or above this Jaro-Winkler (a misspelt legal form). */
  joinedMinScore: number;
  /** Multiplier for scores on transliteration-folded forms (dzh→j, kh→h, ts→c…), used when a name was not in Latin script. */
  translitFactor: number;
  /** Multiplier for consonant-skeleton scores (Arabic/Hebrew/Thai transliterations). */
  skeletonFactor: number;
  /** Multiplier when both names carry numbers and the numbers differ. */
  numberMismatchPenalty: number;
  /** Symmetric mode: weight of the lower of the two directions (0.5 = mean of both, 0 = the better one). */
  reverseWeight: number;
  /** A paired token scoring below this is a conflicting token ("Ortega" vs "Ortiz"). */
  conflictPairScore: number;
  /** Multiplier per conflict: a conflicting pair, or a token left over on both sides ("Kim Jong Un" vs "Kim Jong Il"). */
  conflictPenalty: number;
}

export const DEFAULT_SCORE_KNOBS: ScoreKnobs = {
  jw: DEFAULT_JW_KNOBS,
  initialScore: 0.9,
  mergeMinScore: 0.92,
  joinedFactor: 0.98,
  joinedMinScore: 0.96,
  translitFactor: 0.99,
  skeletonFactor: 0.96,
  numberMismatchPenalty: 0.8,
  reverseWeight: 0.5,
  conflictPairScore: 0.8,
  conflictPenalty: 0.92,
};

export interface NameScore {
  score: number;
  /** Short explanations ("token 'gazprombank' = 'gazprom'+'bank'", "numbers differ" …). */
  reasons: string[];
}

function pairScorer(k: ScoreKnobs) {
  return (indexed: string, query: string): number => {
    if (indexed.length === 1 || query.length === 1) {
      return indexed[0] === query[0] ? (indexed.length === query.length ? 1 : k.initialScore) : 0;
    }
    return tokenScore(indexed, query, k.jw);
  };
}

/** Replace adjacent token pairs in `a` by their concatenation when it matches a token of `b`. */
function mergeToward(a: readonly string[], b: readonly string[], min: number): string[] | null {
  if (a.length < 2 || b.length === 0) return null;
  let changed = false;
  const out: string[] = [];
  for (let i = 0; i < a.length; i++) {
    if (i + 1 < a.length) {
      const c = a[i] + a[i + 1];
      let best = 0;
      for (const t of b) {
        if (Math.abs(t.length - c.length) > 1 || t[0] !== c[0]) continue;
        const s = t === c ? 1 : jaroWinkler(c, t);
        if (s > best) best = s;
      }
      if (best >= min) {
        out.push(c);
        i++;
        changed = true;
        continue;
      }
    }
    out.push(a[i]);
  }
  return changed ? out : null;
}

/** True when a and b differ by at most one insertion, deletion, substitution or adjacent swap. */
export function oneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const ra = a.slice(i);
  const rb = b.slice(i);
  return (
    ra.slice(1) === rb.slice(1) ||
    ra.slice(1) === rb ||
    ra === rb.slice(1) ||
    (ra.length >= 2 && ra[0] === rb[1] && ra[1] === rb[0] && ra.slice(2) === rb.slice(2))
  );
}

/**
 * Best-pairs score scaled down per conflict: a pair that scored below `conflictPairScore`, or a
 * token left unpaired on both sides (each such couple counts once).
 */
function bpc(
  qt: readonly string[],
  nt: readonly string[],
  k: ScoreKnobs,
  ps: (a: string, b: string) => number,
  note: { conflicts: number },
): number {
  const r = bestPairs(qt, nt, k.jw, ps);
  let conflicts = 0;
  // a low pair is a conflict unless the tokens are one edit apart (a typo: "Mn" ~ "Mun")
  for (const p of r.pairs) if (p.score < k.conflictPairScore && !oneEdit(qt[p.q], nt[p.i])) conflicts++;
  const uq = qt.length - r.pairs.length;
  const un = nt.length - r.pairs.length;
  conflicts += Math.min(uq, un);
  note.conflicts = conflicts;
  return conflicts > 0 ? r.score * Math.pow(k.conflictPenalty, conflicts) : r.score;
}

function directional(q: PreparedName, n: PreparedName, k: ScoreKnobs, reasons: string[] | null): number {
  const ps = pairScorer(k);
  const note = { conflicts: 0 };
  const qt = q.core;
  const nt = n.core;
  let best = bpc(qt, nt, k, ps, note);
  let conflicts = note.conflicts;
  // merged / split tokens
  if (qt.length !== nt.length || best < 0.99) {
    const qm = mergeToward(qt, nt, k.mergeMinScore);
    const nm = mergeToward(nt, qt, k.mergeMinScore);
    if (qm || nm) {
      const s = bpc(qm ?? qt, nm ?? nt, k, ps, note);
      if (s > best + 1e-9) {
        best = s;
        conflicts = note.conflicts;
        reasons?.push(`merged tokens: ${(qm ?? qt).join(' ')} ~ ${(nm ?? nt).join(' ')}`);
      }
    }
    // merges across legal forms and stopwords ("MAHALLIMITED" = "MAHAL LIMITED", "OFMEASURING")
    if (q.all.length !== q.core.length || n.all.length !== n.core.length) {
      const qa = mergeToward(q.all, n.all, k.mergeMinScore);
      const na = mergeToward(n.all, q.all, k.mergeMinScore);
      if (qa || na) {
        const s = bpc(qa ?? q.all, na ?? n.all, k, ps, note);
        if (s > best + 1e-9) {
          best = s;
          conflicts = note.conflicts;
          reasons?.push(`merged tokens: ${(qa ?? q.all).join(' ')} ~ ${(na ?? n.all).join(' ')}`);
        }
      }
    }
    // whole names joined (merged tokens, misspelt legal forms): only when nearly identical
    if (
      (q.all.length !== n.all.length || q.allJoined !== q.joined || n.allJoined !== n.joined) &&
      q.allJoined.length >= 6 &&
      n.allJoined.length >= 6
    ) {
      const a = q.allJoined;
      const b = n.allJoined;
      const ratio = Math.min(a.length, b.length) / Math.max(a.length, b.length);
      const jw = ratio >= 0.85 ? tokenScore(b, a, k.jw) : 0;
      if (jw >= (q.all.length !== n.all.length ? k.mergeMinScore : k.joinedMinScore)) {
        const s = jw * k.joinedFactor;
        if (s > best + 1e-9) {
          best = s;
          conflicts = 0;
          reasons?.push(`whole names joined: ${a} ~ ${b}`);
        }
      }
    }
  }
  // transliterated names: compare transliteration-insensitive forms
  if (q.translit || n.translit) {
    const qp = phoneticTokens(q);
    const np = phoneticTokens(n);
    let s = bpc(qp, np, k, ps, note);
    let c = note.conflicts;
    const qm = mergeToward(qp, np, k.mergeMinScore);
    const nm = mergeToward(np, qp, k.mergeMinScore);
    if (qm || nm) {
      const s2 = bpc(qm ?? qp, nm ?? np, k, ps, note);
      if (s2 > s) {
        s = s2;
        c = note.conflicts;
      }
    }
    s *= k.translitFactor;
    if (s > best + 1e-9) {
      best = s;
      conflicts = c;
      reasons?.push(`transliteration variants folded: ${qp.join(' ')} ~ ${np.join(' ')}`);
    }
  }
  // scripts that omit vowels: compare consonant skeletons
  if (q.abjad || n.abjad) {
    const qs = q.abjad ? q.skeleton : q.core.map(skeleton).filter(Boolean);
    const ns = n.abjad ? n.skeleton : n.core.map(skeleton).filter(Boolean);
    let s = bpc(qs, ns, k, ps, note);
    let c = note.conflicts;
    const qm = mergeToward(qs, ns, k.mergeMinScore);
    const nm = mergeToward(ns, qs, k.mergeMinScore);
    if (qm || nm) {
      const s2 = bpc(qm ?? qs, nm ?? ns, k, ps, note);
      if (s2 > s) {
        s = s2;
        c = note.conflicts;
      }
    }
    s *= k.skeletonFactor;
    if (s > best + 1e-9) {
      best = s;
      conflicts = c;
      reasons?.push(`consonant skeletons: ${qs.join(' ')} ~ ${ns.join(' ')}`);
    }
  }
  if (conflicts > 0)
    reasons?.push(
      `${conflicts} conflicting token(s) (paired below ${k.conflictPairScore} or left over on both sides): ×${k.conflictPenalty}^${conflicts}`,
    );
  return best;
}

/**
 * Score a query name against an indexed (listed) name, both prepared.
 * `symmetric` averages both directions with `reverseWeight` (for pair matching).
 */
export function scorePrepared(
  q: PreparedName,
  n: PreparedName,
  k: ScoreKnobs = DEFAULT_SCORE_KNOBS,
  opts: { symmetric?: boolean; explain?: boolean } = {},
): NameScore {
  const reasons: string[] | null = opts.explain ? [] : null;
  let s = directional(q, n, k, reasons);
  if (opts.symmetric && k.reverseWeight > 0) {
    const r = directional(n, q, k, reasons);
    // weight of the lower direction: 0.5 = plain mean (symmetric either way)
    s = (1 - k.reverseWeight) * Math.max(s, r) + k.reverseWeight * Math.min(s, r);
  }
  if (q.numbers.length > 0 && n.numbers.length > 0) {
    // "13th" = "13"; a penalty only when neither name's numbers include the other's
    const norm = (xs: string[]) => new Set(xs.map((x) => x.replace(/(?<=\d)(st|nd|rd|th)$/, '')));
    const a = norm(q.numbers);
    const b = norm(n.numbers);
    const aInB = [...a].every((x) => b.has(x));
    const bInA = [...b].every((x) => a.has(x));
    if (!aInB && !bInA && q.numbers.join('') !== n.numbers.join('')) {
      s *= k.numberMismatchPenalty;
      reasons?.push(
        `numbers differ (${[...a].join(' ')} vs ${[...b].join(' ')}): ×${k.numberMismatchPenalty}`,
      );
    }
  }
  if (!Number.isFinite(s) || s < 0) s = 0;
  if (s > 1) s = 1;
  return { score: s, reasons: reasons ?? [] };
}

/** Convenience for two raw strings (symmetric, as `exportctl match` uses it). */
export function scoreNames(a: string, b: string, k: ScoreKnobs = DEFAULT_SCORE_KNOBS): number {
  return scorePrepared(prepare(a), prepare(b), k, { symmetric: true }).score;
}
