/**
 * npm run eval:screening — recall on treated variants, false-positive rate on synthetic
 * negatives, precision/recall/F1 per category, a threshold sweep and a calibration check.
 * Prints a report and ends with one line `EVAL {...}` (JSON).
 */
import { DEFAULT_CONFIG } from './config.ts';
import {
  CATEGORIES,
  negatives,
  sdn2024,
  sdnProbes,
  yenteSet,
  type Category,
  type Probe,
} from './evaldata.ts';
import { ListIndex } from './search.ts';

const cfg = DEFAULT_CONFIG;
const t0 = performance.now();
const sdn = sdn2024();
const sdnIndex = new ListIndex(sdn, cfg);
const y = yenteSet();
const yIndex = new ListIndex(y.entities, cfg);
const probes: Probe[] = [...y.probes, ...sdnProbes(sdn)];
const negs = negatives();

/** Score of the expected entity (0 if not found) and the best score overall, at a low floor. */
function run(p: Probe): { correct: number; best: number } {
  const ix = p.category === 'yente-treated' ? yIndex : sdnIndex;
  const hits = ix.search(p.query, { minScore: 0.5, limit: 50, explain: false });
  return { correct: hits.find((h) => h.entityId === p.expect)?.score ?? 0, best: hits[0]?.score ?? 0 };
}

const pos = probes.map((p) => ({ p, ...run(p) }));
const negBest = negs.map(
  (n) => sdnIndex.search(n, { minScore: 0.5, limit: 1, explain: false })[0]?.score ?? 0,
);
const negBestYente = negs.map(
  (n) => yIndex.search(n, { minScore: 0.5, limit: 1, explain: false })[0]?.score ?? 0,
);

function metrics(th: number, cat?: Category) {
  const ps = pos.filter((x) => !cat || x.p.category === cat);
  const tp = ps.filter((x) => x.correct >= th).length;
  const fn = ps.length - tp;
  const fpNeg = negBest.filter((s) => s >= th).length;
  const fpr = fpNeg / negBest.length;
  // balanced precision: as many negatives as positives, at the measured false-positive rate
  const fpScaled = fpr * ps.length;
  const precision = tp + fpScaled === 0 ? 1 : tp / (tp + fpScaled);
  const recall = ps.length ? tp / ps.length : 0;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { n: ps.length, tp, fn, recall, fpr, precision, f1 };
}

