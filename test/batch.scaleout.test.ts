/**
 * Scale-out on PostgreSQL through pg-boss: three `exportctl batch work` processes on loopback work
 * through one submitted batch; one is killed with SIGKILL in the middle of a chunk. Its chunk is
 * retried by another worker after the job timeout, every chunk's effects happen exactly once, and
 * the collected output is byte-identical to a single-process `batch decide`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../src/ledger/db.ts';
import { Ledger } from '../src/ledger/ledger.ts';
import { pgAvailable, postgresDb, type TestDb } from './ledger-backends.ts';
import { cli, cliChild, exited, writeOrderBook } from './batch-helpers.ts';

const skip = process.env.EXPORTCTL_TEST_SKIP_PG === '1';

describe.skipIf(skip)('batch scale-out on PostgreSQL (pg-boss, 3 workers)', () => {
  let dir: string;
  let db: TestDb;
  beforeAll(async () => {
    expect(
      await pgAvailable(),
      'PostgreSQL on 127.0.0.1:5432 is required (EXPORTCTL_TEST_SKIP_PG=1 to skip)',
    ).toBe(true);
    dir = mkdtempSync(join(tmpdir(), 'exportctl-scale-'));
    db = postgresDb();
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await db.cleanup();
  });

  it('each chunk exactly once, a killed worker’s chunk retried, output identical to one process', async () => {
    const input = join(dir, 'in.csv');
    const rows = 3000;
    writeOrderBook(input, rows, { slowEvery: 3 }); // ~950 slow rows x 8 ms spread over 15 chunks
    const env = { EXPORTCTL_FAKE_SLOW_MS: '8' };

    const single = cli(['batch', 'decide', input, '--out', join(dir, 'single.csv')], env);
    expect(single.code, single.stderr).toBe(0);

    const sub = cli(
      [
        'batch',
        'submit',
        input,
        '--db',
        db.url,
        '--record',
        '--chunk-size',
        '200',
        '--job-timeout',
        '3',
        '--json',
      ],
      env,
    );
    expect(sub.code, sub.stderr).toBe(0);
    const { runId, chunks } = JSON.parse(sub.stdout);
    expect(chunks).toBe(15);

    const workArgs = [
      'batch',
      'work',
      '--db',
      db.url,
      '--idle-exit',
      '20',
      '--maintenance-seconds',
      '1',
      '--json',
    ];
    const workers = [0, 1, 2].map(() => cliChild(workArgs, env));
    const logs = workers.map(() => ({ text: '' }));
    workers.forEach((w, i) => w.stderr!.on('data', (d: Buffer) => (logs[i]!.text += d.toString())));
    const outs = workers.map(() => ({ text: '' }));
    workers.forEach((w, i) => w.stdout!.on('data', (d: Buffer) => (outs[i]!.text += d.toString())));

    // Kill worker 0 once it has started a chunk and not finished it.
    let victimChunk: string | undefined;
    for (let t = 0; t < 2400 && !victimChunk; t++) {
      await new Promise((r) => setTimeout(r, 25));
      const started = [...logs[0]!.text.matchAll(/chunk (\d+) of run \S+ \(attempt/g)].map((m) => m[1]!);
      const done = new Set([...logs[0]!.text.matchAll(/chunk (\d+) of run \S+ done/g)].map((m) => m[1]!));
      const open = started.filter((c) => !done.has(c));
      if (open.length) {
        victimChunk = open[0];
        workers[0]!.kill('SIGKILL');
      }
    }
    expect(victimChunk, 'worker 0 never started a chunk').toBeDefined();
    expect((await exited(workers[0]!)).signal).toBe('SIGKILL');
    const rest = await Promise.all(workers.slice(1).map(exited));
    expect(rest.map((r) => r.code)).toEqual([0, 0]);

    // The killed chunk was retried by a surviving worker.
    const survivorLog = logs[1]!.text + logs[2]!.text;
    expect(survivorLog).toMatch(new RegExp(`chunk ${victimChunk} of run ${runId} \\(attempt [2-9]`));
    const st = cli(['batch', 'status', runId, '--db', db.url, '--json']);
    const status = JSON.parse(st.stdout);
    expect(status).toMatchObject({ chunks: 15, done: 15, inputRows: rows });
    expect(status.retried).toBeGreaterThanOrEqual(1);
    const processed = outs.slice(1).reduce((s, o) => s + JSON.parse(o.text).chunks, 0);
    expect(processed).toBeGreaterThanOrEqual(15 - 1); // worker 0 may have finished some before dying

    const col = cli(['batch', 'collect', runId, '--db', db.url, '--out', join(dir, 'scaled.csv'), '--json']);
    expect(col.code, col.stderr).toBe(0);
    expect(readFileSync(join(dir, 'scaled.csv')).equals(readFileSync(join(dir, 'single.csv')))).toBe(true);
    expect(
      readFileSync(join(dir, 'scaled.rejects.csv')).equals(readFileSync(join(dir, 'single.rejects.csv'))),
    ).toBe(true);

    // Ledger: one decision record per accepted row, each line exactly once, chain intact.
    const store = await openStore(db.url);
    try {
      const l = new Ledger(store);
      expect((await l.verify()).ok).toBe(true);
      const n = await l.count({ kind: 'decision', refPrefix: `batch:${runId}:` });
      expect(n).toBe(JSON.parse(col.stdout).outRows);
      expect(await l.count({ kind: 'batch', refPrefix: `batch:${runId}:` })).toBe(1);
    } finally {
      await store.close();
    }
    expect(cli(['ledger', 'verify', '--db', db.url]).code).toBe(0);
  });

  it('submit refuses a SQLite --db', () => {
    const r = cli(['batch', 'submit', 'whatever.csv', '--db', join(tmpdir(), 'x.sqlite')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/scale-out needs a postgres:\/\/ URL/);
  });
});
