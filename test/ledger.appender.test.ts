/**
 * The ledger appenders behind `batch decide --record` (src/ledger/appender.ts): records cross to
 * the writer thread as columns and arrive unchanged; appends commit in submission order; after a
 * failure every later append fails (a hole in a run's records would break --resume).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packRecords, ThreadAppender, unpackRecords } from '../src/ledger/appender.ts';
import { openStore } from '../src/ledger/db.ts';
import { Ledger, type NewRecord } from '../src/ledger/ledger.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'exportctl-appender-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('packRecords / unpackRecords', () => {
  it('property: any records survive the trip (NUL, empty, missing and repeated fields)', () => {
    const str = fc.oneof(fc.string(), fc.constantFrom('', '\u0000', 'a\u0000b', 'same'));
    const rec = fc.record(
      {
        kind: fc.constantFrom('decision', 'batch'),
        ref: fc.option(str, { nil: undefined }),
        user: fc.option(str, { nil: undefined }),
        rulesVersion: fc.option(fc.constant('r1'), { nil: undefined }),
        inputs: fc.constant(null),
        outputs: fc.jsonValue(),
        inputsJson: fc.option(str, { nil: undefined }),
        retainFrom: fc.option(fc.constantFrom('2025-01-01', '2026-02-28'), { nil: undefined }),
      },
      { requiredKeys: ['kind', 'inputs', 'outputs'] },
    );
    fc.assert(
      fc.property(fc.array(rec, { maxLength: 30 }), (recs) => {
        const back = unpackRecords(structuredClone(packRecords(recs as NewRecord[])));
        const clean = recs.map((r) =>
          Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)),
        );
        expect(back).toEqual(clean);
      }),
    );
  });
});

describe('ThreadAppender (SQLite writer thread)', () => {
  const rec = (ref: string): NewRecord => ({ kind: 'decision', ref, inputs: { ref }, outputs: { ok: true } });

  it('commits in submission order, then a failure fails every later append', async () => {
    const file = join(dir, 'a.sqlite');
    await (await openStore(file)).close(); // migrate first, as runBatch does
    const a = new ThreadAppender(file, 'ci');
    const results = await Promise.all([
      a.append([rec('r1'), rec('r2')], { skipExistingRefs: false }),
      a.append([rec('r3')], { skipExistingRefs: false }),
      a.append([rec('r2'), rec('r4')], { skipExistingRefs: true }),
    ]);
    expect(results.map((r) => [r.appended, r.skipped, r.lastSeq])).toEqual([
      [2, 0, 2],
      [1, 0, 3],
      [1, 1, 4],
    ]);
    // A duplicate ref without skipExistingRefs is refused by the unique index …
    const dup = a.append([rec('r1')], { skipExistingRefs: false });
    const later = a.append([rec('r5')], { skipExistingRefs: false });
    await expect(dup).rejects.toThrow(/UNIQUE|unique/);
    // … and nothing after it is written.
    await expect(later).rejects.toThrow();
    await a.close();

    const store = await openStore(file);
    try {
      const l = new Ledger(store);
      expect((await l.verify()).ok).toBe(true);
      const refs = (await l.list({ limit: 10 })).map((r) => [r.seq, r.ref, r.user]);
      expect(refs).toEqual([
        [1, 'r1', 'ci'],
        [2, 'r2', 'ci'],
        [3, 'r3', 'ci'],
        [4, 'r4', 'ci'],
      ]);
    } finally {
      await store.close();
    }
  });
});
