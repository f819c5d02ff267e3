/** The decide service: party screening against the bundled sample lists, applied to decisions. */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decideWithParties } from '../src/services/decide.ts';
import type { Screener } from '../src/screening/service.ts';

let screener: Screener;
beforeAll(async () => {
  const { openScreener } = await import('../src/screening/effect.ts');
  screener = await openScreener(mkdtempSync(join(tmpdir(), 'exportctl-svc-')));
});

const base = { date: '2025-07-01', destination: 'AE', items: [{ product: 'NVIDIA T4', quantity: 4 }] };

describe('decide with parties', () => {
  it("an Entity List end user makes a licence required with the listing's policy and no exceptions", async () => {
    const d = await decideWithParties(
      {
        ...base,
        endUser: {
          name: 'China Electronics Technology Group Corporation 13th Research Institute',
          country: 'CN',
          headquarters: 'CN',
        },
      },
      { screener },
    );
    expect(d.partyEffect).toBe('license-required');
    expect(d.licenseRequired).toBe(true);
    expect(d.outcome).toBe('license-required');
    expect(d.reviewPolicy).toBe('presumption-of-denial');
    expect(d.exceptions).toEqual([]);
    expect(d.reasons.some((r) => /endUser/.test(r.text))).toBe(true);
  });
  it('an SDN consignee blocks', async () => {
    const d = await decideWithParties(
      { ...base, parties: [{ role: 'consignee', name: 'SHINING PATH' }] },
      { screener },
    );
    expect(d.partyEffect).toBe('blocked');
    expect(d.licenseRequired).toBe(true);
    expect(d.reviewPolicy).toBe('presumption-of-denial');
  });
  it('no named party: not screened, and the decision says so', async () => {
    const d = await decideWithParties(base, { screener });
    expect(d.screening).toBeNull();
    expect(d.licenseRequired).toBe(false);
    expect(d.warnings.join()).toMatch(/not screened/);
  });
  it('extends the engine answer in place without touching what the engine shares: the same input always gives the same JSON', async () => {
    // An SDN hit first (it replaces reasons, exceptions, policy), then the same product unscreened,
    // then the hit again: if the service changed a shared piece, a later answer would differ.
    const hit = { ...base, parties: [{ role: 'consignee', name: 'SHINING PATH' }] };
    const first = JSON.stringify(await decideWithParties(base, { screener }));
    const firstHit = JSON.stringify(await decideWithParties(hit, { screener }));
    for (let i = 0; i < 3; i++) {
      expect(JSON.stringify(await decideWithParties(base, { screener }))).toBe(first);
      expect(JSON.stringify(await decideWithParties(hit, { screener }))).toBe(firstHit);
    }
    const { decideTransaction } = await import('../src/engine/decide.ts');
    const { parseTransaction } = await import('../src/engine/transaction.ts');
    const tx = parseTransaction(base);
    expect(decideTransaction(tx)).not.toBe(decideTransaction(tx));
    expect(first.match(/not screened/g)).toHaveLength(1);
  });
  it('a clean name never reads "clear" against stale sample lists', async () => {
    const d = await decideWithParties(
      { ...base, endUser: { name: 'Zyxwv Quantum Bakery Ltd' } },
      { screener },
    );
    expect(d.partyEffect).toBe('none');
    expect(d.screening!.clear).toBe(false);
    expect(d.warnings.join()).toMatch(/stale|sample/);
  });
});
