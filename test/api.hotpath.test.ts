/**
 * The API's decide hot path: the spliced decision JSON is byte-for-byte JSON.stringify, and the
 * verified-key cache forgets a key revoked by another process once its TTL has passed.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decisionJson } from '../src/api/reply.ts';
import { KeyStore, VERIFIED_TTL_MS } from '../src/api/keys.ts';
import { decideWithParties } from '../src/services/decide.ts';
import { catalog } from '../src/catalog/index.ts';

afterEach(() => vi.restoreAllMocks());

describe('decisionJson', () => {
  it('is exactly JSON.stringify of the decision (products, specs, several lines, parties)', async () => {
    const names = catalog().products.map((p) => p.fullName);
    let n = 0;
    for (const date of ['2023-06-01', '2025-06-01', '2026-03-01'])
      for (const destination of ['CN', 'DE', 'hk'])
        for (let i = 0; i < names.length; i += 3) {
          const tx = {
            date,
            destination,
            items: [
              { product: names[i]!, quantity: 3 },
              ...(i % 2 ? [{ product: names[(i * 7) % names.length]!, quantity: 2 }] : []),
              ...(i % 5 === 0
                ? [{ spec: { name: 'x$&$1 "q"', throughput: [{ format: 'fp16', tops: 900 }], dieAreaMm2: 800 }, quantity: 1 }]
                : []),
            ],
            ...(i % 4 === 0 ? { endUser: { name: 'Acme "$&" Co', headquarters: 'CN' } } : {}),
          };
          const d = await decideWithParties(tx);
          // Twice: the second call splices the cached classification JSON.
          expect(decisionJson(d)).toBe(JSON.stringify(d));
          expect(decisionJson(d)).toBe(JSON.stringify(d));
          n++;
        }
    expect(n).toBeGreaterThan(40);
  });

  it('a decision without explanations (no classification) is plain JSON', async () => {
    const { decide } = await import('../src/engine/decide.ts');
    const d = decide({ date: '2025-06-01', destination: 'CN', items: [{ product: 'NVIDIA H100 SXM', quantity: 1 }] }, { explain: false });
    expect(decisionJson(d)).toBe(JSON.stringify(d));
  });
});

describe('KeyStore.verify cache', () => {
  it('a key revoked by another process stops working after the TTL', async () => {
    const home = mkdtempSync(join(tmpdir(), 'exportctl-keys-'));
    const file = join(home, 'api.sqlite');
    const server = await KeyStore.open(file);
    const cli = await KeyStore.open(file);
    try {
      const k = server.create('viewer', 'x');
      let now = Date.now();
      vi.spyOn(Date, 'now').mockImplementation(() => now);
      expect(server.verify(k.key)?.role).toBe('viewer');
      expect(cli.revoke(k.id)).toBe(true);
      // Within the TTL the server still answers from memory…
      now += VERIFIED_TTL_MS - 1;
      expect(server.verify(k.key)?.role).toBe('viewer');
      // …after it, the database is asked again and the key is refused.
      now += 2;
      expect(server.verify(k.key)).toBeNull();
      // Revoking through the same store takes effect at once.
      const k2 = server.create('analyst', 'y');
      expect(server.verify(k2.key)?.role).toBe('analyst');
      server.revoke(k2.id);
      expect(server.verify(k2.key)).toBeNull();
      expect(server.verify('exk_nothing')).toBeNull();
    } finally {
      server.close();
      cli.close();
      rmSync(home, { recursive: true, force: true });
    }
  });
});
