/**
 * Cost curves: log-linear trend fits with confidence intervals.
 *
 * Method: ordinary least squares of log10(value) on decimal year; growth factor per year =
 * 10^slope, with a two-sided t-based 95% interval 10^(slope ± t·SE). Doubling (or halving) time in
 * months = 12·log10(2)/|slope|. This is the standard log-linear trend of Epoch AI's data insights
 * (e.g. Cottier et al., arXiv:2405.21015) without their breakpoint search or top-N filters.
 *
 * Metrics (keep them apart, reference/lag.md §3.4):
 *   compute             frontier training compute (FLOP), Epoch Notable AI Models, "Frontier model" flag
 *   cost                frontier training compute cost (2023 USD), same file
 *   capability-compute  training compute needed to reach a fixed capability (Epoch ECI file, models with an
 *                       ECI score and a compute estimate). Default method 'regression': OLS of
 *                       log10(compute) on decimal year and ECI together; at a fixed ECI the compute
 *                       needed changes by 10^(year coefficient) per year (a simplified, linear form of
 *                       the approach of Ho, Besiroglu et al., arXiv:2403.05812). Alternative
 *                       'record-lows': successive record lows of compute among models with ECI >= threshold.
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../engine/errors.ts';
import type { Confidence, ISODate } from '../rules/types.ts';
import { ols, olsMulti } from './stats.ts';
import { isIsoDate, round, toDay } from './lag.ts';
import type { EciModel, NotableModel } from './readers.ts';
import { DEFAULT_FILES } from './readers.ts';
import type { Dataset } from './types.ts';

export type TrendMetric = 'compute' | 'cost' | 'capability-compute';
export const TREND_METRICS: readonly TrendMetric[] = ['compute', 'cost', 'capability-compute'];

export interface PublishedRate {
  id: string;
  metric: 'compute' | 'cost' | 'fixed-capability' | 'inference-price';
  direction: 'growth' | 'decline';
  factorPerYear: number;
  ci95?: [number, number];
  range?: [number, number];
  label: string;
  source: string;
  confidence: Confidence;
}

export function publishedRates(file = DEFAULT_FILES.rates): PublishedRate[] {
  return (JSON.parse(readFileSync(file, 'utf8')) as { rates: PublishedRate[] }).rates;
}

export function decimalYear(d: ISODate): number {
  const y = +d.slice(0, 4);
  const start = toDay(`${y}-01-01`);
  const len = toDay(`${y + 1}-01-01`) - start;
  return y + (toDay(d) - start) / len;
}

export interface TrendPoint {
  model: string;
  date: ISODate;
  value: number;
  eci?: number;
  country?: string;
  confidence?: string;
}

export interface LogLinearFit {
  n: number;
  from: ISODate;
  to: ISODate;
  direction: 'growth' | 'decline';
  /** Factor per year in the stated direction (> 1). */
  factorPerYear: number;
  ci95: [number, number];
  /** Doubling time (growth) or halving time (decline), months. */
  months: number;
  monthsCI95: [number, number];
  r2: number;
  slopeLog10PerYear: number;
  interceptLog10: number;
}

export function fitLogLinear(points: TrendPoint[], direction: 'growth' | 'decline' = 'growth'): LogLinearFit {
  const pts = points.filter((p) => p.value > 0 && Number.isFinite(p.value));
  if (pts.length < 3)
    throw new InputError('data', pts.length, 'need at least 3 points with positive values to fit a trend');
  const xs = pts.map((p) => decimalYear(p.date));
  const ys = pts.map((p) => Math.log10(p.value));
  const f = ols(xs, ys);
  const sign = direction === 'growth' ? 1 : -1;
  const s = sign * f.slope;
  const [a, b] = [sign * f.slopeCI[0], sign * f.slopeCI[1]].sort((x, y) => x - y);
  const mo = (sl: number) => (sl > 0 ? (12 * Math.log10(2)) / sl : Infinity);
  const dates = pts.map((p) => p.date).sort();
  return {
    n: f.n,
    from: dates[0],
    to: dates[dates.length - 1],
    direction,
    factorPerYear: 10 ** s,
    ci95: [10 ** a, 10 ** b],
    months: mo(s),
    monthsCI95: [mo(b), mo(a)],
    r2: f.r2,
    slopeLog10PerYear: f.slope,
    interceptLog10: f.intercept,
  };
}

