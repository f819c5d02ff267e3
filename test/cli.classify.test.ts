import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = join(import.meta.dirname, '..', 'bin', 'exportctl');
export function run(args: string[], input?: string) {
  const r = spawnSync(BIN, args, { input, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('exportctl classify (CLI contract)', () => {
  it('explains the A800 change between 2023-06-01 and 2024-01-15 with citations', () => {
    const before = run(['classify', 'NVIDIA A800', '--date', '2023-06-01']);
    const after = run(['classify', 'NVIDIA A800', '--date', '2024-01-15']);
    expect(before.code).toBe(0);
    expect(before.out).toMatch(/not caught/);
    expect(before.out).toMatch(/87 FR 62186/);
    expect(before.out).toMatch(/ioBandwidthGBps 464 >= 600/);
    expect(after.out).toMatch(/3A090\.a\.1/);
    expect(after.out).toMatch(/88 FR 73458/);
    expect(after.out).toMatch(/replaced the earlier test/);
  });
  it('--json gives the contract fields', () => {
    const r = run(['classify', '--json', '--date', '2024-01-15', 'NVIDIA', 'L4']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.eccn).toBe('3A090.a');
    expect(j.paragraph).toBe('3A090.a.2');
    expect(j.metrics.tpp).toBe(1940);
    expect(j.metrics.performanceDensity).toBeCloseTo(6.5986, 3);
    expect(j.measures).toContain('ACS-2023-10');
    expect(j.reasons[0]).toHaveProperty('citation');
    expect(j.reasons[0]).toHaveProperty('text');
    expect(['high', 'medium', 'low']).toContain(j.confidence);
    expect(Array.isArray(j.warnings)).toBe(true);
  });
  it('reads a spec from a file and from stdin', () => {
    const dir = mkdtempSync(join(tmpdir(), 'exportctl-'));
    const f = join(dir, 'spec.json');
    const spec = {
      name: 'X',
      kind: 'ic',
      datacenter: true,
      throughput: [{ format: 'fp8', tops: 700 }],
      dieAreaMm2: 800,
    };
    writeFileSync(f, JSON.stringify(spec));
    expect(JSON.parse(run(['classify', '--json', '--date', '2024-01-15', '--spec', f]).out).eccn).toBe(
      '3A090.a',
    );
    expect(
      JSON.parse(run(['classify', '--json', '--date', '2024-01-15', '--spec', '-'], JSON.stringify(spec)).out)
        .paragraph,
    ).toBe('3A090.a.1');
  });
  it('exit 2 naming the field and value on bad input', () => {
    let r = run(['classify', 'NVIDIA A800', '--date', '2023-13-01']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--date/);
    expect(r.err).toMatch(/2023-13-01/);
    r = run(['classify', 'NVIDIA H1000']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/closest catalog names/);
    r = run(['classify', '--spec', '-'], '{"kind":"ic","throughput":[{"format":"fp16","tops":"lots"}]}');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/spec\.throughput\[0\]\.tops/);
    r = run(['classify', '--spec', '-'], 'not json');
    expect(r.code).toBe(2);
    r = run(['classify', 'NVIDIA A800', '--view', 'lenient']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--view/);
  });
  it('catalog and timeline', () => {
    const c = JSON.parse(run(['catalog', '--json', '--date', '2024-01-15']).out);
    expect(c.products).toHaveLength(52);
    const t = run(['timeline', 'NVIDIA H800']);
    expect(t.code).toBe(0);
    expect(t.out).toMatch(/2023-11-17/);
    const m = JSON.parse(run(['timeline', '--json']).out);
    expect(m.measures.map((x: { id: string }) => x.id)).toContain('H200-2026-01');
  });
});
