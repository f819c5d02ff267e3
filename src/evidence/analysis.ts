/**
 * The lag analyses the CLI, API and web app call: one benchmark for two groups (single answer,
 * series, summary, milestones, tolerance sensitivity, bootstrap), all benchmarks at once, and the
 * per-model view. Built on the pure functions of lag.ts; reads nothing itself.
 */
import { InputError } from '../engine/errors.ts';
import type { ISODate } from '../rules/types.ts';
import { groupLabel, inGroup, normaliseName, baseName, type GroupSpec } from './groups.ts';
import {
  addDays,
  bestBy,
  bootstrap,
  comparisonFlags,
  coverage,
  daysBetween,
  lagAt,
  lagSeries,
  milestones,
  months,
  round,
  samplingSE,
  selectObs,
  summarise,
  type BootstrapResult,
  type Flag,
  type LagPoint,
  type LagSummary,
  type Milestone,
  type Obs,
  type SelectOptions,
} from './lag.ts';
import { benchmarkInfo, benchmarkInfos } from './readers.ts';
import type { BenchmarkInfo, LagClaim, Score, ScoreSource } from './types.ts';

export const LAG_METHOD =
  'lag(t) = t − d*, where d* is the most recent day on which the leader group’s best score (models released by then) was not better than the follower group’s best score at t by more than the tolerance, i.e. the day before the leader model listed first exceeded it; months = days ÷ 30.44 (reference/lag.md §4.3; Epoch AI day-by-day method)';

/** Resolve a user-given benchmark name (case/punctuation-insensitive; aliases from data/evidence/benchmarks.json). */
export function resolveBenchmark(name: string, scores: Score[], field = '--benchmark'): string {
  const present = [...new Set(scores.map((s) => s.benchmark))];
  const key = normaliseName(name);
  if (!key) throw new InputError(field, name, 'empty benchmark name');
  const exact = present.find((b) => normaliseName(b) === key);
  if (exact) return exact;
  for (const info of benchmarkInfos()) {
    if (info.aliases.some((a) => normaliseName(a) === key) && present.includes(info.name)) return info.name;
  }
  const partial = present.filter((b) => normaliseName(b).includes(key));
  if (partial.length === 1) return partial[0];
  const hint =
    partial.length > 1
      ? `ambiguous: ${partial.join(' | ')}`
      : `known benchmarks: ${capabilityBenchmarks(scores).join(' | ')}`;
  throw new InputError(field, name, `unknown benchmark (${hint})`);
}

export function capabilityBenchmarks(scores: Score[]): string[] {
  return [...new Set(scores.map((s) => s.benchmark))]
    .filter((b) => benchmarkInfo(b)?.kind !== 'resource')
    .sort();
}

export interface ScoreRef {
  model: string;
  date: ISODate;
  score: number;
  source: ScoreSource;
}
const ref = (o: Obs | undefined): ScoreRef | undefined =>
  o ? { model: o.model, date: o.date, score: o.value, source: o.score.source } : undefined;

export interface StaleCheck {
  asOf: ISODate;
  leaderLast?: ISODate;
  followerLast?: ISODate;
  /** True when the newest data on this benchmark is more than maxStaleDays before asOf. */
  stale: boolean;
  warnings: string[];
}

export function checkStaleness(
  benchmark: string,
  asOf: ISODate,
  leader: Obs[],
  follower: Obs[],
  maxStaleDays: number,
): StaleCheck {
  const ll = coverage(leader.filter((o) => o.date <= asOf)).last;
  const fl = coverage(follower.filter((o) => o.date <= asOf)).last;
  const warnings: string[] = [];
  const newest = [ll, fl].filter(Boolean).sort().pop();
  const stale = newest !== undefined && daysBetween(newest, asOf) > maxStaleDays;
  if (stale)
    warnings.push(
      `stale data: the newest ${benchmark} report is ${newest}, ${daysBetween(newest!, asOf)} days before the as-of date ${asOf} (limit ${maxStaleDays} days); the lag would grow with the calendar, not with the evidence`,
    );
  else {
    if (fl && daysBetween(fl, asOf) > maxStaleDays)
      warnings.push(
        `no follower report on ${benchmark} since ${fl}: missing is not "no progress", so the lag is an upper bound`,
      );
    if (ll && daysBetween(ll, asOf) > maxStaleDays)
      warnings.push(`no leader report on ${benchmark} since ${ll}: the lag is a lower bound`);
  }
  return { asOf, ...(ll ? { leaderLast: ll } : {}), ...(fl ? { followerLast: fl } : {}), stale, warnings };
}

