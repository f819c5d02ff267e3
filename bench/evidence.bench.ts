/**
 * Evidence module timings (run: node --import tsx bench/evidence.bench.ts). Peers side by side in one
 * run: the day-by-day series (Epoch's method) against the weekly grid of lag.md §3.3, and the
 * bootstrap against the plain answer. Median of repeated runs; ends with one `BENCH {...}` line.
 */
import { performance } from 'node:perf_hooks';
import { loadEvidence, readNotable, readEciModels, ECI_BENCHMARK } from '../src/evidence/readers.ts';
import { groupLag, groupLagAll, modelLag } from '../src/evidence/analysis.ts';
import { parseGroup } from '../src/evidence/groups.ts';
import { trend } from '../src/evidence/trend.ts';

function time(fn: () => unknown, reps: number): number {
  fn(); // warm-up
  const ts: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    ts.push(performance.now() - t0);
  }
  ts.sort((a, b) => a - b);
  return ts[ts.length >> 1];
}

const US = parseGroup('US')!;
const CN = parseGroup('China')!;
const load = time(() => loadEvidence(), 5);
const data = loadEvidence();
const notable = readNotable();
const eci = readEciModels();
const eciBase = {
  leader: US,
  follower: CN,
  benchmark: ECI_BENCHMARK,
  from: '2023-01-01',
  to: '2026-04-11',
  includeBounded: true,
  withSeries: false,
};
const rows: [string, number][] = [
  ['load table + ECI CSV', load],
  ['per-model view (DeepSeek-V3, 24 benchmarks)', time(() => modelLag(data.scores, 'DeepSeek-V3'), 20)],
  [
    'ECI lag, daily grid 2023-01-01→2026-04-11 (+3 tolerances)',
    time(() => groupLag(data.scores, { ...eciBase, step: 1 }), 5),
  ],
  ['ECI lag, weekly grid (lag.md §3.3)', time(() => groupLag(data.scores, { ...eciBase, step: 7 }), 20)],
  [
    'GPQA lag, plain',
    time(
      () => groupLag(data.scores, { leader: US, follower: CN, benchmark: 'GPQA Diamond', withSeries: false }),
      20,
    ),
  ],
  [
    'GPQA lag + bootstrap 1000',
    time(
      () =>
        groupLag(data.scores, {
          leader: US,
          follower: CN,
          benchmark: 'GPQA Diamond',
          withSeries: false,
          bootstrapReps: 1000,
        }),
      5,
    ),
  ],
  ['all benchmarks, weekly', time(() => groupLagAll(data.scores, { leader: US, follower: CN, step: 7 }), 5)],
  ['trend compute (Notable)', time(() => trend({ metric: 'compute' }, { notable }), 20)],
  [
    'trend capability-compute (ECI regression)',
    time(() => trend({ metric: 'capability-compute' }, { eci }), 20),
  ],
];
for (const [name, ms] of rows) process.stdout.write(`${name.padEnd(60)} ${ms.toFixed(2).padStart(9)} ms\n`);
const ms = Object.fromEntries(rows.map(([n, v]) => [n, Math.round(v * 100) / 100]));
const dailyOverWeekly = rows[2][1] / rows[3][1];
const bootOverPlain = rows[5][1] / rows[4][1];
process.stdout.write(
  `ratio daily/weekly grid: ${dailyOverWeekly.toFixed(2)}; bootstrap(1000)/plain: ${bootOverPlain.toFixed(2)}\n`,
);
const rssMB = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`peak RSS ${rssMB.toFixed(0)} MB\n`);
process.stdout.write(
  `BENCH ${JSON.stringify({ ms, ratios: { dailyOverWeekly: Math.round(dailyOverWeekly * 100) / 100, bootstrap1000OverPlain: Math.round(bootOverPlain * 100) / 100 }, peakRssMB: Math.round(rssMB) })}\n`,
);
