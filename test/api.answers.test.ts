/**
 * Kept answers (src/api/answers.ts): POST /v1/decide answers a question asked again with the bytes
 * it computed before, and those bytes are always the decision the engine gives now (the same
 * JSON as `exportctl decide --json`). Answers that name a party are never kept.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { bearer, testServer, type TestServer } from './api-helpers.ts';
import { decideWithParties } from '../src/services/decide.ts';
import { AnswerMemo } from '../src/api/answers.ts';
import { parseTransaction } from '../src/engine/transaction.ts';

let s: TestServer;
beforeAll(async () => {
  s = await testServer();
});
afterAll(async () => s.cleanup());

const ask = (tx: object) =>
  s.app.inject({ method: 'POST', url: '/v1/decide', payload: tx, headers: bearer(s.viewer) });
const fresh = async (tx: object) => JSON.stringify(await decideWithParties(tx));

describe('kept answers to POST /v1/decide', () => {
  it('keeps an answer the second time a question is asked, and sends the same bytes after', async () => {
    const tx = { date: '2025-03-01', destination: 'AE', items: [{ product: 'NVIDIA H100 SXM', quantity: 7 }] };
    const memo = s.ctx.answers;
    const size0 = memo.size;
    const hits0 = memo.hits;
    const first = await ask(tx);
    expect(first.statusCode).toBe(200);
    expect(memo.size).toBe(size0); // asked once: only noted
    const second = await ask(tx);
    expect(memo.size).toBe(size0 + 1); // asked again: kept
    const third = await ask(tx);
    expect(memo.hits).toBe(hits0 + 1);
    expect(first.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(third.headers['content-type']).toBe(first.headers['content-type']);
    expect(first.body).toBe(await fresh(tx));
    expect(second.body).toBe(first.body);
    expect(third.body).toBe(first.body);
  });

  it('a different quantity, date or destination is another question', async () => {
    const base = { date: '2025-03-01', destination: 'AE', items: [{ product: 'NVIDIA H100 SXM', quantity: 9 }] };
    for (let i = 0; i < 3; i++) await ask(base);
    for (const tx of [
      { ...base, items: [{ product: 'NVIDIA H100 SXM', quantity: 10 }] },
      { ...base, date: '2025-01-15' },
      { ...base, destination: 'CN' },
    ]) {
      const r = await ask(tx);
      expect(r.body).toBe(await fresh(tx));
      expect(r.body).not.toBe((await ask(base)).body);
    }
  });

  it('the order reference does not make a new question (the rules never read it)', async () => {
    const tx = { date: '2024-06-01', destination: 'IN', items: [{ product: 'NVIDIA A100 SXM4 (40/80GB)', quantity: 2 }] };
    await ask({ ...tx, reference: 'PO-1' });
    await ask({ ...tx, reference: 'PO-2' });
    const hits = s.ctx.answers.hits;
    const r = await ask({ ...tx, reference: 'PO-3' });
    expect(s.ctx.answers.hits).toBe(hits + 1);
    expect(r.body).toBe(await fresh({ ...tx, reference: 'PO-3' }));
  });

  it('never keeps an answer that names a party (screening depends on the lists loaded now)', async () => {
    const tx = {
      date: '2025-06-01',
      destination: 'CN',
      items: [{ product: 'NVIDIA H100 SXM', quantity: 1 }],
      endUser: { name: 'Example Cloud Ltd', country: 'CN' },
    };
    const size = s.ctx.answers.size;
    const hits = s.ctx.answers.hits;
    for (let i = 0; i < 3; i++) expect((await ask(tx)).statusCode).toBe(200);
    expect(s.ctx.answers.size).toBe(size);
    expect(s.ctx.answers.hits).toBe(hits);
    const memo = new AnswerMemo();
    expect(memo.keyOf(parseTransaction(tx))).toBeNull();
    expect(memo.keyOf(parseTransaction({ ...tx, endUser: undefined, parties: [{ role: 'consignee', name: 'X', country: 'CN' }] }))).toBeNull();
    expect(memo.keyOf(parseTransaction({ ...tx, endUser: { headquarters: 'CN' } }))).not.toBeNull();
  });

  it('property: whatever the order of questions, every answer is the decision computed afresh', async () => {
    // Every field the engine reads varies here, so a key that left one out would fail.
    const products = ['NVIDIA H100 SXM', 'NVIDIA H20', 'NVIDIA A100 SXM4 (40/80GB)', 'AMD Instinct MI300X', 'NVIDIA GeForce RTX 4090'];
    const item = fc.oneof(
      fc.record({ product: fc.constantFrom(...products), quantity: fc.constantFrom(1, 8, 5000) }),
      fc.record({
        spec: fc.record({
          kind: fc.constant('ic'),
          datacenter: fc.boolean(),
          throughput: fc.constantFrom([{ format: 'fp8', tops: 700 }], [{ format: 'fp16', tops: 200 }]),
          dieAreaMm2: fc.constantFrom(300, 800),
        }),
        quantity: fc.constantFrom(1, 64),
      }),
    );
    const question = fc.record(
      {
        date: fc.constantFrom('2022-10-06', '2023-11-17', '2025-01-13', '2025-06-01', '2026-02-01'),
        destination: fc.constantFrom('CN', 'HK', 'AE', 'DE', 'MY'),
        items: fc.array(item, { minLength: 1, maxLength: 2 }),
        view: fc.constantFrom('enforced', 'as-written'),
        exportFrom: fc.constantFrom('US', 'DE'),
        endUse: fc.constantFrom('supercomputer', 'advanced-node-ic-production'),
        endUser: fc.record({ headquarters: fc.constantFrom('CN', 'US'), ultimateParentHeadquarters: fc.constantFrom('CN', 'DE') }, { requiredKeys: [] }),
      },
      { requiredKeys: ['date', 'destination', 'items'] },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(question, { minLength: 1, maxLength: 6 }), async (qs) => {
        for (const tx of [...qs, ...qs, ...qs]) {
          const r = await ask(tx);
          expect(r.statusCode).toBe(200);
          expect(r.body).toBe(await fresh(tx));
        }
      }),
      { numRuns: 40 },
    );
    expect(s.ctx.answers.hits).toBeGreaterThan(0);
  });

  it('with the memo off (answerMemoBytes 0) nothing is kept and the answers are the same', async () => {
    const off = await testServer({ answerMemoBytes: 0 });
    try {
      const tx = { date: '2025-06-01', destination: 'CN', items: [{ product: 'NVIDIA H100 SXM', quantity: 3 }] };
      for (let i = 0; i < 3; i++) {
        const r = await off.app.inject({ method: 'POST', url: '/v1/decide', payload: tx, headers: bearer(off.viewer) });
        expect(r.body).toBe(await fresh(tx));
      }
      expect(off.ctx.answers.size).toBe(0);
      expect(off.ctx.answers.hits).toBe(0);
    } finally {
      await off.cleanup();
    }
  });
});

describe('AnswerMemo', () => {
  const tx = (quantity: number) =>
    parseTransaction({ date: '2025-06-01', destination: 'CN', items: [{ product: 'NVIDIA H100 SXM', quantity }] });

  it('stays within its bound in bytes, dropping the least recently used', () => {
    const memo = new AnswerMemo(64_000); // entries up to 4,000 bytes
    const answer = 'x'.repeat(3_500);
    for (let q = 1; q <= 25; q++) {
      const k = memo.keyOf(tx(q))!;
      expect(memo.admit(k, () => answer)).toBeNull(); // asked once: noted
      expect(memo.admit(k, () => answer)?.toString()).toBe(answer); // asked again: kept
      expect(memo.bytes).toBeLessThanOrEqual(64_000);
    }
    expect(memo.size).toBeLessThan(25);
    expect(memo.get(memo.keyOf(tx(25))!)?.toString()).toBe(answer);
    expect(memo.get(memo.keyOf(tx(1))!)).toBeUndefined();
  });

  it('answers an order too big to keep, without keeping it', () => {
    const memo = new AnswerMemo(64_000);
    const k = memo.keyOf(tx(7))!;
    const big = 'y'.repeat(10_000);
    memo.admit(k, () => big);
    expect(memo.admit(k, () => big)?.toString()).toBe(big);
    expect(memo.size).toBe(0);
    expect(memo.get(k)).toBeUndefined();
  });

  it('0 bytes is off: nothing is noted or kept', () => {
    const memo = new AnswerMemo(0);
    expect(memo.keyOf(tx(1))).toBeNull();
  });
});

describe('serve --answer-memo', () => {
  it('is refused, naming the option and the value, when it is not a whole number of MiB', () => {
    const bin = fileURLToPath(new URL('../bin/exportctl', import.meta.url));
    for (const bad of ['-1', 'lots', '1.5', '5000']) {
      const r = spawnSync(bin, ['serve', '--port', '0', '--answer-memo', bad], { encoding: 'utf8' });
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`--answer-memo: expected a whole number 0..4096 (got "${bad}")`);
    }
  });
});
