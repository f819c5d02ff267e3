import { describe, expect, it } from 'vitest';
import golden from './fixtures/golden-cases.json' with { type: 'json' };
import { classifyProduct } from '../src/engine/classify.ts';

describe('shared golden classify cases (shared/golden/cases.json)', () => {
  for (const c of golden.classify) {
    it(`${c.product} on ${c.date} → ${c.expect.eccn}`, () => {
      const r = classifyProduct(c.product, c.date);
      expect(r.eccn).toBe(c.expect.eccn);
      expect(r.reasons.length).toBeGreaterThan(0);
      expect(r.measures.length).toBeGreaterThan(0);
    });
  }
});

/**
 * Reported statuses from shared/reference/chips.md §3 (independent of the arithmetic): SEC filings,
 * BIS text and press reports of which chips were caught by which rule.
 */
const REPORTED: [string, string, string | null, string][] = [
  ['NVIDIA A100 PCIe', '2022-12-01', '3A090.a', 'Oct 2022 IFR formalises the A100 requirement'],
  ['NVIDIA H100 SXM', '2022-12-01', '3A090.a', 'covered by the Oct 2022 rule'],
  ['NVIDIA H100 PCIe', '2024-01-15', '3A090.a', 'named in the Oct 2023 8-K list'],
  ['NVIDIA H800 PCIe', '2023-06-01', null, 'chip-to-chip cut below 600 GB/s to comply with Oct 2022'],
  ['NVIDIA H800 PCIe', '2024-01-15', '3A090.a', 'caught by Oct 2023 (8-K)'],
  ['NVIDIA H20', '2025-01-15', null, 'built to pass the Oct 2023 rule'],
  ['NVIDIA L20', '2024-01-15', null, 'China SKU designed to comply with Oct 2023'],
  ['NVIDIA L2', '2024-01-15', null, 'China SKU designed to comply with Oct 2023'],
  ['NVIDIA GeForce RTX 4090D', '2024-06-01', null, 'TPP under 4800 for the consumer exemption'],
  ['NVIDIA GeForce RTX 5090D', '2025-03-01', null, 'AI TOPS cut so TPP stays under 4800'],
  ['NVIDIA L40', '2024-01-15', '3A090.b', 'named in the Oct 2023 8-K list'],
  ['NVIDIA L40S', '2023-06-01', null, 'no high-speed interconnect: not caught in 2022'],
  ['NVIDIA L4', '2024-01-15', '3A090.a', 'caught by the density prong'],
  ['AMD Instinct MI250', '2022-12-01', '3A090.a', 'AMD: new requirements stop MI250 exports to China'],
  ['Intel Gaudi 2 China (HL-225B)', '2023-06-01', null, 'RDMA ports cut to pass the 2022 rule'],
  ['Intel Gaudi 2 China (HL-225B)', '2024-01-15', '3A090.a', 'fails the 2023 rule'],
  ['NVIDIA GeForce RTX 4090', '2023-06-01', null, 'not affected in 2022 (no high-speed interconnect)'],
];

describe('reported statuses (chips.md §3)', () => {
  for (const [product, date, eccn, why] of REPORTED) {
    it(`${product} on ${date} → ${eccn} (${why})`, () => {
      expect(classifyProduct(product, date).eccn).toBe(eccn);
    });
  }
  it('H20 is named by the April 2025 letter from 2025-04-09, not by an ECCN test', () => {
    expect(classifyProduct('NVIDIA H20', '2025-04-08').overlays).toEqual([]);
    const r = classifyProduct('NVIDIA H20', '2025-04-09');
    expect(r.eccn).toBeNull();
    expect(r.overlays.map((o) => o.measure)).toEqual(['H20-2025-04']);
  });
});
