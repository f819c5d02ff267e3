/**
 * The storage suite: the same tests against SQLite and PostgreSQL (a fresh schema per test).
 * Hash chain, tamper detection, idempotent refs, concurrency, retention purge, reviews.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { openStore, type Store } from '../src/ledger/db.ts';
import { Ledger, retentionEnd } from '../src/ledger/ledger.ts';
import { listReviews, recordReview, recordScreening } from '../src/ledger/records.ts';
import { BACKENDS, type TestDb } from './ledger-backends.ts';

for (const backend of BACKENDS) {
  describe(`ledger storage on ${backend.name}`, () => {
    let tdb: TestDb;
    let store: Store;
    let clock: Date;
    let ledger: Ledger;

    beforeEach(async () => {
      tdb = backend.make();
      store = await openStore(tdb.url);
      clock = new Date('2025-03-01T12:00:00Z');
      ledger = new Ledger(store, { now: () => clock, user: 'tester' });
    });
    afterEach(async () => {
      await store.close();
      await tdb.cleanup();
    });

    async function fill(n: number) {
      for (let i = 1; i <= n; i++) {
        await ledger.append({
          kind: 'decision',
          ref: `r${i}`,
          rulesVersion: 'v1',
          inputs: { i },
          outputs: { ok: i % 2 === 0 },
        });
      }
    }

    it('appends a linked chain that verifies', async () => {
      await fill(5);
      const v = await ledger.verify();
      expect(v.ok).toBe(true);
      expect(v.checked).toBe(5);
      const recs = await ledger.list();
      expect(recs.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
      for (let i = 1; i < recs.length; i++) expect(recs[i]!.prevHash).toBe(recs[i - 1]!.hash);
      expect(recs[0]!.user).toBe('tester');
      expect(recs[0]!.createdAt).toBe('2025-03-01T12:00:00.000Z');
      expect(recs[0]!.keepUntil).toBe('2030-03-01');
      expect(v.head).toEqual({ seq: 5, hash: recs[4]!.hash });
    });

    it('keeps inputs, outputs, rules version, list snapshots and user', async () => {
      const rec = await recordScreening(
        ledger,
        { name: 'ACME Ltd', country: 'CN' },
        { hits: [{ list: 'ofac-sdn', id: '42', score: 0.93 }] },
        { listSnapshots: { 'ofac-sdn': '2024-05-03' }, user: 'alice', rulesVersion: 'r9', ref: 'scr-1' },
      );
      const back = await ledger.getByRef('scr-1');
      expect(back).toEqual(rec);
      expect(back!.inputs).toEqual({ name: 'ACME Ltd', country: 'CN' });
      expect(back!.outputs).toEqual({ hits: [{ list: 'ofac-sdn', id: '42', score: 0.93 }] });
      expect(back!.listSnapshots).toEqual({ 'ofac-sdn': '2024-05-03' });
      expect(back!.user).toBe('alice');
      expect(back!.rulesVersion).toBe('r9');
    });

    it('names an altered record', async () => {
      await fill(6);
      await store.db
        .updateTable('ledger_records')
        .set({ inputs: '{"i":999}' })
        .where('seq', '=', 3)
        .execute();
      const v = await ledger.verify();
      expect(v.ok).toBe(false);
      expect(v.problem).toMatchObject({ seq: 3, problem: 'altered' });
    });

    it('names an altered record even when its hash was recomputed', async () => {
      await fill(6);
      const { recordHash } = await import('../src/ledger/ledger.ts');
      const row = await store.db
        .selectFrom('ledger_records')
        .selectAll()
        .where('seq', '=', 4)
        .executeTakeFirstOrThrow();
      const forged = { ...row, seq: Number(row.seq), outputs: '{"ok":false}' };
      const rest: Omit<typeof forged, 'hash'> & { hash?: string } = { ...forged };
      delete rest.hash;
      await store.db
        .updateTable('ledger_records')
        .set({ outputs: forged.outputs, hash: recordHash(rest) })
        .where('seq', '=', 4)
        .execute();
      const v = await ledger.verify();
      expect(v.problem).toMatchObject({ seq: 4, problem: 'altered' });
    });

    it('names a deleted record', async () => {
      await fill(6);
      await store.db.deleteFrom('ledger_records').where('seq', '=', 2).execute();
      const v = await ledger.verify();
      expect(v.problem).toMatchObject({ seq: 2, problem: 'deleted' });
    });

    it('names deleted records at the end (against the head)', async () => {
      await fill(6);
      await store.db.deleteFrom('ledger_records').where('seq', '>=', 5).execute();
      const v = await ledger.verify();
      expect(v.problem).toMatchObject({ seq: 5, problem: 'deleted' });
    });

    it('names reordered records', async () => {
      await fill(6);
      await store.db.updateTable('ledger_records').set({ seq: -1 }).where('seq', '=', 3).execute();
      await store.db.updateTable('ledger_records').set({ seq: 3 }).where('seq', '=', 4).execute();
      await store.db.updateTable('ledger_records').set({ seq: 4 }).where('seq', '=', -1).execute();
      const v = await ledger.verify();
      expect(v.problem).toMatchObject({ seq: 3, problem: 'reordered' });
    });

    it('refuses a duplicate ref, and appendMany can skip refs already recorded', async () => {
      await fill(2);
      await expect(ledger.append({ kind: 'decision', ref: 'r1', inputs: {}, outputs: {} })).rejects.toThrow();
      const r = await ledger.appendMany(
        [
          { kind: 'decision', ref: 'r2', inputs: {}, outputs: {} },
          { kind: 'decision', ref: 'r3', inputs: {}, outputs: {} },
        ],
        { skipExistingRefs: true },
      );
      expect(r).toEqual({ appended: 1, skipped: 1, lastSeq: 3 });
      expect((await ledger.verify()).ok).toBe(true);
      expect(await ledger.count({ refPrefix: 'r' })).toBe(3);
      // what a resumed batch asks: records with a ref prefix after a seq
      expect(await ledger.count({ refPrefix: 'r', afterSeq: 2 })).toBe(1);
      expect(
        await ledger.appendMany([{ kind: 'decision', ref: 'r3', inputs: {}, outputs: {} }], {
          skipExistingRefs: true,
        }),
      ).toEqual({
        appended: 0,
        skipped: 1,
        lastSeq: null,
      });
    });

    it('serialises concurrent appends into one chain', async () => {
      // PostgreSQL: a second pool. SQLite: a second Ledger on the same connection (two connections
      // in one thread would block each other synchronously; processes are tested in batch tests).
      const other =
        backend.name === 'postgres' ? await openStore(tdb.url) : { ...store, close: async () => {} };
      try {
        const l2 = new Ledger(other, { user: 'other' });
        await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            (i % 2 ? ledger : l2).append({ kind: 'decision', ref: `c${i}`, inputs: { i }, outputs: {} }),
          ),
        );
      } finally {
        await other.close();
      }
      const v = await ledger.verify();
      expect(v).toMatchObject({ ok: true, checked: 20 });
    });

    it('stores hit reviews in the reviews table and verify checks it', async () => {
      const scr = await recordScreening(ledger, { name: 'X' }, { hits: 1 }, { ref: 'scr-9' });
      await recordReview(ledger, {
        screeningRef: 'scr-9',
        subject: 'X',
        listEntry: 'ofac-sdn:1',
        verdict: 'false-positive',
        reviewer: 'bob',
        note: 'different DOB',
      });
      const rows = await listReviews(store, 'scr-9');
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        seq: scr.seq + 1,
        verdict: 'false-positive',
        reviewer: 'bob',
        note: 'different DOB',
      });
      expect((await ledger.verify()).ok).toBe(true);
      await store.db.updateTable('reviews').set({ verdict: 'true-match' }).execute();
      expect((await ledger.verify()).problem).toMatchObject({ seq: scr.seq + 1, problem: 'altered' });
      await expect(
        recordReview(ledger, {
          screeningRef: 'scr-9',
          subject: 'X',
          listEntry: 'e',
          verdict: 'maybe' as never,
          reviewer: 'b',
        }),
      ).rejects.toThrow(/verdict/);
    });

    describe('retention (15 CFR 762.6, five years)', () => {
      it('computes the end of retention, leap days included', () => {
        expect(retentionEnd('2021-06-01')).toBe('2026-06-01');
        expect(retentionEnd('2024-02-29')).toBe('2029-03-01');
        expect(retentionEnd('2023-12-31')).toBe('2028-12-31');
      });

      it('purges only records past five years, as a prefix, and records the purge', async () => {
        clock = new Date('2020-06-01T10:00:00Z');
        await fill(3); // keep until 2025-06-01
        clock = new Date('2021-06-01T10:00:00Z');
        await ledger.append({ kind: 'decision', ref: 'y2021', inputs: {}, outputs: {} }); // keep until 2026-06-01
        clock = new Date('2019-01-01T00:00:00Z'); // clock skew: an old-dated record after a young one
        await ledger.append({ kind: 'decision', ref: 'skew', inputs: {}, outputs: {} });

        clock = new Date('2026-05-31T09:00:00Z'); // the day before 2021-06-01 + 5 years
        let r = await ledger.purge({ before: '2026-05-31' });
        expect(r).toMatchObject({ removed: 3, from: 1, to: 3 });
        expect(await ledger.get(4)).toBeDefined();
        expect((await ledger.verify()).ok).toBe(true);

        clock = new Date('2026-06-01T09:00:00Z'); // the day it may go; the skewed record goes with it
        r = await ledger.purge({ before: '2026-06-01' });
        // 4 and 5 go (the skewed record 5 with them); the first purge record (6) is young: kept.
        expect(r).toMatchObject({ removed: 2, from: 4, to: 5 });
        const v = await ledger.verify();
        expect(v).toMatchObject({ ok: true, anchor: { seq: 5 } });
        const purges = await ledger.list({ kind: 'purge' });
        expect(purges.map((p) => p.seq)).toEqual([6, 7]);
        expect(purges[1]!.outputs).toMatchObject({ removed: 2, from: 4, to: 5 });
      });

      it('never purges records younger than five years, whatever --before says', async () => {
        clock = new Date('2023-01-01T00:00:00Z');
        await fill(2);
        clock = new Date('2026-01-01T00:00:00Z');
        const r = await ledger.purge({ before: '2099-01-01' });
        expect(r.removed).toBe(0);
        expect(await ledger.count({ kind: 'decision' })).toBe(2);
        expect((await ledger.verify()).ok).toBe(true);
      });

      it('catches records removed outside the purge command', async () => {
        clock = new Date('2019-01-01T00:00:00Z');
        await fill(3);
        clock = new Date('2025-01-01T00:00:00Z');
        await fill(0);
        await ledger.append({ kind: 'decision', ref: 'late', inputs: {}, outputs: {} });
        await store.db.deleteFrom('ledger_records').where('seq', '<=', 2).execute();
        expect((await ledger.verify()).problem).toMatchObject({ seq: 1, problem: 'deleted' });
      });
    });

    it('property: any single alteration, deletion or swap is named', async () => {
      const runs = backend.name === 'postgres' ? 6 : 20;
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 3, max: 12 }),
          fc.constantFrom('alter', 'delete', 'swap'),
          fc.nat(),
          async (n, op, pick) => {
            const t = backend.make();
            const s = await openStore(t.url);
            try {
              const l = new Ledger(s, { user: 'p' });
              await l.appendMany(
                Array.from({ length: n }, (_, i) => ({
                  kind: 'decision',
                  ref: `p${i}`,
                  inputs: { i },
                  outputs: { i },
                })),
              );
              const target = 1 + (pick % (n - 1)); // 1..n-1 so a swap has a successor
              if (op === 'alter') {
                await s.db
                  .updateTable('ledger_records')
                  .set({ user_name: 'mallory' })
                  .where('seq', '=', target)
                  .execute();
              } else if (op === 'delete') {
                await s.db.deleteFrom('ledger_records').where('seq', '=', target).execute();
              } else {
                await s.db.updateTable('ledger_records').set({ seq: -1 }).where('seq', '=', target).execute();
                await s.db
                  .updateTable('ledger_records')
                  .set({ seq: target })
                  .where('seq', '=', target + 1)
                  .execute();
                await s.db
                  .updateTable('ledger_records')
                  .set({ seq: target + 1 })
                  .where('seq', '=', -1)
                  .execute();
              }
              const v = await l.verify();
              expect(v.ok).toBe(false);
              expect(v.problem!.seq).toBe(target);
            } finally {
              await s.close();
              await t.cleanup();
            }
          },
        ),
        { numRuns: runs },
      );
    });
  });
}