const f = (x: number) => x.toFixed(3);
const th = cfg.matchThreshold;
const lines: string[] = [];
lines.push(
  `screening evaluation: ${probes.length} positive probes, ${negs.length} negatives; SDN 2024-05-03 index ${JSON.stringify(sdnIndex.size)}`,
);
lines.push(`match threshold ${th}, block threshold ${cfg.blockThreshold}`);
lines.push('');
lines.push('category          n     recall  precision*  F1     (recall@block)');
const perCat: Record<string, unknown> = {};
for (const c of CATEGORIES) {
  const m = metrics(th, c);
  const mb = metrics(cfg.blockThreshold, c);
  perCat[c] = { ...m, recallAtBlock: mb.recall };
  lines.push(
    `${c.padEnd(16)} ${String(m.n).padStart(4)}   ${f(m.recall)}   ${f(m.precision)}      ${f(m.f1)}  (${f(mb.recall)})`,
  );
}
const all = metrics(th);
lines.push(
  `${'all'.padEnd(16)} ${String(all.n).padStart(4)}   ${f(all.recall)}   ${f(all.precision)}      ${f(all.f1)}`,
);
lines.push(
  `false-positive rate of ${negs.length} yente negatives vs full SDN 2024: ${f(all.fpr)} at ${th}, ${f(metrics(cfg.blockThreshold).fpr)} at ${cfg.blockThreshold}`,
);
lines.push(
  `false-positive rate of the negatives vs the 683-name UN list: ${f(negBestYente.filter((s) => s >= th).length / negs.length)}`,
);
lines.push('* precision is balanced: TP / (TP + FPR × n), i.e. as many negatives as positives.');
lines.push('');
lines.push('threshold sweep (all categories):  th  recall  FPR   F1');
const sweep = [];
for (let t = 0.8; t <= 0.97 + 1e-9; t += 0.01) {
  const m = metrics(t);
  sweep.push({ threshold: +t.toFixed(2), recall: m.recall, fpr: m.fpr, f1: m.f1 });
  lines.push(`                                   ${t.toFixed(2)}  ${f(m.recall)}  ${f(m.fpr)}  ${f(m.f1)}`);
}
// pair mode (exportctl match --jsonl): symmetric score of (treated query, original name) and of
// (negative, its nearest SDN name); same threshold
import { scoreNames } from './score.ts';
const pairPos = pos.filter((x) => x.p.category !== 'exact').map((x) => scoreNames(x.p.query, x.p.original));
const pairNeg = negs.map((n) => {
  const h = sdnIndex.search(n, { minScore: 0, limit: 1, explain: false })[0];
  return h ? scoreNames(n, h.matchedName) : 0;
});
lines.push('');
lines.push('pair mode (match --jsonl, symmetric score): th  recall  FPR(nearest SDN name)  F1');
const pairSweep = [];
for (let t = 0.8; t <= 0.97 + 1e-9; t += 0.01) {
  const tp = pairPos.filter((s) => s >= t).length;
  const fp = pairNeg.filter((s) => s >= t).length;
  const recall = tp / pairPos.length;
  const fpr = fp / pairNeg.length;
  const precision = tp / (tp + fpr * pairPos.length || 1);
  const f1 = (2 * precision * recall) / (precision + recall || 1);
  pairSweep.push({ threshold: +t.toFixed(2), recall, fpr, f1 });
  lines.push(
    `                                            ${t.toFixed(2)}  ${f(recall)}  ${f(fpr)}                  ${f(f1)}`,
  );
}
// calibration: strong match (exact) > treated variants > nearest non-target > negatives
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const tiers = {
  'strong match (exact SDN names)': mean(pos.filter((x) => x.p.category === 'exact').map((x) => x.correct)),
  'weak match (treated variants)': mean(pos.filter((x) => x.p.category !== 'exact').map((x) => x.correct)),
  'weak non-match (negatives vs 15k SDN names: nearest namesake)': mean(negBest),
  'strong non-match (negatives vs 683 UN names: nearest)': mean(negBestYente),
};
lines.push('');
lines.push('calibration (mean score):');
const vals = Object.values(tiers);
for (const [k, v] of Object.entries(tiers)) lines.push(`  ${k.padEnd(58)} ${f(v)}`);
const monotone = vals.every((v, i) => i === 0 || v <= vals[i - 1]);
lines.push(`  monotone (falls from strong match to strong non-match): ${monotone ? 'yes' : 'NO'}`);
const misses = pos
  .filter((x) => x.correct < th && (!process.env.CAT || x.p.category === process.env.CAT))
  .slice(0, 25);
lines.push('');
lines.push('sample misses:');
for (const m of misses)
  lines.push(`  [${m.p.category}] "${m.p.query}" → expected "${m.p.original}" (score ${f(m.correct)})`);
const fps = negs
  .map((n, i) => [n, negBest[i]] as const)
  .filter(([, s]) => s >= th)
  .slice(0, 10);
lines.push('sample false positives (negatives vs SDN):');
for (const [n, s] of fps)
  lines.push(
    `  "${n}" → ${f(s)} ${sdnIndex.search(n, { limit: 1, explain: false, minScore: 0 })[0]?.matchedName ?? ''}`,
  );
lines.push(`(${((performance.now() - t0) / 1000).toFixed(1)} s)`);
process.stdout.write(lines.join('\n') + '\n');
process.stdout.write(
  'EVAL ' +
    JSON.stringify({
      threshold: th,
      blockThreshold: cfg.blockThreshold,
      overall: all,
      perCategory: perCat,
      fprBlock: metrics(cfg.blockThreshold).fpr,
      calibration: tiers,
      monotone,
      sweep,
      pairSweep,
    }) +
    '\n',
);
