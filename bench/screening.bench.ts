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
const queries = probes.map((p) => p.query);

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

// --- exportctl
let t = performance.now();
const index = new ListIndex(entities, DEFAULT_CONFIG);
const buildMs = performance.now() - t;
for (const q of queries.slice(0, 200)) index.search(q, { explain: false }); // warm-up
const lat: number[] = [];
let found = 0;
t = performance.now();
for (const p of probes) {
  const a = performance.now();
  const hits = index.search(p.query, { explain: false });
  lat.push(performance.now() - a);
  if (hits.some((h) => h.entityId === p.expect)) found++;
}
const totalMs = performance.now() - t;
const ours = { buildMs, qps: (probes.length / totalMs) * 1000, p50: pct(lat, 50), p99: pct(lat, 99), recall: found / probes.length };

// --- fuse.js over the same names (primary + aliases + weak aliases), default options
const docs = entities.flatMap((e) => [e.name, ...e.aliases, ...e.weakAliases].map((name) => ({ id: e.id, name })));
t = performance.now();
const fuse = new Fuse(docs, { keys: ['name'], includeScore: true, threshold: 0.4, ignoreLocation: true });
const fuseBuildMs = performance.now() - t;
// fuse is slow: time a subset, but measure its recall on the same subset and on all probes we time
const fuseN = Math.min(probes.length, Number(process.env.FUSE_QUERIES ?? 300));
const fuseLat: number[] = [];
let fuseFound = 0;
let oursOnSubset = 0;
t = performance.now();
for (const p of probes.slice(0, fuseN)) {
  const a = performance.now();
  const r = fuse.search(p.query, { limit: 10 });
  fuseLat.push(performance.now() - a);
  if (r.some((x) => x.item.id === p.expect)) fuseFound++;
}
const fuseMs = performance.now() - t;
for (const p of probes.slice(0, fuseN)) if (index.search(p.query, { explain: false }).some((h) => h.entityId === p.expect)) oursOnSubset++;
const theirs = { buildMs: fuseBuildMs, qps: (fuseN / fuseMs) * 1000, p50: pct(fuseLat, 50), p99: pct(fuseLat, 99), recall: fuseFound / fuseN };

const rss = process.resourceUsage().maxRSS / 1024;
const f = (x: number, d = 1) => x.toFixed(d);
console.log(`SDN 2024-05-03: ${entities.length} entities, ${index.size.names} names; ${probes.length} treated queries (typo, reorder, transliteration, abbreviation, merge/split, exact)`);
console.log('engine      build ms   queries/s   p50 ms   p99 ms   recall');
console.log(`exportctl   ${f(ours.buildMs, 0).padStart(8)}   ${f(ours.qps, 0).padStart(9)}   ${f(ours.p50, 3).padStart(6)}   ${f(ours.p99, 3).padStart(6)}   ${f(ours.recall, 3)}  (all ${probes.length})`);
console.log(`fuse.js     ${f(theirs.buildMs, 0).padStart(8)}   ${f(theirs.qps, 0).padStart(9)}   ${f(theirs.p50, 3).padStart(6)}   ${f(theirs.p99, 3).padStart(6)}   ${f(theirs.recall, 3)}  (first ${fuseN}; exportctl on the same: ${f(oursOnSubset / fuseN, 3)})`);
console.log(`speed-up ${f(ours.qps / theirs.qps, 0)}×   peak RSS ${f(rss, 0)} MB`);
console.log(
  'BENCH ' +
    JSON.stringify({
      entities: entities.length,
      names: index.size.names,
      queries: probes.length,
      exportctl: { buildMs: +f(ours.buildMs), qps: +f(ours.qps, 0), p50ms: +f(ours.p50, 3), p99ms: +f(ours.p99, 3), recall: +f(ours.recall, 3) },
      fuse: { buildMs: +f(theirs.buildMs), qps: +f(theirs.qps, 1), p50ms: +f(theirs.p50, 3), p99ms: +f(theirs.p99, 3), recall: +f(theirs.recall, 3), queries: fuseN, exportctlRecallSameQueries: +f(oursOnSubset / fuseN, 3) },
      speedup: +f(ours.qps / theirs.qps, 0),
      peakRssMB: +f(rss, 0),
    }),
);
