/**
 * `batch decide` at scale: a 1,000,000-row order book (BENCH_ROWS to change) decided to CSV with
 * the real engine, side by side in the same run with the I/O floor — a plain csv-parse ->
 * csv-stringify pass-through of the same file — and with --record into a SQLite ledger.
 * Each pass runs as its own child process; peak RSS is that child's maxRSS.
 * Targets (issue 5): >= 0.3x the floor's rows/s, peak RSS <= 300 MB, --record on SQLite >= 50,000 rows/s.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const dir = mkdtempSync(join(tmpdir(), 'exportctl-bench-batch-'));
const input = join(dir, 'orders.csv');

// A deterministic order book: repeats like a real one (a few products, destinations, dates and
// quantities), some end users, a few bad rows.
const products = [
  'NVIDIA H100 SXM',
  'NVIDIA H200',
  'NVIDIA A100 SXM',
  'NVIDIA H20',
  'NVIDIA L40S',
  'AMD Instinct MI300X',
  'NVIDIA B200',
  'NVIDIA A10',
];
const dests = [
  'DE',
  'IN',
  'CN',
  'US',
  'AE',
  'SG',
  'JP',
  'BR',
  'MY',
  'VN',
  'GB',
  'SA',
  'IL',
  'MX',
  'PL',
  'TW',
];
const dates = [
  '2023-06-01',
  '2024-01-15',
  '2024-06-30',
  '2025-02-01',
  '2025-06-01',
  '2026-02-01',
  '2026-06-15',
  '2026-09-01',
];
let seed = 42;
const rnd = (n: number) => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return (seed >>> 12) % n; // the low bits of this LCG cycle quickly
};
const distinct = new Set<string>();
await new Promise<void>((resolve, reject) => {
  const ws = createWriteStream(input);
  ws.on('error', reject);
  ws.write(
    'id,date,destination,product,quantity,end_user_name,end_user_country,end_user_headquarters,end_user_parent_headquarters,view\n',
  );
  let i = 0;
  const pump = () => {
    let ok = true;
    while (ok && i < ROWS) {
      i++;
      const p = products[rnd(products.length)]!;
      const d = dests[rnd(dests.length)]!;
      const dt = dates[rnd(dates.length)]!;
      const q = 1 + rnd(8) * 8;
      const eu = rnd(10) === 0 ? `ACME ${rnd(5)}` : '';
      const hq = eu && rnd(4) === 0 ? 'CN' : '';
      const view = rnd(5) === 0 ? 'as-written' : '';
      const bad = i % 10_007 === 0;
      distinct.add([dt, d, p, q, eu, hq, view].join('|'));
      ok = ws.write(`${i},${bad ? '2025-13-40' : dt},${d},${p},${q},${eu},${eu ? d : ''},${hq},,${view}\n`);
    }
    if (i < ROWS) ws.once('drain', pump);
    else ws.end(resolve);
  };
  pump();
});
const mb = statSync(input).size / 1e6;

/**
 * Runs code in a fresh node (tsx loaded); returns wall seconds, CPU seconds (user + system, all
 * threads) and the child's peak RSS. On a shared, loaded machine wall time mostly measures the
 * neighbours; CPU time is the fairer comparison, so both are reported.
 */
function child(
  code: string,
  env: Record<string, string> = {},
): { seconds: number; cpu: number; rssMB: number; out: string } {
  const wrapped = `${code}\n{ const u = process.resourceUsage(); process.stderr.write('\\nMAXRSS ' + u.maxRSS + ' CPU ' + (u.userCPUTime + u.systemCPUTime) + '\\n'); }`;
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', wrapped], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`child failed (${r.status}): ${r.stderr}`);
  const m = /MAXRSS (\d+) CPU (\d+)/.exec(r.stderr);
  return { seconds, cpu: m ? Number(m[2]) / 1e6 : NaN, rssMB: m ? Number(m[1]) / 1024 : NaN, out: r.stdout };
}

const floorCode = `
import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify';
await pipeline(createReadStream(${JSON.stringify(input)}), parse({ bom: true, relax_column_count: true }), stringify(), createWriteStream(${JSON.stringify(join(dir, 'floor.csv'))}));
`;
const mainUrl = pathToFileURL(join(root, 'src/cli/main.ts')).href;
const decideCode = (out: string, extra: string[]) => `
const { main } = await import(${JSON.stringify(mainUrl)});
const code = await main(${JSON.stringify(['batch', 'decide', input, '--out', join(dir, out), '--no-progress', '--json', ...extra])});
if (code !== 0) process.exit(code);
`;

const runs: {
  name: string;
  seconds: number;
  cpu: number;
  rssMB: number;
  rowsPerSec: number;
  rowsPerCpuSec: number;
}[] = [];
const measure = (name: string, code: string, env?: Record<string, string>) => {
  const r = child(code, env);
  runs.push({
    name,
    seconds: r.seconds,
    cpu: r.cpu,
    rssMB: r.rssMB,
    rowsPerSec: ROWS / r.seconds,
    rowsPerCpuSec: ROWS / r.cpu,
  });
  return r;
};
const load = () => await_load();
function await_load(): number {
  return Number((spawnSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).stdout || '0').split(' ')[0]);
}
const loadBefore = load();

