/**
 * `exportctl evidence …`: capability lag between country (or open/closed) groups, per model, and
 * cost-curve trends, from Epoch AI data and the project's benchmark table. Heavy modules are
 * imported inside the actions so CLI start-up stays fast.
 */
import type { Command } from 'commander';
import { UsageError } from '../errors.ts';

interface LagCliOptions {
  leader?: string;
  follower?: string;
  benchmark?: string;
  model?: string;
  asOf?: string;
  tolerance?: string;
  from?: string;
  to?: string;
  step?: string;
  bootstrap?: string;
  seed?: string;
  sameSource?: boolean;
  source?: string;
  reporters?: string;
  excludeModels?: string;
  policy?: string;
  multiCountry?: boolean;
  maxStaleness?: string;
  allowStale?: boolean;
  includeBounded?: boolean;
  data?: string;
  table?: string;
  eci?: string;
  series?: boolean;
  plot?: string;
  json?: boolean;
  milestone?: string[];
}

interface TrendCliOptions {
  metric?: string;
  from?: string;
  to?: string;
  country?: string;
  allModels?: boolean;
  threshold?: string;
  method?: string;
  minEci?: string;
  notable?: string;
  eci?: string;
  plot?: string;
  json?: boolean;
}

function num(
  field: string,
  raw: string | undefined,
  opts: { min?: number; integer?: boolean } = {},
): number | undefined {
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v))
    throw new UsageError(`${field}: must be a number (got ${JSON.stringify(raw)})`);
  if (opts.integer && !Number.isInteger(v))
    throw new UsageError(`${field}: must be a whole number (got ${JSON.stringify(raw)})`);
  if (opts.min !== undefined && v < opts.min)
    throw new UsageError(`${field}: must be >= ${opts.min} (got ${JSON.stringify(raw)})`);
  return v;
}

async function dateOpt(field: string, raw: string | undefined): Promise<string | undefined> {
  if (raw === undefined) return undefined;
  const { isIsoDate } = await import('../../evidence/lag.ts');
  if (!isIsoDate(raw))
    throw new UsageError(`${field}: must be a calendar date YYYY-MM-DD (got ${JSON.stringify(raw)})`);
  return raw;
}