export interface GroupLagOptions extends SelectOptions {
  leader: GroupSpec;
  follower: GroupSpec;
  benchmark: string;
  tolerance?: number;
  asOf?: ISODate;
  from?: ISODate;
  to?: ISODate;
  step?: number;
  maxStaleDays?: number;
  allowStale?: boolean;
  /** Tolerances for the sensitivity table. Default [0, 1, 2] (plus 1 and 2 standard errors where known). */
  sensitivity?: number[];
  bootstrapReps?: number;
  seed?: number;
  /** Include series points (default true). */
  withSeries?: boolean;
  /** Named leader models for milestones (when the follower first matched each), besides the leader's records. */
  milestoneModels?: string[];
  includeBounded?: boolean;
}

export interface SensitivityRow {
  tolerance: number;
  label: string;
  lagMonthsAsOf: number | null;
  summary: LagSummary;
}

export interface GroupLagResult {
  benchmark: string;
  benchmarkInfo?: BenchmarkInfo;
  leader: string;
  follower: string;
  tolerance: number;
  asOf: ISODate;
  asOfChosen: 'given' | 'data-end';
  lagMonths: number | null;
  lagDays: number | null;
  status: LagPoint['status'];
  followerBest?: ScoreRef;
  leaderModel?: string;
  leaderDate?: ISODate;
  leaderScore?: number;
  leaderSource?: ScoreSource;
  lastNotBetter?: ISODate;
  leaderBest?: ScoreRef;
  flags: Flag[];
  staleness: StaleCheck;
  window: { from: ISODate; to: ISODate; step: number };
  summary: LagSummary;
  series?: {
    date: ISODate;
    lagMonths: number | null;
    followerModel?: string;
    leaderModel?: string;
    bound?: string;
  }[];
  milestones: Milestone[];
  namedMilestones?: Milestone[];
  sensitivity: SensitivityRow[];
  bootstrap?: (BootstrapResult & { of: string }) | { unavailable: string };
  counts: { leader: number; follower: number };
  method: string;
}

export class StaleDataError extends InputError {}

/** When the follower first matched one named leader model (its best score on the benchmark, within the tolerance). */
export function namedMilestone(
  leader: Obs[],
  follower: Obs[],
  tol: number,
  name: string,
  dataEnd?: ISODate,
): Milestone {
  const key = normaliseName(name);
  const hits = leader.filter((o) => [o.model, ...o.score.aliases].some((n) => normaliseName(n) === key));
  if (hits.length === 0) {
    const cands = [
      ...new Set(leader.filter((o) => normaliseName(o.model).includes(key)).map((o) => o.model)),
    ];
    throw new InputError(
      '--milestone',
      name,
      `no leader model of that name on this benchmark${cands.length ? `; candidates: ${cands.slice(0, 10).join(' | ')}` : ''}`,
    );
  }
  const l = hits.reduce((a, b) => (b.value > a.value ? b : a));
  return milestones([l], follower, tol, dataEnd)[0];
}

