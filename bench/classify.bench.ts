/**
 * Classification throughput, one thread: 1,000,000 mixed specs (catalog products and random ICs)
 * through the bulk classifier (explanations off) and through classifySpec (explanations on),
 * side by side with json-rules-engine and @gorules/zen-engine evaluating the same 2023 3A090
 * table on the same inputs. The peers are handed TPP and PD precomputed (an advantage to them);
 * exportctl computes both from the spec. Peer outputs are checked against ours.
 */
import { Engine } from 'json-rules-engine';
import { ZenEngine } from '@gorules/zen-engine';
import { compileClassifier } from '../src/engine/fast.ts';
import { classifySpec } from '../src/engine/classify.ts';
import { computeMetrics } from '../src/engine/metrics.ts';
import { catalog, type Product } from '../src/catalog/index.ts';
import type { Spec } from '../src/engine/spec.ts';
import { fmt, peakRssMb, rng, table, time, timeAsync } from './lib.ts';

const N = Number(process.env.BENCH_N ?? 1_000_000);
const DATE = '2024-06-01';
const r = rng(42);
const catalogProducts = catalog().products;
const products = catalogProducts.map((p) => p.spec);
const formats = ['fp16', 'fp8', 'int8', 'fp4'] as const;
const specs: Spec[] = new Array(N);
/** For catalog rows, the product (explained answers are memoized per product and rule interval). */
const productOf: (Product | undefined)[] = new Array(N);
for (let i = 0; i < N; i++) {
  if (r() < 0.5) {
    const k = Math.floor(r() * products.length);
    specs[i] = products[k]!;
    productOf[i] = catalogProducts[k];
  } else
    specs[i] = {
      kind: 'ic',
      datacenter: r() < 0.8,
      throughput: [{ format: formats[Math.floor(r() * 4)]!, tops: 50 + r() * 2500 }],
      dieAreaMm2: 100 + r() * 1500,
      ioBandwidthGBps: r() * 1200,
    };
}

// The 2023 table (88 FR 73458) in the peers' formats; first hit wins.
const TABLE: { when: { tpp?: [number, number]; pd?: [number, number]; dc?: boolean }; out: string | null }[] =
  [
    { when: { dc: false, tpp: [0, 4800] }, out: null }, // Note 2
    { when: { tpp: [4800, Infinity] }, out: '3A090.a.1' },
    { when: { tpp: [1600, Infinity], pd: [5.92, Infinity] }, out: '3A090.a.2' },
    { when: { tpp: [2400, 4800], pd: [1.6, 5.92] }, out: '3A090.b.1' },
    { when: { tpp: [1600, Infinity], pd: [3.2, 5.92] }, out: '3A090.b.2' },
    { when: {}, out: null },
  ];

function zenCell(range?: [number, number]): string {
  if (!range) return '';
  const [lo, hi] = range;
  if (hi === Infinity) return `>= ${lo}`;
  if (lo === 0) return `< ${hi}`;
  return `[${lo}..${hi})`;
}
const jdm = {
  nodes: [
    { id: 'in', type: 'inputNode', name: 'in', position: { x: 0, y: 0 } },
    {
      id: 't',
      type: 'decisionTableNode',
      name: '3A090',
      position: { x: 0, y: 0 },
      content: {
        hitPolicy: 'first',
        inputs: [
          { id: 'tpp', name: 'tpp', field: 'tpp' },
          { id: 'pd', name: 'pd', field: 'pd' },
          { id: 'dc', name: 'dc', field: 'datacenter' },
        ],
        outputs: [{ id: 'o', name: 'paragraph', field: 'paragraph' }],
        rules: TABLE.map((row, i) => ({
          _id: `r${i}`,
          tpp: zenCell(row.when.tpp),
          pd: zenCell(row.when.pd),
          dc: row.when.dc === undefined ? '' : String(row.when.dc),
          o: row.out === null ? 'null' : JSON.stringify(row.out),
        })),
      },
    },
    { id: 'out', type: 'outputNode', name: 'out', position: { x: 0, y: 0 } },
  ],
  edges: [
    { id: 'e1', sourceId: 'in', targetId: 't', type: 'edge' },
    { id: 'e2', sourceId: 't', targetId: 'out', type: 'edge' },
  ],
};

const jre = new Engine([], { allowUndefinedFacts: true });
TABLE.forEach((row, i) => {
  const all: { fact: string; operator: string; value: number | boolean }[] = [];
  if (row.when.dc !== undefined) all.push({ fact: 'datacenter', operator: 'equal', value: row.when.dc });
  for (const k of ['tpp', 'pd'] as const) {
    const range = row.when[k];
    if (!range) continue;
    if (range[0] > 0) all.push({ fact: k, operator: 'greaterThanInclusive', value: range[0] });
    if (range[1] !== Infinity) all.push({ fact: k, operator: 'lessThan', value: range[1] });
  }
  if (all.length === 0) all.push({ fact: 'tpp', operator: 'greaterThanInclusive', value: -1 });
  jre.addRule({
    conditions: { all },
    event: { type: 'hit', params: { paragraph: row.out } },
    priority: 100 - i,
  });
});

