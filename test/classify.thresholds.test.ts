/**
 * Every threshold of the ECCN tests at its boundary, and every effective date the day before,
 * the day of and the day after. Specs are built to sit exactly on each limit.
 */
import { describe, expect, it } from 'vitest';
import { classifySpec, classifyProduct } from '../src/engine/classify.ts';
import type { Spec } from '../src/engine/spec.ts';
import { addDays } from '../src/engine/dates.ts';

const AFTER_2023 = '2024-06-01';
const IN_2022 = '2023-06-01';

/** An IC whose TPP is exactly `tpp` (16-bit TFLOPS × 16) and whose PD is exactly `pd`. */
function ic(tpp: number, pd: number | null, extra: Partial<Spec> = {}): Spec {
  return {
    kind: 'ic',
    datacenter: true,
    throughput: [{ format: 'fp16', tops: tpp / 16 }],
    ...(pd === null ? {} : { dieAreaMm2: tpp / pd }),
    ...extra,
  };
}
const eccn = (s: Spec, d = AFTER_2023) => classifySpec(s, d).paragraph;

describe('2023 tests (88 FR 73458): TPP 4800 / 2400 / 1600, PD 5.92 / 3.2 / 1.6', () => {
  it('a.1: TPP 4800 is caught, just below is not (at low PD)', () => {
    expect(eccn(ic(4800, 1))).toBe('3A090.a.1');
    expect(eccn(ic(4799.99, 1))).toBeNull();
  });
  it('a.2: TPP ≥ 1600 and PD ≥ 5.92', () => {
    expect(eccn(ic(1600, 5.92))).toBe('3A090.a.2');
    expect(eccn(ic(1599.99, 5.92))).toBeNull();
    expect(eccn(ic(1600, 5.919))).toBe('3A090.b.2');
  });
  it('b.1: 2400 ≤ TPP < 4800 and 1.6 ≤ PD < 5.92', () => {
    expect(eccn(ic(2400, 1.6))).toBe('3A090.b.1');
    expect(eccn(ic(2399.99, 1.6))).toBeNull();
    expect(eccn(ic(2400, 1.599))).toBeNull();
    expect(eccn(ic(4799, 3.0))).toBe('3A090.b.1');
  });
  it('b.2: TPP ≥ 1600 and 3.2 ≤ PD < 5.92', () => {
    expect(eccn(ic(1600, 3.2))).toBe('3A090.b.2');
    expect(eccn(ic(1600, 3.199))).toBeNull();
    expect(eccn(ic(2000, 5.91))).toBe('3A090.b.2');
  });
  it('Note 2: non-datacenter items below TPP 4800 are out whatever their density; at 4800 they are 3A090.a', () => {
    expect(eccn(ic(4799, 9, { datacenter: false }))).toBeNull();
    expect(eccn(ic(4800, 9, { datacenter: false }))).toBe('3A090.a.1');
    expect(eccn(ic(2000, 9, { datacenter: true }))).toBe('3A090.a.2');
  });
  it('unknown datacenter flag is treated as datacenter and warned', () => {
    const r = classifySpec(
      { kind: 'ic', throughput: [{ format: 'int8', tops: 250 }], dieAreaMm2: 300 },
      AFTER_2023,
    );
    expect(r.paragraph).toBe('3A090.a.2');
    expect(r.warnings.join()).toMatch(/datacenter/);
  });
  it('missing die area leaves PD tests undecided, with a warning, but a.1 still decides', () => {
    expect(classifySpec(ic(5000, null), AFTER_2023).paragraph).toBe('3A090.a.1');
    const r = classifySpec(ic(2000, null), AFTER_2023);
    expect(r.eccn).toBeNull();
    expect(r.warnings.join()).toMatch(/cannot be decided/);
  });
});

describe('2022 test (87 FR 62186): I/O ≥ 600 GB/s AND TPP ≥ 4800', () => {
  it('I/O boundary', () => {
    expect(eccn(ic(5000, 1, { ioBandwidthGBps: 600 }), IN_2022)).toBe('3A090.a.1');
    expect(eccn(ic(5000, 1, { ioBandwidthGBps: 599.9 }), IN_2022)).toBeNull();
  });
  it('TPP boundary', () => {
    expect(eccn(ic(4800, 1, { ioBandwidthGBps: 900 }), IN_2022)).toBe('3A090.a.1');
    expect(eccn(ic(4799.9, 1, { ioBandwidthGBps: 900 }), IN_2022)).toBeNull();
  });
  it('density plays no part in 2022', () => {
    expect(eccn(ic(2000, 9, { ioBandwidthGBps: 900 }), IN_2022)).toBeNull();
  });
});

describe('3A090.c HBM (89 FR 96790): memory bandwidth density > 2 GB/s/mm²', () => {
  const hbm = (bw: number, area: number): Spec => ({
    kind: 'hbm',
    memoryBandwidthGBps: bw,
    packageAreaMm2: area,
  });
  it('strictly greater than 2', () => {
    expect(eccn(hbm(200.01, 100), '2025-01-15')).toBe('3A090.c');
    expect(eccn(hbm(200, 100), '2025-01-15')).toBeNull();
  });
  it('effective 2024-12-02: day before, day of, day after', () => {
    expect(eccn(hbm(819, 110), '2024-12-01')).toBeNull();
    expect(eccn(hbm(819, 110), '2024-12-02')).toBe('3A090.c');
    expect(eccn(hbm(819, 110), '2024-12-03')).toBe('3A090.c');
  });
});

