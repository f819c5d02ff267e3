/**
 * One-line decisions with full explanations on one thread (target ≥ 200,000/s), reported beside
 * the classify figures. Inputs: seeded mix of catalog products, destinations, dates 2022–2026,
 * views, and end users with and without headquarters. Includes input validation.
 */
import { decide } from '../src/engine/decide.ts';
import { catalog } from '../src/catalog/index.ts';
import { fmt, peakRssMb, rng, table, time } from './lib.ts';

const N = Number(process.env.BENCH_N ?? 200_000);
const r = rng(7);
const names = catalog().products.map((p) => p.fullName);
const dests = [
  'CN',
  'MO',
  'DE',
  'SA',
  'AE',
  'IL',
  'VN',
  'IN',
  'SG',
  'RU',
  'NI',
  'KH',
  'JP',
  'MY',
  'BR',
  'HK',
];
const dates = [
  '2022-12-01',
  '2023-06-01',
  '2024-01-15',
  '2024-06-01',
  '2025-02-01',
  '2025-06-01',
  '2026-03-01',
  '2026-06-01',
];
const pick = <T>(a: T[]) => a[Math.floor(r() * a.length)]!;
const txs = Array.from({ length: N }, () => ({
  date: pick(dates),
  destination: pick(dests),
  items: [{ product: pick(names), quantity: 1 + Math.floor(r() * 512) }],
  ...(r() < 0.3 ? { endUser: { name: 'Example Co', headquarters: pick(dests) } } : {}),
  ...(r() < 0.2 ? { view: 'as-written' } : {}),
}));

for (let i = 0; i < 20_000; i++) decide(txs[i]!);
let required = 0;
// The machine is shared: report the rate per second of this thread's CPU time beside wall time.
const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
let c0 = process.cpuUsage();
const t = time(() => {
  for (let i = 0; i < N; i++) if (decide(txs[i]!).licenseRequired) required++;
});
const tCpu = cpuMs(process.cpuUsage(c0));
c0 = process.cpuUsage();
const tq = time(() => {
  for (let i = 0; i < N; i++) decide(txs[i]!, { explain: false });
});
const tqCpu = cpuMs(process.cpuUsage(c0));
const rate = (N / t.ms) * 1000;
const rateQuiet = (N / tq.ms) * 1000;
const rateCpu = (N / tCpu) * 1000;
const rateQuietCpu = (N / tqCpu) * 1000;
console.log(
  table([
    ['decide, one line', 'decisions', 'decisions/s wall', 'decisions/s CPU', 'target'],
    ['full explanations', N, fmt(rate), fmt(rateCpu), '≥ 200,000'],
    ['explanations off', N, fmt(rateQuiet), fmt(rateQuietCpu), '—'],
  ]),
);
console.log(`${((required / N) * 100).toFixed(1)}% needed a licence; peak RSS ${peakRssMb()} MB`);
console.log(
  'BENCH ' +
    JSON.stringify({
      n: N,
      decisionsPerSec: Math.round(rate),
      decisionsPerSecNoExplain: Math.round(rateQuiet),
      decisionsPerCpuSec: Math.round(rateCpu),
      decisionsPerCpuSecNoExplain: Math.round(rateQuietCpu),
      peakRssMb: peakRssMb(),
    }),
);
