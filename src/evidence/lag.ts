/**
 * Capability lag between a leader group and a follower group of models, per benchmark.
 *
 * Method (reference/lag.md §3.3 and §4.3, after Epoch AI's day-by-day method): for each day t,
 *   F(t)  = the follower's best score among models released on or before t;
 *   L(d)  = the leader's best score among models released on or before d (a running maximum);
 *   c     = the first day on which the leader was better than F(t) by more than `tolerance`
 *           (L(c) > F(t) + tolerance), looking only at days up to t;
 *   d*    = c − 1, the most recent day on which the leader's best was not better by more than the
 *           tolerance (the issue's and Epoch's definition);
 *   lag(t) = t − d* in days (0 if there is no such c: the follower is level or ahead),
 *           in months = days ÷ 30.44.
 * This is one day more than "t − the leader model's release date" (lag.md §4.1 counts t − c); both
 * give DeepSeek-V3's GPQA Diamond lag as 6.2 months.
 *
 * Everything here is a pure function of the scores passed in.
 */
import { InputError } from '../engine/errors.ts';
import type { ISODate } from '../rules/types.ts';
import { inGroup, normaliseName, type GroupSpec, type GroupOptions } from './groups.ts';
import type { BenchmarkInfo, ReporterKind, Score } from './types.ts';

/** Average days per month (365.25 / 12), the convention of reference/lag.md. */
export const DAYS_PER_MONTH = 30.44;
const DAY_MS = 86_400_000;

export function toDay(d: ISODate): number {
  return Math.round(Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10)) / DAY_MS);
}
export function fromDay(n: number): ISODate {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}
export function daysBetween(a: ISODate, b: ISODate): number {
  return toDay(b) - toDay(a);
}
export function addDays(d: ISODate, n: number): ISODate {
  return fromDay(toDay(d) + n);
}
export const months = (days: number): number => days / DAYS_PER_MONTH;
export const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits;

export function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  return fromDay(toDay(s)) === s;
}

/** One score of one model, as used by the lag computation. */
export interface Obs {
  model: string;
  date: ISODate;
  value: number;
  score: Score;
}

export interface SelectOptions extends GroupOptions {
  /** Glob patterns (case-insensitive, * wildcard) of model names to leave out (e.g. "o1*"). */
  excludeModels?: string[];
  /** Only scores from these reporters. */
  reporters?: ReporterKind[];
  /** Only scores whose source document or setting contains this text (one harness / one table). */
  sourceContains?: string;
  /** With several reports of one model on one benchmark, keep the highest ('max', default) or lowest ('min'). */
  policy?: 'max' | 'min';
}

