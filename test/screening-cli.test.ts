import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';

const home = mkdtempSync(join(tmpdir(), 'exportctl-cli-'));
function run(args: string[], input?: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['bin/exportctl', ...args], {
    input,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, EXPORTCTL_HOME: home, ...env },
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  // first call imports the bundled sample lists
  expect(run(['lists', '--json']).code).toBe(0);
}, 120_000);

describe('exportctl screen', () => {
  it('screens a name and says why it hit (JSON contract)', () => {
    const r = run(['screen', '--json', '--as-of', '2024-06-01', 'Banco Nacional de Cuba']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.matches[0]).toMatchObject({
      entityId: 'SDN:306',
      source: 'SDN',
      name: 'BANCO NACIONAL DE CUBA',
      matchedName: 'BANCO NACIONAL DE CUBA',
      score: 1,
    });
    expect(j.matches[0].reasons.length).toBeGreaterThan(0);
    expect(j.lists.map((l: { list: string }) => l.list)).toContain('SDN');
    expect(j.status).toBe('hit');
  });
  it('prints readable text with the list snapshots used', () => {
    const r = run(['screen', '--as-of', '2026-01-01', '--country', 'CN', 'CETC Research Institute 13']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/HIT/);
    expect(r.out).toMatch(/licence requirement: For all items subject to the EAR/);
    expect(r.out).toMatch(/EL 2025-06-25\*/);
    expect(r.out).toMatch(/warning: .*stale/);
  });
  it.each([
    [['screen', '--as-of', '2024-02-30', 'x'], /--as-of: expected a date YYYY-MM-DD \(got "2024-02-30"\)/],
    [['screen', '--country', 'ZZ', 'x'], /--country: .*\(got "ZZ"\)/],
    [
      ['screen', '--type', 'ship', 'x'],
      /--type: expected one of person, entity, vessel, aircraft \(got "ship"\)/,
    ],
    [['screen', '   '], /NAME: expected a non-empty name/],
    [['screen', '--batch', '/nonexistent.csv'], /--batch: no such file/],
    [['lists', 'load', '/nonexistent.csv'], /FILE: no such file/],
    [['lists', 'load', '--format', 'xml', 'data/lists/dpl_2019-07-09.csv'], /--format: expected one of/],
    [['match'], /--jsonl: required/],
  ])('exits 2 on bad input %j', (args, msg) => {
    const r = run(args as string[]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(msg);
  });
  it('batch: streams a CSV, one result row per input row, bad rows reported in place', () => {
    const d = mkdtempSync(join(tmpdir(), 'exportctl-batch-'));
    writeFileSync(
      join(d, 'in.csv'),
      'id,name,country\n1,Banco Nacional de Cuba,CU\n2,Zzyzx Quuxbar Widgets,US\n3,,US\n4,Adrian Manuel Hernandez,XX\n',
    );
    const r = run([
      'screen',
      '--batch',
      join(d, 'in.csv'),
      '--out',
      join(d, 'out.csv'),
      '--as-of',
      '2024-06-01',
    ]);
    expect(r.code).toBe(0);
    const rows = parse(readFileSync(join(d, 'out.csv')), { columns: true }) as Record<string, string>[];
    expect(rows.map((x) => [x.id, x.status])).toEqual([
      ['1', 'hit'],
      ['2', 'no-match-incomplete'],
      ['3', 'error'],
      ['4', 'error'],
    ]);
    expect(rows[0].top_entity).toBe('SDN:306');
    expect(rows[2].error).toMatch(/row 3 name/);
    expect(rows[3].error).toMatch(/row 4 country/);
  });
});

describe('exportctl screen --batch (larger)', () => {
  it('writes every row of a 1,500-row file (CSV to --out, JSON lines to stdout)', () => {
    const d = mkdtempSync(join(tmpdir(), 'exportctl-batch-big-'));
    const rows = ['id,name'];
    for (let i = 0; i < 1500; i++) rows.push(`${i},Party Number ${i} Trading`);
    rows.push('1500,Banco Nacional de Cuba');
    writeFileSync(join(d, 'in.csv'), rows.join('\n') + '\n');
    const r = run([
      'screen',
      '--batch',
      join(d, 'in.csv'),
      '--out',
      join(d, 'out.csv'),
      '--as-of',
      '2024-06-01',
    ]);
    expect(r.code).toBe(0);
    const out = parse(readFileSync(join(d, 'out.csv')), { columns: true }) as Record<string, string>[];
    expect(out).toHaveLength(1501);
    expect(out[1500]).toMatchObject({ id: '1500', status: 'hit', top_entity: 'SDN:306' });
    const j = run(['screen', '--batch', join(d, 'in.csv'), '--json', '--as-of', '2024-06-01']);
    const lines = j.out.trim().split('\n');
    expect(lines).toHaveLength(1501);
    expect(JSON.parse(lines[1500]).matches[0].entityId).toBe('SDN:306');
  }, 120_000);
  it('--threshold lowers or raises the reporting threshold', () => {
    const lo = JSON.parse(
      run(['screen', '--json', '--threshold', '0.5', '--as-of', '2024-06-01', 'Banco Cubano']).out,
    );
    expect(lo.matches[0].entityId).toBe('SDN:306');
    const hi = JSON.parse(
      run(['screen', '--json', '--threshold', '0.99', '--as-of', '2024-06-01', 'Banco Cubano']).out,
    );
    expect(hi.matches).toEqual([]);
    const bad = run(['screen', '--threshold', 'x', 'Banco']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--threshold: expected a number in \[0,1\] \(got "x"\)/);
  });
});

describe('exportctl match --jsonl', () => {
  it('writes one JSON line per input line, in order, errors in place', () => {
    const lines = [
      { a: 'Gazprom Bank', b: 'Gazprombank' },
      'not json',
      { a: 'John Smith', b: 'Jane Doe', type: 'person' },
      { a: 'x' },
      { a: 'Владимир Путин', b: 'PUTIN, Vladimir', type: 'person' },
      { a: 'ACME', b: 'ACME', type: 'ship' },
      '',
    ].map((x) => (typeof x === 'string' ? x : JSON.stringify(x)));
    const r = run(['match', '--jsonl'], lines.join('\n') + '\n');
    expect(r.code).toBe(0);
    const out = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out).toHaveLength(lines.length);
    expect(out[0]).toEqual({ score: 1, match: true });
    expect(out[1].error).toBeDefined();
    expect(out[2].match).toBe(false);
    expect(out[3].error).toMatch(/b: expected a string/);
    expect(out[4].match).toBe(true);
    expect(out[5].error).toMatch(/type/);
    expect(out[6].error).toMatch(/empty/);
    for (const o of out) if ('score' in o) expect(o.score >= 0 && o.score <= 1).toBe(true);
  });
});

