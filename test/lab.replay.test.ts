import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLab } from '../src/lab/report.ts';
import { replay } from '../src/lab/replay.ts';
import { applyScenario, loadScenario } from '../src/lab/scenario.ts';
import { loadShipmentsCsv, shipmentsFromRows, type ShipmentRow } from '../src/lab/shipments.ts';
import { generateShipments, mulberry32, syntheticCsvLines } from '../src/lab/synthetic.ts';
import { decide } from '../src/engine/decide.ts';
import { catalog } from '../src/catalog/index.ts';
import { InputError } from '../src/engine/errors.ts';
import type { Scenario } from '../src/lab/schema.ts';

const H20_TPP = 2368;
const H100E = 15_832;

const rows: ShipmentRow[] = [
  { id: 'h20-cn-2024', date: '2024-06-01', destination: 'CN', product: 'H20', quantity: 1000 },
  { id: 'h20-hk-2024', date: '2024-09-01', destination: 'HK', product: 'H20', quantity: 500 },
  { id: 'h20-cn-2023', date: '2023-12-01', destination: 'CN', product: 'H20', quantity: 700 },
  { id: 'h20-cn-2025', date: '2025-06-01', destination: 'CN', product: 'H20', quantity: 300 },
  { id: 'h20-sg-cnhq', date: '2024-06-01', destination: 'SG', product: 'H20', quantity: 200, endUserHeadquarters: 'CN' },
  { id: 'h100-us', date: '2024-06-01', destination: 'US', product: 'H100 SXM', quantity: 4000 },
  { id: 'h200-cn-2026', date: '2026-03-01', destination: 'CN', product: 'H200', quantity: 100 },
  { id: 'h100-sa-2026', date: '2026-10-15', destination: 'SA', product: 'H100 SXM', quantity: 64 },
  { id: 'h100-in-2025', date: '2025-06-01', destination: 'IN', product: 'H100 SXM', quantity: 256 },
];

describe('the done-when case: as enforced vs H20 covered from 2024-01', () => {
  const r = runLab(['as-enforced', 'h20-2024-01'], rows, { detail: 100 });
  const d = r.diffs.find((x) => x.scenario === 'h20-2024-01')!;

  it('lists the shipments that change, with the measure and the scenario change responsible', () => {
    expect(d.base).toBe('as-enforced');
    const changed = d.shipments.filter((g) => g.material);
    const ids = changed.flatMap((g) => g.examples).sort();
    expect(ids).toEqual(['h20-cn-2024', 'h20-hk-2024', 'h20-sg-cnhq']);
    for (const g of changed) {
      expect(g.kinds).toEqual(['licence-now-required']);
      expect(g.base.outcome).toBe('no-license-required');
      expect(g.scenario.outcome).toBe('license-required');
      expect(g.measures.added).toEqual(['LAB-H20-2024-01']);
      expect(g.changes).toEqual([expect.objectContaining({ scenario: 'h20-2024-01', index: 0, type: 'add-measure', target: 'LAB-H20-2024-01' })]);
      expect(g.changes[0]!.rationale).toMatch(/Amodei/);
    }
    // HK is decided as China.
    expect(changed.find((g) => g.examples.includes('h20-hk-2024'))!.destination).toBe('CN');
    // Before 2024 nothing changes; after the real letter (2025-04-09) the outcome is the same.
    const after = d.shipments.find((g) => g.examples.includes('h20-cn-2025'))!;
    expect(after.material).toBe(false);
    expect(after.kinds).toEqual(['legal-basis']);
    expect(d.shipments.some((g) => g.examples.includes('h20-cn-2023'))).toBe(false);
  });

  it('says how much compute changes, in TPP and H100-equivalents', () => {
    const q = 1000 + 500 + 200;
    expect(d.summary.material.shipments).toBe(3);
    expect(d.summary.material.quantity).toBe(q);
    expect(d.summary.material.tpp).toBeCloseTo(q * H20_TPP, 1);
    expect(d.summary.material.h100e).toBeCloseTo((q * H20_TPP) / H100E, 1);
    const t3 = d.compute.byYearTier.find((x) => x.year === 2024 && x.tier === 'Tier 3')!;
    expect(t3.deltaLowH100e).toBeCloseTo(-((1500 * H20_TPP) / H100E), 1);
    expect(t3.base.byStatus.free - t3.scenario.byStatus.free).toBeCloseTo((1500 * H20_TPP) / H100E, 1);
    expect(t3.scenario.byStatus.unstated).toBeCloseTo((1500 * H20_TPP) / H100E, 1);
    // Singapore (Tier 2) loses the China-headquartered end user's H20s.
    const sg = d.compute.byYearCountry.find((x) => x.year === 2024 && x.destination === 'SG')!;
    expect(sg.deltaLowH100e).toBeCloseTo(-((200 * H20_TPP) / H100E), 1);
  });

  it('shows the chip status change over time', () => {
    const c = d.chips.filter((x) => x.product === 'nvidia-h20-hgx');
    expect(c[0]).toMatchObject({ from: '2024-01-01', to: '2025-04-09', base: { overlays: [] }, scenario: { overlays: ['LAB-H20-2024-01'] }, measures: { added: ['LAB-H20-2024-01'] } });
    expect(d.chips.every((x) => x.product === 'nvidia-h20-hgx')).toBe(true);
    const seg = r.scenarios.find((s) => s.id === 'h20-2024-01')!.chips.find((x) => x.product === 'nvidia-h20-hgx')!.segments;
    expect(seg.find((s) => s.from === '2024-01-01')!.overlays).toEqual(['LAB-H20-2024-01']);
  });

  it('gives per-shipment decisions for every scenario', () => {
    const x = r.detail.find((s) => s.id === 'h20-cn-2024')!;
    expect(x.decisions['as-enforced']!.outcome).toBe('no-license-required');
    expect(x.decisions['h20-2024-01']!.outcome).toBe('license-required');
    expect(r.synthetic).toBe(false);
  });
});

