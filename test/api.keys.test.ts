/**
 * API keys that expire: `keys create --expires 90d|YYYY-MM-DD`, `POST /v1/keys {expires}`. An
 * expired key is refused with a 401 that says so; a key is never remembered as valid past its
 * expiry; stores made before expiry existed are migrated in place.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KeyStore, MAX_EXPIRY_DAYS, parseExpiry, VERIFIED_TTL_MS } from '../src/api/keys.ts';
import { InputError } from '../src/engine/errors.ts';
import { bearer, testServer } from './api-helpers.ts';

afterEach(() => vi.restoreAllMocks());
const DAY = 86_400_000;
const BIN = fileURLToPath(new URL('../bin/exportctl', import.meta.url));

describe('parseExpiry', () => {
  const now = Date.parse('2026-11-30T12:00:00Z');
  it('takes a number of days or a calendar date (the key works until that day begins, UTC)', () => {
    expect(parseExpiry('90d', 'expires', now)).toBe(new Date(now + 90 * DAY).toISOString());
    expect(parseExpiry('1d', 'expires', now)).toBe('2026-12-01T12:00:00.000Z');
    expect(parseExpiry('2027-01-01', 'expires', now)).toBe('2027-01-01T00:00:00.000Z');
    expect(parseExpiry(`${MAX_EXPIRY_DAYS}d`, 'expires', now)).toBe(new Date(now + MAX_EXPIRY_DAYS * DAY).toISOString());
  });
  it('refuses anything else, naming the field and the value', () => {
    for (const bad of ['0d', '-5d', 'tomorrow', '90', '2026-11-30', '2020-01-01', '2027-02-30', `${MAX_EXPIRY_DAYS + 1}d`, 90, null]) {
      let err: unknown;
      try {
        parseExpiry(bad, 'expires', now);
      } catch (e) {
        err = e;
      }
      expect(err, String(bad)).toBeInstanceOf(InputError);
      expect((err as InputError).field).toBe('expires');
      expect((err as Error).message).toContain(`(got ${JSON.stringify(bad)})`);
    }
  });
});

describe('KeyStore with expiring keys', () => {
  it('a key works until its expiry instant, then is refused as expired; the cache never outlives the expiry', async () => {
    const ks = await KeyStore.open(':memory:');
    let now = Date.parse('2026-11-30T12:00:00Z');
    vi.spyOn(Date, 'now').mockImplementation(() => now);
    const k = ks.create('viewer', 'temp', new Date(now + 2_000).toISOString());
    const forever = ks.create('viewer', 'forever');
    expect(ks.activeCount()).toBe(2);
    expect(ks.verify(k.key)?.expiresAt).toBe(k.expiresAt);
    now += 1_999; // still within the verified-key cache's TTL of the first check…
    expect(ks.verify(k.key)?.id).toBe(k.id);
    now += 1; // …and at the expiry instant the remembered answer is not used.
    expect(VERIFIED_TTL_MS).toBeGreaterThan(2_000);
    expect(ks.verify(k.key)).toBeNull();
    expect(ks.check(k.key).refused).toBe('expired');
    expect(ks.activeCount()).toBe(1);
    expect(ks.verify(forever.key)?.expiresAt).toBeNull();
    ks.revoke(forever.id);
    expect(ks.check(forever.key).refused).toBe('revoked');
    expect(ks.check('exk_00000000_' + 'x'.repeat(43)).refused).toBe('unknown');
    expect(() => ks.create('viewer', 'past', new Date(now - 1).toISOString())).toThrow(/expires: expected an instant in the future/);
    ks.close();
  });

  it('a store made before keys could expire is migrated, and its keys keep working', async () => {
    const home = mkdtempSync(join(tmpdir(), 'exportctl-keys-old-'));
    try {
      const file = join(home, 'api.sqlite');
      const { default: Database } = await import('better-sqlite3');
      const old = new Database(file);
      old.exec(`CREATE TABLE api_keys (id TEXT PRIMARY KEY, hash TEXT NOT NULL UNIQUE, role TEXT NOT NULL, name TEXT NOT NULL,
        created_at TEXT NOT NULL, revoked_at TEXT, last_used_at TEXT)`);
      old.close();
      const ks = await KeyStore.open(file);
      const k = ks.create('admin', 'after migration', new Date(Date.now() + DAY).toISOString());
      expect(ks.verify(k.key)?.role).toBe('admin');
      ks.close();
      const again = await KeyStore.open(file); // opening twice must not add the column twice
      expect(again.list()[0]!.expiresAt).toBe(k.expiresAt);
      again.close();
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('expiring keys over HTTP and in the CLI', () => {
  it('POST /v1/keys with expires; a bad expires is a 400 naming the field; an expired key gets a 401 saying so', async () => {
    const s = await testServer();
    try {
      const created = await s.app.inject({ method: 'POST', url: '/v1/keys', payload: { role: 'viewer', expires: '30d' }, headers: bearer(s.admin) });
      expect(created.statusCode).toBe(201);
      const k = created.json() as { key: string; expiresAt: string };
      expect(Date.parse(k.expiresAt) - Date.now()).toBeGreaterThan(29 * DAY);
      // whoami tells the holder when the key stops working (the web app shows it in its header).
      const me = await s.app.inject({ method: 'GET', url: '/v1/whoami', headers: bearer(k.key) });
      expect(me.json()).toMatchObject({ role: 'viewer', expiresAt: k.expiresAt });
      expect((await s.app.inject({ method: 'GET', url: '/v1/whoami', headers: bearer(s.admin) })).json().expiresAt).toBeNull();
      const bad = await s.app.inject({ method: 'POST', url: '/v1/keys', payload: { role: 'viewer', expires: 'soon' }, headers: bearer(s.admin) });
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ field: 'expires', value: 'soon' });
      // 31 days later the key is refused, and the answer says it expired.
      const later = Date.now() + 31 * DAY;
      vi.spyOn(Date, 'now').mockImplementation(() => later);
      const r = await s.app.inject({ method: 'GET', url: '/v1/whoami', headers: bearer(k.key) });
      expect(r.statusCode).toBe(401);
      expect(r.json().error).toMatch(/has expired/);
    } finally {
      vi.restoreAllMocks();
      await s.cleanup();
    }
  });

  it('keys create --expires prints the expiry; a bad value exits 2 naming the option; keys list shows it', () => {
    const home = mkdtempSync(join(tmpdir(), 'exportctl-keys-cli-'));
    const run = (args: string[]) => spawnSync(BIN, args, { encoding: 'utf8', env: { ...process.env, EXPORTCTL_HOME: home } });
    const nextYear = `${new Date().getUTCFullYear() + 1}-01-01`;
    try {
      const ok = run(['keys', 'create', '--role', 'analyst', '--name', 'contractor', '--expires', nextYear]);
      expect(ok.status).toBe(0);
      expect(ok.stdout).toContain(`expires ${nextYear}T00:00:00.000Z`);
      for (const bad of ['0d', 'never', '2001-01-01', '2999-01-01']) {
        const r = run(['keys', 'create', '--role', 'viewer', '--expires', bad]);
        expect(r.status).toBe(2);
        expect(r.stderr).toContain(`--expires:`);
        expect(r.stderr).toContain(`(got "${bad}")`);
      }
      expect(run(['keys', 'list']).stdout).toMatch(new RegExp(`analyst\\s.*active, expires ${nextYear}T00:00:00\\.000Z\\s+contractor`));
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
