/**
 * Persisted screening state behind a small interface so it can move into the ledger later:
 * loaded snapshots (with their entities), hit reviews, and the parties screened before (for
 * "a new snapshot matches a party screened before" alerts). Default implementation: SQLite
 * (better-sqlite3) at `$EXPORTCTL_HOME/screening.sqlite` (EXPORTCTL_HOME defaults to .exportctl).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ListEntity, SnapshotInfo } from './model.ts';

export type ReviewDecision = 'false-positive' | 'confirmed';

export interface HitReview {
  /** List entry that was hit. */
  entityId: string;
  /** Normalised party key (see `partyKey`). */
  partyKey: string;
  /** Fingerprint of the list entry when reviewed: the review lapses when the entry changes. */
  entryFingerprint: string;
  decision: ReviewDecision;
  reviewer: string;
  /** ISO timestamp. */
  at: string;
  reason: string;
  partyName: string;
  matchedName?: string;
}

export interface ScreenedParty {
  partyKey: string;
  name: string;
  country?: string;
  type?: string;
  firstAt: string;
  lastAt: string;
  /** Snapshot hashes the party was last screened against. */
  lastSnapshots: string[];
}

export interface ScreeningStore {
  /** Adds a snapshot; false when one with the same hash is already stored. */
  addSnapshot(info: SnapshotInfo, entities: ListEntity[], fingerprints: string[]): boolean;
  snapshots(): SnapshotInfo[];
  entities(hash: string): ListEntity[];
  fingerprints(hash: string): Map<string, string>;
  removeSnapshot(hash: string): boolean;
  addReview(r: HitReview): void;
  reviews(entityId?: string, partyKey?: string): HitReview[];
  recordScreening(p: {
    partyKey: string;
    name: string;
    country?: string;
    type?: string;
    at: string;
    lastSnapshots: string[];
  }): void;
  screenedParties(): ScreenedParty[];
  close(): void;
}

export function screeningHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.EXPORTCTL_HOME ?? '.exportctl';
}

