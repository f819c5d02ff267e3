import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = join(import.meta.dirname, '..', 'bin', 'exportctl');
function run(args: string[]) {
  const r = spawnSync(BIN, args, { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const dir = mkdtempSync(join(tmpdir(), 'lab-cli-'));
const csv = join(dir, 'ship.csv');
writeFileSync(
  csv,
  ['id,date,destination,product,quantity,end_user_headquarters', 'o-1,2024-06-01,CN,NVIDIA H20,1000,', 'o-2,2024-06-01,US,H100 SXM,64,', 'o-3,2024-08-01,SG,H20,50,CN', 'o-4,2024-06-01,CN,not a chip,5,'].join('\n'),
);

describe('exportctl lab (CLI contract)', () => {
  it('lists the built-in scenarios', () => {
    const r = run(['lab', 'scenarios', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).map((s: { id: string }) => s.id)).toContain('h20-2024-01');
    const t = run(['lab', 'scenarios']);
    expect(t.out).toMatch(/chip-security-act/);
  });

  it('compares as enforced with H20 covered from 2024-01 on a shipments file', () => {
    const r = run(['lab', 'run', 'as-enforced', 'h20-2024-01', '--shipments', csv, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.shipments.count).toBe(3);
    expect(j.shipments.rejectedCount).toBe(1);
    expect(j.shipments.rejected[0]).toMatchObject({ line: 5 });
    const d = j.diffs[0];
    expect(d.summary.material.shipments).toBe(2);
    expect(d.summary.material.quantity).toBe(1050);
    expect(d.shipments[0].measures.added).toEqual(['LAB-H20-2024-01']);
    const text = run(['lab', 'run', 'h20-2024-01', '--shipments', csv]);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/Shipments whose decision changes: 2 of 3/);
    expect(text.out).toMatch(/because h20-2024-01 change \[0\] add-measure LAB-H20-2024-01/);
    expect(text.out).toMatch(/NVIDIA H20 \(HGX\), 2024-01-01\.\.2025-04-09/);
  });

  it('generates a SYNTHETIC set, replays it, writes a chart and per-shipment decisions', () => {
    const syn = join(dir, 'syn.csv');
    const g = run(['lab', 'generate', '--n', '300', '--seed', '5', '--out', syn]);
    expect(g.code).toBe(0);
    expect(g.out).toMatch(/SYNTHETIC/);
    expect(readFileSync(syn, 'utf8').split('\n')[1]).toMatch(/^SYNTHETIC-5-1,/);
    const png = join(dir, 'c.png');
    const dec = join(dir, 'd.csv');
    const r = run(['lab', 'run', 'no-h200-rule', '--shipments', syn, '--plot', png, '--decisions', dec, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).synthetic).toBe(true);
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
    const lines = readFileSync(dec, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(301);
    expect(lines[0]).toMatch(/^id,synthetic,.*no-h200-rule:changed$/);
    expect(lines[1]).toMatch(/^SYNTHETIC-5-1,SYNTHETIC,/);
    const svg = join(dir, 'c.svg');
    expect(run(['lab', 'run', 'h20-2024-01', '--synthetic', '200', '--seed', '3', '--plot', svg, '--plot-for', 'CN']).code).toBe(0);
    expect(readFileSync(svg, 'utf8')).toMatch(/^<svg/);
  });

  it('bad input exits 2 naming the field', () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'id: bad\ntitle: t\ndescription: d\nbase: {view: enforced, from: 2022-01-01, to: 2027-01-01}\nchanges:\n  - {type: remove-measure, measure: H200-2026-01, rationale: r}\n  - {type: remove-measure, measure: ACS-2023-10-EARLY, rationale: r}\n  - {type: threshold, provision: ACS-2023-10/3A090.a.1, rationale: r, threshold: {metric: tpp, limit: high}}\n');
    const r = run(['lab', 'run', bad]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/changes\[2\]\.threshold\.limit/);
    const s = run(['lab', 'show', bad]);
    expect(s.code).toBe(2);
    expect(run(['lab', 'run', 'no-such-scenario']).err).toMatch(/scenario.*unknown scenario/);
    expect(run(['lab', 'run', 'h20-2024-01', '--synthetic', '0']).code).toBe(2);
    expect(run(['lab', 'run', 'h20-2024-01', '--synthetic', '10', '--shipments', csv]).code).toBe(2);
    expect(run(['lab', 'run', 'h20-2024-01', '--synthetic', '10', '--plot', join(dir, 'x.txt')]).code).toBe(2);
    expect(run(['lab', 'run', 'h20-2024-01', '--shipments', join(dir, 'missing.csv')]).err).toMatch(/--shipments/);
    expect(run(['lab', 'generate', '--n', '10', '--destinations', 'XX=1']).err).toMatch(/destinations\.XX/);
    expect(existsSync(join(dir, 'x.txt'))).toBe(false);
  });

  it('shows and validates a scenario', () => {
    const r = run(['lab', 'show', 'chip-security-act']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/location verification/i);
    expect(r.out).toMatch(/\[1\] condition LAB-CSA: location-verification/);
    const j = JSON.parse(run(['lab', 'show', 'no-oct-2023', '--json']).out);
    expect(j.valid).toBe(true);
    expect(j.changes).toHaveLength(3);
  });
});
