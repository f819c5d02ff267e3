import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { memoryStore, openStore, type ScreeningStore } from '../src/screening/store.ts';
import { Screener, alertsForNewSnapshot } from '../src/screening/service.ts';
import { diffEntities, loadSnapshot, snapshotsInForce } from '../src/screening/lists.ts';
import { readListFile } from '../src/screening/readers.ts';
import { entityListFootnotes, screenParties } from '../src/screening/effect.ts';
import type { SnapshotInfo } from '../src/screening/model.ts';

let home: string;
let store: ScreeningStore;
let s: Screener;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'exportctl-screen-'));
  store = await openStore(home);
  s = new Screener(store); // imports the bundled sample lists (nothing loaded yet)
}, 120_000);
afterAll(() => {
  store.close();
  rmSync(home, { recursive: true, force: true });
});

describe('bundled lists and verdicts', () => {
  it('imports the bundled samples when nothing was loaded, and says so', () => {
    expect(s.usedBundled).toBe(true);
    const snaps = store.snapshots();
    expect(snaps.every((x) => x.bundled)).toBe(true);
    expect(snaps.map((x) => x.asOf)).toEqual([
      '2019-07-09',
      '2019-12-03',
      '2021-08-18',
      '2024-05-03',
      '2025-06-25',
      '2025-12-19',
    ]);
  });
  it('a hit says which name matched, the score and why', () => {
    const r = s.screen('Banco Nacional de Cuba', { asOf: '2024-06-01' });
    expect(r.status).toBe('hit');
    expect(r.matches[0]).toMatchObject({
      entityId: 'SDN:306',
      source: 'SDN',
      matchedName: 'BANCO NACIONAL DE CUBA',
      score: 1,
      grade: 'match',
    });
    expect(r.matches[0].reasons[0]).toMatch(/primary name "BANCO NACIONAL DE CUBA" scored 1\.000/);
    expect(r.lists.find((u) => u.list === 'SDN')).toMatchObject({ asOf: '2024-05-03', bundled: true });
  });
  it('never says clear on stale or missing lists', () => {
    const r = s.screen('Zzyzx Quuxbar Widgets', { asOf: '2026-11-30' });
    expect(r.matches).toEqual([]);
    expect(r.status).toBe('no-match-incomplete');
    expect(r.verdict).toMatch(/NOT clear/);
    expect(r.warnings.join(' ')).toMatch(/stale/);
    expect(r.warnings.join(' ')).toMatch(/bundled sample/);
    const early = s.screen('Zzyzx Quuxbar Widgets', { asOf: '2020-01-15' });
    expect(early.warnings).toContain(
      'no SDN snapshot dated on or before 2020-01-15 (only later ones are loaded)',
    );
  });
  it('uses the snapshot in force on the date (SDN 2021 vs 2024)', () => {
    // SDN:35096 (PUTIN) was added in 2022: absent from the 2021-08-18 snapshot
    expect(
      s
        .screen('Vladimir Putin', { asOf: '2022-01-01', record: false })
        .matches.find((m) => m.entityId === 'SDN:35096'),
    ).toBeUndefined();
    expect(
      s
        .screen('Vladimir Putin', { asOf: '2024-06-01', record: false })
        .matches.find((m) => m.entityId === 'SDN:35096'),
    ).toBeDefined();
  });
  it('skips listings not in force on the date (DPL denial expired 2020-10-13)', () => {
    expect(s.screen('Adrian Manuel Hernandez', { asOf: '2020-01-15', record: false }).status).toBe('hit');
    expect(s.screen('Adrian Manuel Hernandez', { asOf: '2021-01-15', record: false }).matches).toEqual([]);
  });
  it('country is a qualifier, type a filter', () => {
    const cn = s.screen('CETC Research Institute 13', { asOf: '2026-01-01', country: 'CN', record: false })
      .matches[0];
    const us = s.screen('CETC Research Institute 13', { asOf: '2026-01-01', country: 'US', record: false })
      .matches[0];
    expect(cn.score).toBe(1);
    expect(us.score).toBeCloseTo(0.9, 6);
    expect(us.reasons.join(' ')).toMatch(/country US not among the entry's \(CN\)/);
    expect(
      s.screen('Banco Nacional de Cuba', { asOf: '2024-06-01', type: 'person', record: false }).matches,
    ).toEqual([]);
  });
});

describe('snapshots', () => {
  const snap = (asOf: string, lists: string[], loadedAt = '2026-01-01T00:00:00Z'): SnapshotInfo =>
    ({
      hash: asOf + lists.join(''),
      format: 'csl-csv',
      asOf,
      lists,
      entityCount: 1,
      problemCount: 0,
      source: 'x',
      loadedAt,
    }) as SnapshotInfo;
  it('picks, per list, the latest snapshot on or before the date', () => {
    const snaps = [
      snap('2020-01-01', ['SDN', 'EL']),
      snap('2021-01-01', ['SDN']),
      snap('2022-01-01', ['EL']),
    ];
    const r = snapshotsInForce(snaps, '2021-06-01', 7);
    expect(r.uses.map((u) => [u.list, u.asOf])).toEqual([
      ['EL', '2020-01-01'],
      ['SDN', '2021-01-01'],
    ]);
    expect(r.uses.every((u) => u.stale)).toBe(true);
    expect(snapshotsInForce(snaps, '2019-06-01', 7)).toEqual({ uses: [], onlyLater: ['EL', 'SDN'] });
  });
  it('property: the chosen snapshot is never after the date and none better exists', () => {
    const d = fc
      .integer({ min: 0, max: 2000 })
      .map((n) => new Date(Date.UTC(2020, 0, 1) + n * 864e5).toISOString().slice(0, 10));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(d, fc.subarray(['SDN', 'EL', 'DPL'], { minLength: 1 })), { maxLength: 8 }),
        d,
        (xs, on) => {
          const snaps = xs.map(([a, l], i) => ({ ...snap(a, l), hash: String(i) }));
          for (const u of snapshotsInForce(snaps, on, 7).uses) {
            expect(u.asOf <= on).toBe(true);
            expect(snaps.some((x) => x.lists.includes(u.list) && x.asOf <= on && x.asOf > u.asOf)).toBe(
              false,
            );
          }
        },
      ),
    );
  });
  const log = '/work/shared/data/screening/ofac_sdn_history/sdn_changes_2021-08-18_to_2024-05-03.csv';
  it.skipIf(!existsSync(log))(
    'diff of the 2021 and 2024 SDN snapshots agrees with the daily change log',
    () => {
      const a = readListFile('data/lists/sdn_2021-08-18.csv').entities;
      const b = readListFile('data/lists/sdn_2024-05-03.csv').entities;
      const d = diffEntities(a, b);
      const S = new Set(a.map((e) => e.sourceId!));
      const modified = new Set<string>();
      for (const r of parse(readFileSync(log), { columns: true }) as { change: string; ent_num: string }[]) {
        if (r.change === 'added') S.add(r.ent_num);
        else if (r.change === 'removed') S.delete(r.ent_num);
        else modified.add(r.ent_num);
      }
      const before = new Set(a.map((e) => e.sourceId!));
      const after = new Set(b.map((e) => e.sourceId!));
      expect([...S].sort()).toEqual([...after].sort()); // the log replays 2021 into 2024
      expect(d.added.map((x) => x.id.slice(4)).sort()).toEqual(
        [...after].filter((x) => !before.has(x)).sort(),
      );
      expect(d.removed.map((x) => x.id.slice(4)).sort()).toEqual(
        [...before].filter((x) => !after.has(x)).sort(),
      );
      expect(d.added.length).toBe(6761);
      expect(d.removed.length).toBe(879);
      // every entry we call changed was modified in the log, and vice versa for entries in both
      const changed = new Set(d.changed.map((x) => x.id.slice(4)));
      expect([...changed].every((x) => modified.has(x))).toBe(true);
      expect([...modified].filter((x) => before.has(x) && after.has(x)).every((x) => changed.has(x))).toBe(
        true,
      );
      expect(d.changed.length).toBe(782);
    },
  );
});