export interface TrendOptions {
  metric: TrendMetric;
  from?: ISODate;
  to?: ISODate;
  /** Country of the developing organisation (normalised, e.g. "US", "China"). */
  country?: string;
  /** compute/cost: only models flagged "Frontier model" by Epoch (default true). */
  frontierOnly?: boolean;
  /** capability-compute, method 'record-lows': ECI threshold (default 125). */
  threshold?: number;
  /** capability-compute: 'regression' (default) or 'record-lows'. */
  method?: 'regression' | 'record-lows';
  /** capability-compute, method 'regression': leave out models below this ECI (default 100). */
  minEci?: number;
}

export interface RateComparison extends PublishedRate {
  /** Where the published rate sits relative to the fitted 95% interval. */
  versusFit: 'inside' | 'above' | 'below' | 'not comparable';
}

export interface TrendResult {
  metric: TrendMetric;
  /** The fitted line to draw: log10(value) at the start and end of the fitted range. */
  line: { from: ISODate; to: ISODate; log10From: number; log10To: number; note?: string };
  label: string;
  unit: string;
  filters: Record<string, string | number | boolean>;
  fit: LogLinearFit;
  points: TrendPoint[];
  published: RateComparison[];
  datasets: Dataset[];
  attribution: string;
  method: string;
  notes: string[];
}

const METHOD =
  'OLS of log10(value) on decimal year; factor/yr = 10^slope (10^-slope for declines); 95% CI from the slope standard error with a Student t critical value (n − 2 df); doubling/halving months = 12·log10(2)/|slope|';

const REGRESSION_METHOD =
  'OLS of log10(compute) on decimal year and ECI (log10 C = a + b·year + c·ECI); at fixed ECI the compute needed changes by 10^b per year, reported as a decline factor 10^-b; 95% CI from the SE of b with a Student t critical value (n − 3 df); halving months = 12·log10(2)/|b|';

function checkDate(d: string | undefined, field: string): void {
  if (d !== undefined && !isIsoDate(d)) throw new InputError(field, d, 'must be a date YYYY-MM-DD');
}

