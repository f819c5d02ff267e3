import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { classifySpec } from '../src/engine/classify.ts';
import { parseSpec, type Spec } from '../src/engine/spec.ts';
import { InputError } from '../src/engine/errors.ts';

const RANK = (e: string | null) => (e === '3A090.a' ? 2 : e === '3A090.b' ? 1 : 0);
const date = fc
  .date({ min: new Date('2022-08-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const spec = fc.record({
  tops: fc.double({ min: 1, max: 5000, noNaN: true }),
  die: fc.double({ min: 50, max: 3000, noNaN: true }),
  io: fc.double({ min: 0, max: 2000, noNaN: true }),
  datacenter: fc.boolean(),
});
const mk = (s: { tops: number; die: number; io: number; datacenter: boolean }): Spec => ({
  kind: 'ic',
  datacenter: s.datacenter,
  throughput: [{ format: 'int8', tops: s.tops }],
  dieAreaMm2: s.die,
  ioBandwidthGBps: s.io,
});

describe('classification invariants (fast-check)', () => {
  it('raising TPP never makes an item less controlled on the same date', () => {
    fc.assert(
      fc.property(spec, fc.double({ min: 1, max: 4, noNaN: true }), date, (s, k, d) => {
        const lo = classifySpec(mk(s), d, { explain: false }).eccn;
        // Raise throughput and die area together so density holds while TPP rises.
        const hi = classifySpec(mk({ ...s, tops: s.tops * k, die: s.die * k }), d, { explain: false }).eccn;
        return RANK(hi) >= RANK(lo);
      }),
      { numRuns: 400 },
    );
  });
  it('raising performance density (smaller die) never makes an item less controlled', () => {
    fc.assert(
      fc.property(spec, fc.double({ min: 1, max: 4, noNaN: true }), date, (s, k, d) => {
        const lo = classifySpec(mk(s), d, { explain: false }).eccn;
        const hi = classifySpec(mk({ ...s, die: s.die / k }), d, { explain: false }).eccn;
        return RANK(hi) >= RANK(lo);
      }),
      { numRuns: 400 },
    );
  });
  it('answers are deterministic', () => {
    fc.assert(
      fc.property(spec, date, (s, d) => {
        const a = classifySpec(mk(s), d);
        const b = classifySpec(mk(s), d);
        expect(b).toEqual(a);
      }),
      { numRuns: 100 },
    );
  });
  it('any JSON input yields a spec or a structured InputError, never a crash', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        try {
          const s = parseSpec(v);
          classifySpec(s, '2024-06-01');
        } catch (e) {
          expect(e).toBeInstanceOf(InputError);
          expect((e as InputError).field).toMatch(/^spec/);
        }
      }),
      { numRuns: 500 },
    );
  });
  it('near-miss spec objects name the failing field', () => {
    const bad = [
      [{ kind: 'ic', throughput: [{ format: 'fp12', tops: 1 }] }, 'spec.throughput[0].format'],
      [{ kind: 'ic', throughput: [{ format: 'fp16', tops: -1 }] }, 'spec.throughput[0].tops'],
      [{ kind: 'gpu' }, 'spec.kind'],
      [{ kind: 'ic', dieAreaMm2: 0 }, 'spec.dieAreaMm2'],
      [{ kind: 'ic', datacenter: 'yes' }, 'spec.datacenter'],
      [{ kind: 'computer', contains: [{ quantity: 2 }] }, 'spec.contains[0]'],
      [{ kind: 'hbm', memoryBandwidthGBps: 800 }, 'spec.packageAreaMm2'],
    ] as const;
    for (const [input, field] of bad) {
      try {
        parseSpec(input);
        throw new Error('accepted ' + JSON.stringify(input));
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        expect((e as InputError).field).toBe(field);
      }
    }
  });
});
