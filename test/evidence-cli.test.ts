/** The `exportctl evidence` CLI contract: JSON fields, text answers, charts, exit codes on bad input. */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'exportctl');
const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const tmp = mkdtempSync(join(tmpdir(), 'evidence-cli-'));

describe('exportctl evidence lag --model', () => {
  it('prints per-benchmark lags with sources and GPQA ≈ 6.2 months', () => {
    const r = run('evidence', 'lag', '--model', 'DeepSeek-V3');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/GPQA Diamond\s+6\.2\s+59\.1\s+Claude 3\.5 Sonnet \(2024-06-20\)/);
    expect(r.stdout).toMatch(/follower source: DeepSeek-V3 tech report/);
    expect(r.stdout).toMatch(/7–10 months: \d+ of \d+ benchmarks fall inside/);
    expect(r.stdout).toMatch(/H20 no-licence/);
    expect(r.stdout).toMatch(/Epoch AI \(epoch\.ai\), CC BY 4\.0/);
  });
  it('--json carries a list of {benchmark, lagMonths, leaderModel, leaderDate}', () => {
    const r = run('evidence', 'lag', '--model', 'DeepSeek-V3', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    const g = j.rows.find((x: { benchmark: string }) => x.benchmark === 'GPQA Diamond');
    expect(g).toMatchObject({ leaderModel: 'Claude 3.5 Sonnet (2024-06-20)', leaderDate: '2024-06-20' });
    expect(g.lagMonths).toBeCloseTo(6.24, 2);
    expect(g.followerSource.reporter).toBe('self');
    expect(g.leaderSource.document).toMatch(/simple-evals/);
    expect(j.attribution).toMatch(/CC BY 4\.0/);
    expect(j.data.map((d: { schema: string }) => d.schema)).toEqual([
      'exportctl-benchmarks-v1',
      'epoch-eci-2026-04',
    ]);
    expect(j.controlsAtRelease.chips.find((c: { chip: string }) => c.chip === 'H800').status).toBe(
      'licence-required',
    );
  });
  it('--same-source gives the one-harness answer', () => {
    const j = JSON.parse(
      run('evidence', 'lag', '--model', 'DeepSeek-V3', '--benchmark', 'gpqa', '--same-source', '--json')
        .stdout,
    );
    expect(j.rows).toHaveLength(1);
    expect(j.rows[0].leaderDate).toBe('2024-10-22');
  });
});

describe('exportctl evidence lag --leader --follower', () => {
  it('single benchmark: lagMonths, series summary, sensitivity, milestones, overlay', () => {
    const r = run(
      'evidence',
      'lag',
      '--leader',
      'US',
      '--follower',
      'China',
      '--benchmark',
      'ECI',
      '--tolerance',
      '1',
      '--step',
      '7',
      '--json',
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(typeof j.lagMonths).toBe('number');
    expect(j.tolerance).toBe(1);
    expect(j.summary.n).toBeGreaterThan(50);
    expect(j.sensitivity.map((s: { tolerance: number }) => s.tolerance)).toEqual([0, 1, 2]);
    expect(j.milestones.length).toBeGreaterThan(3);
    expect(j.controls.events.length).toBeGreaterThan(0);
    expect(j.series).toBeUndefined();
  });
  it('--as-of inside the data gives the single answer at that date', () => {
    const j = JSON.parse(
      run('evidence', 'lag', '--benchmark', 'GPQA Diamond', '--as-of', '2024-12-26', '--json').stdout,
    );
    expect(j.asOf).toBe('2024-12-26');
    expect(j.lagMonths).toBeCloseTo(6.24, 2);
  });
  it('stale as-of is refused with exit 2, or flagged with --allow-stale', () => {
    const r = run('evidence', 'lag', '--benchmark', 'GPQA Diamond', '--as-of', '2026-11-30');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--as-of.*stale/);
    const ok = run(
      'evidence',
      'lag',
      '--benchmark',
      'GPQA Diamond',
      '--as-of',
      '2026-11-30',
      '--allow-stale',
    );
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/warning: stale data/);
  });
  it('all benchmarks: a table, and a chart file', () => {
    const svg = join(tmp, 'all.svg');
    const r = run('evidence', 'lag', '--step', '7', '--plot', svg);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/GPQA Diamond/);
    expect(r.stdout).toMatch(/SWE-bench Verified/);
    expect(readFileSync(svg, 'utf8')).toMatch(/^<svg/);
  });
});

describe('exportctl evidence trend', () => {
  it('prints rates with intervals and published rates', () => {
    const r = run('evidence', 'trend', '--metric', 'compute');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/4\.32×\/yr growth \(95% CI 3\.77–4\.96\)/);
    expect(r.stdout).toMatch(/4\.6×\/yr growth/);
  });
  it('--json and a PNG chart', () => {
    const png = join(tmp, 'cost.png');
    const r = run('evidence', 'trend', '--metric', 'cost', '--json', '--plot', png);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.fit.ci95).toHaveLength(2);
    expect(j.published.some((p: { id: string }) => p.id === 'cottier-cost')).toBe(true);
    expect(existsSync(png)).toBe(true);
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
  });
});

describe('bad input exits 2 naming the field and value', () => {
  it.each([
    [['evidence', 'lag', '--tolerance', 'abc'], /--tolerance.*"abc"/],
    [['evidence', 'lag', '--tolerance', '-1'], /--tolerance.*"-1"/],
    [['evidence', 'lag', '--as-of', '2025-02-30'], /--as-of.*"2025-02-30"/],
    [['evidence', 'lag', '--benchmark', 'nope'], /--benchmark.*"nope"/],
    [['evidence', 'lag', '--model', 'DeepSeek'], /--model: no exact match; candidates: .*\(got "DeepSeek"\)/],
    [['evidence', 'lag', '--step', '0'], /--step.*"0"/],
    [['evidence', 'lag', '--reporters', 'martians'], /--reporters.*"martians"/],
    [['evidence', 'lag', '--plot', 'x.gif'], /--plot.*"x.gif"/],
    [['evidence', 'lag', '--eci', '/nonexistent.csv'], /--eci.*nonexistent/],
    [['evidence', 'trend', '--metric', 'vibes'], /--metric.*"vibes"/],
    [['evidence', 'trend', '--metric', 'compute', '--from', '2031-01-01'], /--from/],
  ])('%j', (args, msg) => {
    const r = run(...(args as string[]));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(msg as RegExp);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });
});

describe('groups with no data', () => {
  it('an unknown leader group exits 2 naming --leader', () => {
    const r = run('evidence', 'lag', '--leader', 'Mars');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--leader.*"Mars"/);
  });
  it('every benchmark stale at --as-of exits 2', () => {
    const r = run('evidence', 'lag', '--as-of', '2026-11-30');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--as-of: no benchmark has usable data/);
  });
});
