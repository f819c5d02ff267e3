import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const BIN = join(import.meta.dirname, '..', 'bin', 'exportctl');
const run = (args: string[], input?: string) => {
  const r = spawnSync(BIN, args, { input, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe('exportctl decide (CLI contract)', () => {
  it('--json from stdin gives the contract fields', () => {
    const tx = {
      date: '2024-01-15',
      destination: 'CN',
      items: [{ product: 'NVIDIA GeForce RTX 4090', quantity: 10 }],
    };
    const r = run(['decide', '--json', '--file', '-'], JSON.stringify(tx));
    expect(r.code).toBe(0);
    const d = JSON.parse(r.out);
    expect(d.licenseRequired).toBe(true);
    expect(d.outcome).toBe('license-exception-available');
    expect(d.reviewPolicy).toBe('presumption-of-denial');
    expect(d.exceptions[0]).toMatchObject({ code: 'NAC', aes: 'C67' });
    expect(d.exceptions[0].conditions.length).toBeGreaterThan(0);
    expect(d.lines[0]).toMatchObject({ eccn: '3A090.a', licenseRequired: true });
    expect(d.lines[0].reasons.length).toBeGreaterThan(0);
    expect(d.measures).toContain('ACS-2023-10');
    expect(['high', 'medium', 'low']).toContain(d.confidence);
    expect(Array.isArray(d.warnings)).toBe(true);
  });
  it('human output is a readable decision with its reasons', () => {
    const tx = {
      date: '2026-03-01',
      destination: 'CN',
      items: [{ product: 'NVIDIA B200', quantity: 8 }],
      endUser: { headquarters: 'CN' },
    };
    const r = run(['decide', '--file', '-'], JSON.stringify(tx));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^LICENCE REQUIRED/);
    expect(r.out).toMatch(/presumption-of-denial/);
    expect(r.out).toMatch(/744\.23\(a\)\(3\)/);
  });
  it('exit 2 with the field named on bad input', () => {
    for (const [tx, field] of [
      [
        { date: '2024-01-15', destination: 'Narnia', items: [{ product: 'NVIDIA H100 SXM', quantity: 1 }] },
        'destination',
      ],
      [
        { date: '15/01/2024', destination: 'CN', items: [{ product: 'NVIDIA H100 SXM', quantity: 1 }] },
        'date',
      ],
      [
        { date: '2024-01-15', destination: 'CN', items: [{ product: 'NVIDIA H100 SXM', quantity: -3 }] },
        'items[0].quantity',
      ],
      [
        { date: '2024-01-15', destination: 'CN', items: [{ product: 'Acme X1', quantity: 1 }] },
        'items[0].product',
      ],
    ] as const) {
      const r = run(['decide', '--file', '-'], JSON.stringify(tx));
      expect(r.code).toBe(2);
      expect(r.err).toContain(field);
    }
    expect(run(['decide']).code).toBe(2);
    expect(run(['decide', '--file', '/nonexistent.json']).code).toBe(2);
  });
});