export async function openStore(home = screeningHome()): Promise<ScreeningStore> {
  const { default: Database } = await import('better-sqlite3');
  mkdirSync(home, { recursive: true });
  const db = new Database(join(home, 'screening.sqlite'));
  db.pragma('journal_mode = WAL');
  db.exec(`
    CREATE TABLE IF NOT EXISTS snapshots (
      hash TEXT PRIMARY KEY, format TEXT NOT NULL, as_of TEXT NOT NULL, lists TEXT NOT NULL,
      entity_count INTEGER NOT NULL, problem_count INTEGER NOT NULL, source TEXT NOT NULL,
      loaded_at TEXT NOT NULL, bundled INTEGER NOT NULL DEFAULT 0);
    CREATE TABLE IF NOT EXISTS snapshot_entities (
      hash TEXT NOT NULL, seq INTEGER NOT NULL, entity_id TEXT NOT NULL, fingerprint TEXT NOT NULL,
      json TEXT NOT NULL, PRIMARY KEY (hash, seq));
    CREATE TABLE IF NOT EXISTS reviews (
      id INTEGER PRIMARY KEY AUTOINCREMENT, entity_id TEXT NOT NULL, party_key TEXT NOT NULL,
      entry_fingerprint TEXT NOT NULL, decision TEXT NOT NULL, reviewer TEXT NOT NULL, at TEXT NOT NULL,
      reason TEXT NOT NULL, party_name TEXT NOT NULL, matched_name TEXT);
    CREATE INDEX IF NOT EXISTS reviews_key ON reviews (entity_id, party_key);
    CREATE TABLE IF NOT EXISTS screenings (
      party_key TEXT PRIMARY KEY, name TEXT NOT NULL, country TEXT, type TEXT, first_at TEXT NOT NULL,
      last_at TEXT NOT NULL, last_snapshots TEXT NOT NULL);
  `);
  const rowToSnap = (r: Record<string, unknown>): SnapshotInfo => ({
    hash: r.hash as string,
    format: r.format as SnapshotInfo['format'],
    asOf: r.as_of as string,
    lists: JSON.parse(r.lists as string),
    entityCount: r.entity_count as number,
    problemCount: r.problem_count as number,
    source: r.source as string,
    loadedAt: r.loaded_at as string,
    ...(r.bundled ? { bundled: true } : {}),
  });
  return {
    addSnapshot(info, entities, fps) {
      const exists = db.prepare('SELECT 1 FROM snapshots WHERE hash = ?').get(info.hash);
      if (exists) return false;
      const ins = db.prepare(
        'INSERT INTO snapshot_entities (hash, seq, entity_id, fingerprint, json) VALUES (?, ?, ?, ?, ?)',
      );
      db.transaction(() => {
        db.prepare(
          'INSERT INTO snapshots (hash, format, as_of, lists, entity_count, problem_count, source, loaded_at, bundled) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        ).run(
          info.hash,
          info.format,
          info.asOf,
          JSON.stringify(info.lists),
          info.entityCount,
          info.problemCount,
          info.source,
          info.loadedAt,
          info.bundled ? 1 : 0,
        );
        entities.forEach((e, i) => ins.run(info.hash, i, e.id, fps[i], JSON.stringify(e)));
      })();
      return true;
    },
    snapshots() {
      return (
        db.prepare('SELECT * FROM snapshots ORDER BY as_of, loaded_at').all() as Record<string, unknown>[]
      ).map(rowToSnap);
    },
    entities(hash) {
      return (
        db.prepare('SELECT json FROM snapshot_entities WHERE hash = ? ORDER BY seq').raw().all(hash) as [
          string,
        ][]
      ).map((r) => JSON.parse(r[0]));
    },
    fingerprints(hash) {
      const m = new Map<string, string>();
      for (const [id, fp] of db
        .prepare('SELECT entity_id, fingerprint FROM snapshot_entities WHERE hash = ?')
        .raw()
        .all(hash) as [string, string][])
        m.set(id, fp);
      return m;
    },
    removeSnapshot(hash) {
      const r = db.prepare('DELETE FROM snapshots WHERE hash = ?').run(hash);
      db.prepare('DELETE FROM snapshot_entities WHERE hash = ?').run(hash);
      return r.changes > 0;
    },
    addReview(r) {
      db.prepare(
        'INSERT INTO reviews (entity_id, party_key, entry_fingerprint, decision, reviewer, at, reason, party_name, matched_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ).run(
        r.entityId,
        r.partyKey,
        r.entryFingerprint,
        r.decision,
        r.reviewer,
        r.at,
        r.reason,
        r.partyName,
        r.matchedName ?? null,
      );
    },
    reviews(entityId, partyKey) {
      const rows = (
        entityId && partyKey
          ? db
              .prepare('SELECT * FROM reviews WHERE entity_id = ? AND party_key = ? ORDER BY id')
              .all(entityId, partyKey)
          : db.prepare('SELECT * FROM reviews ORDER BY id').all()
      ) as Record<string, unknown>[];
      return rows.map((r) => ({
        entityId: r.entity_id as string,
        partyKey: r.party_key as string,
        entryFingerprint: r.entry_fingerprint as string,
        decision: r.decision as ReviewDecision,
        reviewer: r.reviewer as string,
        at: r.at as string,
        reason: r.reason as string,
        partyName: r.party_name as string,
        ...(r.matched_name ? { matchedName: r.matched_name as string } : {}),
      }));
    },
    recordScreening(p) {
      db.prepare(
        `INSERT INTO screenings (party_key, name, country, type, first_at, last_at, last_snapshots) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(party_key) DO UPDATE SET last_at = excluded.last_at, last_snapshots = excluded.last_snapshots, name = excluded.name`,
      ).run(
        p.partyKey,
        p.name,
        p.country ?? null,
        p.type ?? null,
        p.at,
        p.at,
        JSON.stringify(p.lastSnapshots),
      );
    },
    screenedParties() {
      return (
        db.prepare('SELECT * FROM screenings ORDER BY first_at').all() as Record<string, unknown>[]
      ).map((r) => ({
        partyKey: r.party_key as string,
        name: r.name as string,
        ...(r.country ? { country: r.country as string } : {}),
        ...(r.type ? { type: r.type as string } : {}),
        firstAt: r.first_at as string,
        lastAt: r.last_at as string,
        lastSnapshots: JSON.parse(r.last_snapshots as string),
      }));
    },
    close() {
      db.close();
    },
  };
}

/** In-memory ScreeningStore (tests, one-off runs, or callers that persist elsewhere). */
export function memoryStore(): ScreeningStore {
  const snaps = new Map<string, { info: SnapshotInfo; entities: ListEntity[]; fps: string[] }>();
  const reviews: HitReview[] = [];
  const parties = new Map<string, ScreenedParty>();
  return {
    addSnapshot(info, entities, fps) {
      if (snaps.has(info.hash)) return false;
      snaps.set(info.hash, { info, entities, fps });
      return true;
    },
    snapshots() {
      return [...snaps.values()]
        .map((s) => s.info)
        .sort((a, b) =>
          a.asOf === b.asOf ? a.loadedAt.localeCompare(b.loadedAt) : a.asOf.localeCompare(b.asOf),
        );
    },
    entities(hash) {
      return snaps.get(hash)?.entities ?? [];
    },
    fingerprints(hash) {
      const s = snaps.get(hash);
      return new Map(s ? s.entities.map((e, i) => [e.id, s.fps[i]] as const) : []);
    },
    removeSnapshot(hash) {
      return snaps.delete(hash);
    },
    addReview(r) {
      reviews.push(r);
    },
    reviews(entityId, partyKey) {
      return reviews.filter(
        (r) => (!entityId || r.entityId === entityId) && (!partyKey || r.partyKey === partyKey),
      );
    },
    recordScreening(p) {
      const cur = parties.get(p.partyKey);
      parties.set(p.partyKey, {
        partyKey: p.partyKey,
        name: p.name,
        ...(p.country ? { country: p.country } : {}),
        ...(p.type ? { type: p.type } : {}),
        firstAt: cur?.firstAt ?? p.at,
        lastAt: p.at,
        lastSnapshots: p.lastSnapshots,
      });
    },
    screenedParties() {
      return [...parties.values()];
    },
    close() {},
  };
}
