import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  addDays,
  bestBy,
  bootstrap,
  daysBetween,
  frontier,
  lagAt,
  lagSeries,
  milestones,
  samplingSE,
  selectObs,
  summarise,
  type Obs,
} from '../src/evidence/lag.ts';
import {
  groupLag,
  modelLag,
  resolveBenchmark,
  checkStaleness,
  StaleDataError,
} from '../src/evidence/analysis.ts';
import { parseGroup, inGroup, parseCountries } from '../src/evidence/groups.ts';
import {
  parseSource,
  readBenchmarkTable,
  readEciModels,
  readNotable,
  eciScores,
} from '../src/evidence/readers.ts';
import { InputError } from '../src/engine/errors.ts';
import type { Score } from '../src/evidence/types.ts';

const US = parseGroup('US')!;
const CN = parseGroup('China')!;

function score(
  model: string,
  country: string,
  date: string,
  value: number,
  benchmark = 'GPQA Diamond',
  doc = 'doc A',
): Score {
  return {
    model,
    aliases: [],
    developer: model.split(' ')[0],
    countries: [country],
    releaseDate: date,
    benchmark,
    value,
    source: { document: doc, reporter: 'self', dataset: 'fixture' },
  };
}
const obs = (model: string, date: string, value: number): Obs => ({
  model,
  date,
  value,
  score: score(model, 'US', date, value),
});

// A fixture small enough to check by hand.
const FIX: Score[] = [
  score('L1', 'US', '2024-01-01', 50),
  score('L2', 'US', '2024-04-01', 60),
  score('L3', 'US', '2024-10-01', 70),
  score('F1', 'China', '2024-03-01', 48),
  score('F2', 'China', '2024-09-01', 61),
  score('F3', 'China', '2025-01-01', 69.5),
];

describe('lag at one date (fixture)', () => {
  const L = selectObs(FIX, 'GPQA Diamond', US);
  const F = selectObs(FIX, 'GPQA Diamond', CN);
  it('counts from the day before the leader first exceeded the follower', () => {
    const p = lagAt(L, F, '2024-09-01', 0); // F2 61; leader first > 61 is none before 2024-10-01 -> level
    expect(p.status).toBe('level-or-ahead');
    expect(p.lagMonths).toBe(0);
    const q = lagAt(L, F, '2025-01-01', 0); // F3 69.5; L3 70 on 2024-10-01
    expect(q.status).toBe('behind');
    expect(q.crossing?.model).toBe('L3');
    expect(q.lastNotBetter).toBe('2024-09-30');
    expect(q.lagDays).toBe(daysBetween('2024-09-30', '2025-01-01'));
  });
  it('tolerance: a leader better by no more than the tolerance does not count', () => {
    const q = lagAt(L, F, '2025-01-01', 0.5); // 70 > 69.5 + 0.5? no -> level
    expect(q.status).toBe('level-or-ahead');
    const r = lagAt(L, F, '2024-03-01', 2); // F1 48; first > 50 is L2 (60) on 2024-04-01 > t -> none before t: L1 50 <= 50
    expect(r.status).toBe('level-or-ahead');
    const s = lagAt(L, F, '2024-03-01', 1.9);
    expect(s.crossing?.model).toBe('L1');
  });
  it('no follower data before t', () => {
    expect(lagAt(L, F, '2024-02-01', 0).status).toBe('no-follower-data');
  });
  it('milestones: when the follower first matched each leader record', () => {
    const ms = milestones(L, F, 0);
    expect(ms.map((m) => [m.leaderModel, m.followerModel])).toEqual([
      ['L1', 'F2'],
      ['L2', 'F2'],
      ['L3', undefined],
    ]);
    expect(ms[2].atLeastMonths).toBeGreaterThan(0);
  });
  it('summary over a series; points after a group stopped reporting are bounded and left out', () => {
    const s = lagSeries(L, F, {
      from: '2024-03-01',
      to: '2025-12-31',
      step: 1,
      tolerance: 0,
      maxStaleDays: 90,
    });
    const bounded = s.filter((p) => p.bound);
    expect(bounded.length).toBeGreaterThan(0);
    expect(bounded.every((p) => p.date > addDays('2024-10-01', 90))).toBe(true); // leader's last report 2024-10-01
    expect(s.filter((p) => p.date > addDays('2025-01-01', 90)).every((p) => p.bound === 'unknown')).toBe(
      true,
    );
    const sum = summarise(s);
    expect(sum.excludedBounded).toBe(bounded.length);
    expect(sum.n + bounded.length).toBe(s.filter((p) => p.lagMonths !== null).length);
  });
});