describe('reviews', () => {
  it('a false-positive mark suppresses the same hit until the entry changes', async () => {
    const h2 = mkdtempSync(join(tmpdir(), 'exportctl-review-'));
    const st = await openStore(h2);
    try {
      const dir = mkdtempSync(join(tmpdir(), 'exportctl-lists-'));
      const rows = readFileSync('data/lists/csl_2025-06-25_sample.csv', 'utf8');
      writeFileSync(join(dir, 'csl_2025-06-25.csv'), rows);
      loadSnapshot(st, join(dir, 'csl_2025-06-25.csv'));
      const sc = new Screener(st);
      const first = sc.screen('Atlas Sanatgaran', { asOf: '2025-07-01' });
      expect(first.matches[0].source).toBe('UVL');
      sc.review({
        entityId: first.matches[0].entityId,
        name: 'Atlas Sanatgaran',
        decision: 'false-positive',
        reviewer: 'jdoe',
        reason: 'different company, Tbilisi',
        asOf: '2025-07-01',
      });
      const again = sc.screen('Atlas Sanatgaran', { asOf: '2025-07-01' });
      expect(again.matches).toEqual([]);
      expect(again.suppressed[0].review).toMatchObject({ decision: 'false-positive', reviewer: 'jdoe' });
      // a new snapshot changes the entry's address: the review lapses
      writeFileSync(
        join(dir, 'csl_2025-08-01.csv'),
        rows.replace('Komitas 26/114, Yerevan, Armenia, AM', 'Komitas 30, Yerevan, Armenia, AM'),
      );
      const loaded = loadSnapshot(st, join(dir, 'csl_2025-08-01.csv'));
      expect(loaded.added).toBe(true);
      const later = new Screener(st).screen('Atlas Sanatgaran', { asOf: '2025-08-02' });
      expect(later.matches[0].entityId).toBe(first.matches[0].entityId);
      expect(later.matches[0].reasons.join(' ')).toMatch(/earlier review .* lapsed/);
      // and the party screened before raises an alert on the changed entry
      const alerts = alertsForNewSnapshot(st, loaded);
      expect(alerts.map((a) => [a.party, a.change])).toContainEqual(['Atlas Sanatgaran', 'changed']);
    } finally {
      st.close();
    }
  });
  it('a new snapshot that adds a matching entry alerts on parties screened before', async () => {
    const h3 = mkdtempSync(join(tmpdir(), 'exportctl-alert-'));
    const st = await openStore(h3);
    try {
      const dir = mkdtempSync(join(tmpdir(), 'exportctl-lists-'));
      const [head, ...rows] = readFileSync('data/lists/dpl_2019-07-09.csv', 'utf8').split('\n');
      writeFileSync(join(dir, 'dpl_2019-01-01.csv'), [head, ...rows.slice(1, 50)].join('\n'));
      loadSnapshot(st, join(dir, 'dpl_2019-01-01.csv'));
      const sc = new Screener(st);
      expect(sc.screen('Adrian Manuel Hernandez', { asOf: '2019-02-01' }).matches).toEqual([]);
      const loaded = loadSnapshot(st, join('data/lists/dpl_2019-07-09.csv'));
      const alerts = alertsForNewSnapshot(st, loaded);
      expect(alerts).toHaveLength(1);
      expect(alerts[0]).toMatchObject({
        party: 'Adrian Manuel Hernandez',
        list: 'DPL',
        change: 'added',
        matchedName: 'ADRIAN MANUEL HERNANDEZ',
      });
    } finally {
      st.close();
    }
  });
});