export function groupLag(scores: Score[], o: GroupLagOptions): GroupLagResult {
  const tol = o.tolerance ?? 0;
  if (!(Number.isFinite(tol) && tol >= 0))
    throw new InputError('--tolerance', o.tolerance, 'must be a number >= 0');
  const maxStale = o.maxStaleDays ?? 90;
  const info = benchmarkInfo(o.benchmark);
  if (info?.kind === 'resource')
    throw new InputError(
      '--benchmark',
      o.benchmark,
      'is a resource figure (compute/cost), not a capability score; use `evidence trend`',
    );
  const leader = selectObs(scores, o.benchmark, o.leader, o);
  const follower = selectObs(scores, o.benchmark, o.follower, o);
  if (leader.length === 0)
    throw new InputError(
      '--leader',
      groupLabel(o.leader),
      `no ${o.benchmark} scores for this group after filters`,
    );
  if (follower.length === 0)
    throw new InputError(
      '--follower',
      groupLabel(o.follower),
      `no ${o.benchmark} scores for this group after filters`,
    );
  const lc = coverage(leader);
  const fc = coverage(follower);
  const dataEnd = [lc.last!, fc.last!].sort()[1];
  const asOf = o.asOf ?? dataEnd;
  const staleness = checkStaleness(o.benchmark, asOf, leader, follower, maxStale);
  if (staleness.stale && !o.allowStale)
    throw new StaleDataError(
      '--as-of',
      asOf,
      `${staleness.warnings[0]}; load newer data or pass --allow-stale`,
    );

  const p = lagAt(leader, follower, asOf, tol);
  const lCount = leader.filter((x) => x.date <= asOf).length;
  const flags = p.follower ? comparisonFlags(info, p.follower, p.crossing, lCount) : [];

  // Window: from the first day both groups have a score, to the as-of date (given) or the last day both still report.
  const from = o.from ?? [lc.first!, fc.first!].sort()[1];
  const to = o.to ?? (o.asOf ? asOf : [lc.last!, fc.last!].sort()[0]);
  if (to < from && (o.from || o.to))
    throw new InputError(
      o.to ? '--to' : '--from',
      o.to ?? o.from,
      `the series window ends (${to}) before it starts (${from})`,
    );
  const step = o.step ?? 1;
  // An as-of date before both groups have a score gives an empty window (the single answer says why).
  const series =
    to < from ? [] : lagSeries(leader, follower, { from, to, step, tolerance: tol, maxStaleDays: maxStale });
  const summary = summarise(series, o.includeBounded);

  const tols = new Map<number, string>();
  for (const t of o.sensitivity ?? [0, 1, 2]) tols.set(t, `${t} pts`);
  if (info?.kind === 'score' && info.items && p.follower) {
    const se = samplingSE(p.follower.value, info.items);
    tols.set(round(se, 2), '1 SE');
    tols.set(round(2 * se, 2), '2 SE');
  }
  const sensitivity = [...tols.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([t, label]) => ({
      tolerance: t,
      label,
      lagMonthsAsOf: lagAt(leader, follower, asOf, t).lagMonths,
      summary: summarise(
        to < from
          ? []
          : lagSeries(leader, follower, { from, to, step, tolerance: t, maxStaleDays: maxStale }),
        o.includeBounded,
      ),
    }));

  let boot: GroupLagResult['bootstrap'];
  if (o.bootstrapReps && o.bootstrapReps > 0) {
    if (info?.kind === 'score' && info.items) {
      const b = bootstrap(
        leader,
        follower,
        info.items,
        (l, f) => lagAt(l, f, asOf, tol).lagMonths,
        o.bootstrapReps,
        o.seed ?? 1,
      );
      boot = { ...b, of: `lag at ${asOf}` };
    } else
      boot = {
        unavailable: `${o.benchmark}: no item count to resample (${info?.kind ?? 'unknown'} scale); Epoch bootstraps ECI by refitting it from per-benchmark scores, which these files do not contain — use --tolerance instead`,
      };
  }

  const result: GroupLagResult = {
    benchmark: o.benchmark,
    ...(info ? { benchmarkInfo: info } : {}),
    leader: groupLabel(o.leader),
    follower: groupLabel(o.follower),
    tolerance: tol,
    asOf,
    asOfChosen: o.asOf ? 'given' : 'data-end',
    lagMonths: p.lagMonths,
    lagDays: p.lagDays,
    status: p.status,
    flags,
    staleness,
    window: { from, to, step },
    summary,
    milestones: milestones(leader, follower, tol, fc.last),
    ...(o.milestoneModels?.length
      ? { namedMilestones: o.milestoneModels.map((n) => namedMilestone(leader, follower, tol, n, fc.last)) }
      : {}),
    sensitivity,
    counts: { leader: leader.length, follower: follower.length },
    method: LAG_METHOD,
  };
  const fb = ref(p.follower);
  if (fb) result.followerBest = fb;
  const lb = ref(p.leaderBest);
  if (lb) result.leaderBest = lb;
  if (p.crossing) {
    result.leaderModel = p.crossing.model;
    result.leaderDate = p.crossing.date;
    result.leaderScore = p.crossing.value;
    result.leaderSource = p.crossing.score.source;
    result.lastNotBetter = p.lastNotBetter!;
  }
  if (boot) result.bootstrap = boot;
  if (o.withSeries !== false)
    result.series = series.map((s) => ({
      date: s.date,
      lagMonths: s.lagMonths,
      ...(s.follower ? { followerModel: s.follower.model } : {}),
      ...(s.crossing ? { leaderModel: s.crossing.model } : {}),
      ...(s.bound ? { bound: s.bound } : {}),
    }));
  return result;
}