export function trend(
  o: TrendOptions,
  data: {
    notable?: { models: NotableModel[]; dataset: Dataset };
    eci?: { models: EciModel[]; dataset: Dataset };
  },
  rates: PublishedRate[] = publishedRates(),
): TrendResult {
  checkDate(o.from, '--from');
  checkDate(o.to, '--to');
  const notes: string[] = [];
  let points: TrendPoint[] = [];
  let label = '';
  let unit = '';
  let direction: 'growth' | 'decline' = 'growth';
  const filters: Record<string, string | number | boolean> = {};
  const datasets: Dataset[] = [];
  const inCountry = (cs: string[]) =>
    !o.country || (cs.length === 1 && cs[0].toLowerCase() === o.country.toLowerCase());
  if (o.country) filters.country = o.country;
  if (o.metric === 'compute' || o.metric === 'cost') {
    if (!data.notable)
      throw new InputError('--notable', undefined, 'the Notable AI Models file is needed for this metric');
    datasets.push(data.notable.dataset);
    const from = o.from ?? '2018-01-01';
    const frontierOnly = o.frontierOnly ?? true;
    Object.assign(filters, { from, frontierOnly });
    if (o.to) filters.to = o.to;
    points = data.notable.models
      .filter(
        (m) =>
          (!frontierOnly || m.frontier) &&
          m.date >= from &&
          (!o.to || m.date <= o.to) &&
          inCountry(m.countries),
      )
      .filter((m) => (o.metric === 'compute' ? m.compute : m.cost) !== undefined)
      .map((m) => ({
        model: m.model,
        date: m.date,
        value: (o.metric === 'compute' ? m.compute : m.cost)!,
        ...(m.countries[0] ? { country: m.countries.join(',') } : {}),
        ...(m.confidence ? { confidence: m.confidence } : {}),
      }));
    label = o.metric === 'compute' ? 'Frontier training compute' : 'Frontier training compute cost';
    unit = o.metric === 'compute' ? 'FLOP' : '2023 USD';
    if (o.metric === 'cost')
      notes.push(
        'Epoch cost estimates (2023 USD, amortised hardware + energy of the final run) exist for fewer models than compute; many are graded "Speculative".',
      );
  } else {
    if (!data.eci) throw new InputError('--eci', undefined, 'the ECI file is needed for this metric');
    datasets.push(data.eci.dataset);
    const method = o.method ?? 'regression';
    filters.method = method;
    if (o.from) filters.from = o.from;
    if (o.to) filters.to = o.to;
    const base = data.eci.models
      .filter((m) => m.eci !== undefined && m.compute !== undefined && m.releaseDate)
      .filter(
        (m) =>
          (!o.from || m.releaseDate! >= o.from) &&
          (!o.to || m.releaseDate! <= o.to) &&
          inCountry(m.countries),
      );
    // One row per (model name, ECI): the ECI file repeats a model for each version/host.
    const seen = new Set<string>();
    const uniq = base.filter((m) => {
      const k = `${m.name}|${m.eci}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    unit = 'FLOP';
    direction = 'decline';
    if (method === 'regression') {
      const minEci = o.minEci ?? 100;
      if (!Number.isFinite(minEci))
        throw new InputError('--min-eci', o.minEci, 'must be a number (an ECI score)');
      filters.minEci = minEci;
      const rows = uniq.filter((m) => m.eci! >= minEci);
      if (rows.length < 5)
        throw new InputError(
          '--min-eci',
          minEci,
          `only ${rows.length} model(s) with ECI and compute match; need at least 5`,
        );
      const X = rows.map((m) => [1, decimalYear(m.releaseDate!), m.eci!]);
      const y = rows.map((m) => Math.log10(m.compute!));
      const f = olsMulti(X, y);
      const slope = -f.coef[1];
      const lo = slope - f.tCrit * f.se[1];
      const hi = slope + f.tCrit * f.se[1];
      const mo = (sl: number) => (sl > 0 ? (12 * Math.log10(2)) / sl : Infinity);
      const dates = rows.map((m) => m.releaseDate!).sort();
      const pts = rows.map((m) => ({
        model: m.display || m.name,
        date: m.releaseDate!,
        value: m.compute!,
        eci: m.eci!,
        ...(m.countries[0] ? { country: m.countries.join(',') } : {}),
        ...(m.confidence ? { confidence: m.confidence } : {}),
      }));
      const fit: LogLinearFit = {
        n: f.n,
        from: dates[0],
        to: dates[dates.length - 1],
        direction: 'decline',
        factorPerYear: 10 ** slope,
        ci95: [10 ** lo, 10 ** hi],
        months: mo(slope),
        monthsCI95: [mo(hi), mo(lo)],
        r2: f.r2,
        slopeLog10PerYear: f.coef[1],
        interceptLog10: f.coef[0],
      };
      notes.push(
        `Regression log10(compute) = a + b·year + c·ECI over ${f.n} models (ECI ≥ ${minEci}); c = ${round(f.coef[2], 4)} log10 FLOP per ECI point. At a fixed ECI the compute needed falls by 10^-b per year. Epoch's compute estimates for closed models are often "Speculative"; ECI values are revised between snapshots.`,
      );
      const eciRef = [...rows.map((m) => m.eci!)].sort((a, b) => a - b)[rows.length >> 1];
      const at = (d: string) => f.coef[0] + f.coef[1] * decimalYear(d) + f.coef[2] * eciRef;
      const line = {
        from: fit.from,
        to: fit.to,
        log10From: at(fit.from),
        log10To: at(fit.to),
        note: `fitted compute at the median ECI (${round(eciRef, 1)})`,
      };
      return {
        ...finish(
          o,
          `Training compute to reach a fixed ECI (regression on year and ECI)`,
          unit,
          filters,
          fit,
          pts,
          datasets,
          notes,
          rates,
          line,
        ),
        method: REGRESSION_METHOD,
      };
    }
    const threshold = o.threshold ?? 125;
    if (!Number.isFinite(threshold))
      throw new InputError('--threshold', o.threshold, 'must be a number (an ECI score)');
    filters.threshold = threshold;
    const eligible = uniq
      .filter((m) => m.eci! >= threshold)
      .sort((a, b) =>
        a.releaseDate! < b.releaseDate! ? -1 : a.releaseDate! > b.releaseDate! ? 1 : a.compute! - b.compute!,
      );
    points = [];
    let min = Infinity;
    for (const m of eligible) {
      if (m.compute! < min) {
        min = m.compute!;
        points.push({
          model: m.display || m.name,
          date: m.releaseDate!,
          value: m.compute!,
          ...(m.countries[0] ? { country: m.countries.join(',') } : {}),
          ...(m.confidence ? { confidence: m.confidence } : {}),
        });
      }
    }
    label = `Training compute to reach ECI ≥ ${threshold} (record lows)`;
    notes.push(
      `Successive record lows of training compute among models scoring ECI ≥ ${threshold} (${eligible.length} eligible models with a compute estimate); few points, so the interval is wide.`,
    );
  }
  if (points.length < 3)
    throw new InputError(
      o.metric === 'capability-compute' ? '--threshold' : '--from',
      o.metric === 'capability-compute' ? (o.threshold ?? 125) : (o.from ?? '2018-01-01'),
      `only ${points.length} data point(s) match; need at least 3 to fit`,
    );
  return finish(o, label, unit, filters, fitLogLinear(points, direction), points, datasets, notes, rates);
}

