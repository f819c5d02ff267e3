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
  /** Multiplier for scores on transliteration-folded forms (dzh→j, kh→h, ts→c…), used when a name was not in Latin script. */
  translitFactor: number;
  /** Multiplier for consonant-skeleton scores (Arabic/Hebrew/Thai transliterations). */
  skeletonFactor: number;
  /** Multiplier when both names carry numbers and the numbers differ. */
  numberMismatchPenalty: number;
  /** Weight of the reverse direction in symmetric mode (0 = query→indexed only, 0.5 = mean). */
  reverseWeight: number;
}

export const DEFAULT_SCORE_KNOBS: ScoreKnobs = {
  jw: DEFAULT_JW_KNOBS,
  initialScore: 0.9,
  mergeMinScore: 0.92,
  joinedFactor: 0.98,
  translitFactor: 0.99,
  skeletonFactor: 0.96,
  numberMismatchPenalty: 0.8,
  reverseWeight: 0.5,
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
        if (Math.abs(t.length - c.length) > 2 || t[0] !== c[0]) continue;
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

function directional(q: PreparedName, n: PreparedName, k: ScoreKnobs, reasons: string[] | null): number {
  const ps = pairScorer(k);
  const qt = q.core;
  const nt = n.core;
  let best = bestPairs(qt, nt, k.jw, ps).score;
  // merged / split tokens
  if (qt.length !== nt.length || best < 0.99) {
    const qm = mergeToward(qt, nt, k.mergeMinScore);
    const nm = mergeToward(nt, qt, k.mergeMinScore);
    if (qm || nm) {
      const s = bestPairs(qm ?? qt, nm ?? nt, k.jw, ps).score;
      if (s > best + 1e-9) {
        best = s;
        reasons?.push(`merged tokens: ${(qm ?? qt).join(' ')} ~ ${(nm ?? nt).join(' ')}`);
      }
    }
    // merges across legal forms and stopwords ("MAHALLIMITED" = "MAHAL LIMITED", "OFMEASURING")
    if (q.all.length !== q.core.length || n.all.length !== n.core.length) {
      const qa = mergeToward(q.all, n.all, k.mergeMinScore);
      const na = mergeToward(n.all, q.all, k.mergeMinScore);
      if (qa || na) {
        const s = bestPairs(qa ?? q.all, na ?? n.all, k.jw, ps).score;
        if (s > best + 1e-9) {
          best = s;
          reasons?.push(`merged tokens: ${(qa ?? q.all).join(' ')} ~ ${(na ?? n.all).join(' ')}`);
        }
      }
    }
    if ((qt.length !== nt.length || q.allJoined !== q.joined || n.allJoined !== n.joined) && q.allJoined.length >= 6 && n.allJoined.length >= 6) {
      const a = q.allJoined;
      const b = n.allJoined;
      const ratio = Math.min(a.length, b.length) / Math.max(a.length, b.length);
      if (ratio >= 0.85) {
        const s = tokenScore(b, a, k.jw) * k.joinedFactor;
        if (s > best + 1e-9) {
          best = s;
          reasons?.push(`whole names joined: ${a} ~ ${b}`);
        }
      }
    }
  }
  // transliterated names: compare transliteration-insensitive forms
  if (q.translit || n.translit) {
    const qp = phoneticTokens(q);
    const np = phoneticTokens(n);
    let s = bestPairs(qp, np, k.jw, ps).score;
    const qm = mergeToward(qp, np, k.mergeMinScore);
    const nm = mergeToward(np, qp, k.mergeMinScore);
    if (qm || nm) s = Math.max(s, bestPairs(qm ?? qp, nm ?? np, k.jw, ps).score);
    s *= k.translitFactor;
    if (s > best + 1e-9) {
      best = s;
      reasons?.push(`transliteration variants folded: ${qp.join(' ')} ~ ${np.join(' ')}`);
    }
  }
  // scripts that omit vowels: compare consonant skeletons
  if (q.abjad || n.abjad) {
    const qs = q.abjad ? q.skeleton : q.core.map(skeleton).filter(Boolean);
    const ns = n.abjad ? n.skeleton : n.core.map(skeleton).filter(Boolean);
    let s = bestPairs(qs, ns, k.jw, ps).score;
    const qm = mergeToward(qs, ns, k.mergeMinScore);
    const nm = mergeToward(ns, qs, k.mergeMinScore);
    if (qm || nm) s = Math.max(s, bestPairs(qm ?? qs, nm ?? ns, k.jw, ps).score);
    s *= k.skeletonFactor;
    if (s > best + 1e-9) {
      best = s;
      reasons?.push(`consonant skeletons: ${qs.join(' ')} ~ ${ns.join(' ')}`);
    }
  }
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
    s = (1 - k.reverseWeight) * s + k.reverseWeight * r;
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
      reasons?.push(`numbers differ (${[...a].join(' ')} vs ${[...b].join(' ')}): ×${k.numberMismatchPenalty}`);
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
