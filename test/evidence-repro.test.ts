/**
 * Reproductions of reference/lag.md on the data shipped in data/evidence/:
 * §4.1 (naive benchmark lags, incl. DeepSeek-V3 on GPQA Diamond = 6.2 months by release dates),
 * §3.3 (tolerance sensitivity of the day-by-day ECI lag, weekly grid 2023-01-01 → 2026-04-11),
 * §3.4 (log-linear fits on the May-2025 Notable AI Models copy).
 */
import { describe, expect, it } from 'vitest';
import { loadEvidence, readNotable, readEciModels, ECI_BENCHMARK } from '../src/evidence/readers.ts';
import { groupLag, groupLagAll, modelLag } from '../src/evidence/analysis.ts';
import { parseGroup } from '../src/evidence/groups.ts';
import { trend } from '../src/evidence/trend.ts';
import { tQuantile, ols } from '../src/evidence/stats.ts';
import { lagChartSvg, trendChartSvg } from '../src/evidence/chart.ts';
import { loadControlTimeline, chipsAt, eventsFromMeasures } from '../src/evidence/controls.ts';

const US = parseGroup('US')!;
const CN = parseGroup('China')!;
const data = loadEvidence();
const tableOnly = loadEvidence({ use: 'table' });
const r1 = (x: number | null | undefined) => (x === null || x === undefined ? null : Math.round(x * 10) / 10);

describe('lag.md §4.1: DeepSeek-V3 at its release (2024-12-26), by release dates', () => {
  const v3 = modelLag(data.scores, 'DeepSeek-V3');
  const row = (b: string) => v3.rows.find((r) => r.benchmark === b)!;
  it('GPQA Diamond: 6.2 months behind Claude 3.5 Sonnet (June 2024, 59.4 vs 59.1)', () => {
    expect(r1(row('GPQA Diamond').lagMonths)).toBe(6.2);
    expect(row('GPQA Diamond').leaderModel).toBe('Claude 3.5 Sonnet (2024-06-20)');
    expect(row('GPQA Diamond').leaderDate).toBe('2024-06-20');
    expect(row('GPQA Diamond').leaderScore).toBe(59.4);
    expect(row('GPQA Diamond').leaderSource?.reporter).toBe('developer-tabulated');
    expect(row('GPQA Diamond').flags.map((f) => f.code)).toEqual(
      expect.arrayContaining(['mixed-harness', 'within-noise']),
    );
  });
  it('the other rows of the table', () => {
    expect(r1(row('MMLU').lagMonths)).toBe(5.2); // lag.md: 5.1 counting t − release (156 d); t − d* = 157 d
    expect(row('MMLU').leaderModel).toBe('Llama 3.1 405B');
    expect(r1(row('SWE-bench Verified').lagMonths)).toBe(2.2);
    expect(row('SWE-bench Verified').leaderModel).toBe('Claude 3.5 Sonnet (2024-10-22)');
    expect(r1(row('MATH-500').lagMonths)).toBe(0.3);
    expect(row('MATH-500').flags.map((f) => f.code)).toContain('variant');
    expect(r1(row(ECI_BENCHMARK).lagMonths)).toBe(3.5);
    expect(row(ECI_BENCHMARK).leaderDate).toBe('2024-09-12');
  });
  it('with the table’s own ECI rows (no full ECI file): o1-preview 135.7, 3.5 months', () => {
    const t = modelLag(tableOnly.scores, 'DeepSeek-V3', { benchmark: ECI_BENCHMARK });
    expect(t.rows[0].leaderModel).toBe('o1-preview');
    expect(t.rows[0].leaderScore).toBe(135.7);
  });
  it('same harness only (DeepSeek’s own V3 table): GPQA lag falls to 2.1–2.2 months (sparse tables understate lags)', () => {
    const s = modelLag(data.scores, 'DeepSeek-V3', { sameSource: true, benchmark: 'GPQA Diamond' });
    expect(s.rows[0].leaderModel).toBe('Claude 3.5 Sonnet (2024-10-22)');
    expect(r1(s.rows[0].lagMonths)).toBe(2.2);
  });
  it('excluding reasoning models moves the ECI lag (lag.md §4.2.9)', () => {
    const x = modelLag(data.scores, 'DeepSeek-V3', {
      benchmark: ECI_BENCHMARK,
      excludeModels: ['o1*', 'o3*', 'o4*'],
    });
    expect(x.rows[0].leaderDate! > '2024-09-12').toBe(true);
  });
  it('says where the essay’s 7–10 months falls', () => {
    const c = modelLag(data.scores, 'DeepSeek-V3', {
      claims: [
        { id: 'amodei', text: '7-10 months', follower: 'DeepSeek-V3', lagMonths: [7, 10], source: 'essay' },
      ],
    }).claims[0];
    expect(c.above).toEqual([]);
    expect(c.below).toContain('GPQA Diamond');
    expect(c.within.length + c.below.length).toBe(v3.summary.n);
    expect(c.verdict).toMatch(/7–10 months: \d+ of \d+ benchmarks fall inside/);
  });
});