describe('lag invariants (property tests)', () => {
  const arbObs = fc
    .array(
      fc.record({
        day: fc.integer({ min: 0, max: 900 }),
        value: fc.double({ min: 0, max: 100, noNaN: true }),
      }),
      { minLength: 1, maxLength: 15 },
    )
    .map((xs) =>
      xs
        .map((x, i) => obs(`M${i}`, addDays('2023-01-01', x.day), Math.round(x.value * 10) / 10))
        .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : b.value - a.value)),
    );
  it('lag is never negative and never longer than the time since the leader’s first model', () => {
    fc.assert(
      fc.property(
        arbObs,
        arbObs,
        fc.integer({ min: 0, max: 1000 }),
        fc.double({ min: 0, max: 10, noNaN: true }),
        (L, F, d, tol) => {
          const t = addDays('2023-01-01', d);
          const p = lagAt(L, F, t, tol);
          if (p.lagDays === null) return true;
          expect(p.lagDays).toBeGreaterThanOrEqual(0);
          if (p.lagDays > 0) expect(p.lagDays).toBeLessThanOrEqual(daysBetween(L[0].date, t) + 1);
          return true;
        },
      ),
    );
  });
  it('a larger tolerance never increases the lag', () => {
    fc.assert(
      fc.property(
        arbObs,
        arbObs,
        fc.integer({ min: 0, max: 1000 }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        (L, F, d, a, b) => {
          const t = addDays('2023-01-01', d);
          const [lo, hi] = a < b ? [a, b] : [b, a];
          const x = lagAt(L, F, t, lo).lagDays;
          const y = lagAt(L, F, t, hi).lagDays;
          if (x !== null && y !== null) expect(y).toBeLessThanOrEqual(x);
          return true;
        },
      ),
    );
  });
  it('a better follower model never increases the lag', () => {
    fc.assert(
      fc.property(
        arbObs,
        arbObs,
        fc.integer({ min: 0, max: 1000 }),
        fc.double({ min: 0, max: 30, noNaN: true }),
        (L, F, d, bump) => {
          const t = addDays('2023-01-01', d);
          const better = F.map((o) => ({ ...o, value: o.value + bump }));
          const x = lagAt(L, F, t, 0).lagDays;
          const y = lagAt(L, better, t, 0).lagDays;
          if (x !== null && y !== null) expect(y).toBeLessThanOrEqual(x);
          return true;
        },
      ),
    );
  });
  it('the frontier is increasing and its last value is the overall best', () => {
    fc.assert(
      fc.property(arbObs, (L) => {
        const fr = frontier(L);
        for (let i = 1; i < fr.length; i++) expect(fr[i].value).toBeGreaterThan(fr[i - 1].value);
        expect(fr[fr.length - 1].value).toBe(Math.max(...L.map((o) => o.value)));
        expect(bestBy(L, L[L.length - 1].date)!.value).toBe(fr[fr.length - 1].value);
        return true;
      }),
    );
  });
  it('bootstrap is reproducible for a seed and its interval brackets its median', () => {
    const L = [obs('a', '2024-01-01', 50), obs('b', '2024-06-01', 60)];
    const F = [obs('c', '2024-09-01', 58)];
    const stat = (l: Obs[], f: Obs[]) => lagAt(l, f, '2024-12-01', 0).lagMonths;
    const x = bootstrap(L, F, 198, stat, 100, 7);
    const y = bootstrap(L, F, 198, stat, 100, 7);
    expect(x).toEqual(y);
    expect(x.ci95[0]).toBeLessThanOrEqual(x.medianMonths);
    expect(x.ci95[1]).toBeGreaterThanOrEqual(x.medianMonths);
    expect(x.shareBehind).toBeGreaterThan(0);
    expect(x.shareBehind).toBeLessThan(1); // 2 points apart on 198 items: noise decides
  });
  it('sampling SE matches lag.md §4.2 (GPQA ≈ 3.5, AIME ≈ 9, MATH-500 at 90% ≈ 1.3)', () => {
    expect(samplingSE(50, 198)).toBeCloseTo(3.55, 1);
    expect(samplingSE(50, 30)).toBeCloseTo(9.1, 1);
    expect(samplingSE(90, 500)).toBeCloseTo(1.34, 1);
  });
});