describe('effective dates, day before / of / after', () => {
  const cases: [string, string, string | null, string | null][] = [
    // product, effective day, eccn the day before, eccn from that day
    ['NVIDIA A100 SXM', '2022-10-07', null, '3A090.a'], // AC-2022-10
    ['NVIDIA A800', '2023-11-17', null, '3A090.a'], // ACS-2023-10 (I/O prong dropped)
    ['NVIDIA L4', '2023-11-17', null, '3A090.a'], // density prong
    ['NVIDIA L40', '2023-11-17', null, '3A090.b'],
  ];
  for (const [p, day, before, after] of cases) {
    it(`${p} around ${day}`, () => {
      expect(classifyProduct(p, addDays(day, -1)).eccn).toBe(before);
      expect(classifyProduct(p, day).eccn).toBe(after);
      expect(classifyProduct(p, addDays(day, 1)).eccn).toBe(after);
    });
  }
  it('is-informed letter of 2022-08-26 names the A100 from that day', () => {
    expect(classifyProduct('NVIDIA A100 SXM', '2022-08-25').overlays).toHaveLength(0);
    expect(classifyProduct('NVIDIA A100 SXM', '2022-08-26').overlays.map((o) => o.measure)).toEqual([
      'IIL-2022-08',
    ]);
    expect(classifyProduct('NVIDIA A100 SXM', '2022-08-27').overlays.map((o) => o.measure)).toEqual([
      'IIL-2022-08',
    ]);
  });
  it('the early-enforcement letter covers the A800 from 2023-10-23 until the rule took over on 2023-11-17', () => {
    const o = (d: string) => classifyProduct('NVIDIA A800', d).overlays.map((x) => x.measure);
    expect(o('2023-10-22')).toEqual([]);
    expect(o('2023-10-23')).toEqual(['ACS-2023-10-EARLY']);
    expect(o('2023-11-16')).toEqual(['ACS-2023-10-EARLY']);
    expect(o('2023-11-17')).toEqual([]);
  });
  it('the foundry presumption flag starts on its compliance date 2025-01-31', () => {
    const has = (d: string) =>
      classifyProduct('NVIDIA H20', d).notes.some((n) => n.measure === 'FDD-2025-01');
    expect(has('2025-01-30')).toBe(false);
    expect(has('2025-01-31')).toBe(true);
    expect(has('2025-02-01')).toBe(true);
  });
});

describe('computers (4A090) and .z items', () => {
  it('a server with eight H100 is 4A090.a; with L40 it is 4A090.b; with H20 it is not caught', () => {
    const server = (p: string): Spec => ({ kind: 'computer', contains: [{ product: p, quantity: 8 }] });
    expect(classifySpec(server('NVIDIA H100 SXM'), AFTER_2023).eccn).toBe('4A090.a');
    expect(classifySpec(server('NVIDIA L40'), AFTER_2023).eccn).toBe('4A090.b');
    expect(classifySpec(server('NVIDIA H20'), AFTER_2023).eccn).toBeNull();
    expect(classifySpec(server('NVIDIA H100 SXM'), '2022-12-01').eccn).toBe('4A090.a');
  });
  it('a 5A992 item meeting 3A090.a parameters is 5A992.z (.a level), only from 2023-11-17', () => {
    const s = ic(6000, 5, { baseEccn: '5A992' });
    expect(classifySpec(s, AFTER_2023).eccn).toBe('5A992.z.a');
    expect(classifySpec(s, '2023-11-16').eccn).toBeNull();
  });
});

describe('metrics', () => {
  it('TPP is the maximum over formats of dense TOPS × bit length; sparse figures are halved and flagged', () => {
    const r = classifySpec(
      {
        kind: 'ic',
        datacenter: true,
        throughput: [
          { format: 'fp8', tops: 3958, sparse: true },
          { format: 'fp16', tops: 989.4 },
        ],
      },
      AFTER_2023,
    );
    expect(r.metrics.tpp).toBe(15832);
    expect(r.metrics.approximate).toBe(true);
    expect(r.warnings.join()).toMatch(/sparse/);
  });
  it('H100-equivalents = TPP ÷ 15,832', () => {
    expect(classifyProduct('NVIDIA H100 SXM', AFTER_2023).metrics.h100Equivalents).toBe(1);
  });
  it('TF32 is left out of the maximum and its alternatives are reported', () => {
    const r = classifyProduct('AWS Trainium2', AFTER_2023);
    expect(r.metrics.tpp).toBe(10672);
    expect(r.metricExplanations!.some((m) => m.metric.includes('TF32'))).toBe(true);
  });
});

describe('dates after the newest known measure', () => {
  it('still answer, with a warning', () => {
    const r = classifyProduct('NVIDIA H100 SXM', '2027-03-01');
    expect(r.eccn).toBe('3A090.a');
    expect(r.warnings.join()).toMatch(/may have changed/);
    expect(classifyProduct('NVIDIA H100 SXM', '2026-01-01').warnings.join()).not.toMatch(/may have changed/);
  });
});
