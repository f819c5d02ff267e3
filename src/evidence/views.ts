/**
 * Chart inputs built from analysis results: the CLI, the API and the web app call these so they all
 * draw the same charts. Pure functions (no I/O); pair with chart.ts (SVG) and render.ts (PNG, Node).
 */
import { groupLag, type GroupLagOptions, type GroupLagResult, type ModelLagResult } from './analysis.ts';
import type { Score } from './types.ts';
import type { GroupSpec } from './groups.ts';
import type { LagChartInput, TrendChartInput } from './chart.ts';
import type { ControlTimeline } from './controls.ts';
import { describeFit, type TrendResult } from './trend.ts';

export const ATTRIBUTION =
  'Data: Epoch AI (epoch.ai), CC BY 4.0; benchmark table: sources per row (data/evidence/README.md)';

const f1 = (x: number | null | undefined) => (x === null || x === undefined ? '–' : x.toFixed(1));

function bands(controls: ControlTimeline): LagChartInput['bands'] {
  return controls.chips
    .filter((c) => c.status === 'no-licence')
    .map((c) => ({ label: `${c.chip}: no licence`, from: c.from, ...(c.to ? { to: c.to } : {}) }));
}

/** One or more group-lag results (each with its series) → a lag chart with measures and chip bands. */
export function lagChartInput(
  results: GroupLagResult[],
  controls: ControlTimeline,
  extra: { title?: string; subtitle?: string; marks?: { id: string; date: string; title?: string }[] } = {},
): LagChartInput {
  const first = results[0];
  const single = results.length === 1 && first;
  return {
    title:
      extra.title ??
      (single
        ? `${first.follower} behind ${first.leader} on ${first.benchmark} (tolerance ${first.tolerance})`
        : `${first?.follower ?? 'follower'} behind ${first?.leader ?? 'leader'} by benchmark (tolerance ${first?.tolerance ?? 0})`),
    subtitle:
      extra.subtitle ??
      (single
        ? `mean ${f1(first.summary.meanMonths)} months (min ${f1(first.summary.minMonths)}, max ${f1(first.summary.maxMonths)}) over ${first.window.from} → ${first.window.to}; dashed verticals: measures (${controls.origin.measures})`
        : `dashed verticals: export-control measures (${controls.origin.measures}); bands: chips Chinese labs could buy without a licence`),
    series: results.map((r) => ({ name: r.benchmark, points: r.series ?? [] })),
    events: [...controls.events, ...(extra.marks ?? [])],
    bands: bands(controls),
    attribution: ATTRIBUTION,
  };
}

export function trendChartInput(r: TrendResult): TrendChartInput {
  return {
    title: r.label,
    subtitle: `fit: ${describeFit(r.fit)}`,
    unit: r.unit,
    points: r.points,
    line: r.line,
    references: r.published
      .filter((p) => p.versusFit !== 'not comparable')
      .map((p) => ({
        label: `${p.factorPerYear}×/yr ${p.direction} (${p.id})`,
        factorPerYear: p.factorPerYear,
        direction: p.direction,
      })),
    notes: r.published
      .map(
        (p) =>
          `${p.factorPerYear}×/yr ${p.direction} — ${p.label} [${p.source}] (${p.versusFit} the fitted 95% CI)`,
      )
      .map((s) => (s.length > 150 ? s.slice(0, 149) + '…' : s)),
    attribution: r.attribution,
  };
}

/**
 * The per-model lag chart (CLI `evidence lag --model … --plot`, API `/v1/evidence/model?format=svg`):
 * the follower group's weekly lag series on the model's benchmarks, keeping the (at most six)
 * benchmarks with at least five scores in each group and the most scores overall, with the model's
 * release marked.
 */
export function modelLagChartInput(
  scores: Score[],
  r: ModelLagResult,
  controls: ControlTimeline,
  o: Pick<GroupLagOptions, 'policy' | 'multiCountry' | 'leader' | 'tolerance' | 'maxStaleDays'> & {
    follower?: GroupSpec;
  },
): LagChartInput {
  const tolerance = o.tolerance ?? 0;
  const results = r.rows
    .filter((row) => row.lagMonths !== null && row.kind !== 'elo')
    .flatMap((row) => {
      try {
        return [
          groupLag(scores, {
            policy: o.policy,
            multiCountry: o.multiCountry,
            leader: o.leader,
            follower: o.follower ?? { kind: 'country', country: r.follower },
            benchmark: row.benchmark,
            tolerance,
            allowStale: true,
            maxStaleDays: o.maxStaleDays,
            step: 7,
            sensitivity: [],
          }),
        ];
      } catch {
        return []; // a benchmark without data for both groups draws no line
      }
    })
    .filter((g) => g.counts.leader >= 5 && g.counts.follower >= 5)
    .sort((a, b) => b.counts.leader + b.counts.follower - (a.counts.leader + a.counts.follower))
    .slice(0, 6);
  return lagChartInput(results, controls, {
    title: `${r.follower} behind ${r.leader}: lag by benchmark (tolerance ${tolerance})`,
    subtitle: `${r.model} released ${r.releaseDate}; dashed verticals: export-control measures (${controls.origin.measures})`,
    marks: [{ id: r.model, date: r.releaseDate, title: 'release' }],
  });
}