describe('groups, sources and readers', () => {
  it('normalises countries and groups', () => {
    expect(parseCountries('United States of America,China')).toEqual(['US', 'China']);
    const multi = { ...score('X', 'US', '2024-01-01', 1), countries: ['US', 'China'] };
    expect(inGroup(multi, CN)).toBe(false);
    expect(inGroup(multi, CN, { multiCountry: true })).toBe(true);
    expect(parseGroup('open')).toEqual({ kind: 'access', access: 'open' });
  });
  it('parses who reported a score and the setting', () => {
    const s = parseSource(
      'Kimi-K2 README table [reported by Moonshot] setting: non-thinking mode; Moonshot harness',
      'DeepSeek',
      'x',
    );
    expect(s).toMatchObject({
      document: 'Kimi-K2 README table',
      reporter: 'competitor',
      reportedBy: 'Moonshot',
      setting: 'non-thinking mode; Moonshot harness',
    });
    expect(parseSource('doc [self-reported]', 'OpenAI', 'x').reporter).toBe('self');
    expect(parseSource('Epoch [third-party estimate (Epoch)] setting: est', 'OpenAI', 'x').reporter).toBe(
      'third-party-estimate',
    );
    expect(
      parseSource('simple-evals [developer-reported, tabulated by OpenAI]', 'Anthropic', 'x').reporter,
    ).toBe('developer-tabulated');
    expect(parseSource('Launch (via x summary; secondary) [self-reported]', 'OpenAI', 'x').secondary).toBe(
      true,
    );
  });
  it('reads a newer export with the 2026 Notable schema and rejects an unknown header naming the columns', () => {
    const dir = mkdtempSync(join(tmpdir(), 'evidence-'));
    const f2026 = join(dir, 'notable_2026-04-01.csv');
    writeFileSync(
      f2026,
      'Model,Organization,Publication date,Country (of organization),Domain,Training compute (FLOP),Training compute cost (2023 USD),Confidence,Model accessibility,Frontier model,Training hardware,Open model weights?\n' +
        'A,Lab,2024-01-01,United States of America,Language,1e25,1000000,Confident,API access,True,H100,False\n',
    );
    const n = readNotable(f2026);
    expect(n.dataset.schema).toBe('epoch-notable-2026');
    expect(n.dataset.snapshot).toBe('2026-04-01');
    expect(n.models[0]).toMatchObject({
      model: 'A',
      countries: ['US'],
      compute: 1e25,
      cost: 1e6,
      frontier: true,
      accessibility: 'closed',
    });
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'Name,Date\nx,2024-01-01\n');
    expect(() => readEciModels(bad)).toThrow(
      /--eci.*missing columns: Model version, ECI Score, Release date/,
    );
    expect(() => readBenchmarkTable(join(dir, 'nope.csv'))).toThrow(InputError);
  });
  it('ECI rows without a score or date are skipped and counted; multi-line names are read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'evidence-'));
    const f = join(dir, 'eci_2026-01-01.csv');
    writeFileSync(
      f,
      'Model version,ECI Score,Release date,Organization,Country,Model accessibility,Training compute (FLOP),Confidence,Model name,Description,Display name\n' +
        'a-1,130,2024-06-20,Lab,United States of America,API access,2.7e25,Speculative,"A\n",,A (Jun)*\n' +
        'b-1,,2024-07-01,Lab,China,,,,B,,\n' +
        'c-1,120,,Lab,China,,,,C,,\n',
    );
    const { models, dataset } = readEciModels(f);
    expect(models[0].name).toBe('A');
    expect(models[0].display).toBe('A (Jun)');
    expect(dataset.used).toBe(1);
    expect(dataset.skipped).toEqual(
      expect.arrayContaining([
        { reason: 'blank ECI score', count: 1 },
        { reason: 'no release date', count: 1 },
      ]),
    );
    expect(eciScores(models, dataset)).toHaveLength(1);
  });
});

describe('analyses on the fixture', () => {
  it('refuses stale data, or flags it when allowed', () => {
    expect(() =>
      groupLag(FIX, { leader: US, follower: CN, benchmark: 'GPQA Diamond', asOf: '2026-11-30' }),
    ).toThrow(StaleDataError);
    const r = groupLag(FIX, {
      leader: US,
      follower: CN,
      benchmark: 'GPQA Diamond',
      asOf: '2026-11-30',
      allowStale: true,
    });
    expect(r.staleness.stale).toBe(true);
    expect(r.staleness.warnings[0]).toMatch(/stale data/);
    const c = checkStaleness(
      'GPQA Diamond',
      '2025-06-01',
      selectObs(FIX, 'GPQA Diamond', US),
      selectObs(FIX, 'GPQA Diamond', CN),
      90,
    );
    expect(c.stale).toBe(true);
  });
  it('missing follower reports make the lag an upper bound (warning, not refusal)', () => {
    const more = [...FIX, score('L4', 'US', '2025-06-01', 80)];
    const c = checkStaleness(
      'GPQA Diamond',
      '2025-07-01',
      selectObs(more, 'GPQA Diamond', US),
      selectObs(more, 'GPQA Diamond', CN),
      90,
    );
    expect(c.stale).toBe(false);
    expect(c.warnings.join(' ')).toMatch(/upper bound/);
  });
  it('per-model view, same-source restriction, and unknown names', () => {
    const data = [
      ...FIX,
      score('L2', 'US', '2024-04-01', 62, 'GPQA Diamond', 'doc B'),
      score('F3', 'China', '2025-01-01', 69.5, 'GPQA Diamond', 'doc B'),
    ];
    const r = modelLag(data, 'F3');
    expect(r.rows[0].leaderModel).toBe('L3');
    const s = modelLag(data, 'f-3', { sameSource: true });
    // F3's best report (69.5) is in doc A (first); with same-source only doc A's leaders count
    expect(s.rows[0].leaderModel).toBe('L3');
    expect(() => modelLag(data, 'F')).toThrow(/--model.*candidates: F1 \| F2 \| F3/);
    expect(() => modelLag(data, 'L1')).toThrow(/--leader/);
    expect(() => resolveBenchmark('nonsense', data)).toThrow(/--benchmark/);
    expect(resolveBenchmark('gpqa', data)).toBe('GPQA Diamond');
  });
  it('bad tolerance is an input error naming the field', () => {
    expect(() =>
      groupLag(FIX, { leader: US, follower: CN, benchmark: 'GPQA Diamond', tolerance: -1 }),
    ).toThrow(/--tolerance/);
  });
});
