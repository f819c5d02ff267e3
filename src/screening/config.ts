/**
 * Screening knobs, all documented in docs/screening.md. These are matching-quality settings,
 * not regulatory numbers (the regulatory effects and their citations live in
 * data/lists/effects.json). Defaults were tuned on the shared evaluation data
 * (`npm run eval:screening`).
 */
import { DEFAULT_SCORE_KNOBS, type ScoreKnobs } from './score.ts';

export interface ScreeningConfig {
  /** Hits scoring at or above this are reported, and `match --jsonl` answers match=true. */
  matchThreshold: number;
  /** Hits at or above this are treated as confirmed-grade (SDN → blocked, DPL → prohibited, EL → licence required). Below it (but ≥ matchThreshold): review required. */
  blockThreshold: number;
  /** How many index candidates (by shared-token weight) are fully scored per query. */
  candidates: number;
  /** Candidates whose shared-token weight is below this fraction of the best candidate's are not scored. */
  candidateRatio: number;
  /** Most hits returned per query. */
  limit: number;
  /** Multiplier when the party's country is not among the entry's countries (entries without countries are not penalised). */
  countryMismatchPenalty: number;
  /** Multiplier for matches on OFAC "weak" aliases (a.k.a.s from remarks, weak aka). */
  weakAliasFactor: number;
  /** A snapshot older than this many days before the screening date is stale (the verdict says so, never "clear"). */
  maxSnapshotAgeDays: number;
  /** Lists that must be present (and fresh) for a no-hit result to count as "clear". */
  requiredLists: string[];
  score: ScoreKnobs;
}

export const DEFAULT_CONFIG: ScreeningConfig = {
  matchThreshold: 0.88,
  blockThreshold: 0.95,
  candidates: 40,
  candidateRatio: 0.4,
  limit: 10,
  countryMismatchPenalty: 0.9,
  weakAliasFactor: 0.95,
  maxSnapshotAgeDays: 7,
  requiredLists: ['SDN', 'EL', 'DPL'],
  score: DEFAULT_SCORE_KNOBS,
};

/** Environment overrides: EXPORTCTL_SCREEN_MATCH_THRESHOLD, _BLOCK_THRESHOLD, _CANDIDATES, _MAX_AGE_DAYS. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ScreeningConfig {
  const num = (k: string, d: number) => {
    const v = env[k];
    if (v === undefined || v === '') return d;
    const n = Number(v);
    if (!Number.isFinite(n)) throw new Error(`${k}: not a number (got ${JSON.stringify(v)})`);
    return n;
  };
  return {
    ...DEFAULT_CONFIG,
    matchThreshold: num('EXPORTCTL_SCREEN_MATCH_THRESHOLD', DEFAULT_CONFIG.matchThreshold),
    blockThreshold: num('EXPORTCTL_SCREEN_BLOCK_THRESHOLD', DEFAULT_CONFIG.blockThreshold),
    candidates: num('EXPORTCTL_SCREEN_CANDIDATES', DEFAULT_CONFIG.candidates),
    maxSnapshotAgeDays: num('EXPORTCTL_SCREEN_MAX_AGE_DAYS', DEFAULT_CONFIG.maxSnapshotAgeDays),
  };
}