function finish(
  o: TrendOptions,
  label: string,
  unit: string,
  filters: Record<string, string | number | boolean>,
  fit: LogLinearFit,
  points: TrendPoint[],
  datasets: Dataset[],
  notes: string[],
  rates: PublishedRate[],
  line?: TrendResult['line'],
): TrendResult {
  line ??= {
    from: fit.from,
    to: fit.to,
    log10From: fit.interceptLog10 + fit.slopeLog10PerYear * decimalYear(fit.from),
    log10To: fit.interceptLog10 + fit.slopeLog10PerYear * decimalYear(fit.to),
  };
  const wanted = o.metric === 'capability-compute' ? 'fixed-capability' : o.metric;
  const published: RateComparison[] = rates
    .filter((r) => r.metric === wanted)
    .map((r) => ({
      ...r,
      versusFit: (r.factorPerYear < fit.ci95[0]
        ? 'below'
        : r.factorPerYear > fit.ci95[1]
          ? 'above'
          : 'inside') as RateComparison['versusFit'],
    }));
  return {
    metric: o.metric,
    line,
    label,
    unit,
    filters,
    fit,
    points,
    published,
    datasets,
    attribution: 'Data: Epoch AI (epoch.ai), CC BY 4.0',
    method: METHOD,
    notes,
  };
}

export function describeFit(f: LogLinearFit): string {
  const word = f.direction === 'growth' ? 'doubling' : 'halving';
  return `${round(f.factorPerYear, 2)}×/yr ${f.direction} (95% CI ${round(f.ci95[0], 2)}–${round(f.ci95[1], 2)}), ${word} every ${round(f.months, 1)} months, n=${f.n}, R²=${round(f.r2, 2)}, ${f.from} → ${f.to}`;
}