describe('lag.md §4.1: China vs US as of 2025-12-01', () => {
  const at = (b: string) =>
    groupLag(data.scores, { leader: US, follower: CN, benchmark: b, asOf: '2025-12-01', withSeries: false });
  it('GPQA Diamond 5.9, SWE-bench Verified 3.8, AIME 2025 3.8 (the last within noise)', () => {
    const g = at('GPQA Diamond');
    expect(g.followerBest?.model).toBe('Kimi K2 Thinking');
    expect(g.leaderModel).toBe('Gemini 2.5 Pro (2025-06-05)');
    expect(r1(g.lagMonths)).toBe(5.9);
    expect(r1(at('SWE-bench Verified').lagMonths)).toBe(3.8);
    const a = at('AIME 2025 (pass@1)');
    expect(r1(a.lagMonths)).toBe(3.8);
    expect(a.flags.map((f) => f.code)).toContain('within-noise');
  });
  it('the table’s ECI rows: Kimi K2 Thinking 145.9 vs o3 147.2, 7.5 months', () => {
    const g = groupLag(tableOnly.scores, {
      leader: US,
      follower: CN,
      benchmark: ECI_BENCHMARK,
      asOf: '2025-12-01',
      withSeries: false,
    });
    expect(g.leaderModel).toBe('o3');
    expect(r1(g.lagMonths)).toBe(7.6); // lag.md 7.5 counts to the release day; t − d* is one day more
  });
  it('as of 2026-11-30 the data are stale: refused unless allowed', () => {
    expect(() =>
      groupLag(data.scores, { leader: US, follower: CN, benchmark: 'GPQA Diamond', asOf: '2026-11-30' }),
    ).toThrow(/stale/);
    const all = groupLagAll(data.scores, { leader: US, follower: CN, asOf: '2026-11-30' });
    expect(all.results).toHaveLength(0);
    expect(all.skipped.length).toBeGreaterThan(5);
  });
});

describe('lag.md §3.3: tolerance sensitivity on the ECI file (weekly grid 2023-01-01 → 2026-04-11)', () => {
  const run = (tolerance: number) =>
    groupLag(data.scores, {
      leader: US,
      follower: CN,
      benchmark: ECI_BENCHMARK,
      tolerance,
      from: '2023-01-01',
      to: '2026-04-11',
      step: 7,
      includeBounded: true,
      withSeries: false,
      sensitivity: [],
    }).summary;
  it.each([
    [0, 7.9, 1.3, 18.1],
    [1, 6.2, 0.4, 14.7],
    [2, 5.4, 0.0, 14.7],
  ])('tolerance %d: mean %d, min %d, max %d months', (tol, mean, min, max) => {
    const s = run(tol);
    expect(r1(s.meanMonths)).toBe(mean);
    expect(r1(s.minMonths)).toBe(min);
    expect(r1(s.maxMonths)).toBe(max);
  });
  it('Epoch’s published 7 months (4–14) lies inside the band; ECI cannot be bootstrapped from these files', () => {
    const g = groupLag(data.scores, {
      leader: US,
      follower: CN,
      benchmark: ECI_BENCHMARK,
      bootstrapReps: 10,
      withSeries: false,
    });
    expect(g.bootstrap && 'unavailable' in g.bootstrap).toBe(true);
    expect(r1(run(2).meanMonths)!).toBeLessThan(7);
    expect(r1(run(0).meanMonths)!).toBeGreaterThan(7);
  });
  it('bootstrap over score noise where item counts are known (GPQA Diamond)', () => {
    const g = groupLag(data.scores, {
      leader: US,
      follower: CN,
      benchmark: 'GPQA Diamond',
      bootstrapReps: 100,
      seed: 3,
      withSeries: false,
    });
    expect(g.bootstrap && 'ci95' in g.bootstrap).toBe(true);
    if (g.bootstrap && 'ci95' in g.bootstrap) {
      expect(g.bootstrap.items).toBe(198);
      expect(g.bootstrap.ci95[0]).toBeLessThanOrEqual(g.bootstrap.ci95[1]);
    }
  });
});