// Each pass runs REPEAT times, interleaved, and the fastest run counts: on a shared machine the
// neighbours' load comes and goes, and the best run is the closest to the code's own speed.
const REPEAT = Number(process.env.BENCH_REPEAT ?? 2);
const passes: [string, () => string][] = [
  ['csv-parse -> csv-stringify (I/O floor)', () => floorCode],
  ['batch decide', () => decideCode('decided.csv', [])],
  ['batch decide --workers 2', () => decideCode('decided2.csv', ['--workers', '2'])],
  [
    'batch decide --record (SQLite)',
    () => {
      rmSync(join(dir, 'ledger.sqlite'), { force: true });
      rmSync(join(dir, 'ledger.sqlite-wal'), { force: true });
      rmSync(join(dir, 'ledger.sqlite-shm'), { force: true });
      return decideCode('recorded.csv', ['--record', '--db', join(dir, 'ledger.sqlite')]);
    },
  ],
];
let plainOut = '';
const best = new Map<string, (typeof runs)[number]>();
for (let k = 0; k < REPEAT; k++) {
  for (const [name, code] of passes) {
    const r = measure(name, code());
    if (name === 'batch decide') plainOut = r.out;
    const last = runs.pop()!;
    const prev = best.get(name);
    if (!prev || last.seconds < prev.seconds) best.set(name, last);
  }
}
runs.push(...passes.map(([name]) => best.get(name)!));
const summary = JSON.parse(plainOut.slice(plainOut.indexOf('{')));

const floor = runs[0]!;
process.stdout.write(
  `\n${ROWS.toLocaleString('en-US')} rows (${mb.toFixed(1)} MB, ${distinct.size.toLocaleString('en-US')} distinct decision keys); ${summary.outRows} decided, ${summary.rejectRows} rejected\n`,
);
process.stdout.write(
  `load average ${loadBefore} before, ${load()} after (2 cores); best of ${REPEAT} interleaved runs per pass\n`,
);
process.stdout.write(
  `${'pass'.padEnd(36)}${'wall s'.padStart(8)}${'rows/s'.padStart(10)}${'x floor'.padStart(9)}${'CPU s'.padStart(8)}${'rows/CPU-s'.padStart(12)}${'x floor'.padStart(9)}${'peak RSS MB'.padStart(13)}\n`,
);
for (const r of runs) {
  process.stdout.write(
    `${r.name.padEnd(36)}${r.seconds.toFixed(2).padStart(8)}${Math.round(r.rowsPerSec).toLocaleString('en-US').padStart(10)}${(r.rowsPerSec / floor.rowsPerSec).toFixed(2).padStart(9)}` +
      `${r.cpu.toFixed(2).padStart(8)}${Math.round(r.rowsPerCpuSec).toLocaleString('en-US').padStart(12)}${(r.rowsPerCpuSec / floor.rowsPerCpuSec).toFixed(2).padStart(9)}${r.rssMB.toFixed(0).padStart(13)}\n`,
  );
}
const decide = runs[1]!;
const rec = runs[3]!;
const result = {
  rows: ROWS,
  inputMB: Number(mb.toFixed(1)),
  distinctKeys: distinct.size,
  floorRowsPerSec: Math.round(floor.rowsPerSec),
  decideRowsPerSec: Math.round(decide.rowsPerSec),
  decideVsFloor: Number((decide.rowsPerSec / floor.rowsPerSec).toFixed(3)),
  floorRowsPerCpuSec: Math.round(floor.rowsPerCpuSec),
  decideRowsPerCpuSec: Math.round(decide.rowsPerCpuSec),
  decideVsFloorCpu: Number((decide.rowsPerCpuSec / floor.rowsPerCpuSec).toFixed(3)),
  recordRowsPerCpuSec: Math.round(rec.rowsPerCpuSec),
  loadAverage: [loadBefore, load()],
  bestOf: REPEAT,
  workers2RowsPerSec: Math.round(runs[2]!.rowsPerSec),
  recordRowsPerSec: Math.round(rec.rowsPerSec),
  floorPeakRssMB: Math.round(floor.rssMB),
  decidePeakRssMB: Math.round(decide.rssMB),
  workers2PeakRssMB: Math.round(runs[2]!.rssMB),
  recordPeakRssMB: Math.round(rec.rssMB),
  targets: {
    vsFloor: decide.rowsPerSec / floor.rowsPerSec >= 0.3,
    // The RSS target is for the 1,000,000-row decide to CSV; --record's target is its rate
    // (its peak RSS is reported: the ledger writer thread adds its own V8 isolate, ~70 MB).
    rss: decide.rssMB <= 300,
    record: rec.rowsPerSec >= 50_000,
  },
  note: 'wall and CPU time of each child process, including node + tsx start-up; targets judged on wall time',
};
process.stdout.write(`BENCH ${JSON.stringify(result)}\n`);
rmSync(dir, { recursive: true, force: true });
