/**
 * The bulk classifier: the same provisions as classifySpec, compiled once per rule set and view
 * into flat arrays, evaluated without allocation. It answers the paragraph only (no explanation);
 * use classifySpec for an explained answer. Tests assert the two always agree.
 */
import { baseRules, type RuleSet } from '../rules/index.ts';
import type { Comparison, Metric } from '../rules/model.ts';
import type { ISODate, View } from '../rules/types.ts';
import { timelineOf, intervalIndex } from './active.ts';
import { BIT_LENGTH, DEFAULT_TF32_POLICY, SPARSITY_FACTOR } from '../rules/definitions.ts';
import type { Spec } from './spec.ts';
import { classifySpec } from './classify.ts';

const METRIC_SLOT: Record<Metric, number> = {
  tpp: 0,
  performanceDensity: 1,
  ioBandwidthGBps: 2,
  memoryBandwidthDensity: 3,
  memoryBandwidthGBps: 4,
};
const OP = { '>=': 0, '>': 1, '<': 2, '<=': 3 } as const;
const RANK: Record<string, number> = { '3A090.a': 3, '3A090.b': 2, '3A090.c': 1 };

interface CompiledTest {
  kind: 0 | 1; // 0 ic, 1 hbm
  rank: number;
  paragraph: string;
  slots: Int8Array;
  ops: Int8Array;
  limits: Float64Array;
  /** Note 2-style exclusions that can remove this test: [datacenter flag, comparisons]. */
  exclusions: { datacenter: boolean; slots: Int8Array; ops: Int8Array; limits: Float64Array }[];
}

function pack(cs: Comparison[]) {
  return {
    slots: Int8Array.from(cs.map((c) => METRIC_SLOT[c.metric])),
    ops: Int8Array.from(cs.map((c) => OP[c.op])),
    limits: Float64Array.from(cs.map((c) => c.limit)),
  };
}

function holds(v: Float64Array, slots: Int8Array, ops: Int8Array, limits: Float64Array): number {
  // 1 true, 0 false, -1 unknown (NaN value)
  let unknown = false;
  for (let i = 0; i < slots.length; i++) {
    const x = v[slots[i]!]!;
    if (x !== x) {
      unknown = true;
      continue;
    }
    const l = limits[i]!;
    const ok = ops[i] === 0 ? x >= l : ops[i] === 1 ? x > l : ops[i] === 2 ? x < l : x <= l;
    if (!ok) return 0;
  }
  return unknown ? -1 : 1;
}

const BITS = BIT_LENGTH.value;
/** TPP without allocation: the same arithmetic as metrics.tppOf (TF32 excluded by default). */
function tppValue(spec: Spec): number | null {
  const t = spec.throughput;
  if (!t) return null;
  let best = -1;
  for (let i = 0; i < t.length; i++) {
    const e = t[i]!;
    if (e.format === 'tf32') continue;
    const x = (e.sparse ? e.tops / SPARSITY_FACTOR.value : e.tops) * BITS[e.format];
    if (x > best) best = x;
  }
  return best < 0 ? null : Math.round(best * 1e6) / 1e6;
}

export type FastClassifier = (spec: Spec, date: ISODate) => string | null;

export function compileClassifier(view: View = 'enforced', rules: RuleSet = baseRules()): FastClassifier {
  if (DEFAULT_TF32_POLICY.value !== 'exclude')
    throw new Error('fast classifier assumes TF32 is excluded from TPP');
  const t = timelineOf(rules, view);
  const compiled: CompiledTest[][] = t.sets.map((set) =>
    set.tests.map((test) => ({
      kind: test.itemKind === 'hbm' ? 1 : 0,
      rank: RANK[test.eccn] ?? 0,
      paragraph: test.paragraph,
      ...pack(test.all),
      exclusions: set.exclusions
        .filter((e) => e.excludes.includes(test.eccn))
        .map((e) => ({ datacenter: e.datacenter, ...pack(e.all) })),
    })),
  );
  const v = new Float64Array(5);
  // Batches are usually sorted or clustered by date: remember the last date's interval.
  let lastDate = '';
  let lastIdx = 0;
  return (spec: Spec, date: ISODate): string | null => {
    // Computers and assemblies are classified through what they contain.
    if (spec.kind === 'computer') return classifySpec(spec, date, { view, rules, explain: false }).paragraph;
    if (date !== lastDate) {
      lastIdx = intervalIndex(t, date);
      lastDate = date;
    }
    const tests = compiled[lastIdx]!;
    if (tests.length === 0) return null;
    const tpp = tppValue(spec);
    v[0] = tpp ?? NaN;
    v[1] = tpp !== null && spec.dieAreaMm2 ? tpp / spec.dieAreaMm2 : NaN;
    v[2] = spec.ioBandwidthGBps ?? NaN;
    v[3] =
      spec.memoryBandwidthGBps !== undefined && spec.packageAreaMm2
        ? spec.memoryBandwidthGBps / spec.packageAreaMm2
        : NaN;
    v[4] = spec.memoryBandwidthGBps ?? NaN;
    // Same rounding as computeMetrics so boundaries agree exactly.
    for (let i = 0; i < 5; i++) if (v[i] === v[i]) v[i] = Math.round(v[i]! * 1e6) / 1e6;
    const kind = spec.kind === 'hbm' ? 1 : 0;
    const datacenter = spec.datacenter ?? true;
    let best: CompiledTest | null = null;
    for (let i = 0; i < tests.length; i++) {
      const ct = tests[i]!;
      if (ct.kind !== kind) continue;
      if (holds(v, ct.slots, ct.ops, ct.limits) !== 1) continue;
      let excluded = false;
      for (const ex of ct.exclusions) {
        if (ex.datacenter === datacenter && holds(v, ex.slots, ex.ops, ex.limits) === 1) {
          excluded = true;
          break;
        }
      }
      if (excluded) continue;
      if (!best || ct.rank > best.rank) best = ct;
    }
    return best ? best.paragraph : null;
  };
}