describe('other built-in scenarios through the replay', () => {
  const r = runLab(['no-h200-rule', 'chip-security-act', 'gain-ai', 'diffusion-as-written', 'no-oct-2023'], rows);
  const diff = (id: string) => r.diffs.find((x) => x.scenario === id)!;
  const groupOf = (id: string, shipment: string) => diff(id).shipments.find((g) => g.examples.includes(shipment));

  it('adds the base scenario when it is not named, and diffs everything against it', () => {
    expect(r.scenarios[0]!.id).toBe('as-enforced');
    expect(r.diffs.map((x) => x.scenario)).toEqual(['no-h200-rule', 'chip-security-act', 'gain-ai', 'diffusion-as-written', 'no-oct-2023']);
  });

  it('no H200 rule: the 2026 H200 licence goes back to presumption of denial', () => {
    const g = groupOf('no-h200-rule', 'h200-cn-2026')!;
    expect(g.kinds).toEqual(['review-policy']);
    expect(g.base.reviewPolicy).toBe('case-by-case');
    expect(g.scenario.reviewPolicy).toBe('presumption-of-denial');
    expect(g.measures.removed).toContain('H200-2026-01');
    expect(g.changes[0]).toMatchObject({ type: 'remove-measure', target: 'H200-2026-01' });
    expect(diff('no-h200-rule').summary.material.shipments).toBe(1);
  });

  it('Chip Security Act and GAIN AI change conditions, not outcomes', () => {
    const g = groupOf('chip-security-act', 'h100-sa-2026')!;
    expect(g.kinds).toEqual(['conditions']);
    expect(g.scenario.conditions).toEqual(['location-verification']);
    expect(g.measures.added).toEqual(['LAB-CSA']);
    expect(g.changes.map((c) => c.index)).toEqual([0, 1]);
    const gain = diff('gain-ai');
    for (const x of gain.shipments) {
      expect(x.scenario.outcome).toBe('license-required');
      expect(x.scenario.conditions).toEqual(['us-customers-first']);
    }
    expect(gain.shipments.flatMap((x) => x.examples)).toContain('h200-cn-2026');
    // A scenario that only adds a condition shares every decision with the base.
    expect(r.scenarios.find((s) => s.id === 'gain-ai')!.engineCalls).toBe(0);
  });

  it('the Diffusion rule as written: worldwide licences from 2025-05-15, explained by the view', () => {
    const g = groupOf('diffusion-as-written', 'h100-in-2025')!;
    expect(g.kinds).toContain('licence-now-required');
    expect(g.measures.added).toContain('AID-2025-01');
    expect(g.changes.some((c) => c.type === 'view')).toBe(true);
    expect(r.scenarios.find((s) => s.id === 'diffusion-as-written')!.compute.byYearTier.find((x) => x.year === 2025 && x.tier === 'Tier 2')!.byStatus.approval + r.scenarios.find((s) => s.id === 'diffusion-as-written')!.compute.byYearTier.find((x) => x.year === 2025 && x.tier === 'Tier 2')!.byStatus.exception).toBeGreaterThan(0);
  });

  it('no October 2023 update: the A800/H800 class and the headquarters rule go away', () => {
    const g = groupOf('no-oct-2023', 'h20-sg-cnhq');
    expect(g).toBeUndefined(); // H20 is uncontrolled either way in 2024
    const d = diff('no-oct-2023');
    expect(d.chips.some((c) => c.product === 'nvidia-a800-sxm4-80gb-pcie-40-80gb' && c.base.eccn === '3A090.a' && c.scenario.eccn === null)).toBe(true);
    const a800 = d.chips.find((c) => c.product === 'nvidia-a800-sxm4-80gb-pcie-40-80gb' && c.from === '2023-11-17')!;
    expect(d.chips.find((c) => c.product === 'nvidia-a800-sxm4-80gb-pcie-40-80gb' && c.from === '2023-10-23')!.measures.removed).toEqual(['ACS-2023-10-EARLY']);
    expect(a800.measures.removed).toContain('ACS-2023-10');
    expect(a800.changes.some((c) => c.target === 'ACS-2023-10')).toBe(true);
  });
});

