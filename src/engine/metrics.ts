/**
 * Metrics of the 3A090 technical notes, as pure functions of a Spec. Constants come from
 * src/rules/definitions.ts with their citations; this module holds only the formulas.
 *
 *   TPP            = max over formats f of (dense TOPS_f × bitLength_f), summed over processing units
 *                    (a spec's throughput figures are already per IC, i.e. aggregated)
 *   PD             = TPP ÷ dieAreaMm2
 *   memory density = memoryBandwidthGBps ÷ packageAreaMm2            (3A090.c)
 *   H100-eq        = TPP ÷ 15,832
 */
import {
  BIT_LENGTH,
  DEFAULT_TF32_POLICY,
  H100_EQUIVALENT_TPP,
  SPARSITY_FACTOR,
  type NumberFormat,
  type Tf32Policy,
} from '../rules/definitions.ts';
import type { Spec } from './spec.ts';

export interface Metrics {
  /** Total processing performance; null when no throughput is known. */
  tpp: number | null;
  /** The format whose TPP is the maximum. */
  tppFormat: NumberFormat | null;
  performanceDensity: number | null;
  memoryBandwidthDensity: number | null;
  ioBandwidthGBps: number | null;
  memoryBandwidthGBps: number | null;
  dieAreaMm2: number | null;
  h100Equivalents: number | null;
  /** True when a figure was estimated (sparse halved). */
  approximate: boolean;
  flags: string[];
}

export interface MetricExplanation {
  metric: string;
  value: number | null;
  formula: string;
  inputs: Record<string, number | string | null>;
  note?: string;
}

const BITS = BIT_LENGTH.value;

/** TPP of one IC spec. Exported separately because it is the hot path of bulk classification. */
export function tppOf(
  spec: Spec,
  tf32: Tf32Policy = DEFAULT_TF32_POLICY.value,
): {
  tpp: number | null;
  format: NumberFormat | null;
  approximate: boolean;
} {
  const t = spec.throughput;
  if (!t || t.length === 0) return { tpp: null, format: null, approximate: false };
  let best = -1;
  let format: NumberFormat | null = null;
  let approximate = false;
  for (let i = 0; i < t.length; i++) {
    const e = t[i]!;
    let bits = BITS[e.format];
    if (e.format === 'tf32') {
      if (tf32 === 'exclude') continue;
      bits = tf32 === 'as-32-bit' ? 32 : 19;
    }
    const dense = e.sparse ? e.tops / SPARSITY_FACTOR.value : e.tops;
    const v = dense * bits;
    if (v > best) {
      best = v;
      format = e.format;
      approximate = !!e.sparse;
    }
  }
  if (format === null) return { tpp: null, format: null, approximate: false };
  return { tpp: round(best), format, approximate };
}

/** Rounds away binary noise (e.g. 660.6 × 8) without hiding real digits. */
function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

export function computeMetrics(spec: Spec, tf32: Tf32Policy = DEFAULT_TF32_POLICY.value): Metrics {
  const flags: string[] = [];
  const { tpp, format, approximate } = tppOf(spec, tf32);
  if (approximate) flags.push('tpp-from-sparse-figure-halved');
  const die = spec.dieAreaMm2 ?? null;
  const pd = tpp !== null && die ? round(tpp / die) : null;
  const mbd =
    spec.memoryBandwidthGBps !== undefined && spec.packageAreaMm2
      ? round(spec.memoryBandwidthGBps / spec.packageAreaMm2)
      : null;
  if (tpp !== null && die === null && spec.kind === 'ic') flags.push('die-area-unknown');
  return {
    tpp,
    tppFormat: format,
    performanceDensity: pd,
    memoryBandwidthDensity: mbd,
    ioBandwidthGBps: spec.ioBandwidthGBps ?? null,
    memoryBandwidthGBps: spec.memoryBandwidthGBps ?? null,
    dieAreaMm2: die,
    h100Equivalents: tpp === null ? null : round(tpp / H100_EQUIVALENT_TPP.value),
    approximate,
    flags,
  };
}

/** The worked explanation of each metric: formula and inputs (only built when asked for). */
export function explainMetrics(
  spec: Spec,
  m: Metrics,
  tf32: Tf32Policy = DEFAULT_TF32_POLICY.value,
): MetricExplanation[] {
  const out: MetricExplanation[] = [];
  const candidates: Record<string, number | string | null> = {};
  for (const e of spec.throughput ?? []) {
    const bits = e.format === 'tf32' ? (tf32 === 'as-32-bit' ? 32 : 19) : BITS[e.format];
    const dense = e.sparse ? e.tops / SPARSITY_FACTOR.value : e.tops;
    const excluded = e.format === 'tf32' && tf32 === 'exclude';
    candidates[`${e.format}${e.sparse ? ' (sparse, halved)' : ''}`] = excluded
      ? `${dense} × ${bits}: excluded (TF32 policy)`
      : `${round(dense)} × ${bits} = ${round(dense * bits)}`;
  }
  out.push({
    metric: 'tpp',
    value: m.tpp,
    formula: 'TPP = 2 × MacTOPS × bit length = dense TOPS × bit length, maximum over formats',
    inputs: candidates,
    note: m.tppFormat ? `maximum from ${m.tppFormat}` : 'no throughput given',
  });
  const tf = spec.throughput?.find((e) => e.format === 'tf32');
  if (tf && tf32 === 'exclude' && m.tpp !== null) {
    const dense = tf.sparse ? tf.tops / SPARSITY_FACTOR.value : tf.tops;
    if (dense * 19 > m.tpp || dense * 32 > m.tpp) {
      out.push({
        metric: 'tpp (TF32 alternatives)',
        value: round(Math.max(m.tpp, dense * 32)),
        formula: 'TF32 counted at 19 bits / 32 bits',
        inputs: {
          'as 19-bit': round(Math.max(m.tpp, dense * 19)),
          'as 32-bit': round(Math.max(m.tpp, dense * 32)),
        },
        note: 'TF32 would raise TPP if counted; the rule text does not settle its bit length',
      });
    }
  }
  out.push({
    metric: 'performanceDensity',
    value: m.performanceDensity,
    formula: 'PD = TPP ÷ applicable die area (mm²)',
    inputs: { tpp: m.tpp, dieAreaMm2: m.dieAreaMm2 },
  });
  if (spec.kind === 'hbm' || spec.packageAreaMm2 !== undefined) {
    out.push({
      metric: 'memoryBandwidthDensity',
      value: m.memoryBandwidthDensity,
      formula: 'memory bandwidth density = memory bandwidth (GB/s) ÷ package area (mm²)',
      inputs: {
        memoryBandwidthGBps: spec.memoryBandwidthGBps ?? null,
        packageAreaMm2: spec.packageAreaMm2 ?? null,
      },
    });
  }
  out.push({
    metric: 'h100Equivalents',
    value: m.h100Equivalents,
    formula: `H100-equivalents = TPP ÷ ${H100_EQUIVALENT_TPP.value}`,
    inputs: { tpp: m.tpp },
  });
  return out;
}