/** A closed pipe (e.g. `| head`) ends the output quietly instead of crashing. */
function quietPipe(): void {
  process.stdout.once('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
}

const out = (s: string): void => {
  process.stdout.write(s.endsWith('\n') ? s : s + '\n');
};
const sc = (x: number | undefined) =>
  x === undefined ? '–' : Number.isInteger(x) ? String(x) : String(Math.round(x * 10) / 10);
const f1 = (x: number | null | undefined) =>
  x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(1);

export function register(program: Command): void {
  const ev = program
    .command('evidence')
    .description(
      'Evidence behind the rules: capability lag between countries, cost curves (data: Epoch AI, CC BY 4.0)',
    );

  ev.command('lag')
    .description(
      'Capability lag of a follower group behind a leader group per benchmark or ECI; or, with --model, one model’s lag on each benchmark at its release',
    )
    .option('--leader <group>', 'leader group: a country (US, China, …) or open | closed', 'US')
    .option(
      '--follower <group>',
      'follower group: a country or open | closed (with --model: the model’s own country)',
    )
    .option('--benchmark <name>', 'one benchmark (e.g. "GPQA Diamond", ECI); default: all')
    .option('--model <name>', 'per-model view: lag of this model on each benchmark at its release date')
    .option('--as-of <date>', 'date of the single answer (default: end of the data)')
    .option('--tolerance <n>', 'score points by which the leader must be better to count as ahead', '0')
    .option('--from <date>', 'series window start (default: first day both groups have a score)')
    .option('--to <date>', 'series window end (default: --as-of, or the last day both groups still report)')
    .option('--step <days>', 'series grid step in days', '1')
    .option(
      '--bootstrap <n>',
      'bootstrap replicates over score noise (percent benchmarks with a known item count)',
      '0',
    )
    .option('--seed <n>', 'bootstrap seed', '1')
    .option(
      '--same-source',
      'with --model: compare only with leader scores from the same document and setting (one harness)',
    )
    .option('--source <text>', 'only scores whose source document or setting contains this text')
    .option(
      '--reporters <list>',
      'only these reporters: self,competitor,developer-tabulated,third-party,third-party-estimate',
    )
    .option('--exclude-models <globs>', 'comma-separated model name patterns to leave out, e.g. "o1*,o3*"')
    .option('--policy <max|min>', 'with several reports of one model: keep the highest or lowest', 'max')
    .option('--multi-country', 'count organisations listed under several countries in each of them')
    .option(
      '--max-staleness <days>',
      'refuse (or flag) when the data are older than this at the as-of date',
      '90',
    )
    .option('--allow-stale', 'compute even when the data are stale (the answer is then flagged)')
    .option('--include-bounded', 'include series points after a group stopped reporting in the summary')
    .option('--data <set>', 'all | table | eci', 'all')
    .option('--table <file>', 'benchmark table CSV (default data/evidence/frontier_models_benchmarks.csv)')
    .option(
      '--eci <file>',
      'Epoch ECI CSV export (default data/evidence/epoch_capabilities_index_2026-04-11.csv)',
    )
    .option(
      '--milestone <model>',
      'with --benchmark: when the follower first matched this leader model (repeatable)',
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option('--series', 'include the day-by-day series in --json output')
    .option('--plot <file>', 'write a chart (.svg or .png)')
    .option('--json', 'JSON output')
    .action(async (o: LagCliOptions) => {
      quietPipe();
      await runLag(o);
    });

  ev.command('trend')
    .description(
      'Log-linear trend with 95% CI: frontier training compute, training cost, or compute to reach a fixed capability; beside published rates',
    )
    .requiredOption('--metric <metric>', 'compute | cost | capability-compute')
    .option('--from <date>', 'first publication date (compute/cost default 2018-01-01)')
    .option('--to <date>', 'last publication date')
    .option('--country <name>', 'only organisations of this country (e.g. US, China)')
    .option('--all-models', 'compute/cost: all notable models, not only Epoch’s "Frontier model" flag')
    .option('--method <m>', 'capability-compute: regression | record-lows', 'regression')
    .option('--min-eci <n>', 'capability-compute regression: leave out models below this ECI', '100')
    .option('--threshold <n>', 'capability-compute record-lows: ECI threshold', '125')
    .option('--notable <file>', 'Epoch Notable AI Models CSV export')
    .option('--eci <file>', 'Epoch ECI CSV export')
    .option('--plot <file>', 'write a chart (.svg or .png)')
    .option('--json', 'JSON output')
    .action(async (o: TrendCliOptions) => {
      quietPipe();
      await runTrend(o);
    });

  ev.command('data')
    .description(
      'Datasets the evidence commands read: files, snapshots, schema versions, row counts, attribution',
    )
    .option('--table <file>', 'benchmark table CSV')
    .option('--eci <file>', 'Epoch ECI CSV export')
    .option('--notable <file>', 'Epoch Notable AI Models CSV export')
    .option('--json', 'JSON output')
    .action(async (o: { table?: string; eci?: string; notable?: string; json?: boolean }) => {
      const { loadEvidence, readNotable } = await import('../../evidence/readers.ts');
      const { capabilityBenchmarks } = await import('../../evidence/analysis.ts');
      const d = loadEvidence({ ...(o.table ? { table: o.table } : {}), ...(o.eci ? { eci: o.eci } : {}) });
      const n = readNotable(o.notable);
      const datasets = [...d.datasets, n.dataset];
      const benches = capabilityBenchmarks(d.scores).map((b) => ({
        benchmark: b,
        scores: d.scores.filter((s) => s.benchmark === b).length,
      }));
      if (o.json) return out(JSON.stringify({ datasets, benchmarks: benches }, null, 2));
      for (const ds of datasets) {
        out(
          `${ds.id}  schema ${ds.schema}${ds.snapshot ? `  snapshot ${ds.snapshot}` : ''}  rows ${ds.rows}, used ${ds.used}`,
        );
        out(`  file: ${ds.file}`);
        for (const s of ds.skipped) out(`  skipped ${s.count}: ${s.reason}`);
        if (ds.attribution) out(`  attribution: ${ds.attribution}`);
      }
      out('\nbenchmarks: ' + benches.map((b) => `${b.benchmark} (${b.scores})`).join('; '));
    });
}

async function loadGroupSpec(field: string, raw: string | undefined) {
  const { parseGroup } = await import('../../evidence/groups.ts');
  if (raw === undefined) return undefined;
  const g = parseGroup(raw);
  if (!g)
    throw new UsageError(
      `${field}: must be a country (US, China, …) or open | closed (got ${JSON.stringify(raw)})`,
    );
  return g;
}

async function runLag(o: LagCliOptions): Promise<void> {
  const { loadEvidence, readClaims } = await import('../../evidence/readers.ts');
  const { REPORTER_KINDS } = await import('../../evidence/types.ts');
  const analysis = await import('../../evidence/analysis.ts');
  const { loadControlTimeline, chipsAt, eventsBetween } = await import('../../evidence/controls.ts');

  const tolerance = num('--tolerance', o.tolerance, { min: 0 })!;
  const step = num('--step', o.step, { min: 1, integer: true })!;
  const reps = num('--bootstrap', o.bootstrap, { min: 0, integer: true })!;
  const seed = num('--seed', o.seed, { integer: true })!;
  const maxStale = num('--max-staleness', o.maxStaleness, { min: 0, integer: true })!;
  const asOf = await dateOpt('--as-of', o.asOf);
  const from = await dateOpt('--from', o.from);
  const to = await dateOpt('--to', o.to);
  if (o.data && !['all', 'table', 'eci'].includes(o.data))
    throw new UsageError(`--data: must be all | table | eci (got ${JSON.stringify(o.data)})`);
  if (o.policy && !['max', 'min'].includes(o.policy))
    throw new UsageError(`--policy: must be max | min (got ${JSON.stringify(o.policy)})`);
  if (o.plot && !/\.(svg|png)$/i.test(o.plot))
    throw new UsageError(`--plot: must end in .svg or .png (got ${JSON.stringify(o.plot)})`);
  const reporters = o.reporters
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const r of reporters ?? [])
    if (!(REPORTER_KINDS as readonly string[]).includes(r))
      throw new UsageError(
        `--reporters: unknown reporter ${JSON.stringify(r)} (use ${REPORTER_KINDS.join(', ')})`,
      );
  const leader = (await loadGroupSpec('--leader', o.leader))!;
  const follower = await loadGroupSpec('--follower', o.follower);

  const data = loadEvidence({
    use: (o.data ?? 'all') as 'all' | 'table' | 'eci',
    ...(o.table ? { table: o.table } : {}),
    ...(o.eci ? { eci: o.eci } : {}),
  });
  const select = {
    ...(o.excludeModels
      ? {
          excludeModels: o.excludeModels
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
        }
      : {}),
    ...(reporters?.length
      ? { reporters: reporters as import('../../evidence/types.ts').ReporterKind[] }
      : {}),
    ...(o.source ? { sourceContains: o.source } : {}),
    policy: (o.policy ?? 'max') as 'max' | 'min',
    multiCountry: !!o.multiCountry,
  };
  const controls = await loadControlTimeline();
  const dataInfo = data.datasets.map((d) => ({
    id: d.id,
    file: d.file,
    snapshot: d.snapshot,
    schema: d.schema,
    attribution: d.attribution,
  }));
  const attribution =
    'Data: Epoch AI (epoch.ai), CC BY 4.0; benchmark table: sources per row (data/evidence/README.md)';

  if (o.model) {
    if (asOf)
      throw new UsageError(
        `--as-of: not used with --model (the lag is taken at the model's release date) (got ${JSON.stringify(asOf)})`,
      );
    const claims = readClaims();
    const benchmark = o.benchmark ? analysis.resolveBenchmark(o.benchmark, data.scores) : undefined;
    const r = analysis.modelLag(data.scores, o.model, {
      ...select,
      leader,
      ...(follower ? { follower } : {}),
      tolerance,
      sameSource: !!o.sameSource,
      ...(benchmark ? { benchmark } : {}),
      bootstrapReps: reps,
      seed,
      claims,
    });
    const controlsAtRelease = {
      date: r.releaseDate,
      chips: chipsAt(controls.chips, r.releaseDate),
      measuresInForce: controls.events
        .filter((e) => e.date <= r.releaseDate)
        .map((e) => ({ id: e.id, date: e.date, citation: e.citation })),
      origin: controls.origin,
    };
    let plot: unknown;
    if (o.plot) {
      const { lagChartSvg } = await import('../../evidence/chart.ts');
      const { writeChart } = await import('../../evidence/render.ts');
      const { modelLagChartInput } = await import('../../evidence/views.ts');
      const svg = lagChartSvg(
        modelLagChartInput(data.scores, r, controls, {
          ...select,
          leader,
          follower,
          tolerance,
          maxStaleDays: maxStale,
        }),
      );
      plot = await writeChart(o.plot, svg);
    }
    if (o.json)
      return out(
        JSON.stringify(
          { ...r, controlsAtRelease, data: dataInfo, attribution, ...(plot ? { plot } : {}) },
          null,
          2,
        ),
      );
    out(
      `${r.model} (${r.follower}, released ${r.releaseDate}) vs ${r.leader}: lag at release, tolerance ${r.tolerance}${r.sameSource ? ', same source only' : ''}`,
    );
    out(`method: ${r.method}\n`);
    out(
      `${'benchmark'.padEnd(34)} ${'lag(mo)'.padStart(7)}  ${'score'.padStart(6)}  leader first better (score, release)`,
    );
    for (const row of r.rows)
      out(
        `${row.benchmark.slice(0, 34).padEnd(34)} ${(row.status === 'no-leader-data' ? 'n/a' : f1(row.lagMonths)).padStart(7)}  ${sc(row.followerScore).padStart(6)}  ${row.leaderModel ? `${row.leaderModel} (${sc(row.leaderScore)}, ${row.leaderDate})` : row.status === 'level-or-ahead' ? `level or ahead (leader best ${row.leaderBestAtRelease?.model} ${sc(row.leaderBestAtRelease?.score)})` : 'no leader score before release'}${row.flags.some((f) => f.code === 'mixed-harness') ? ' [mixed harness]' : ''}`,
      );
    out('\ndetails (sources: document [reporter] setting):');
    for (const row of r.rows) {
      const lag = row.status === 'no-leader-data' ? 'no leader data' : `${f1(row.lagMonths)} months`;
      out(`${row.benchmark}: ${lag}  (${r.model} ${sc(row.followerScore)})`);
      if (row.leaderModel)
        out(
          `  leader first better: ${row.leaderModel} ${sc(row.leaderScore)} released ${row.leaderDate} (last day not better ${row.lastNotBetter})`,
        );
      if (row.leaderBestAtRelease)
        out(
          `  level or ahead: leader best at release ${row.leaderBestAtRelease.model} ${sc(row.leaderBestAtRelease.score)}`,
        );
      if (row.leaderExceededLater)
        out(
          `  later exceeded by ${row.leaderExceededLater.model} ${sc(row.leaderExceededLater.score)} (${row.leaderExceededLater.date}, ${f1(row.leaderExceededLater.monthsAfterRelease)} months after release)`,
        );
      out(
        `  follower source: ${row.followerSource.document} [${row.followerSource.reporter}${row.followerSource.reportedBy ? ` ${row.followerSource.reportedBy}` : ''}]${row.followerSource.setting ? ` setting: ${row.followerSource.setting}` : ''}`,
      );
      if (row.leaderSource)
        out(
          `  leader source:   ${row.leaderSource.document} [${row.leaderSource.reporter}${row.leaderSource.reportedBy ? ` ${row.leaderSource.reportedBy}` : ''}]${row.leaderSource.setting ? ` setting: ${row.leaderSource.setting}` : ''}`,
        );
      if (row.noiseSE !== undefined) out(`  one-run sampling SE ≈ ${f1(row.noiseSE)} pts`);
      if (row.bootstrap)
        out(
          `  bootstrap (${row.bootstrap.reps} reps, seed ${row.bootstrap.seed}): median ${f1(row.bootstrap.medianMonths)} months, 95% ${f1(row.bootstrap.ci95[0])}–${f1(row.bootstrap.ci95[1])}, behind in ${Math.round(row.bootstrap.shareBehind * 100)}% of replicates`,
        );
      if (row.flags.length) out(`  flags: ${row.flags.map((f) => f.code).join(', ')}`);
    }
    out(
      `\nsummary over ${r.summary.n} benchmarks: min ${f1(r.summary.minMonths)}, median ${f1(r.summary.medianMonths)}, max ${f1(r.summary.maxMonths)} months`,
    );
    for (const c of r.claims) out(`claim "${c.text}" (${c.source}): ${c.verdict}`);
    out(
      `\nchips for Chinese buyers on ${r.releaseDate}: ${controlsAtRelease.chips.map((c) => `${c.chip} ${c.status}`).join(', ')} (${controls.origin.chips})`,
    );
    out(`measures in force: ${controlsAtRelease.measuresInForce.map((m) => m.id).join(', ')}`);
    if (plot) out(`chart written: ${(plot as { file: string }).file}`);
    out(`\n${attribution}`);
    return;
  }

  const fol = follower ?? (await loadGroupSpec('--follower', 'China'))!;
  const common = {
    ...select,
    leader,
    follower: fol,
    tolerance,
    ...(asOf ? { asOf } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    step,
    maxStaleDays: maxStale,
    allowStale: !!o.allowStale,
    includeBounded: !!o.includeBounded,
    bootstrapReps: reps,
    seed,
  };
  if (o.benchmark) {
    const benchmark = analysis.resolveBenchmark(o.benchmark, data.scores);
    let r;
    try {
      r = analysis.groupLag(data.scores, {
        ...common,
        benchmark,
        ...(o.milestone?.length ? { milestoneModels: o.milestone } : {}),
      });
    } catch (e) {
      if (e instanceof analysis.StaleDataError) throw new UsageError(e.message);
      throw e;
    }
    const overlay = {
      events: eventsBetween(controls.events, r.window.from, r.window.to),
      chipsAtAsOf: chipsAt(controls.chips, r.asOf),
      origin: controls.origin,
    };
    let plot: unknown;
    if (o.plot) {
      const { lagChartSvg } = await import('../../evidence/chart.ts');
      const { writeChart } = await import('../../evidence/render.ts');
      const { lagChartInput } = await import('../../evidence/views.ts');
      const svg = lagChartSvg(lagChartInput([r], controls));
      plot = await writeChart(o.plot, svg);
    }
    if (o.json) {
      const { series, ...rest } = r;
      return out(
        JSON.stringify(
          {
            ...rest,
            ...(o.series ? { series } : {}),
            controls: overlay,
            data: dataInfo,
            attribution,
            ...(plot ? { plot } : {}),
          },
          null,
          2,
        ),
      );
    }
    out(
      `${r.benchmark}: ${r.follower} vs ${r.leader}, as of ${r.asOf}${r.asOfChosen === 'data-end' ? ' (end of data)' : ''}, tolerance ${r.tolerance}`,
    );
    out(`lag: ${r.status === 'behind' ? `${f1(r.lagMonths)} months` : r.status}`);
    if (r.followerBest)
      out(
        `  ${r.follower} best: ${r.followerBest.model} ${sc(r.followerBest.score)} (${r.followerBest.date}) — ${r.followerBest.source.document} [${r.followerBest.source.reporter}]`,
      );
    if (r.leaderModel)
      out(
        `  ${r.leader} first better: ${r.leaderModel} ${sc(r.leaderScore)} (${r.leaderDate}) — ${r.leaderSource!.document} [${r.leaderSource!.reporter}]; last day not better ${r.lastNotBetter}`,
      );
    for (const w of r.staleness.warnings) out(`  warning: ${w}`);
    if (r.flags.length) out(`  flags: ${r.flags.map((f) => `${f.code}: ${f.text}`).join('\n         ')}`);
    out(
      `series ${r.window.from} → ${r.window.to} (step ${r.window.step} d): mean ${f1(r.summary.meanMonths)}, median ${f1(r.summary.medianMonths)}, min ${f1(r.summary.minMonths)}, max ${f1(r.summary.maxMonths)} months (n=${r.summary.n}${r.summary.excludedBounded ? `; ${r.summary.excludedBounded} points after a group stopped reporting left out` : ''})`,
    );
    out('tolerance sensitivity:');
    for (const s of r.sensitivity)
      out(
        `  ${String(s.tolerance).padEnd(6)} (${s.label.padEnd(6)}) lag now ${f1(s.lagMonthsAsOf)}; window mean ${f1(s.summary.meanMonths)}, min ${f1(s.summary.minMonths)}, max ${f1(s.summary.maxMonths)}`,
      );
    if (r.bootstrap) {
      if ('unavailable' in r.bootstrap) out(`bootstrap: unavailable — ${r.bootstrap.unavailable}`);
      else
        out(
          `bootstrap (${r.bootstrap.reps} reps, seed ${r.bootstrap.seed}, ${r.bootstrap.items} items): median ${f1(r.bootstrap.medianMonths)} months, 95% ${f1(r.bootstrap.ci95[0])}–${f1(r.bootstrap.ci95[1])}`,
        );
    }
    out('milestones (when the follower first matched each leader record):');
    for (const m of r.milestones)
      out(
        `  ${m.leaderModel} ${sc(m.leaderScore)} (${m.leaderDate}) → ${m.followerModel ? `${m.followerModel} ${sc(m.followerScore)} (${m.followerDate}): ${f1(m.months)} months` : `not matched${m.atLeastMonths !== undefined ? ` (≥ ${f1(m.atLeastMonths)} months by the end of the data)` : ''}`}`,
      );
    for (const m of r.namedMilestones ?? [])
      out(
        `named: ${m.leaderModel} ${sc(m.leaderScore)} (${m.leaderDate}) → ${m.followerModel ? `first matched by ${m.followerModel} ${sc(m.followerScore)} (${m.followerDate}): ${f1(m.months)} months` : `not matched${m.atLeastMonths !== undefined ? ` (≥ ${f1(m.atLeastMonths)} months by the end of the data)` : ''}`}`,
      );
    out(`measures in the window: ${overlay.events.map((e) => `${e.id} ${e.date}`).join('; ')}`);
    out(
      `chips for Chinese buyers on ${r.asOf}: ${overlay.chipsAtAsOf.map((c) => `${c.chip} ${c.status}`).join(', ')}`,
    );
    if (plot) out(`chart written: ${(plot as { file: string }).file}`);
    out(`\n${attribution}`);
    return;
  }

  const all = analysis.groupLagAll(data.scores, { ...common, withSeries: !!o.plot || !!o.series });
  if (all.results.length === 0)
    throw new UsageError(
      asOf
        ? `--as-of: no benchmark has usable data at ${asOf} (${all.skipped[0]?.reason ?? 'no data'}); load newer data or pass --allow-stale`
        : `no benchmark has scores for both groups: ${all.skipped[0]?.reason ?? 'no data'}`,
    );
  let plot: unknown;
  if (o.plot) {
    const { lagChartSvg } = await import('../../evidence/chart.ts');
    const { writeChart } = await import('../../evidence/render.ts');
    const best = all.results
      .filter((r) => r.counts.leader >= 5 && r.counts.follower >= 5 && r.benchmarkInfo?.kind !== 'elo')
      .slice(0, 8);
    const { lagChartInput } = await import('../../evidence/views.ts');
    const svg = lagChartSvg(
      lagChartInput(best, controls, {
        subtitle: `benchmarks with ≥ 5 scores per group; dashed verticals: measures (${controls.origin.measures})`,
      }),
    );
    plot = await writeChart(o.plot, svg);
  }
  if (o.json) {
    const results = all.results.map((r) => {
      const { series, ...rest } = r;
      return { ...rest, ...(o.series ? { series } : {}) };
    });
    return out(
      JSON.stringify(
        {
          ...all,
          results,
          controls: { events: controls.events, origin: controls.origin },
          data: dataInfo,
          attribution,
          ...(plot ? { plot } : {}),
        },
        null,
        2,
      ),
    );
  }
  out(
    `${all.follower} vs ${all.leader}, tolerance ${all.tolerance}${asOf ? `, as of ${asOf}` : ', each benchmark as of its end of data'}`,
  );
  out(
    `${'benchmark'.padEnd(34)} ${'as of'.padEnd(10)} ${'lag'.padStart(5)}  ${'mean'.padStart(5)} ${'min'.padStart(5)} ${'max'.padStart(5)}  n(L/F)  leader first better`,
  );
  for (const r of all.results)
    out(
      `${r.benchmark.slice(0, 34).padEnd(34)} ${r.asOf} ${f1(r.lagMonths).padStart(5)}  ${f1(r.summary.meanMonths).padStart(5)} ${f1(r.summary.minMonths).padStart(5)} ${f1(r.summary.maxMonths).padStart(5)}  ${`${r.counts.leader}/${r.counts.follower}`.padEnd(6)}  ${r.leaderModel ? `${r.leaderModel} (${r.leaderDate})` : r.status}${marks(r.flags, r.staleness.warnings)}`,
    );
  for (const s of all.skipped) out(`skipped ${s.benchmark}: ${s.reason}`);
  out(
    `\nmonths; mean/min/max over each benchmark's window (both groups reporting). Use --benchmark NAME for sources, milestones, sensitivity.`,
  );
  if (plot) out(`chart written: ${(plot as { file: string }).file}`);
  out(attribution);
}

/** Short marks for the all-benchmarks table: the pitfalls that most change the reading. */
function marks(flags: { code: string }[], warnings: string[]): string {
  const m: string[] = [];
  if (flags.some((f) => f.code === 'mixed-harness')) m.push('mixed harness');
  if (flags.some((f) => f.code === 'within-noise')) m.push('within noise');
  if (flags.some((f) => f.code === 'saturated')) m.push('saturation/reporting');
  if (flags.some((f) => f.code === 'sparse-leader')) m.push('sparse');
  if (warnings.length) m.push('stale/missing');
  return m.length ? ` [${m.join('; ')}]` : '';
}

async function runTrend(o: TrendCliOptions): Promise<void> {
  const { TREND_METRICS, trend, describeFit } = await import('../../evidence/trend.ts');
  if (!o.metric || !(TREND_METRICS as readonly string[]).includes(o.metric))
    throw new UsageError(`--metric: must be ${TREND_METRICS.join(' | ')} (got ${JSON.stringify(o.metric)})`);
  const metric = o.metric as (typeof TREND_METRICS)[number];
  const from = await dateOpt('--from', o.from);
  const to = await dateOpt('--to', o.to);
  if (o.method && !['regression', 'record-lows'].includes(o.method))
    throw new UsageError(`--method: must be regression | record-lows (got ${JSON.stringify(o.method)})`);
  if (o.plot && !/\.(svg|png)$/i.test(o.plot))
    throw new UsageError(`--plot: must end in .svg or .png (got ${JSON.stringify(o.plot)})`);
  const threshold = num('--threshold', o.threshold);
  const minEci = num('--min-eci', o.minEci);
  const { readNotable, readEciModels } = await import('../../evidence/readers.ts');
  const { normaliseCountry } = await import('../../evidence/groups.ts');
  const data =
    metric === 'capability-compute' ? { eci: readEciModels(o.eci) } : { notable: readNotable(o.notable) };
  const r = trend(
    {
      metric,
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      ...(o.country ? { country: normaliseCountry(o.country) } : {}),
      frontierOnly: !o.allModels,
      ...(threshold !== undefined ? { threshold } : {}),
      ...(minEci !== undefined ? { minEci } : {}),
      method: (o.method ?? 'regression') as 'regression' | 'record-lows',
    },
    data,
  );
  let plot: unknown;
  if (o.plot) {
    const { trendChartSvg } = await import('../../evidence/chart.ts');
    const { writeChart } = await import('../../evidence/render.ts');
    const { trendChartInput } = await import('../../evidence/views.ts');
    const svg = trendChartSvg(trendChartInput(r));
    plot = await writeChart(o.plot, svg);
  }
  if (o.json) return out(JSON.stringify({ ...r, ...(plot ? { plot } : {}) }, null, 2));
  out(
    `${r.label} (${r.unit}); filters: ${Object.entries(r.filters)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')}`,
  );
  out(`fit: ${describeFit(r.fit)}`);
  out(`method: ${r.method}`);
  for (const n of r.notes) out(`note: ${n}`);
  out('published rates:');
  for (const p of r.published)
    out(
      `  ${String(p.factorPerYear).padStart(5)}×/yr ${p.direction}${p.ci95 ? ` (CI ${p.ci95[0]}–${p.ci95[1]})` : ''} — ${p.label}; ${p.source} [${p.confidence}] → ${p.versusFit} the fitted 95% CI`,
    );
  if (plot) out(`chart written: ${(plot as { file: string }).file}`);
  out(
    r.attribution +
      ` (${r.datasets.map((d) => `${d.id}${d.snapshot ? ` snapshot ${d.snapshot}` : ''}`).join(', ')})`,
  );
}