describe('replay invariants (fast-check)', () => {
  const products = catalog().products.filter((p) => p.releaseYear !== null).map((p) => p.id);
  const dests = ['US', 'CN', 'HK', 'MO', 'SA', 'AE', 'IN', 'DE', 'SG', 'RU', 'BR', 'VN', 'IL'];
  const dayMs = 86_400_000;
  const start = Date.parse('2022-08-01T00:00:00Z');
  const span = (Date.parse('2026-12-01T00:00:00Z') - start) / dayMs;
  const row = fc.record({
    day: fc.integer({ min: 0, max: span - 1 }),
    destination: fc.constantFrom(...dests),
    product: fc.constantFrom(...products),
    quantity: fc.integer({ min: 1, max: 5000 }),
    hq: fc.constantFrom('', '', '', 'CN', 'MO'),
  });
  const toRows = (xs: { day: number; destination: string; product: string; quantity: number; hq: string }[]): ShipmentRow[] =>
    xs.map((x, i) => ({ id: `s${i}`, date: new Date(start + x.day * dayMs).toISOString().slice(0, 10), destination: x.destination, product: x.product, quantity: x.quantity, ...(x.hq ? { endUserHeadquarters: x.hq } : {}) }));

  it('shared classes and the cross-scenario cache give the engine answer for every shipment', () => {
    const ids = ['as-enforced', 'h20-2024-01', 'no-oct-2023', 'chip-security-act'];
    const applied = Object.fromEntries(ids.map((id) => [id, applyScenario(loadScenario(id))]));
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 25 }), (xs) => {
        const rs = toRows(xs);
        const r = runLab(ids, rs, { detail: rs.length });
        for (const s of r.detail) {
          const src = rs.find((x) => x.id === s.id)!;
          for (const id of ids) {
            const a = applied[id]!;
            const d = decide(
              { date: s.date, destination: src.destination, items: [{ product: src.product, quantity: 1 }], view: a.view, ...(src.endUserHeadquarters ? { endUser: { headquarters: src.endUserHeadquarters } } : {}) },
              { rules: a.rules, explain: false },
            );
            const got = s.decisions[id]!;
            expect(got.outcome).toBe(d.outcome);
            expect(got.reviewPolicy).toBe(d.reviewPolicy);
            expect(got.exceptions).toEqual(d.exceptions.map((e) => e.code).sort());
            expect(got.eccn).toBe(d.lines[0]!.eccn);
          }
        }
      }),
      { numRuns: 12 },
    );
  });

  it('totals are conserved across statuses, tiers and countries; a scenario equal to the base changes nothing', () => {
    const same: Scenario = { ...loadScenario('as-enforced'), id: 'same-as-base', title: 'copy' };
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 40 }), (xs) => {
        const rs = toRows(xs);
        const r = runLab(['as-enforced', same, 'no-oct-2023'], rs);
        for (const s of r.scenarios) {
          expect(s.totals.shipments + s.totals.outsideRange).toBe(rs.length);
          const byStatus = Object.values(s.totals.byStatus).reduce((a, b) => a + b.shipments, 0);
          expect(byStatus).toBe(s.totals.shipments);
          const tierQ = s.compute.byYearTier.reduce((a, b) => a + b.quantity, 0);
          const countryQ = s.compute.byYearCountry.reduce((a, b) => a + b.quantity, 0);
          expect(tierQ).toBe(s.totals.quantity);
          expect(countryQ).toBe(s.totals.quantity);
          for (const t of s.compute.byYearTier) expect(t.reachesLowH100e).toBeLessThanOrEqual(t.reachesHighH100e + 1e-6);
        }
        const d = r.diffs.find((x) => x.scenario === 'same-as-base')!;
        expect(d.summary.shipments).toBe(0);
        expect(d.chips).toEqual([]);
        expect(d.compute.byYearTier).toEqual([]);
      }),
      { numRuns: 10 },
    );
  });
});

