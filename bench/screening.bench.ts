/**
 * Screening benchmark on the full 2024-05-03 SDN snapshot (14,965 entities, names + a.k.a.s):
 * index build time, queries/s and p50/p99 latency on one thread, side by side with fuse.js over
 * the same names and queries, and recall of both on the treated variants.
 * Run: node --import tsx bench/screening.bench.ts   (ends with one `BENCH {...}` line)
 */
import Fuse from 'fuse.js';
import { DEFAULT_CONFIG } from '../src/screening/config.ts';
import { sdn2024, sdnProbes, type Probe } from '../src/screening/evaldata.ts';
import { ListIndex } from '../src/screening/search.ts';

const entities = sdn2024();
const probes: Probe[] = sdnProbes(entities, 200, 7);

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

// --- exportctl: build, one warm-up pass, then timed passes (wall and CPU time of this thread)
let t = performance.now();
const index = new ListIndex(entities, DEFAULT_CONFIG);
const buildMs = performance.now() - t;
for (const p of probes) index.search(p.query, { explain: false });
const PASSES = 3;
const lat: number[] = [];
let found = 0;
const cpu0 = process.cpuUsage();
t = performance.now();
for (let pass = 0; pass < PASSES; pass++) {
  for (const p of probes) {
    const a = performance.now();
    const hits = index.search(p.query, { explain: false });
    lat.push(performance.now() - a);
    if (pass === 0 && hits.some((h) => h.entityId === p.expect)) found++;
  }
}
const totalMs = performance.now() - t;
const cpu = process.cpuUsage(cpu0);
const cpuMs = (cpu.user + cpu.system) / 1000;
const n = PASSES * probes.length;
const ours = {
  buildMs,
  qps: (n / totalMs) * 1000,
  cpuQps: (n / cpuMs) * 1000,
  p50: pct(lat, 50),
  p99: pct(lat, 99),
  recall: found / probes.length,
};

// --- fuse.js over the same names (primary + aliases + weak aliases); ignoreLocation (names have no
// meaningful position), default threshold 0.6; a stratified subset of the same queries (fuse is slow)
const docs = entities.flatMap((e) =>
  [e.name, ...e.aliases, ...e.weakAliases].map((name) => ({ id: e.id, name })),
);
t = performance.now();
const fuse = new Fuse(docs, { keys: ['name'], includeScore: true, ignoreLocation: true });
const fuseBuildMs = performance.now() - t;
const fuseN = Math.min(probes.length, Number(process.env.FUSE_QUERIES ?? 60));
const step = probes.length / fuseN;
const subset = Array.from({ length: fuseN }, (_, i) => probes[Math.floor(i * step)]);
const fuseLat: number[] = [];
let fuseFound = 0;
let oursOnSubset = 0;
const fcpu0 = process.cpuUsage();
t = performance.now();
for (const p of subset) {
  const a = performance.now();
  const r = fuse.search(p.query, { limit: 10 });
  fuseLat.push(performance.now() - a);
  if (r.some((x) => x.item.id === p.expect)) fuseFound++;
}
const fuseMs = performance.now() - t;
const fcpu = process.cpuUsage(fcpu0);
for (const p of subset)
  if (index.search(p.query, { explain: false }).some((h) => h.entityId === p.expect)) oursOnSubset++;
const theirs = {
  buildMs: fuseBuildMs,
  qps: (fuseN / fuseMs) * 1000,
  cpuQps: (fuseN / ((fcpu.user + fcpu.system) / 1000)) * 1000,
  p50: pct(fuseLat, 50),
  p99: pct(fuseLat, 99),
  recall: fuseFound / fuseN,
};

const rss = process.resourceUsage().maxRSS / 1024;
const f = (x: number, d = 1) => x.toFixed(d);
console.log(
  `SDN 2024-05-03: ${entities.length} entities, ${index.size.names} names; ${probes.length} treated queries (typo, reorder, transliteration, abbreviation, merge/split, exact)`,
);
console.log('engine      build ms   queries/s (wall)   queries/CPU-s   p50 ms   p99 ms   recall');
console.log(
  `exportctl   ${f(ours.buildMs, 0).padStart(8)}   ${f(ours.qps, 0).padStart(16)}   ${f(ours.cpuQps, 0).padStart(13)}   ${f(ours.p50, 3).padStart(6)}   ${f(ours.p99, 3).padStart(6)}   ${f(ours.recall, 3)}  (all ${probes.length} queries; ${f(oursOnSubset / fuseN, 3)} on fuse's subset)`,
);
console.log(
  `fuse.js     ${f(theirs.buildMs, 0).padStart(8)}   ${f(theirs.qps, 1).padStart(16)}   ${f(theirs.cpuQps, 1).padStart(13)}   ${f(theirs.p50, 1).padStart(6)}   ${f(theirs.p99, 1).padStart(6)}   ${f(theirs.recall, 3)}  (stratified subset of ${fuseN})`,
);
console.log(
  `speed-up ${f(ours.qps / theirs.qps, 0)}× wall, ${f(ours.cpuQps / theirs.cpuQps, 0)}× CPU   peak RSS ${f(rss, 0)} MB (one process, both engines)`,
);
console.log(
  'BENCH ' +
    JSON.stringify({
      entities: entities.length,
      names: index.size.names,
      queries: probes.length,
      exportctl: {
        buildMs: +f(ours.buildMs),
        qps: +f(ours.qps, 0),
        cpuQps: +f(ours.cpuQps, 0),
        p50ms: +f(ours.p50, 3),
        p99ms: +f(ours.p99, 3),
        recall: +f(ours.recall, 3),
      },
      fuse: {
        buildMs: +f(theirs.buildMs),
        qps: +f(theirs.qps, 2),
        cpuQps: +f(theirs.cpuQps, 2),
        p50ms: +f(theirs.p50, 1),
        p99ms: +f(theirs.p99, 1),
        recall: +f(theirs.recall, 3),
        queries: fuseN,
        exportctlRecallSameQueries: +f(oursOnSubset / fuseN, 3),
      },
      speedup: +f(ours.qps / theirs.qps, 0),
      speedupCpu: +f(ours.cpuQps / theirs.cpuQps, 0),
      peakRssMB: +f(rss, 0),
    }),
);