describe('open vs closed weights (ECI accessibility)', () => {
  it('computes a lag for open-weight models behind closed ones', () => {
    const g = groupLag(data.scores, {
      leader: parseGroup('closed')!,
      follower: parseGroup('open')!,
      benchmark: ECI_BENCHMARK,
      step: 7,
      withSeries: false,
    });
    expect(g.counts.leader).toBeGreaterThan(20);
    expect(g.counts.follower).toBeGreaterThan(20);
    expect(g.summary.meanMonths!).toBeGreaterThan(0);
  });
});

describe('lag.md §3.4: log-linear fits on the Notable AI Models copy (2018+, Frontier flag)', () => {
  const notable = readNotable();
  const eci = readEciModels();
  it('training compute: 4.3×/yr (95% CI 3.8–5.0), n = 56', () => {
    const r = trend({ metric: 'compute' }, { notable });
    expect(r.fit.n).toBe(56);
    expect(r.fit.factorPerYear).toBeCloseTo(4.324, 2);
    expect(r.fit.ci95[0]).toBeCloseTo(3.768, 2);
    expect(r.fit.ci95[1]).toBeCloseTo(4.962, 2);
    expect(r.published.find((p) => p.id === 'epoch-compute-2010')?.versusFit).toBe('inside');
    expect(r.attribution).toMatch(/Epoch AI.*CC BY 4\.0/);
  });
  it('training cost: 3.6–3.7×/yr (95% CI 2.6–5.0), n = 29; Cottier’s 2.4×/yr lies below', () => {
    const r = trend({ metric: 'cost' }, { notable });
    expect(r.fit.n).toBe(29);
    expect(r.fit.factorPerYear).toBeCloseTo(3.646, 2);
    expect(r.fit.ci95[0]).toBeCloseTo(2.641, 2);
    expect(r.fit.ci95[1]).toBeCloseTo(5.033, 2);
    expect(r.published.find((p) => p.id === 'cottier-cost')?.versusFit).toBe('below');
  });
  it('compute at fixed capability declines; Epoch 2.8×/yr and Amodei 4×/yr sit inside the interval', () => {
    const r = trend({ metric: 'capability-compute' }, { eci });
    expect(r.fit.direction).toBe('decline');
    expect(r.fit.factorPerYear).toBeGreaterThan(1);
    expect(r.published.find((p) => p.id === 'epoch-algorithmic')?.versusFit).toBe('inside');
    expect(r.published.find((p) => p.id === 'amodei-2025')?.versusFit).toBe('inside');
    const rec = trend({ metric: 'capability-compute', method: 'record-lows', threshold: 125 }, { eci });
    expect(rec.points.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < rec.points.length; i++)
      expect(rec.points[i].value).toBeLessThan(rec.points[i - 1].value);
  });
  it('too few points is an input error naming the field', () => {
    expect(() =>
      trend({ metric: 'capability-compute', method: 'record-lows', threshold: 130 }, { eci }),
    ).toThrow(/--threshold/);
    expect(() => trend({ metric: 'compute', from: '2030-01-01' }, { notable })).toThrow(/--from/);
  });
  it('t quantiles and OLS', () => {
    expect(tQuantile(0.975, 54)).toBeCloseTo(2.00488, 4);
    expect(tQuantile(0.975, 2)).toBeCloseTo(4.30265, 4);
    const f = ols([0, 1, 2, 3], [1, 3, 5, 7]);
    expect(f.slope).toBeCloseTo(2, 10);
    expect(f.r2).toBeCloseTo(1, 10);
  });
});

describe('rules beside the evidence', () => {
  it('measures come from the project’s rules; chips legal for Chinese labs per date', async () => {
    const t = await loadControlTimeline();
    expect(t.events.find((e) => e.id === 'ACS-2023-10')?.date).toBe('2023-11-17');
    expect(t.origin.chips).toMatch(/engine decide\(\)/);
    const at = (d: string, chip: string) => chipsAt(t.chips, d).find((c) => c.chip === chip)?.status;
    expect(at('2023-10-23', 'H800')).toBe('licence-required'); // early enforcement for datacenter chips (ACS-2023-10-EARLY)
    expect(at('2026-02-01', 'H200')).toBe('case-by-case'); // 91 FR 1684
    expect(at('2023-06-01', 'H800')).toBe('no-licence');
    expect(at('2023-11-17', 'H800')).toBe('licence-required');
    expect(at('2024-12-26', 'H20')).toBe('no-licence');
    expect(at('2025-04-09', 'H20')).toBe('licence-required');
    expect(
      eventsFromMeasures([
        { id: 'B', title: 'bill', kind: 'bill-not-enacted', effective: '2025-01-01', confidence: 'low' },
      ]),
    ).toEqual([]);
  });
});

