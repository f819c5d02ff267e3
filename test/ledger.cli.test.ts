/**
 * `exportctl ledger …` through bin/exportctl: exit codes (0 answer, 1 check failed, 2 bad input),
 * JSON/CSV output, the done-when story (ship, report, edit a record, verify catches it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../src/ledger/db.ts';
import { BACKENDS, type TestDb } from './ledger-backends.ts';
import { cli } from './batch-helpers.ts';

for (const backend of BACKENDS) {
  describe(`ledger CLI on ${backend.name}`, () => {
    let tdb: TestDb;
    beforeAll(() => {
      tdb = backend.make();
    });
    afterAll(async () => {
      await tdb.cleanup();
    });
    const db = () => ['--db', tdb.url];
    const ship = (extra: string[]) =>
      cli([
        'ledger',
        'ship',
        ...db(),
        '--date',
        '2025-06-01',
        '--product',
        'GPU-A',
        '--destination',
        'IN',
        '--consignee',
        'Infy',
        '--license',
        'LPP',
        ...extra,
      ]);

    it('ship records, warns on stderr before a cap is crossed, --strict refuses with exit 1', () => {
      const a = ship(['--quantity', '1600', '--json']);
      expect(a.code, a.stderr).toBe(0);
      expect(JSON.parse(a.stdout).record).toMatchObject({ seq: 1, kind: 'shipment', user: 'ci' });
      const b = ship(['--quantity', '100']);
      expect(b.code).toBe(0);
      expect(b.stderr).toMatch(/warning: consignee Infy, 2025: .* would cross the cap of 26,900,000 TPP/);
      const c = ship(['--quantity', '100', '--strict']);
      expect(c.code).toBe(1);
      expect(c.stdout).toMatch(/refused/);
    });

    // ship(extra): a later --date or --product overrides the helper's (commander keeps the last).
    it('ship: bad input exits 2 naming the field and value', () => {
      const a = ship(['--quantity', 'lots']);
      expect(a.code).toBe(2);
      expect(a.stderr).toMatch(/--quantity: must be a positive whole number \(got "lots"\)/);
      const b = ship(['--date', '2025-13-01', '--quantity', '1']);
      expect(b.code).toBe(2);
      expect(b.stderr).toMatch(/date: .*"2025-13-01"/);
      const c = ship(['--date', '2025-03-01', '--product', 'Mystery', '--quantity', '1']);
      expect(c.code).toBe(2);
      expect(c.stderr).toMatch(/product/);
    });

    it('report: text, JSON and CSV', () => {
      const t = cli(['ledger', 'report', ...db()]);
      expect(t.code).toBe(0);
      expect(t.stdout).toMatch(/By destination/);
      expect(t.stdout).toMatch(/\[EXCEEDED\] \(as-written, medium\) consignee Infy, 2025/);
      const j = JSON.parse(cli(['ledger', 'report', ...db(), '--json']).stdout);
      expect(j.totals).toMatchObject({ quantity: 1700, shipments: 2, tpp: 1700 * 15832 });
      const c = parse(cli(['ledger', 'report', ...db(), '--csv']).stdout, { columns: true }) as Record<
        string,
        string
      >[];
      expect(c.find((r) => r.section === 'destination')).toMatchObject({
        year: '2025',
        key: 'IN',
        quantity: '1700',
      });
      expect(cli(['ledger', 'report', ...db(), '--view', 'sideways']).code).toBe(2);
      expect(cli(['ledger', 'report', ...db(), '--view', 'enforced', '--json']).code).toBe(0);
    });

    it('review records a hit review; purge needs --yes and is itself recorded', () => {
      const r = cli([
        'ledger',
        'review',
        ...db(),
        '--screening',
        'scr-1',
        '--subject',
        'ACME',
        '--entry',
        'ofac-sdn:1',
        '--verdict',
        'false-positive',
        '--note',
        'other DOB',
        '--json',
      ]);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ kind: 'review', inputs: { verdict: 'false-positive' } });
      expect(
        cli([
          'ledger',
          'review',
          ...db(),
          '--screening',
          's',
          '--subject',
          'A',
          '--entry',
          'e',
          '--verdict',
          'maybe',
        ]).code,
      ).toBe(2);
      expect(cli(['ledger', 'purge', ...db(), '--before', '2020-01-01']).code).toBe(2);
      expect(cli(['ledger', 'purge', ...db(), '--before', '2020-1-1', '--yes']).code).toBe(2);
      const p = cli(['ledger', 'purge', ...db(), '--before', '2020-01-01', '--yes', '--json']);
      expect(p.code).toBe(0);
      expect(JSON.parse(p.stdout)).toMatchObject({ removed: 0 });
      const l = JSON.parse(cli(['ledger', 'list', ...db(), '--kind', 'purge', '--json']).stdout);
      expect(l).toHaveLength(1);
    });

    it('import-shipments records a CSV row by row, with warnings, rejects and no duplicates on re-import', () => {
      const dir = mkdtempSync(join(tmpdir(), 'exportctl-ship-'));
      const f = join(dir, 'ship.csv');
      writeFileSync(
        f,
        [
          'date,product,quantity,destination,consignee,end_user,license,tpp,tier',
          '2026-02-01,GPU-A,100,US,MSFT,MSFT,NLR,,',
          '2026-02-02,GPU-A,60,CN,Ali,Ali,D123,,',
          '2026-02-03,GPU-A,0,CN,Ali,Ali,D123,,',
          '2026-02-04,Mystery,1,AE,G42,G42,NLR,20000,2',
        ].join('\n') + '\n',
      );
      const a = cli(['ledger', 'import-shipments', f, ...db(), '--json']);
      expect(a.code, a.stderr).toBe(0);
      const r = JSON.parse(a.stdout);
      expect(r).toMatchObject({ rows: 4, recorded: 3, alreadyRecorded: 0 });
      expect(r.rejected).toEqual([{ line: 4, reason: expect.stringMatching(/^quantity/) }]);
      expect(r.warnings).toEqual([
        expect.objectContaining({ line: 3, cap: 'china-us-volume-ratio', status: 'crosses' }),
      ]);
      const again = JSON.parse(cli(['ledger', 'import-shipments', f, ...db(), '--json']).stdout);
      expect(again).toMatchObject({ rows: 4, recorded: 0, alreadyRecorded: 3 });
      expect(cli(['ledger', 'import-shipments', join(dir, 'none.csv'), ...db()]).code).toBe(2);
      rmSync(dir, { recursive: true, force: true });
    });

    it('verify: exit 0 when intact, exit 1 naming an edited record', async () => {
      const ok = cli(['ledger', 'verify', ...db(), '--json']);
      expect(ok.code).toBe(0);
      expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true });
      const store = await openStore(tdb.url);
      try {
        await store.db
          .updateTable('ledger_records')
          .set({ user_name: 'mallory' })
          .where('seq', '=', 2)
          .execute();
      } finally {
        await store.close();
      }
      const bad = cli(['ledger', 'verify', ...db()]);
      expect(bad.code).toBe(1);
      expect(bad.stdout).toMatch(/ledger BROKEN at record 2 \(altered\)/);
    });
  });
}

describe('ledger CLI: bad --db', () => {
  it('exits 2 on an unusable database location', () => {
    const r = cli(['ledger', 'verify', '--db', 'postgres://postgres@127.0.0.1:5432/test?schema=Bad-Name']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--db/);
  });
});