describe('effect on decisions (screenParties)', () => {
  it('Entity List hit: licence required with requirement, policy, FR notice and footnote', () => {
    const r = screenParties(
      [
        {
          role: 'endUser',
          name: 'China Electronics Technology Group Corporation 13th Research Institute',
          country: 'CN',
        },
      ],
      { asOf: '2026-01-01', screener: s },
    );
    const p = r.parties[0];
    expect(p.effect).toBe('license-required');
    expect(p.hits[0]).toMatchObject({ list: 'EL', footnotes: ['3'], frNotice: '83 FR 37423; 87 FR 77505' });
    expect(p.hits[0].reviewPolicy).toMatch(/Policy of denial/);
    expect(p.reasons[0].citation).toMatch(/15 CFR 744\.11; Supp\. No\. 4 to part 744/);
    expect(p.reasons[0].citation).toMatch(/83 FR 37423/);
    expect(p.reasons[1].citation).toMatch(/734\.9\(g\)/);
    expect(r.clear).toBe(false);
  });
  it('SDN hit blocks, Denied Persons hit prohibits, weaker hits need review, the worst wins', () => {
    const r = screenParties(
      [
        { role: 'consignee', name: 'Banco Nacional de Cuba' },
        { role: 'purchaser', name: 'Al Kayali Corporation' },
        { role: 'intermediateConsignee', name: 'Banco Nacionale de Cubana' },
        { role: 'endUser', name: 'Zzyzx Quuxbar Widgets' },
      ],
      { asOf: '2024-06-01', screener: s },
    );
    expect(r.parties.map((p) => p.effect)).toEqual(['blocked', 'prohibited', 'review-required', 'none']);
    expect(r.effect).toBe('blocked');
    expect(r.parties[1].reasons[0].citation).toMatch(/736\.2\(b\)\(4\)/);
    expect(r.parties[1].reasons[0].citation).toMatch(/68 F\.R\. 38290/);
    expect(r.parties[3].reasons[0].text).toMatch(/not clear/);
  });
  it('rejects bad party input naming the field', () => {
    expect(() =>
      screenParties([{ role: 'shipper' as never, name: 'X' }], { asOf: '2024-01-01', screener: s }),
    ).toThrow(/parties\[0\]\.role/);
    expect(() =>
      screenParties([{ role: 'endUser', name: ' ' }], { asOf: '2024-01-01', screener: s }),
    ).toThrow(/parties\[0\]\.name/);
  });
  it('reads footnotes from licence requirement texts', () => {
    expect(entityListFootnotes('For all items subject to the EAR. (See §§ 734.9(g),3 746.8(a)(3))')).toEqual([
      '3',
    ]);
    expect(entityListFootnotes('See §§ 734.9(e)(2) and 744.11', 'Footnote 5')).toEqual(['4', '5']);
    expect(entityListFootnotes('For all items subject to the EAR. (See §744.11 of the EAR)')).toEqual([]);
  });
});

