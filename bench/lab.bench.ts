/**
 * Policy-lab benchmark: replay 1,000,000 SYNTHETIC shipments under 5 scenarios.
 *
 * Side by side in one process (same data, same machine state):
 *   one      — replay + summary under "as-enforced" alone (run twice; the second is timed, so
 *              JIT warm-up does not favour the five-scenario run)
 *   shared5  — one replay of 5 scenarios: shipment classes built once, decisions shared across
 *              scenarios where their active provisions agree
 *   separate5 — 5 independent single-scenario replays (what "5 × one scenario" costs here)
 *   perShipment — the engine called once per shipment (decide with explain:false) on a 20,000-row
 *              subset, extrapolated per shipment: the cost the class pass avoids
 * Prints a table and one `BENCH {...}` line. N can be lowered with LAB_BENCH_N for a quick run.
 */
import { replay } from '../src/lab/replay.ts';
import { summarize } from '../src/lab/report.ts';
import { generateShipments } from '../src/lab/synthetic.ts';
import { decideTransaction } from '../src/engine/decide.ts';
import { applyScenario, loadScenario } from '../src/lab/scenario.ts';
import type { Transaction } from '../src/engine/transaction.ts';

const N = Number(process.env.LAB_BENCH_N ?? 1_000_000);
const SEED = 2026;
const FIVE = ['as-enforced', 'h20-2024-01', 'no-oct-2023', 'no-h200-rule', 'chip-security-act'];

const time = <T>(fn: () => T): [T, number] => {
  const t = performance.now();
  const v = fn();
  return [v, performance.now() - t];
};

const [set, genMs] = time(() => generateShipments({ n: N, seed: SEED }));

const one = () => summarize(replay(['as-enforced'], set));
time(one); // warm-up
const [oneResult, oneMs] = time(one);

const phases: Record<string, number> = {};
const [five, sharedMs] = time(() => {
  const r = replay(FIVE, set, { onPhase: (p, ms) => (phases[p] = (phases[p] ?? 0) + ms) });
  const t = performance.now();
  const s = summarize(r);
  phases.summary = performance.now() - t;
  return { r, s };
});

const [, separateMs] = time(() => {
  for (const id of FIVE) summarize(replay([id], set, { base: id }));
});

// Per-shipment engine calls on a subset (the work the class pass saves).
const SUB = Math.min(20_000, N);
const base = applyScenario(loadScenario('as-enforced'));
const [, subMs] = time(() => {
  for (let i = 0; i < SUB; i++) {
    const r = set.row(i);
    const tx: Transaction = {
      date: r.date,
      exportFrom: 'US',
      destination: r.destination,
      destinationGiven: r.destination,
      items: [{ product: r.product, quantity: r.quantity }],
      view: 'enforced',
      ...(r.endUserHeadquarters ? { endUser: { headquarters: r.endUserHeadquarters } } : {}),
    };
    decideTransaction(tx, { rules: base.rules, explain: false });
  }
});
const perShipmentUs = (subMs * 1000) / SUB;
const perShipmentOneScenarioEstMs = (perShipmentUs * N) / 1000;

const rss = process.resourceUsage().maxRSS / 1024;
const calls = five.r.runs.map((x) => x.decisions);
const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const rows: [string, string, string][] = [
  ['generate (SYNTHETIC)', fmt(genMs), `${N.toLocaleString('en-US')} rows, seed ${SEED}`],
  ['one scenario', fmt(oneMs), `${oneResult.scenarios[0]!.engineCalls.toLocaleString('en-US')} engine calls`],
  ['five, shared', fmt(sharedMs), `ratio ${(sharedMs / oneMs).toFixed(2)}× one scenario; engine calls ${calls.join(' / ')}`],
  ['five, separate', fmt(separateMs), `ratio ${(separateMs / oneMs).toFixed(2)}× one scenario`],
  ['engine per shipment', `${perShipmentUs.toFixed(1)} µs`, `(${SUB.toLocaleString('en-US')}-row subset) ≈ ${fmt(perShipmentOneScenarioEstMs)} for one scenario without classes`],
];
process.stdout.write(`Policy lab: ${N.toLocaleString('en-US')} shipments × ${FIVE.length} scenarios (${FIVE.join(', ')})\n`);
for (const [a, b, c] of rows) process.stdout.write(`  ${a.padEnd(22)} ${b.padStart(10)}  ${c}\n`);
process.stdout.write(`  classes: ${five.r.classes.count.toLocaleString('en-US')}; shared answers ${five.r.engine.shared.toLocaleString('en-US')}; phases (ms): ${Object.entries(phases).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ')}\n`);
process.stdout.write(`  peak RSS ${rss.toFixed(0)} MB\n`);
const h20 = five.s.diffs.find((d) => d.scenario === 'h20-2024-01')!;
process.stdout.write(`  check: h20-2024-01 changes ${h20.summary.material.shipments.toLocaleString('en-US')} shipments (${h20.summary.material.h100e.toLocaleString('en-US')} H100e), SYNTHETIC\n`);
process.stdout.write(
  'BENCH ' +
    JSON.stringify({
      shipments: N,
      scenarios: FIVE.length,
      synthetic: true,
      seed: SEED,
      generateMs: Math.round(genMs),
      oneScenarioMs: Math.round(oneMs),
      fiveSharedMs: Math.round(sharedMs),
      fiveSeparateMs: Math.round(separateMs),
      ratioSharedVsOne: +(sharedMs / oneMs).toFixed(3),
      ratioSeparateVsOne: +(separateMs / oneMs).toFixed(3),
      classes: five.r.classes.count,
      engineCalls: calls,
      sharedAnswers: five.r.engine.shared,
      perShipmentEngineUs: +perShipmentUs.toFixed(2),
      phasesMs: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, Math.round(v)])),
      peakRssMB: Math.round(rss),
    }) +
    '\n',
);
