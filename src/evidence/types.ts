/**
 * Evidence module vocabulary: benchmark scores with their provenance, and the datasets they came from.
 * Dates are YYYY-MM-DD strings (see src/rules/types.ts).
 */
import type { Confidence, ISODate } from '../rules/types.ts';

/** Who reported a number: the model's own lab, a competing lab, a third party, or an estimate. */
export type ReporterKind =
  'self' | 'competitor' | 'developer-tabulated' | 'third-party' | 'third-party-estimate' | 'unknown';

export const REPORTER_KINDS: readonly ReporterKind[] = [
  'self',
  'competitor',
  'developer-tabulated',
  'third-party',
  'third-party-estimate',
  'unknown',
];

export interface ScoreSource {
  /** The document the number is taken from (paper, README, leaderboard snapshot, dataset file). */
  document: string;
  reporter: ReporterKind;
  /** For 'competitor': the lab that reported it (e.g. "DeepSeek"). */
  reportedBy?: string;
  /** Harness, mode or setting as recorded (e.g. "8k output cap; DeepSeek harness"). */
  setting?: string;
  /** Dataset id the row was read from (see Dataset.id). */
  dataset: string;
  /** True when the source column says the figure was taken from a secondary summary. */
  secondary?: boolean;
}

export type Accessibility = 'open' | 'closed';

export interface Score {
  model: string;
  /** Other names the model is known by (ECI model version, display name). */
  aliases: string[];
  developer: string;
  /** Normalised countries of the developing organisation ("US", "China", ...). */
  countries: string[];
  accessibility?: Accessibility;
  releaseDate: ISODate;
  benchmark: string;
  value: number;
  source: ScoreSource;
}

export interface Dataset {
  id: string;
  file: string;
  /** Snapshot date of the export (from the file name or given by the user). */
  snapshot?: ISODate;
  /** Column map used (schema version). */
  schema: string;
  rows: number;
  used: number;
  skipped: { reason: string; count: number }[];
  attribution?: string;
}

export interface BenchmarkInfo {
  name: string;
  aliases: string[];
  kind: 'score' | 'index' | 'elo' | 'rating' | 'resource';
  items?: number;
  saturationAt?: number;
  source: string;
  confidence: Confidence;
  variantOf?: string;
  variantNote?: string;
  saturationNote?: string;
}

export const EPOCH_ATTRIBUTION = 'Epoch AI (epoch.ai), CC BY 4.0';

/** A published claim about the lag (data/evidence/claims.json), checked against the measured one. */
export interface LagClaim {
  id: string;
  text: string;
  follower?: string;
  lagMonths: [number, number];
  source: string;
}
