/**
 * API keys with roles. A key is `exk_<id>_<secret>` (id: 8 hex chars shown in listings; secret:
 * 32 random bytes, base64url). Only the SHA-256 of the whole key is stored (keys are random, so a
 * fast hash is enough: there is nothing to brute-force). Storage: SQLite (better-sqlite3) at
 * `$EXPORTCTL_HOME/api.sqlite` (EXPORTCTL_HOME defaults to .exportctl).
 *
 * Roles are ordered: viewer < analyst < admin. Reads need viewer; writes (ledger records, hit
 * reviews, list loads, batch jobs) need analyst; key management needs admin.
 *
 * A key may carry an expiry instant (`expiresAt`, ISO 8601 UTC): from that instant on it is
 * refused, as a revoked key is, and the refusal says which of the two it was.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { isIsoDate } from '../engine/dates.ts';
import { InputError } from '../engine/errors.ts';

export const ROLES = ['viewer', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(v: unknown): v is Role {
  return typeof v === 'string' && (ROLES as readonly string[]).includes(v);
}

/** True when `have` grants at least `need`. */
export function roleAllows(have: Role, need: Role): boolean {
  return ROLES.indexOf(have) >= ROLES.indexOf(need);
}

export interface KeyInfo {
  id: string;
  role: Role;
  name: string;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
  /** From this instant on the key is refused; null: no expiry. */
  expiresAt: string | null;
}

/** Why a key is refused. */
export type Refusal = 'unknown' | 'revoked' | 'expired';

/** A key checked: its info, or why it is refused. */
export type KeyCheck = { info: KeyInfo; refused?: undefined } | { info: null; refused: Refusal };

/** Whether a key (as listed) is usable now, or why not. */
export function keyStatus(k: Pick<KeyInfo, 'revokedAt' | 'expiresAt'>, now = Date.now()): 'active' | 'revoked' | 'expired' {
  if (k.revokedAt !== null) return 'revoked';
  return k.expiresAt !== null && now >= Date.parse(k.expiresAt) ? 'expired' : 'active';
}

export interface CreatedKey extends KeyInfo {
  /** The key itself: shown once, never stored. */
  key: string;
}

/** The longest expiry a key may be given, in days (ten years). */
export const MAX_EXPIRY_DAYS = 3650;

/**
 * When a key given `expires` stops working: "90d" (that many days from now) or a calendar date
 * "YYYY-MM-DD" (the key works until that day begins, 00:00 UTC). Throws an InputError naming
 * `field` for anything else, a past instant, or more than MAX_EXPIRY_DAYS ahead.
 */
export function parseExpiry(v: unknown, field: string, now = Date.now()): string {
  const DAY = 86_400_000;
  let at: number | null = null;
  if (typeof v === 'string') {
    const days = /^(\d{1,5})d$/.exec(v);
    if (days) at = Number(days[1]) >= 1 ? now + Number(days[1]) * DAY : null;
    else if (isIsoDate(v)) at = Date.parse(`${v}T00:00:00Z`);
  }
  if (at === null) throw new InputError(field, v, 'expected a number of days like "90d" or a date YYYY-MM-DD');
  if (at <= now) throw new InputError(field, v, 'must lie in the future');
  if (at > now + MAX_EXPIRY_DAYS * DAY) throw new InputError(field, v, `at most ${MAX_EXPIRY_DAYS} days ahead`);
  return new Date(at).toISOString();
}

/** How long a verified (or refused) key is remembered before the database is asked again. */
export const VERIFIED_TTL_MS = 5_000;

const KEY_RE = /^exk_([0-9a-f]{8})_([A-Za-z0-9_-]{43})$/;

export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function apiHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.EXPORTCTL_HOME ?? '.exportctl';
}

type Db = import('better-sqlite3').Database;

interface Row {
  id: string;
  hash: string;
  role: string;
  name: string;
  created_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
  expires_at: string | null;
}

const toInfo = (r: Row): KeyInfo => ({
  id: r.id,
  role: r.role as Role,
  name: r.name,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
  lastUsedAt: r.last_used_at,
  expiresAt: r.expires_at,
});


export class KeyStore {
  /**
   * key → its check (info, or why it is refused) and when that answer expires. A hit skips the
   * SHA-256 and the database: one map look-up per request. Answers expire after VERIFIED_TTL_MS so
   * that a key revoked by another process (`exportctl keys revoke` while the server runs) stops
   * working within that time; revoking through this store clears the cache at once.
   */
  private cache = new Map<string, { check: KeyCheck; until: number }>();

