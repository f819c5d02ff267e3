/**
 * batch decide end to end through bin/exportctl (real child processes), on SQLite and PostgreSQL:
 * row accounting, order, rejects, SIGKILL + --resume (byte-identical output, ledger included),
 * worker threads, bad input. The chunk processor's invariant is also property-tested in-process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { makeChunkProcessor, renderCols, renderOut, type RawRow } from '../src/ledger/batch-chunk.ts';
import { stringify } from 'csv-stringify/sync';
import { openStore } from '../src/ledger/db.ts';
import { loadEngine } from '../src/ledger/engine.ts';
import { Ledger } from '../src/ledger/ledger.ts';
import { BACKENDS, type TestDb } from './ledger-backends.ts';
import { cli, cliChild, exited, FAKE, writeOrderBook } from './batch-helpers.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'exportctl-batch-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const csvRows = (p: string) => parse(readFileSync(p), { relax_column_count: true }) as string[][];

async function ledgerRows(url: string, runId: string) {
  const store = await openStore(url);
  try {
    const l = new Ledger(store);
    const v = await l.verify();
    const recs: { line: string; inputs: unknown; outputs: unknown; kind: string }[] = [];
    let after = 0;
    for (;;) {
      const page = await l.list({ afterSeq: after, limit: 5000 });
      if (!page.length) break;
      for (const r of page)
        if (r.ref?.startsWith(`batch:${runId}:`))
          recs.push({
            line: r.ref.split(':')[2]!,
            inputs: r.inputs,
            outputs: r.kind === 'batch' ? 'summary' : r.outputs,
            kind: r.kind,
          });
      after = page[page.length - 1]!.seq;
    }
    return { ok: v.ok, recs };
  } finally {
    await store.close();
  }
}

describe('batch decide (in-process chunk processor)', () => {
  it('property: OUT text is exactly csv-stringify of input fields + result columns', () => {
    const field = fc.oneof(
      fc.string(),
      fc.constantFrom('', 'a,b', 'say "hi"', 'two\nlines', 'cr\ronly', 'crlf\r\n', ' lead', '=1+1', '\u0000'),
    );
    const cols = fc.array(fc.oneof(fc.constantFrom('true', 'LPP;ACM', '', 'case-by-case'), fc.string()), {
      minLength: 6,
      maxLength: 6,
    });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.array(field, { minLength: 1, maxLength: 6 }), cols), {
          minLength: 1,
          maxLength: 20,
        }),
        (rows) => {
          const got = renderOut(
            rows.map(([f]) => f),
            rows.map(([, c]) => ({ cols: c, colsCsv: renderCols(c) })),
          );
          expect(got).toBe(stringify(rows.map(([f, c]) => f.concat(c))));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('property: every row is in out or rejects exactly once, out in input order', async () => {
    const engine = await loadEngine(new URL(`file://${FAKE}`).href);
    const header = ['id', 'date', 'destination', 'product', 'quantity', 'view'];
    const field = fc.oneof(
      fc.constantFrom(
        '1',
        'x',
        '',
        '2025-03-01',
        '2024-02-29',
        '2023-02-29',
        'DE',
        'CN',
        'ZZZ',
        'GPU-A',
        'GPU-B',
        'NOPE',
        '0',
        '7',
        '-1',
        '1.5',
        'as-written',
        'enforced',
        'both',
      ),
      fc.string({ maxLength: 4 }),
    );
    const row = fc.array(field, { minLength: 4, maxLength: 7 });
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 60 }), async (rows) => {
        const proc = makeChunkProcessor(engine, { header, record: true, runId: 'r' });
        const raw: RawRow[] = rows.map((fields, i) => ({ line: i + 2, fields }));
        const res = proc(raw);
        expect(res.outRows + res.rejectRows).toBe(rows.length);
        expect(res.records).toHaveLength(res.outRows);
        const out = res.outText ? (parse(res.outText) as string[][]) : [];
        const rej = res.rejectsText ? (parse(res.rejectsText) as string[][]) : [];
        expect(out).toHaveLength(res.outRows);
        expect(rej).toHaveLength(res.rejectRows);
        const outIds = out.map((r) => r.slice(0, header.length).join('\u0000'));
        const accepted = rows
          .filter((_, i) => !rej.some((r) => r[0] === String(i + 2)))
          .map((f) => f.join('\u0000'));
        expect(outIds).toEqual(accepted);
        for (const r of rej) expect(r[1]).toMatch(/\S/);
      }),
      { numRuns: 200 },
    );
  });
});

describe('batch decide CLI', () => {
  it('accounts for every row: out + rejects = input, in order, with reasons and line numbers', () => {
    const input = join(dir, 'small.csv');
    const { good, bad } = writeOrderBook(input, 2000);
    const r = cli([
      'batch',
      'decide',
      input,
      '--out',
      join(dir, 'small.out.csv'),
      '--chunk-size',
      '300',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s).toMatchObject({ inputRows: 2000, outRows: good, rejectRows: bad });
    const out = csvRows(join(dir, 'small.out.csv'));
    expect(out[0]!.slice(-6)).toEqual([
      'license_required',
      'outcome',
      'review_policy',
      'exceptions',
      'eccn',
      'confidence',
    ]);
    const ids = out.slice(1).map((x) => Number(x[0]));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const rej = csvRows(join(dir, 'small.out.rejects.csv'));
    expect(rej[0]).toEqual(['line', 'reason', 'raw']);
    expect(rej.length - 1).toBe(bad);
    const byLine = new Map(rej.slice(1).map((x) => [Number(x[0]), x[1]!]));
    expect(byLine.get(97 + 1)).toMatch(/^date: must be a calendar date/); // id 97 is on line 98
    expect(byLine.get(89 + 1)).toMatch(/product/);
    expect(byLine.get(83 + 1)).toMatch(/expected 10 fields, got 4/);
    expect(byLine.get(79 + 1)).toMatch(/^quantity/);
    const cn = out.find((x) => x[2] === 'CN' && x[3] === 'GPU-A')!;
    expect(cn.slice(-6)).toEqual([
      'true',
      'license-required',
      'presumption-of-denial',
      '',
      '3A090.a',
      'high',
    ]);
  });

  it('exits 2 naming the column when a required column is missing, and on a missing file', () => {
    const input = join(dir, 'nocol.csv');
    writeFileSync(input, 'id,date,destination,quantity\n1,2025-01-01,DE,3\n');
    const r = cli(['batch', 'decide', input, '--out', join(dir, 'nocol.out.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/missing required column "product"/);
    const r2 = cli(['batch', 'decide', join(dir, 'nope.csv'), '--out', join(dir, 'x.csv')]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/input: no such file/);
    const r3 = cli(['batch', 'decide', input, '--out', join(dir, 'x.csv'), '--workers', 'many']);
    expect(r3.code).toBe(2);
    expect(r3.stderr).toMatch(/--workers/);
  });

  it('--workers 3 gives the same bytes as one thread', () => {
    const input = join(dir, 'w.csv');
    writeOrderBook(input, 6000);
    expect(cli(['batch', 'decide', input, '--out', join(dir, 'w1.csv'), '--chunk-size', '500']).code).toBe(0);
    const r = cli([
      'batch',
      'decide',
      input,
      '--out',
      join(dir, 'w3.csv'),
      '--chunk-size',
      '500',
      '--workers',
      '3',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(dir, 'w3.csv')).equals(readFileSync(join(dir, 'w1.csv')))).toBe(true);
    expect(readFileSync(join(dir, 'w3.rejects.csv')).equals(readFileSync(join(dir, 'w1.rejects.csv')))).toBe(
      true,
    );
  });

  it('refuses to resume against a different input file', () => {
    const a = join(dir, 'ra.csv');
    writeOrderBook(a, 100);
    expect(cli(['batch', 'decide', a, '--out', join(dir, 'ra.out.csv')]).code).toBe(0);
    // mark the checkpoint unfinished, then change the input
    const cp = join(dir, 'ra.out.csv.checkpoint');
    writeFileSync(cp, JSON.stringify({ ...JSON.parse(readFileSync(cp, 'utf8')), done: false }));
    writeOrderBook(a, 120);
    const r = cli(['batch', 'decide', a, '--out', join(dir, 'ra.out.csv'), '--resume']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not the file the interrupted run read/);
  });

  it('--record counts every recorded row, also when the last chunks record nothing', async () => {
    const input = join(dir, 'tail-rejects.csv');
    writeFileSync(
      input,
      'id,date,destination,product,quantity\n1,2025-03-01,DE,GPU-A,1\n2,2025-03-01,DE,GPU-A,2\n3,2025-13-01,DE,GPU-A,1\n4,2025-03-01,DE,NOPE,1\n5,2025-03-01,DE,GPU-A,-1\n',
    );
    const db = join(dir, 'tail-rejects.sqlite');
    const r = cli([
      'batch',
      'decide',
      input,
      '--out',
      join(dir, 'tail-rejects.out.csv'),
      '--db',
      db,
      '--record',
      '--chunk-size',
      '2',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const sum = JSON.parse(r.stdout);
    expect(sum).toMatchObject({ inputRows: 5, outRows: 2, rejectRows: 3, recorded: 2 });
    const cp = JSON.parse(readFileSync(join(dir, 'tail-rejects.out.csv.checkpoint'), 'utf8'));
    expect(cp).toMatchObject({ done: true, rows: 5, recorded: 2 });
    const l = await ledgerRows(db, sum.runId);
    expect(l.recs.filter((x) => x.kind === 'decision').map((x) => x.line)).toEqual(['2', '3']);
    // the checkpoint's seq is the run's last decision record (the summary comes after it)
    expect(cp.ledgerSeq).toBe(2);
  });

  for (const backend of BACKENDS) {
    describe(`SIGKILL and --resume, recording on ${backend.name}`, () => {
      let full: TestDb;
      let killed: TestDb;
      beforeAll(() => {
        full = backend.make();
        killed = backend.make();
      });
      afterAll(async () => {
        await full.cleanup();
        await killed.cleanup();
      });

      it('produces exactly the output and ledger of an uninterrupted run', async () => {
        const input = join(dir, `kill-${backend.name}.csv`);
        const rows = 8000;
        writeOrderBook(input, rows, { slowEvery: 4 }); // ~1,900 slow rows x 2 ms: a few seconds
        const env = { EXPORTCTL_FAKE_SLOW_MS: '2' };
        // Small chunks: up to 16 chunks may wait for the ledger writer (MAX_UNACKED_CHUNKS), and
        // both kills must land before the run has read everything.
        const common = ['--chunk-size', '100', '--record', '--json'];

        const a = cli(
          [
            'batch',
            'decide',
            input,
            '--out',
            join(dir, `full-${backend.name}.csv`),
            '--db',
            full.url,
            ...common,
          ],
          env,
        );
        expect(a.code, a.stderr).toBe(0);
        const sa = JSON.parse(a.stdout);
        expect(sa.inputRows).toBe(rows);

        const outB = join(dir, `killed-${backend.name}.csv`);
        const args = ['batch', 'decide', input, '--out', outB, '--db', killed.url, ...common];
        let kills = 0;
        // Kill it twice, at different points, then let a third run finish.
        for (const atRows of [1000, 4400]) {
          const child = cliChild(kills === 0 ? args : [...args, '--resume'], env);
          const cp = outB + '.checkpoint';
          for (;;) {
            await new Promise((r) => setTimeout(r, 15));
            if (child.exitCode !== null) break;
            if (!existsSync(cp)) continue;
            let done = 0;
            try {
              done = JSON.parse(readFileSync(cp, 'utf8')).rows;
            } catch {
              continue; // mid-rename
            }
            if (done >= atRows) {
              child.kill('SIGKILL');
              break;
            }
          }
          const ex = await exited(child);
          expect(ex.signal, 'the run finished before it could be killed: make it slower').toBe('SIGKILL');
          kills++;
          const cpNow = JSON.parse(readFileSync(outB + '.checkpoint', 'utf8'));
          expect(cpNow.done).toBe(false);
          expect(cpNow.rows).toBeLessThan(rows);
        }
        const b = cli([...args, '--resume'], env);
        expect(b.code, b.stderr).toBe(0);
        const sb = JSON.parse(b.stdout);
        expect(sb.resumedFrom).toBeGreaterThan(0);
        expect(sb).toMatchObject({ inputRows: rows, outRows: sa.outRows, rejectRows: sa.rejectRows });
        expect(sa.outRows + sa.rejectRows).toBe(rows);

        expect(readFileSync(outB).equals(readFileSync(join(dir, `full-${backend.name}.csv`)))).toBe(true);
        expect(
          readFileSync(outB.replace(/\.csv$/, '.rejects.csv')).equals(
            readFileSync(join(dir, `full-${backend.name}.rejects.csv`)),
          ),
        ).toBe(true);

        const la = await ledgerRows(full.url, sa.runId);
        const lb = await ledgerRows(killed.url, sb.runId);
        expect(la.ok).toBe(true);
        expect(lb.ok).toBe(true);
        expect(lb.recs.filter((r) => r.kind === 'decision')).toHaveLength(sa.outRows);
        expect(new Set(lb.recs.map((r) => r.line)).size).toBe(lb.recs.length); // no duplicates
        expect(lb.recs).toEqual(la.recs); // same records, same order

        // a resume of a finished run changes nothing
        const c = cli([...args, '--resume'], env);
        expect(JSON.parse(c.stdout).alreadyComplete).toBe(true);
        expect(readFileSync(outB).equals(readFileSync(join(dir, `full-${backend.name}.csv`)))).toBe(true);

        // and the ledger catches an edited record
        const store = await openStore(killed.url);
        try {
          await store.db
            .updateTable('ledger_records')
            .set({ outputs: '{"licenseRequired":false}' })
            .where('seq', '=', 77)
            .execute();
        } finally {
          await store.close();
        }
        const v = cli(['ledger', 'verify', '--db', killed.url]);
        expect(v.code).toBe(1);
        expect(v.stdout).toMatch(/record 77/);
      });

      // Records are committed by the ledger writer before the checkpoint that counts them is
      // written: a kill in between leaves records past the checkpoint. The worst case is a
      // checkpoint far behind a finished ledger; a resume from it must record nothing twice.
      it('a resume from a checkpoint older than the ledger records nothing twice', async () => {
        const db = backend.make();
        try {
          const input = join(dir, `stale-${backend.name}.csv`);
          const rows = 4000;
          writeOrderBook(input, rows, { slowEvery: 4 });
          const env = { EXPORTCTL_FAKE_SLOW_MS: '2' };
          const out = join(dir, `stale-${backend.name}.out.csv`);
          const args = [
            'batch',
            'decide',
            input,
            '--out',
            out,
            '--db',
            db.url,
            '--chunk-size',
            '100',
            '--record',
            '--json',
          ];
          const child = cliChild(args, env);
          let stale = '';
          while (child.exitCode === null) {
            await new Promise((r) => setTimeout(r, 10));
            try {
              const text = readFileSync(out + '.checkpoint', 'utf8');
              const cp = JSON.parse(text);
              if (!stale && cp.rows >= 800 && !cp.done) stale = text;
            } catch {
              // not written yet, or mid-rename
            }
          }
          expect((await exited(child)).code).toBe(0);
          expect(stale, 'no mid-run checkpoint was seen: make the run slower').not.toBe('');
          const outBefore = readFileSync(out);
          const runId = JSON.parse(stale).runId as string;
          const before = await ledgerRows(db.url, runId);

          writeFileSync(out + '.checkpoint', stale);
          const r = cli([...args, '--resume'], env);
          expect(r.code, r.stderr).toBe(0);
          const s = JSON.parse(r.stdout);
          expect(s.resumedFrom).toBe(JSON.parse(stale).rows);
          expect(s.inputRows).toBe(rows);
          expect(readFileSync(out).equals(outBefore)).toBe(true);
          const after = await ledgerRows(db.url, runId);
          expect(after.ok).toBe(true);
          expect(after.recs).toEqual(before.recs);
          expect(after.recs.filter((x) => x.kind === 'decision')).toHaveLength(s.outRows);
        } finally {
          await db.cleanup();
        }
      });
    });
  }
});