function globToRegex(glob: string): RegExp {
  const esc = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${esc}$`, 'i');
}

export function modelMatches(s: Score, patterns: string[]): boolean {
  const res = patterns.map(globToRegex);
  return [s.model, ...s.aliases].some((n) => res.some((r) => r.test(n)));
}

/** Scores of one benchmark for one group, after the filters; one observation per model and source policy. */
export function selectObs(
  scores: Score[],
  benchmark: string,
  group: GroupSpec | null,
  opts: SelectOptions = {},
): Obs[] {
  const rows = scores.filter(
    (s) =>
      s.benchmark === benchmark &&
      (group === null || inGroup(s, group, opts)) &&
      !(opts.excludeModels?.length && modelMatches(s, opts.excludeModels)) &&
      !(opts.reporters?.length && !opts.reporters.includes(s.source.reporter)) &&
      !(
        opts.sourceContains &&
        !`${s.source.document} ${s.source.setting ?? ''}`
          .toLowerCase()
          .includes(opts.sourceContains.toLowerCase())
      ),
  );
  const policy = opts.policy ?? 'max';
  const byModel = new Map<string, Score>();
  for (const s of rows) {
    const k = `${normaliseName(s.model)}|${s.releaseDate}`;
    const prev = byModel.get(k);
    if (!prev || (policy === 'max' ? s.value > prev.value : s.value < prev.value)) byModel.set(k, s);
  }
  return [...byModel.values()]
    .map((s) => ({ model: s.model, date: s.releaseDate, value: s.value, score: s }))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : b.value - a.value));
}

/** Best observation released on or before t (ties: the earliest). */
export function bestBy(obs: Obs[], t: ISODate): Obs | undefined {
  let best: Obs | undefined;
  for (const o of obs) {
    if (o.date > t) break;
    if (!best || o.value > best.value) best = o;
  }
  return best;
}

/** Record-setters: observations that raised the running maximum, in date order. */
export function frontier(obs: Obs[]): Obs[] {
  const out: Obs[] = [];
  let max = -Infinity;
  for (const o of obs) {
    if (o.value > max) {
      out.push(o);
      max = o.value;
    }
  }
  return out;
}

/** First observation on or before t whose value exceeds `threshold`. */
export function firstAbove(obs: Obs[], threshold: number, t: ISODate): Obs | undefined {
  for (const o of obs) {
    if (o.date > t) return undefined;
    if (o.value > threshold) return o;
  }
  return undefined;
}

export type LagStatus = 'behind' | 'level-or-ahead' | 'no-follower-data' | 'no-leader-data';

export interface LagPoint {
  date: ISODate;
  status: LagStatus;
  lagDays: number | null;
  lagMonths: number | null;
  follower?: Obs;
  /** The leader model that first exceeded the follower's best by more than the tolerance. */
  crossing?: Obs;
  /** d*: the last day on which the leader was not better (crossing date − 1). */
  lastNotBetter?: ISODate;
  leaderBest?: Obs;
  /** 'upper': the follower has no report for a long time before t (missing is not "no progress"); 'lower': the leader has none. */
  bound?: 'upper' | 'lower' | 'unknown';
}

export function lagAt(leader: Obs[], follower: Obs[], t: ISODate, tolerance: number): LagPoint {
  const f = bestBy(follower, t);
  const lb = bestBy(leader, t);
  if (!f)
    return {
      date: t,
      status: 'no-follower-data',
      lagDays: null,
      lagMonths: null,
      ...(lb ? { leaderBest: lb } : {}),
    };
  if (!lb) return { date: t, status: 'no-leader-data', lagDays: null, lagMonths: null, follower: f };
  const c = firstAbove(leader, f.value + tolerance, t);
  if (!c) return { date: t, status: 'level-or-ahead', lagDays: 0, lagMonths: 0, follower: f, leaderBest: lb };
  const dStar = addDays(c.date, -1);
  const d = daysBetween(dStar, t);
  return {
    date: t,
    status: 'behind',
    lagDays: d,
    lagMonths: months(d),
    follower: f,
    crossing: c,
    lastNotBetter: dStar,
    leaderBest: lb,
  };
}

export interface SeriesOptions {
  from: ISODate;
  to: ISODate;
  /** Grid step in days (1 = day by day). */
  step?: number;
  tolerance: number;
  /** Days without a new report after which a group counts as missing. Default 90. */
  maxStaleDays?: number;
}

export function coverage(obs: Obs[]): { first?: ISODate; last?: ISODate } {
  if (obs.length === 0) return {};
  return { first: obs[0].date, last: obs[obs.length - 1].date };
}

export function lagSeries(leader: Obs[], follower: Obs[], o: SeriesOptions): LagPoint[] {
  const step = o.step ?? 1;
  if (!(step >= 1)) throw new InputError('step', step, 'must be a whole number of days >= 1');
  const stale = o.maxStaleDays ?? 90;
  const fl = coverage(follower).last;
  const ll = coverage(leader).last;
  const out: LagPoint[] = [];
  for (let d = toDay(o.from), end = toDay(o.to); d <= end; d += step) {
    const t = fromDay(d);
    const p = lagAt(leader, follower, t, o.tolerance);
    const fMissing = fl !== undefined && daysBetween(fl, t) > stale;
    const lMissing = ll !== undefined && daysBetween(ll, t) > stale;
    if (fMissing || lMissing) p.bound = fMissing && lMissing ? 'unknown' : fMissing ? 'upper' : 'lower';
    out.push(p);
  }
  return out;
}

export interface LagSummary {
  n: number;
  from?: ISODate;
  to?: ISODate;
  meanMonths: number | null;
  medianMonths: number | null;
  minMonths: number | null;
  maxMonths: number | null;
  /** Points left out because a group had stopped reporting (bound set). */
  excludedBounded: number;
}

export function summarise(points: LagPoint[], includeBounded = false): LagSummary {
  const used = points.filter((p) => p.lagMonths !== null && (includeBounded || !p.bound));
  const excludedBounded = points.filter((p) => p.lagMonths !== null && p.bound && !includeBounded).length;
  if (used.length === 0)
    return { n: 0, meanMonths: null, medianMonths: null, minMonths: null, maxMonths: null, excludedBounded };
  const v = used.map((p) => p.lagMonths!).sort((a, b) => a - b);
  const mid = v.length >> 1;
  return {
    n: v.length,
    from: used[0].date,
    to: used[used.length - 1].date,
    meanMonths: v.reduce((a, b) => a + b, 0) / v.length,
    medianMonths: v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2,
    minMonths: v[0],
    maxMonths: v[v.length - 1],
    excludedBounded,
  };
}

export interface Milestone {
  leaderModel: string;
  leaderDate: ISODate;
  leaderScore: number;
  followerModel?: string;
  followerDate?: ISODate;
  followerScore?: number;
  /** Months from the leader model's release to the first follower model not worse by more than the tolerance. */
  months: number | null;
  /** When not yet matched: months from the leader's release to the end of the follower's data (a lower bound). */
  atLeastMonths?: number;
}

/** For each leader record-setter: when the follower first matched it (score >= leader score − tolerance). */
export function milestones(
  leader: Obs[],
  follower: Obs[],
  tolerance: number,
  dataEnd?: ISODate,
): Milestone[] {
  const end = dataEnd ?? coverage(follower).last;
  return frontier(leader).map((l) => {
    const m = follower.find((f) => f.value >= l.value - tolerance && f.date >= l.date) ?? undefined;
    const earlier = follower.find((f) => f.value >= l.value - tolerance && f.date < l.date);
    const base: Milestone = { leaderModel: l.model, leaderDate: l.date, leaderScore: l.value, months: null };
    if (earlier) {
      return {
        ...base,
        followerModel: earlier.model,
        followerDate: earlier.date,
        followerScore: earlier.value,
        months: 0,
      };
    }
    if (m)
      return {
        ...base,
        followerModel: m.model,
        followerDate: m.date,
        followerScore: m.value,
        months: months(daysBetween(l.date, m.date)),
      };
    const out = { ...base };
    if (end && end >= l.date) out.atLeastMonths = months(daysBetween(l.date, end));
    return out;
  });
}

// ---------------------------------------------------------------------------------------------
// Sampling noise and bootstrap

/** One-run binomial standard error in score points, for a percent score on `items` items. */
export function samplingSE(valuePct: number, items: number): number {
  const p = Math.min(1, Math.max(0, valuePct / 100));
  return 100 * Math.sqrt((p * (1 - p)) / items);
}

/** Seeded PRNG (mulberry32) so bootstrap answers are reproducible. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(r: () => number): number {
  const u = Math.max(r(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
}

/** Binomial(n, p) draw: exact for small n, normal approximation (clipped) otherwise. */
export function binomial(n: number, p: number, r: () => number): number {
  if (n <= 300) {
    let k = 0;
    for (let i = 0; i < n; i++) if (r() < p) k++;
    return k;
  }
  const k = Math.round(n * p + Math.sqrt(n * p * (1 - p)) * normal(r));
  return Math.min(n, Math.max(0, k));
}

export function resample(obs: Obs[], items: number, r: () => number): Obs[] {
  return obs
    .map((o) => ({
      ...o,
      value: (100 * binomial(items, Math.min(1, Math.max(0, o.value / 100)), r)) / items,
    }))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : b.value - a.value));
}

export interface BootstrapResult {
  reps: number;
  seed: number;
  items: number;
  medianMonths: number;
  ci95: [number, number];
  /** Share of replicates in which the follower was behind at all. */
  shareBehind: number;
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * Bootstrap over score noise: each reported score is redrawn as Binomial(items, score) / items
 * (one run of the benchmark), and the statistic is recomputed. Only for percent-correct benchmarks
 * with a known item count.
 */
export function bootstrap(
  leader: Obs[],
  follower: Obs[],
  items: number,
  stat: (leader: Obs[], follower: Obs[]) => number | null,
  reps = 200,
  seed = 1,
): BootstrapResult {
  const r = rng(seed);
  const vals: number[] = [];
  let behind = 0;
  for (let i = 0; i < reps; i++) {
    const v = stat(resample(leader, items, r), resample(follower, items, r));
    if (v === null) continue;
    vals.push(v);
    if (v > 0) behind++;
  }
  vals.sort((a, b) => a - b);
  return {
    reps,
    seed,
    items,
    medianMonths: quantile(vals, 0.5),
    ci95: [quantile(vals, 0.025), quantile(vals, 0.975)],
    shareBehind: vals.length ? behind / vals.length : 0,
  };
}

// ---------------------------------------------------------------------------------------------
// Flags: the pitfalls of reference/lag.md §4.2 that apply to one comparison

export interface Flag {
  code:
    | 'mixed-harness'
    | 'within-noise'
    | 'saturated'
    | 'variant'
    | 'self-reported'
    | 'competitor-reported'
    | 'secondary-source'
    | 'sparse-leader'
    | 'snapshot-only';
  text: string;
}

export function comparisonFlags(
  info: BenchmarkInfo | undefined,
  f: Obs,
  c: Obs | undefined,
  leaderCount: number,
): Flag[] {
  const flags: Flag[] = [];
  if (c) {
    const same =
      c.score.source.document === f.score.source.document &&
      (c.score.source.setting ?? '') === (f.score.source.setting ?? '');
    if (!same)
      flags.push({
        code: 'mixed-harness',
        text: `follower score from "${f.score.source.document}"${f.score.source.setting ? ` (${f.score.source.setting})` : ''}, leader score from "${c.score.source.document}"${c.score.source.setting ? ` (${c.score.source.setting})` : ''}: harness/mode may differ by as much as the gap`,
      });
    if (info?.kind === 'score' && info.items) {
      const se = samplingSE(f.value, info.items);
      if (c.value - f.value < 2 * se)
        flags.push({
          code: 'within-noise',
          text: `leader margin ${round(c.value - f.value, 1)} pts is within 2 standard errors of one run (SE ≈ ${round(se, 1)} pts on ${info.items} items)`,
        });
    }
  }
  if (info?.saturationAt !== undefined) {
    const top = Math.max(f.value, c?.value ?? -Infinity);
    if (top >= info.saturationAt)
      flags.push({
        code: 'saturated',
        text: `scores near the ceiling (≥ ${info.saturationAt}): little room to show a gap${info.saturationNote ? `; ${info.saturationNote}` : ''}`,
      });
    else if (info.saturationNote) flags.push({ code: 'saturated', text: info.saturationNote });
  }
  if (info?.variantNote) flags.push({ code: 'variant', text: info.variantNote });
  for (const o of c ? [f, c] : [f]) {
    const who = o === f ? 'follower' : 'leader';
    if (o.score.source.reporter === 'self')
      flags.push({
        code: 'self-reported',
        text: `${who} score is self-reported (self-reports run ~5 pp above independent evals on average, per a SPAR study cited in lag.md §4.2)`,
      });
    if (o.score.source.reporter === 'competitor')
      flags.push({
        code: 'competitor-reported',
        text: `${who} score reported by a competing lab (${o.score.source.reportedBy ?? 'unknown'}) in its own harness`,
      });
    if (o.score.source.secondary)
      flags.push({ code: 'secondary-source', text: `${who} score taken from a secondary summary` });
  }
  if (leaderCount < 3)
    flags.push({
      code: 'sparse-leader',
      text: `only ${leaderCount} leader report(s) up to this date: sparse tables understate lags`,
    });
  if (info?.kind === 'elo')
    flags.push({ code: 'snapshot-only', text: 'Elo compared within one leaderboard snapshot only' });
  return flags;
}