  private constructor(private readonly db: Db) {}

  /** Opens (creating) `file`, or `$EXPORTCTL_HOME/api.sqlite`; ":memory:" for tests. */
  static async open(file?: string): Promise<KeyStore> {
    const { default: Database } = await import('better-sqlite3');
    let path = file;
    if (!path) {
      const home = apiHome();
      mkdirSync(home, { recursive: true });
      path = join(home, 'api.sqlite');
    }
    const db = new Database(path);
    if (path !== ':memory:') db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.exec(`CREATE TABLE IF NOT EXISTS api_keys (
      id TEXT PRIMARY KEY, hash TEXT NOT NULL UNIQUE, role TEXT NOT NULL, name TEXT NOT NULL,
      created_at TEXT NOT NULL, revoked_at TEXT, last_used_at TEXT)`);
    // Stores made before keys could expire get the column (no expiry for their keys).
    const cols = db.prepare('PRAGMA table_info(api_keys)').all() as { name: string }[];
    if (!cols.some((c) => c.name === 'expires_at')) db.exec('ALTER TABLE api_keys ADD COLUMN expires_at TEXT');
    return new KeyStore(db);
  }

  /** A new key; `expiresAt` (ISO 8601) must lie in the future. */
  create(role: Role, name = '', expiresAt: string | null = null): CreatedKey {
    if (!isRole(role)) throw new Error(`role: expected one of ${ROLES.join(', ')} (got ${JSON.stringify(role)})`);
    if (expiresAt !== null && !(Date.parse(expiresAt) > Date.now()))
      throw new Error(`expires: expected an instant in the future (got ${JSON.stringify(expiresAt)})`);
    const expires = expiresAt === null ? null : new Date(expiresAt).toISOString();
    for (;;) {
      const id = randomBytes(4).toString('hex');
      const key = `exk_${id}_${randomBytes(32).toString('base64url')}`;
      const createdAt = new Date().toISOString();
      try {
        this.db
          .prepare('INSERT INTO api_keys (id, hash, role, name, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)')
          .run(id, hashKey(key), role, name, createdAt, expires);
      } catch (e) {
        if (/UNIQUE/.test((e as Error).message)) continue; // id collision: draw again
        throw e;
      }
      this.cache.clear();
      return { id, role, name, createdAt, revokedAt: null, lastUsedAt: null, expiresAt: expires, key };
    }
  }

  list(): KeyInfo[] {
    return (this.db.prepare('SELECT * FROM api_keys ORDER BY created_at, id').all() as Row[]).map(toInfo);
  }

  /** Keys that are neither revoked nor expired. */
  activeCount(): number {
    const now = Date.now();
    return this.list().filter((k) => keyStatus(k, now) === 'active').length;
  }

  revoke(id: string): boolean {
    const r = this.db.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(new Date().toISOString(), id);
    this.cache.clear();
    return r.changes > 0;
  }

  /** The key's info when it is well-formed, known, not revoked and not expired; otherwise null. */
  verify(key: string): KeyInfo | null {
    return this.check(key).info;
  }

  /** The key's info, or why it is refused (unknown, revoked or expired): one look-up for both. */
  check(key: string): KeyCheck {
    const now = Date.now();
    const hit = this.cache.get(key);
    if (hit !== undefined && hit.until > now) return hit.check;
    let check: KeyCheck = { info: null, refused: 'unknown' };
    let until = now + VERIFIED_TTL_MS;
    if (KEY_RE.test(key)) {
      const h = hashKey(key);
      const row = this.db.prepare('SELECT * FROM api_keys WHERE hash = ?').get(h) as Row | undefined;
      // The lookup is by hash; compare again in constant time for good measure.
      if (row && timingSafeEqual(Buffer.from(row.hash, 'hex'), Buffer.from(h, 'hex'))) {
        const info = toInfo(row);
        const status = keyStatus(info, now);
        if (status === 'active') {
          check = { info };
          this.db.prepare('UPDATE api_keys SET last_used_at = ? WHERE id = ?').run(new Date().toISOString(), row.id);
          // Never remember a key as valid past its expiry.
          if (info.expiresAt !== null) until = Math.min(until, Date.parse(info.expiresAt));
        } else check = { info: null, refused: status };
      }
    }
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(key, { check, until });
    return check;
  }

  close(): void {
    this.db.close();
  }
}
