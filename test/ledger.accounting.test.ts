/**
 * Shipments, compute accounting and cap checks on both backends, with the day-before/of/after and
 * at/over-the-cap boundaries. TPP per unit and tier are given explicitly (no engine), so the tests
 * exercise the accounting, not the rules.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { openStore, type Store } from '../src/ledger/db.ts';
import { Ledger } from '../src/ledger/ledger.ts';
import {
  CapExceededError,
  checkShipment,
  computeReport,
  prepareShipment,
  recordShipment,
  type CapFinding,
} from '../src/ledger/accounting.ts';
import { renderReportCsv } from '../src/ledger/report-format.ts';
import {
  CHINA_TO_US_VOLUME_RATIO,
  DIFFUSION_COUNTRY_ALLOCATION,
  LPP_TPP_PER_CONSIGNEE_YEAR,
  UVEU_SHARES,
} from '../src/rules/caps.ts';
import { InputError } from '../src/engine/errors.ts';
import { BACKENDS, type TestDb } from './ledger-backends.ts';

const LPP = LPP_TPP_PER_CONSIGNEE_YEAR.value;
const ALLOC = DIFFUSION_COUNTRY_ALLOCATION.value.tpp;

for (const backend of BACKENDS) {
  describe(`compute accounting on ${backend.name}`, () => {
    let tdb: TestDb;
    let store: Store;
    let ledger: Ledger;
    beforeEach(async () => {
      tdb = backend.make();
      store = await openStore(tdb.url);
      ledger = new Ledger(store, { user: 'acct', now: () => new Date('2026-03-01T00:00:00Z') });
    });
    afterEach(async () => {
      await store.close();
      await tdb.cleanup();
    });

    const ship = (o: Record<string, unknown>) =>
      recordShipment(ledger, {
        product: 'X',
        quantity: 1,
        consignee: 'C',
        license: 'NLR',
        tier: '2',
        destination: 'IN',
        date: '2025-06-01',
        ...o,
      });
    const find = (fs: CapFinding[], cap: string) => fs.find((f) => f.cap === cap);

    it('LPP: at the cap is allowed (near), one TPP over crosses; per consignee and calendar year', async () => {
      const a = await ship({ license: 'LPP', tppPerUnit: LPP, consignee: 'Infy' });
      expect(find(a.findings, 'lpp-consignee-year')).toMatchObject({
        status: 'near',
        current: 0,
        projected: LPP,
        limit: LPP,
      });
      const b = await ship({ license: 'LPP', tppPerUnit: 1, consignee: 'Infy' });
      expect(find(b.warnings, 'lpp-consignee-year')).toMatchObject({ status: 'crosses', projected: LPP + 1 });
      expect(find(b.warnings, 'lpp-consignee-year')!.message).toMatch(
        /would cross the cap of 26,900,000 TPP/,
      );
      // another consignee, and the next calendar year, start from zero
      const c = await ship({ license: 'LPP', tppPerUnit: 10, consignee: 'Wipro' });
      expect(find(c.findings, 'lpp-consignee-year')).toMatchObject({ status: 'ok', current: 0 });
      const d = await ship({ license: 'LPP', tppPerUnit: 10, consignee: 'Infy', date: '2026-01-01' });
      expect(find(d.findings, 'lpp-consignee-year')).toMatchObject({ status: 'ok', current: 0 });
      // the day before LPP existed there is no LPP cap to check
      const e = await ship({ license: 'LPP', tppPerUnit: 10, consignee: 'Infy', date: '2025-01-12' });
      expect(find(e.findings, 'lpp-consignee-year')).toBeUndefined();
      const f = await ship({ license: 'LPP', tppPerUnit: 10, consignee: 'Old', date: '2025-01-13' });
      expect(find(f.findings, 'lpp-consignee-year')).toBeDefined();
    });

    it('--strict refuses a shipment that would cross a cap, and records nothing', async () => {
      await ship({ license: 'LPP', tppPerUnit: LPP, consignee: 'Infy' });
      await expect(
        recordShipment(
          ledger,
          {
            product: 'X',
            quantity: 1,
            consignee: 'Infy',
            license: 'LPP',
            tier: '2',
            destination: 'IN',
            date: '2025-07-01',
            tppPerUnit: 5,
          },
          { strict: true },
        ),
      ).rejects.toBeInstanceOf(CapExceededError);
      expect(await ledger.count({ kind: 'shipment' })).toBe(1);
    });

    it('country allocation: Tier 2 only, 2025-2027 only, LPP excluded (graded low)', async () => {
      await ship({ tppPerUnit: ALLOC - 100, destination: 'AE', date: '2025-02-01' });
      // One unit to a Tier 2 country (AE) under NLR unless said otherwise.
      const one = (o: Partial<Parameters<typeof prepareShipment>[0]>) =>
        prepareShipment({
          product: 'X',
          quantity: 1,
          consignee: 'C',
          license: 'NLR',
          tier: '2',
          destination: 'AE',
          date: '2026-01-01',
          tppPerUnit: 1,
          ...o,
        });
      const p = one({ date: '2027-12-31', tppPerUnit: 100 });
      expect(find(await checkShipment(store, p), 'diffusion-country-allocation')).toMatchObject({
        status: 'near',
        projected: ALLOC,
      });
      const over = one({ date: '2027-12-31', tppPerUnit: 101 });
      const f = find(await checkShipment(store, over), 'diffusion-country-allocation')!;
      expect(f).toMatchObject({ status: 'crosses', view: 'as-written', confidence: 'low' });
      // The rule's effective date (caps.ts `from`): the day before it no allocation applies.
      const dayBefore = one({ date: '2025-01-12', tppPerUnit: 1e9 });
      expect(find(await checkShipment(store, dayBefore), 'diffusion-country-allocation')).toBeUndefined();
      const dayOf = one({ date: '2025-01-13', tppPerUnit: 1e9 });
      expect(find(await checkShipment(store, dayOf), 'diffusion-country-allocation')).toMatchObject({
        status: 'crosses',
      });
      const y2028 = one({ date: '2028-01-01', tppPerUnit: 1e9 });
      expect(find(await checkShipment(store, y2028), 'diffusion-country-allocation')).toBeUndefined();
      const lpp = one({ license: 'LPP', date: '2026-01-01', tppPerUnit: 1e9 });
      expect(find(await checkShipment(store, lpp), 'diffusion-country-allocation')).toBeUndefined();
      const tier1 = one({ tier: '1', destination: 'DE', date: '2026-01-01', tppPerUnit: 1e9 });
      expect(find(await checkShipment(store, tier1), 'diffusion-country-allocation')).toBeUndefined();
    });

    it('UVEU shares: Tier 1 >= 75%, any Tier 2 country <= 7%, US-HQ >= 50% in the US', async () => {
      const u = { license: 'UVEU', endUser: 'BigCloud', endUserHeadquarters: 'US', consignee: 'BigCloud' };
      await ship({ ...u, destination: 'US', tier: '1', tppPerUnit: 60 });
      await ship({ ...u, destination: 'DE', tier: '1', tppPerUnit: 33 });
      const r = await ship({ ...u, destination: 'IN', tier: '2', tppPerUnit: 7 }); // exactly 7% of 100
      const t2 = r.findings.find((f) => f.scope.includes('IN (Tier 2)'))!;
      expect(t2.projected).toBeCloseTo(UVEU_SHARES.value.maxPerTier2Country, 12);
      expect(t2.status).not.toBe('crosses');
      const r2 = await ship({ ...u, destination: 'IN', tier: '2', tppPerUnit: 1 });
      expect(r2.warnings.find((f) => f.scope.includes('IN (Tier 2)'))).toMatchObject({ status: 'crosses' });
      const rep = await computeReport(store);
      const us = rep.caps.find((c) => c.scope.includes('share of TPP in the US'))!;
      expect(us.current).toBeCloseTo(60 / 101, 12);
      expect(us.status).toBe('ok');
      const t1 = rep.caps.find((c) => c.scope.includes('share of TPP in Tier 1'))!;
      expect(t1.current).toBeCloseTo(93 / 101, 12);
      // a shipment that drops the US share below 50% is flagged
      const r3 = await ship({ ...u, destination: 'DE', tier: '1', tppPerUnit: 30 });
      expect(r3.warnings.find((f) => f.scope.includes('in the US'))).toMatchObject({
        status: 'crosses',
        bound: 'min',
      });
    });

    it('2026 rule: China/Macau volume <= 50% of US volume per product, from 2026-01-15', async () => {
      const base = { product: 'H200', tppPerUnit: 15000, tier: '1', consignee: 'C' };
      await ship({ ...base, destination: 'US', quantity: 100, date: '2026-01-15' });
      await ship({ ...base, destination: 'CN', tier: '3', quantity: 40, date: '2026-01-14' }); // the day before: not counted
      const at = await ship({ ...base, destination: 'CN', tier: '3', quantity: 50, date: '2026-01-15' });
      expect(find(at.findings, 'china-us-volume-ratio')).toMatchObject({
        status: 'near',
        projected: 50,
        limit: CHINA_TO_US_VOLUME_RATIO.value.maxRatio * 100,
      });
      const over = await ship({ ...base, destination: 'MO', tier: '3', quantity: 1, date: '2026-01-16' });
      expect(find(over.warnings, 'china-us-volume-ratio')).toMatchObject({
        status: 'crosses',
        projected: 51,
      });
      // other products are separate
      const other = await ship({
        ...base,
        product: 'MI325X',
        destination: 'US',
        quantity: 10,
        date: '2026-02-01',
      });
      expect(find(other.findings, 'china-us-volume-ratio')).toMatchObject({ status: 'ok', current: 0 });
    });

    it('reports TPP and H100-equivalents by destination, tier, end user and year, as JSON and CSV', async () => {
      await ship({
        destination: 'IN',
        tier: '2',
        tppPerUnit: 15832,
        quantity: 10,
        endUser: 'A',
        date: '2025-03-01',
      });
      await ship({
        destination: 'IN',
        tier: '2',
        tppPerUnit: 15832,
        quantity: 5,
        endUser: 'B',
        date: '2025-04-01',
      });
      await ship({
        destination: 'DE',
        tier: '1',
        tppPerUnit: 15832,
        quantity: 2,
        endUser: 'A',
        date: '2026-04-01',
      });
      const r = await computeReport(store);
      expect(r.totals).toEqual({ quantity: 17, tpp: 17 * 15832, h100Equivalents: 17, shipments: 3 });
      expect(r.byDestination).toEqual([
        { year: 2025, key: 'IN', quantity: 15, tpp: 15 * 15832, h100Equivalents: 15, shipments: 2 },
        { year: 2026, key: 'DE', quantity: 2, tpp: 2 * 15832, h100Equivalents: 2, shipments: 1 },
      ]);
      expect(r.byTier.map((x) => [x.year, x.key, x.quantity])).toEqual([
        [2025, '2', 15],
        [2026, '1', 2],
      ]);
      expect(r.byEndUser.map((x) => [x.year, x.key, x.quantity])).toEqual([
        [2025, 'A', 10],
        [2025, 'B', 5],
        [2026, 'A', 2],
      ]);
      const only2026 = await computeReport(store, { year: 2026 });
      expect(only2026.totals.quantity).toBe(2);
      const csv = parse(renderReportCsv(r), { columns: true }) as Record<string, string>[];
      expect(csv.find((x) => x.section === 'destination' && x.key === 'IN')).toMatchObject({
        year: '2025',
        quantity: '15',
        h100_equivalents: '15',
      });
      expect(
        csv.some((x) => x.section === 'cap:diffusion-country-allocation' && x.key.startsWith('IN')),
      ).toBe(true);
    });

    it('verify catches an edited or deleted shipments row', async () => {
      await ship({ tppPerUnit: 100 });
      const s2 = await ship({ tppPerUnit: 100 });
      expect((await ledger.verify()).ok).toBe(true);
      await store.db
        .updateTable('shipments')
        .set({ tpp: 1 })
        .where('record_seq', '=', s2.record.seq)
        .execute();
      expect((await ledger.verify()).problem).toMatchObject({ seq: s2.record.seq, problem: 'altered' });
      await store.db.deleteFrom('shipments').where('record_seq', '=', s2.record.seq).execute();
      expect((await ledger.verify()).problem).toMatchObject({ seq: s2.record.seq, problem: 'deleted' });
    });

    it('bad shipment input names the field and value', async () => {
      await expect(ship({ quantity: 0 })).rejects.toThrow(InputError);
      await expect(ship({ quantity: 0 })).rejects.toThrow(/quantity/);
      await expect(ship({ date: '2025-02-29' })).rejects.toThrow(
        /date: not a calendar date \(got "2025-02-29"\)/,
      );
      await expect(ship({ destination: 'India' })).rejects.toThrow(/destination/);
      await expect(ship({ tppPerUnit: undefined })).rejects.toThrow(/tppPerUnit/);
    });
  });
}