describe('shipment sources', () => {
  it('the synthetic generator is seeded, labelled and respects release years and bounds', () => {
    const a = generateShipments({ n: 2000, seed: 42 });
    const b = generateShipments({ n: 2000, seed: 42 });
    const c = generateShipments({ n: 2000, seed: 43 });
    const rowsA = [...syntheticCsvLines(a)];
    expect(rowsA).toEqual([...syntheticCsvLines(b)]);
    expect(rowsA).not.toEqual([...syntheticCsvLines(c)]);
    expect(a.source.synthetic).toBe(true);
    expect(a.source.label).toMatch(/SYNTHETIC/);
    expect(rowsA.slice(1).every((l) => l.startsWith('SYNTHETIC-42-') && l.includes('SYNTHETIC end user'))).toBe(true);
    const release = new Map(catalog().products.map((p) => [p.id, p.releaseYear]));
    for (let i = 0; i < a.n; i++) {
      const r = a.row(i);
      expect(Number(r.date.slice(0, 4))).toBeGreaterThanOrEqual(release.get(r.product)!);
      expect(r.quantity).toBeGreaterThanOrEqual(8);
      expect(r.quantity).toBeLessThanOrEqual(20_000);
      expect(r.date >= '2022-08-01' && r.date < '2026-12-01').toBe(true);
    }
    expect(runLab(['as-enforced'], a).synthetic).toBe(true);
    // mulberry32 reference values (seed 1): stable across platforms.
    const rnd = mulberry32(1);
    expect([rnd(), rnd()].map((x) => x.toFixed(6))).toEqual(['0.627074', '0.002736']);
  });

  it('generator parameters are validated by name', () => {
    const field = (p: object) => {
      try {
        generateShipments(p);
      } catch (e) {
        return (e as InputError).field;
      }
      return null;
    };
    expect(field({ n: 0 })).toBe('n');
    expect(field({ from: '2024-13-01' })).toBe('from');
    expect(field({ from: '2025-01-01', to: '2024-01-01' })).toBe('to');
    expect(field({ destinations: { XX: 1 } })).toBe('destinations.XX');
    expect(field({ products: { 'Frobnicator 9000': 1 } })).toBe('products.Frobnicator 9000');
    expect(field({ foreignHqShare: 2 })).toBe('foreignHqShare');
  });

  it('reads the batch CSV format, rejecting bad rows by line and field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lab-'));
    const f = join(dir, 'ship.csv');
    writeFileSync(
      f,
      [
        'id,date,destination,product,quantity,end_user_headquarters,view',
        'a,2024-06-01,HK,NVIDIA H20,10,,enforced',
        'b,2024-02-30,CN,H20,10,,',
        'c,2024-06-01,CN,Frobnicator,10,,',
        'd,2024-06-01,CN,H20,-3,,',
        'e,2024-06-01,SG,H20,5,CN,',
        'f,2024-06-01,CN',
      ].join('\n'),
    );
    const set = await loadShipmentsCsv(f);
    expect(set.n).toBe(2);
    expect(set.row(0)).toMatchObject({ id: 'a', destination: 'CN', product: 'nvidia-h20-hgx' });
    expect(set.row(1)).toMatchObject({ id: 'e', endUserHeadquarters: 'CN' });
    expect(set.rejectedCount).toBe(4);
    expect(set.rejected.map((r) => r.line)).toEqual([3, 4, 5, 7]);
    expect(set.rejected[0]!.reason).toMatch(/^date:/);
    expect(set.rejected[1]!.reason).toMatch(/^product:/);
    expect(set.rejected[2]!.reason).toMatch(/^quantity:/);
    expect(set.warnings.join()).toMatch(/view/);
    writeFileSync(join(dir, 'bad.csv'), 'id,date,product,quantity\nx,2024-01-01,H20,1\n');
    await expect(loadShipmentsCsv(join(dir, 'bad.csv'))).rejects.toThrow(/destination/);
  });

  it('rows given to runLab are validated too; a run without shipments still gives chip timelines', () => {
    const set = shipmentsFromRows([{ id: 'x', date: 'soon', destination: 'CN', product: 'H20', quantity: 1 }]);
    expect(set.rejected[0]).toEqual({ line: 1, reason: expect.stringMatching(/^date:/) });
    const r = runLab(['h20-2024-01'], null, { products: ['H20', 'H100 SXM'] });
    expect(r.shipments).toBeNull();
    expect(r.scenarios[0]!.chips.map((c) => c.product)).toEqual(['nvidia-h20-hgx', 'nvidia-h100-sxm5-80gb']);
    expect(r.diffs[0]!.chips.length).toBeGreaterThan(0);
  });

  it('the replay answers each class once per scenario (fewer engine calls than shipments)', () => {
    const set = generateShipments({ n: 3000, seed: 9 });
    const rp = replay(['as-enforced', 'no-h200-rule'], set);
    expect(rp.classes.count).toBeLessThan(set.n);
    expect(rp.runs[1]!.decisions).toBeLessThan(rp.runs[0]!.decisions);
    expect(rp.engine.shared).toBeGreaterThan(0);
  });
});