async function main() {
  const fast = compileClassifier('enforced');
  const out: (string | null)[] = new Array(N);
  // Warm up, then measure.
  for (let i = 0; i < 50_000; i++) fast(specs[i]!, DATE);
  const tFast = time(() => {
    for (let i = 0; i < N; i++) out[i] = fast(specs[i]!, DATE);
  });
  const NE = Math.min(N, 200_000);
  const tExplained = time(() => {
    for (let i = 0; i < NE; i++) classifySpec(specs[i]!, DATE, { product: productOf[i] });
  });
  // The same, counting only the random (non-catalog) specs: no memo can help there.
  const randomIdx: number[] = [];
  for (let i = 0; i < NE; i++) if (!productOf[i]) randomIdx.push(i);
  const tExplainedRandom = time(() => {
    for (const i of randomIdx) classifySpec(specs[i]!, DATE);
  });

  // Peer inputs: metrics precomputed.
  const NZ = Math.min(N, 100_000);
  const NJ = Math.min(N, 20_000);
  const facts = specs.slice(0, NZ).map((s) => {
    const m = computeMetrics(s);
    return { tpp: m.tpp ?? 0, pd: m.performanceDensity ?? 0, datacenter: s.datacenter ?? true };
  });
  const zen = new ZenEngine();
  const decision = zen.createDecision(jdm);
  const zenOut: (string | null)[] = new Array(NZ);
  const tZen = await timeAsync(async () => {
    const B = 256;
    for (let i = 0; i < NZ; i += B) {
      const batch = [];
      for (let j = i; j < Math.min(NZ, i + B); j++)
        batch.push(
          decision
            .evaluate(facts[j])
            .then((res) => (zenOut[j] = (res.result as { paragraph: string | null }).paragraph ?? null)),
        );
      await Promise.all(batch);
    }
  });
  const jreOut: (string | null)[] = new Array(NJ);
  const tJre = await timeAsync(async () => {
    for (let i = 0; i < NJ; i++) {
      const res = await jre.run(facts[i]!);
      jreOut[i] = (res.events[0]?.params?.paragraph as string | null) ?? null;
    }
  });
  let zenAgree = 0;
  let jreAgree = 0;
  for (let i = 0; i < NZ; i++) if (zenOut[i] === out[i]) zenAgree++;
  for (let i = 0; i < NJ; i++) if (jreOut[i] === out[i]) jreAgree++;

  // Rates per CPU-second (steady on a shared machine); wall-clock rates are printed beside them.
  const rate = (n: number, ms: number) => (n / ms) * 1000;
  const rFast = rate(N, tFast.cpuMs);
  const rExpl = rate(NE, tExplained.cpuMs);
  const rExplRandom = rate(randomIdx.length, tExplainedRandom.cpuMs);
  const rZen = rate(NZ, tZen.cpuMs);
  const rJre = rate(NJ, tJre.cpuMs);
  const wall = (n: number, t: { ms: number }) => fmt(rate(n, t.ms));
  const peer = Math.max(rZen, rJre);
  console.log(
    table([
      [
        'engine',
        'inputs',
        'per CPU-second',
        'per wall second',
        'ratio to faster peer (CPU)',
        'agrees with exportctl',
      ],
      ['exportctl (explanations off)', N, fmt(rFast), wall(N, tFast), (rFast / peer).toFixed(1) + '×', '—'],
      [
        'exportctl (explanations on)',
        NE,
        fmt(rExpl),
        wall(NE, tExplained),
        (rExpl / peer).toFixed(1) + '×',
        '—',
      ],
      [
        '  … random specs only',
        randomIdx.length,
        fmt(rExplRandom),
        wall(randomIdx.length, tExplainedRandom),
        (rExplRandom / peer).toFixed(1) + '×',
        '—',
      ],
      [
        '@gorules/zen-engine',
        NZ,
        fmt(rZen),
        wall(NZ, tZen),
        (rZen / peer).toFixed(2) + '×',
        `${((zenAgree / NZ) * 100).toFixed(2)}%`,
      ],
      [
        'json-rules-engine',
        NJ,
        fmt(rJre),
        wall(NJ, tJre),
        (rJre / peer).toFixed(2) + '×',
        `${((jreAgree / NJ) * 100).toFixed(2)}%`,
      ],
    ]),
  );
  console.log(`peak RSS ${peakRssMb()} MB (includes the ${fmt(N)} input specs)`);
  console.log(
    'BENCH ' +
      JSON.stringify({
        n: N,
        fastPerSec: Math.round(rFast),
        explainedPerSec: Math.round(rExpl),
        explainedRandomSpecsPerSec: Math.round(rExplRandom),
        zenPerSec: Math.round(rZen),
        jsonRulesEnginePerSec: Math.round(rJre),
        ratioFastVsFasterPeer: +(rFast / peer).toFixed(2),
        ratioExplainedVsFasterPeer: +(rExpl / peer).toFixed(2),
        zenAgreement: zenAgree / NZ,
        jreAgreement: jreAgree / NJ,
        peakRssMb: peakRssMb(),
      }),
  );
}
await main();