describe('exportctl lists', () => {
  it('load reports the snapshot and is idempotent; diff compares two files', () => {
    const d = mkdtempSync(join(tmpdir(), 'exportctl-load-'));
    const h2 = mkdtempSync(join(tmpdir(), 'exportctl-load-home-'));
    const env = { EXPORTCTL_HOME: h2 };
    const a = run(['lists', 'load', '--json', 'data/lists/csl_2025-06-25_sample.csv'], undefined, env);
    expect(a.code).toBe(0);
    const ja = JSON.parse(a.out).loaded[0];
    expect(ja).toMatchObject({ added: true, asOfRule: 'date in file name', problems: [] });
    expect(ja.snapshot.lists).toContain('EL');
    const b = run(['lists', 'load', '--json', 'data/lists/csl_2025-06-25_sample.csv'], undefined, env);
    expect(JSON.parse(b.out).loaded[0].added).toBe(false);
    const lst = JSON.parse(run(['lists', '--json'], undefined, env).out);
    expect(lst.snapshots).toHaveLength(1); // explicitly loaded: no bundled import
    writeFileSync(
      join(d, 'new.csv'),
      readFileSync('data/lists/csl_2025-06-25_sample.csv', 'utf8').replace(
        'Atlas Sanatgaran',
        'Atlas Sanatgaran LLC',
      ),
    );
    const diff = run(
      ['lists', 'diff', '--json', 'data/lists/csl_2025-06-25_sample.csv', join(d, 'new.csv')],
      undefined,
      env,
    );
    expect(diff.code).toBe(0);
    const jd = JSON.parse(diff.out);
    expect(jd.counts).toEqual({ added: 1, removed: 1, changed: 0 }); // renamed: new identity
    const byHash = run(['lists', 'diff', ja.snapshot.hash.slice(0, 10), join(d, 'new.csv')], undefined, env);
    expect(byHash.code).toBe(0);
    expect(byHash.out).toMatch(/1 added, 1 removed, 0 changed/);
  });
});