export interface AllBenchmarksResult {
  leader: string;
  follower: string;
  tolerance: number;
  asOf?: ISODate;
  results: GroupLagResult[];
  skipped: { benchmark: string; reason: string }[];
}

/** groupLag for every capability benchmark with scores in both groups; stale or empty ones are listed as skipped. */
export function groupLagAll(scores: Score[], o: Omit<GroupLagOptions, 'benchmark'>): AllBenchmarksResult {
  const results: GroupLagResult[] = [];
  const skipped: { benchmark: string; reason: string }[] = [];
  for (const b of capabilityBenchmarks(scores)) {
    try {
      results.push(groupLag(scores, { ...o, benchmark: b, withSeries: o.withSeries ?? false }));
    } catch (e) {
      if (e instanceof InputError) skipped.push({ benchmark: b, reason: e.message });
      else throw e;
    }
  }
  return {
    leader: groupLabel(o.leader),
    follower: groupLabel(o.follower),
    tolerance: o.tolerance ?? 0,
    ...(o.asOf ? { asOf: o.asOf } : {}),
    results,
    skipped,
  };
}

// ---------------------------------------------------------------------------------------------
// Per-model view

export interface ModelLagRow {
  benchmark: string;
  kind?: BenchmarkInfo['kind'];
  status: LagPoint['status'];
  lagMonths: number | null;
  lagDays: number | null;
  followerScore: number;
  followerSource: ScoreSource;
  leaderModel?: string;
  leaderDate?: ISODate;
  leaderScore?: number;
  leaderSource?: ScoreSource;
  lastNotBetter?: ISODate;
  /** The leader's best at the follower's release, when the follower was level or ahead. */
  leaderBestAtRelease?: ScoreRef;
  /** When level or ahead: the first later leader model that exceeded it (from the data). */
  leaderExceededLater?: ScoreRef & { monthsAfterRelease: number };
  noiseSE?: number;
  flags: Flag[];
  bootstrap?: BootstrapResult;
}

export interface ClaimCheck {
  id: string;
  text: string;
  source: string;
  lagMonths: [number, number];
  within: string[];
  below: string[];
  above: string[];
  closest?: { benchmark: string; lagMonths: number };
  verdict: string;
}

