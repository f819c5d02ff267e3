import { describe, it } from 'vitest';
import fc from 'fast-check';
import { compileClassifier } from '../src/engine/fast.ts';
import { classifySpec } from '../src/engine/classify.ts';
import { catalog } from '../src/catalog/index.ts';
import type { Spec } from '../src/engine/spec.ts';

describe('bulk classifier agrees with the explained classifier', () => {
  const fast = { enforced: compileClassifier('enforced'), 'as-written': compileClassifier('as-written') };
  const day = fc
    .date({
      min: new Date('2022-08-01T00:00:00Z'),
      max: new Date('2027-01-01T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString().slice(0, 10));
  it('on random specs', () => {
    const spec = fc.record({
      kind: fc.constantFrom('ic', 'hbm'),
      datacenter: fc.option(fc.boolean(), { nil: undefined }),
      throughput: fc.array(
        fc.record({
          format: fc.constantFrom('fp8', 'fp16', 'int8', 'fp64', 'tf32', 'fp4'),
          tops: fc.double({ min: 0, max: 6000, noNaN: true }),
          sparse: fc.boolean(),
        }),
        { maxLength: 3 },
      ),
      dieAreaMm2: fc.option(fc.double({ min: 10, max: 3000, noNaN: true }), { nil: undefined }),
      ioBandwidthGBps: fc.option(fc.double({ min: 0, max: 2000, noNaN: true }), { nil: undefined }),
      memoryBandwidthGBps: fc.double({ min: 1, max: 9000, noNaN: true }),
      packageAreaMm2: fc.double({ min: 50, max: 500, noNaN: true }),
    });
    fc.assert(
      fc.property(spec, day, fc.constantFrom('enforced', 'as-written'), (s, d, v) => {
        const view = v as 'enforced' | 'as-written';
        return fast[view](s as Spec, d) === classifySpec(s as Spec, d, { view, explain: false }).paragraph;
      }),
      { numRuns: 2000 },
    );
  });
  it('on every catalog product on every boundary day', () => {
    for (const p of catalog().products)
      for (const d of [
        '2022-10-06',
        '2022-10-07',
        '2023-11-16',
        '2023-11-17',
        '2024-12-02',
        '2025-05-15',
        '2026-01-15',
        '2026-12-01',
      ])
        if (fast.enforced(p.spec, d) !== classifySpec(p.spec, d, { explain: false }).paragraph)
          throw new Error(`${p.id} ${d}`);
  });
});