describe('clear only when complete and current (in-memory store)', () => {
  const entity = (list: 'SDN' | 'EL' | 'DPL', name: string) => ({
    id: `${list}:${name}`,
    list,
    sourceLabel: list,
    name,
    aliases: [],
    weakAliases: [],
    type: 'entity' as const,
    addresses: [],
    countries: [],
    identifiers: [],
    programs: [],
  });
  const put = (st: ReturnType<typeof memoryStore>, list: 'SDN' | 'EL' | 'DPL', asOf: string) =>
    st.addSnapshot(
      {
        hash: `${list}-${asOf}`,
        format: 'csl-csv',
        asOf,
        lists: [list],
        entityCount: 1,
        problemCount: 0,
        source: 'test',
        loadedAt: '2026-01-01T00:00:00Z',
      },
      [entity(list, `${list} Listed Party ${asOf}`)],
      ['fp'],
    );
  it('says clear with every required list present and fresh, and not otherwise', () => {
    const st = memoryStore();
    put(st, 'SDN', '2026-03-01');
    put(st, 'EL', '2026-03-02');
    put(st, 'DPL', '2026-02-28');
    const sc = new Screener(st, undefined, { autoBundled: false });
    expect(sc.screen('Totally Unrelated Name', { asOf: '2026-03-03' }).status).toBe('clear');
    expect(sc.screen('Totally Unrelated Name', { asOf: '2026-03-20' }).status).toBe('no-match-incomplete'); // stale
  });
  it('property: never clear when a required list is missing or older than the maximum age', () => {
    const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 864e5).toISOString().slice(0, 10);
    fc.assert(
      fc.property(
        fc.record({
          SDN: fc.option(fc.integer({ min: 0, max: 60 })),
          EL: fc.option(fc.integer({ min: 0, max: 60 })),
          DPL: fc.option(fc.integer({ min: 0, max: 60 })),
        }),
        fc.integer({ min: 0, max: 70 }),
        (ages, on) => {
          const st = memoryStore();
          for (const l of ['SDN', 'EL', 'DPL'] as const) if (ages[l] !== null) put(st, l, day(ages[l]!));
          const r = new Screener(st, undefined, { autoBundled: false }).screen('Totally Unrelated Name', {
            asOf: day(on),
            record: false,
          });
          const complete = (['SDN', 'EL', 'DPL'] as const).every(
            (l) => ages[l] !== null && ages[l]! <= on && on - ages[l]! <= 7,
          );
          expect(r.status === 'clear').toBe(complete);
        },
      ),
      { numRuns: 150 },
    );
  });
});