export interface ModelLagResult {
  model: string;
  matched: string[];
  releaseDate: ISODate;
  follower: string;
  leader: string;
  tolerance: number;
  sameSource: boolean;
  rows: ModelLagRow[];
  summary: {
    n: number;
    minMonths: number | null;
    maxMonths: number | null;
    medianMonths: number | null;
    meanMonths: number | null;
  };
  claims: ClaimCheck[];
  method: string;
}

export interface ModelLagOptions extends SelectOptions {
  leader?: GroupSpec;
  follower?: GroupSpec;
  tolerance?: number;
  /** Compare only with leader scores from the same source document and setting (one harness). */
  sameSource?: boolean;
  benchmark?: string;
  bootstrapReps?: number;
  seed?: number;
  claims?: LagClaim[];
}

export function findModelScores(scores: Score[], name: string): Score[] {
  const key = normaliseName(name);
  if (!key) throw new InputError('--model', name, 'empty model name');
  const hit = scores.filter((s) => [s.model, ...s.aliases].some((n) => normaliseName(n) === key));
  if (hit.length) return hit;
  const base = scores.filter((s) => normaliseName(baseName(s.model)) === key);
  const names = [...new Set(base.map((s) => s.model))];
  if (names.length === 1) return base;
  const cands = names.length
    ? names
    : [
        ...new Set(
          scores
            .filter((s) => [s.model, ...s.aliases].some((n) => normaliseName(n).includes(key)))
            .map((s) => s.model),
        ),
      ];
  throw new InputError(
    '--model',
    name,
    cands.length
      ? `no exact match; candidates: ${cands.slice(0, 12).join(' | ')}`
      : 'no model of that name in the loaded data',
  );
}