describe('charts', () => {
  it('lag chart: SVG with the series, measure lines, chip bands and the attribution', () => {
    const g = groupLag(data.scores, { leader: US, follower: CN, benchmark: ECI_BENCHMARK, step: 7 });
    const svg = lagChartSvg({
      title: 'ECI lag',
      series: [{ name: 'ECI', points: g.series! }],
      events: [{ id: 'ACS-2023-10', date: '2023-11-17' }],
      bands: [{ label: 'H800: no licence', from: '2022-10-07', to: '2023-11-17' }],
      attribution: 'Data: Epoch AI (epoch.ai), CC BY 4.0',
    });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('<path d="M');
    expect(svg).toContain('ACS-2023-10 (2023-11-17)');
    expect(svg).toContain('H800: no licence');
    expect(svg).toContain('Epoch AI (epoch.ai), CC BY 4.0');
  });
  it('trend chart: points and fitted line; escapes text', () => {
    const notable = readNotable();
    const r = trend({ metric: 'compute' }, { notable });
    const svg = trendChartSvg({
      title: 'a < b & c',
      unit: r.unit,
      points: r.points,
      line: r.line,
      attribution: r.attribution,
    });
    expect(svg).toContain('a &lt; b &amp; c');
    expect((svg.match(/<circle/g) ?? []).length).toBe(r.points.length);
    expect(svg).toContain('stroke="#d62728"');
  });
});

describe('chart inputs shared by CLI, API and web (views.ts)', () => {
  it('builds the same chart input from results and the control timeline', async () => {
    const { lagChartInput, trendChartInput } = await import('../src/evidence/views.ts');
    const controls = await loadControlTimeline();
    const g = groupLag(data.scores, { leader: US, follower: CN, benchmark: 'GPQA Diamond', step: 7 });
    const input = lagChartInput([g], controls);
    expect(input.title).toBe('China behind US on GPQA Diamond (tolerance 0)');
    expect(input.series[0].points.length).toBe(g.series!.length);
    expect(input.bands!.map((b) => b.label)).toEqual(
      expect.arrayContaining(['H800: no licence', 'H20: no licence']),
    );
    expect(input.attribution).toMatch(/CC BY 4\.0/);
    const t = trendChartInput(trend({ metric: 'compute' }, { notable: readNotable() }));
    expect(t.references!.some((r) => r.factorPerYear === 4.6)).toBe(true);
    expect(lagChartSvg(input)).toContain('GPQA Diamond');
    expect(trendChartSvg(t)).toContain('4.6×/yr growth');
  });
});

describe('named milestones', () => {
  it('first Chinese model to match GPT-4 (Mar 2023) on ECI, and o3', () => {
    const g = groupLag(data.scores, {
      leader: US,
      follower: CN,
      benchmark: ECI_BENCHMARK,
      withSeries: false,
      milestoneModels: ['GPT-4 (Mar 2023)', 'o3'],
    });
    const [gpt4, o3] = g.namedMilestones!;
    // This ECI copy has no score for DeepSeek-V2 (May 2024), which Epoch's write-up counts; here Qwen2.5-72B is first.
    expect(gpt4).toMatchObject({
      leaderDate: '2023-03-14',
      followerModel: 'Qwen2.5-72B',
      followerDate: '2024-09-19',
    });
    expect(o3.leaderDate).toBe('2025-04-16');
    expect(o3.followerDate! > '2025-04-16').toBe(true);
    expect(() =>
      groupLag(data.scores, {
        leader: US,
        follower: CN,
        benchmark: ECI_BENCHMARK,
        withSeries: false,
        milestoneModels: ['gpt4'],
      }),
    ).toThrow(/--milestone.*candidates/);
  });
});

describe('fallback control timeline (data/evidence/control-timeline.json)', () => {
  it('is cited per row and agrees with the engine on the headline windows', async () => {
    const { readFileSync } = await import('node:fs');
    const { DEFAULT_FILES } = await import('../src/evidence/readers.ts');
    const fb = JSON.parse(readFileSync(DEFAULT_FILES.timeline, 'utf8')) as {
      chips: Parameters<typeof chipsAt>[0];
    };
    for (const c of fb.chips) expect(c.citation.length).toBeGreaterThan(5);
    const at = (d: string, chip: string) => chipsAt(fb.chips, d).find((c) => c.chip === chip)?.status;
    expect(at('2023-06-01', 'H800')).toBe('no-licence');
    expect(at('2023-11-17', 'H800')).toBe('licence-required');
    expect(at('2024-12-26', 'H20')).toBe('no-licence');
    expect(at('2025-04-09', 'H20')).toBe('licence-required');
  });
});