export function modelLag(scores: Score[], name: string, o: ModelLagOptions = {}): ModelLagResult {
  const tol = o.tolerance ?? 0;
  if (!(Number.isFinite(tol) && tol >= 0))
    throw new InputError('--tolerance', o.tolerance, 'must be a number >= 0');
  const own = findModelScores(scores, name).filter(
    (s) =>
      benchmarkInfo(s.benchmark)?.kind !== 'resource' &&
      !(o.reporters?.length && !o.reporters.includes(s.source.reporter)) &&
      !(
        o.sourceContains &&
        !`${s.source.document} ${s.source.setting ?? ''}`
          .toLowerCase()
          .includes(o.sourceContains.toLowerCase())
      ),
  );
  if (own.length === 0)
    throw new InputError('--model', name, 'the model has no capability scores in the loaded data');
  const releaseDate = own.map((s) => s.releaseDate).sort()[0];
  const follower: GroupSpec = o.follower ?? { kind: 'country', country: own[0].countries[0] ?? 'unknown' };
  const leader: GroupSpec = o.leader ?? { kind: 'country', country: 'US' };
  if (inGroup(own[0], leader, o))
    throw new InputError(
      '--leader',
      groupLabel(leader),
      `${own[0].model} belongs to the leader group; pass another --leader`,
    );
  const benches = [...new Set(own.map((s) => s.benchmark))]
    .filter((b) => !o.benchmark || b === o.benchmark)
    .sort();
  const rows: ModelLagRow[] = [];
  for (const b of benches) {
    const info = benchmarkInfo(b);
    const mine = own.filter((s) => s.benchmark === b);
    const pick = mine.reduce((a, s) =>
      (o.policy ?? 'max') === 'max' ? (s.value > a.value ? s : a) : s.value < a.value ? s : a,
    );
    const fObs: Obs = { model: pick.model, date: releaseDate, value: pick.value, score: pick };
    const sameSource = o.sameSource || info?.kind === 'elo';
    // Same source: select the leader's scores within the follower score's document (one harness / snapshot).
    const pool = sameSource
      ? scores.filter((s) => s.benchmark === b && s.source.document === pick.source.document)
      : scores;
    const leaderObs = selectObs(pool, b, leader, o);
    const p = lagAt(leaderObs, [fObs], releaseDate, tol);
    const lCount = leaderObs.filter((x) => x.date <= releaseDate).length;
    const row: ModelLagRow = {
      benchmark: b,
      ...(info ? { kind: info.kind } : {}),
      status: p.status,
      lagMonths: p.lagMonths,
      lagDays: p.lagDays,
      followerScore: pick.value,
      followerSource: pick.source,
      flags: comparisonFlags(info, fObs, p.crossing, lCount),
    };
    if (p.crossing) {
      row.leaderModel = p.crossing.model;
      row.leaderDate = p.crossing.date;
      row.leaderScore = p.crossing.value;
      row.leaderSource = p.crossing.score.source;
      row.lastNotBetter = p.lastNotBetter!;
    } else if (p.status === 'level-or-ahead') {
      row.leaderBestAtRelease = ref(p.leaderBest)!;
      const later = leaderObs.find((x) => x.date > releaseDate && x.value > pick.value + tol);
      if (later)
        row.leaderExceededLater = {
          ...ref(later)!,
          monthsAfterRelease: months(daysBetween(releaseDate, later.date)),
        };
    }
    if (info?.kind === 'score' && info.items) {
      row.noiseSE = samplingSE(pick.value, info.items);
      if (o.bootstrapReps && o.bootstrapReps > 0)
        row.bootstrap = bootstrap(
          leaderObs,
          [fObs],
          info.items,
          (l, f) => lagAt(l, f, releaseDate, tol).lagMonths,
          o.bootstrapReps,
          o.seed ?? 1,
        );
    }
    rows.push(row);
  }
  const lags = rows.filter((r) => r.lagMonths !== null).map((r) => r.lagMonths!) as number[];
  const sorted = [...lags].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const claims: ClaimCheck[] = [];
  for (const c of o.claims ?? []) {
    if (!c.follower || normaliseName(c.follower) !== normaliseName(own[0].model)) continue;
    const [lo, hi] = c.lagMonths;
    const named = rows.filter((r) => r.lagMonths !== null);
    const within = named.filter((r) => r.lagMonths! >= lo && r.lagMonths! <= hi).map((r) => r.benchmark);
    const below = named.filter((r) => r.lagMonths! < lo).map((r) => r.benchmark);
    const above = named.filter((r) => r.lagMonths! > hi).map((r) => r.benchmark);
    const dist = (x: number) => (x < lo ? lo - x : x > hi ? x - hi : 0);
    const closest = named.slice().sort((a, b) => dist(a.lagMonths!) - dist(b.lagMonths!))[0];
    claims.push({
      id: c.id,
      text: c.text,
      source: c.source,
      lagMonths: c.lagMonths,
      within,
      below,
      above,
      ...(closest ? { closest: { benchmark: closest.benchmark, lagMonths: closest.lagMonths! } } : {}),
      verdict: `${lo}–${hi} months: ${within.length} of ${named.length} benchmarks fall inside, ${below.length} below, ${above.length} above${
        sorted.length
          ? `; the data give ${round(sorted[0], 1)}–${round(sorted[sorted.length - 1], 1)} months (median ${round(sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2, 1)})`
          : ''
      }${closest ? `; closest: ${closest.benchmark} ${round(closest.lagMonths!, 1)} months` : ''}`,
    });
  }
  return {
    model: own[0].model,
    matched: [...new Set(own.map((s) => s.model))],
    releaseDate,
    follower: groupLabel(follower),
    leader: groupLabel(leader),
    tolerance: tol,
    sameSource: !!o.sameSource,
    rows,
    summary: {
      n: lags.length,
      minMonths: sorted.length ? sorted[0] : null,
      maxMonths: sorted.length ? sorted[sorted.length - 1] : null,
      medianMonths: sorted.length
        ? sorted.length % 2
          ? sorted[mid]
          : (sorted[mid - 1] + sorted[mid]) / 2
        : null,
      meanMonths: sorted.length ? lags.reduce((a, b) => a + b, 0) / lags.length : null,
    },
    claims,
    method: LAG_METHOD,
  };
}

export { bestBy, addDays };
