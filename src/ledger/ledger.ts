/**
 * The compliance ledger: an append-only, hash-chained list of records (decisions, screening
 * results, hit reviews, shipments, batch runs, purges). Each record stores its inputs, outputs,
 * the rules version, the list snapshots used, the user and the time, and the SHA-256 of the record
 * before it. `verify()` walks the chain and names the first record that was altered, deleted or
 * reordered. Records are kept five years (15 CFR 762.6); `purge()` removes only older records, only
 * a prefix of the chain, and records the purge itself.
 */
import * as crypto from 'node:crypto';
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { userInfo } from 'node:os';
import { RETENTION_YEARS } from '../rules/caps.ts';
import { formatCitation } from '../rules/types.ts';
import { withWriteLock, type RecordsTable, type Store } from './db.ts';
import { DERIVED as derived, type DerivedTable } from './derived.ts';

export type RecordKind = 'decision' | 'screening' | 'review' | 'shipment' | 'batch' | 'purge' | (string & {});

export interface NewRecord {
  kind: RecordKind;
  /** Idempotency key: a second record with the same ref is refused (or skipped, see appendMany). */
  ref?: string | null;
  user?: string;
  rulesVersion?: string;
  /** Which list snapshots (name -> version/hash/date) the result was computed against. */
  listSnapshots?: Record<string, string>;
  inputs: unknown;
  outputs: unknown;
  /** YYYY-MM-DD from which the five-year retention runs (default: the record's own date). */
  retainFrom?: string;
  /** Pre-serialised canonicalJson(inputs) / canonicalJson(outputs), for hot paths (batch). */
  inputsJson?: string;
  outputsJson?: string;
}

export interface LedgerRecord {
  seq: number;
  kind: string;
  ref: string | null;
  createdAt: string;
  keepUntil: string;
  user: string;
  rulesVersion: string;
  listSnapshots: Record<string, string>;
  inputs: unknown;
  outputs: unknown;
  prevHash: string;
  hash: string;
}

/** What appendMany did: records appended, records skipped (ref already there), seq of the last appended. */
export interface AppendResult {
  appended: number;
  skipped: number;
  lastSeq: number | null;
}

export interface LedgerOptions {
  /** Injected clock (tests, back-dating imports). */
  now?: () => Date;
  /** Default user for records that do not name one. */
  user?: string;
}

/** JSON with object keys sorted, so equal values always hash the same. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v ?? null);
  if (Array.isArray(v))
    return '[' + v.map((x) => (x === undefined ? 'null' : canonicalJson(x))).join(',') + ']';
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort();
  return '{' + keys.map((k) => JSON.stringify(k) + ':' + canonicalJson(o[k])).join(',') + '}';
}

/**
 * The hash of a stored row: SHA-256 over the stored column values, each written as
 * `<length>:<text>` (or `-` for null) in column order. Length prefixes make the encoding
 * unambiguous without escaping the JSON columns again.
 */
export function recordHash(r: Omit<RecordsTable, 'hash'>): string {
  const body =
    field(r.seq) +
    field(r.kind) +
    field(r.ref) +
    field(r.created_at) +
    field(r.keep_until) +
    field(r.user_name) +
    field(r.rules_version) +
    field(r.list_snapshots) +
    field(r.inputs) +
    field(r.outputs) +
    field(r.prev_hash);
  return sha256hex(body);
}

/** One column in recordHash's encoding. Module level: it runs for every record appended. */
function field(v: string | number | null): string {
  if (v === null) return '-';
  const t = String(v);
  return t.length + ':' + t;
}

/** One-shot SHA-256 (crypto.hash, Node >= 20.12) with the Hash-object fallback. */
const sha256hex: (s: string) => string =
  typeof (crypto as { hash?: unknown }).hash === 'function'
    ? (s) =>
        (crypto as unknown as { hash(alg: string, data: string, enc: string): string }).hash(
          'sha256',
          s,
          'hex',
        )
    : (s) => createHash('sha256').update(s).digest('hex');

/** Adds the retention period (15 CFR 762.6) to a YYYY-MM-DD date; 29 Feb rolls to 1 Mar. */
export function retentionEnd(date: string): string {
  const y = Number(date.slice(0, 4)) + RETENTION_YEARS.value;
  const md = date.slice(5, 10);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return `${String(y).padStart(4, '0')}-${md === '02-29' && !leap ? '03-01' : md}`;
}

export function defaultUser(): string {
  if (process.env.EXPORTCTL_USER) return process.env.EXPORTCTL_USER;
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

export function toRecord(r: RecordsTable): LedgerRecord {
  return {
    seq: Number(r.seq),
    kind: r.kind,
    ref: r.ref,
    createdAt: r.created_at,
    keepUntil: r.keep_until,
    user: r.user_name,
    rulesVersion: r.rules_version,
    listSnapshots: JSON.parse(r.list_snapshots),
    inputs: JSON.parse(r.inputs),
    outputs: JSON.parse(r.outputs),
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

export type ProblemKind = 'altered' | 'deleted' | 'reordered' | 'inserted';

export interface VerifyProblem {
  seq: number;
  problem: ProblemKind;
  message: string;
}

interface VerifyCommon {
  checked: number;
  head: { seq: number; hash: string };
  anchor: { seq: number; hash: string };
}

/** The chain is intact (no problem), or broken at the first problem found. */
export type VerifyResult =
  | (VerifyCommon & { ok: true; problem?: undefined })
  | (VerifyCommon & { ok: false; problem: VerifyProblem });

export interface PurgeResult {
  removed: number;
  from?: number;
  to?: number;
  cutoff: string;
  purgeRecord: LedgerRecord;
}

/** Same row? Compares column by column (drivers differ in key order and number types). */
function sameRow(want: Record<string, unknown>, got: Record<string, unknown> | undefined): boolean {
  if (!got) return false;
  for (const k of Object.keys(want)) {
    const a = want[k];
    const b = got[k];
    if (typeof a === 'number' ? Number(b) !== a : (a ?? null) !== (b ?? null)) return false;
  }
  return true;
}

async function checkDerived(
  store: Store,
  d: DerivedTable,
  page: RecordsTable[],
): Promise<VerifyProblem | undefined> {
  if (page.length === 0) return undefined;
  const lo = Number(page[0]!.seq);
  const hi = Number(page[page.length - 1]!.seq);
  const rows = (await store.db
    .selectFrom(d.table)
    .selectAll()
    .where('record_seq', '>=', lo)
    .where('record_seq', '<=', hi)
    .execute()) as Record<string, unknown>[];
  const bySeq = new Map(rows.map((r) => [Number(r.record_seq), r]));
  for (const rec of page) {
    if (rec.kind !== d.kind) continue;
    const want = d.row(rec);
    const got = bySeq.get(want.record_seq);
    bySeq.delete(want.record_seq);
    if (!sameRow(want, got)) {
      return {
        seq: want.record_seq,
        problem: got ? 'altered' : 'deleted',
        message: `${d.table} row for record ${want.record_seq} ${got ? 'altered' : 'deleted'}: it no longer matches the chained record`,
      };
    }
  }
  const extra = [...bySeq.keys()].sort((a, b) => a - b)[0];
  if (extra !== undefined) {
    return {
      seq: extra,
      problem: 'inserted',
      message: `${d.table} row for record ${extra} has no ${d.kind} record in the chain`,
    };
  }
  return undefined;
}

export type Writer = Parameters<Parameters<typeof withWriteLock>[1]>[0];

const RECORD_COLUMNS = [
  'seq',
  'kind',
  'ref',
  'created_at',
  'keep_until',
  'user_name',
  'rules_version',
  'list_snapshots',
  'inputs',
  'outputs',
  'prev_hash',
  'hash',
] as const satisfies readonly (keyof RecordsTable)[];

export class Ledger {
  readonly store: Store;
  private readonly now: () => Date;
  private readonly user: string;

  private insertStmt?: import('better-sqlite3').Statement;

  /** The SQLite INSERT for one record, compiled by Kysely from the schema and prepared once. */
  private sqliteInsert(): import('better-sqlite3').Statement | undefined {
    if (!this.store.sqlite) return undefined;
    if (!this.insertStmt) {
      const row = Object.fromEntries(RECORD_COLUMNS.map((c) => [c, null])) as unknown as RecordsTable;
      const q = this.store.db.insertInto('ledger_records').values(row).compile();
      this.insertStmt = this.store.sqlite.prepare(q.sql);
    }
    return this.insertStmt;
  }

  constructor(store: Store, opts: LedgerOptions = {}) {
    this.store = store;
    this.now = opts.now ?? (() => new Date());
    this.user = opts.user ?? defaultUser();
  }

  /** Appends one record and returns it with its seq and hash. */
  async append(rec: NewRecord): Promise<LedgerRecord> {
    const [row] = await this.appendRows([rec], false);
    return toRecord(row!);
  }

  /**
   * Appends records in order inside one write transaction. With `skipExistingRefs`, records whose
   * ref is already in the ledger are skipped (this is how a resumed batch never records a row twice).
   */
  async appendMany(recs: NewRecord[], opts: { skipExistingRefs?: boolean } = {}): Promise<AppendResult> {
    const rows = await this.appendRows(recs, opts.skipExistingRefs ?? false);
    const last = rows[rows.length - 1];
    return {
      appended: rows.length,
      skipped: recs.length - rows.length,
      lastSeq: last ? Number(last.seq) : null,
    };
  }

  private async appendRows(recs: NewRecord[], skipExisting: boolean): Promise<RecordsTable[]> {
    if (recs.length === 0) return [];
    return withWriteLock(this.store, (w) => this.appendIn(w, recs, skipExisting));
  }

  /**
   * Appends inside a transaction the caller already holds through `withWriteLock` (so a caller can
   * make its own writes and the ledger records commit together, as the scale-out workers do).
   */
  async appendIn(w: Writer, recs: NewRecord[], skipExisting: boolean): Promise<RecordsTable[]> {
    {
      let todo = recs;
      if (skipExisting) {
        const refs = recs.map((r) => r.ref).filter((r): r is string => !!r);
        const seen = new Set<string>();
        for (let i = 0; i < refs.length; i += 500) {
          const found = await w
            .selectFrom('ledger_records')
            .select('ref')
            .where('ref', 'in', refs.slice(i, i + 500))
            .execute();
          for (const f of found) if (f.ref) seen.add(f.ref);
        }
        if (seen.size) todo = recs.filter((r) => !r.ref || !seen.has(r.ref));
      }
      if (todo.length === 0) return [];
      const head = await w
        .selectFrom('ledger_head')
        .selectAll()
        .where('id', '=', 1)
        .executeTakeFirstOrThrow();
      let seq = Number(head.seq);
      let prev = head.hash;
      const at = this.now().toISOString();
      const today = at.slice(0, 10);
      const keepUntil = new Map<string, string>();
      const rows: RecordsTable[] = [];
      for (const r of todo) {
        seq += 1;
        const from = maxDate(r.retainFrom, today);
        let keep = keepUntil.get(from);
        if (keep === undefined) keepUntil.set(from, (keep = retentionEnd(from)));
        const row: RecordsTable = {
          seq,
          kind: r.kind,
          ref: r.ref ?? null,
          created_at: at,
          keep_until: keep,
          user_name: r.user ?? this.user,
          rules_version: r.rulesVersion ?? '',
          list_snapshots: r.listSnapshots ? canonicalJson(r.listSnapshots) : '{}',
          inputs: r.inputsJson ?? canonicalJson(r.inputs),
          outputs: r.outputsJson ?? canonicalJson(r.outputs),
          prev_hash: prev,
          hash: '',
        };
        row.hash = prev = recordHash(row);
        rows.push(row);
      }
      const sqliteInsert = this.sqliteInsert();
      if (sqliteInsert) {
        // SQLite: one statement (compiled by Kysely, prepared once) run per row inside the
        // transaction withWriteLock holds on the same connection: far cheaper than compiling
        // a multi-row INSERT per chunk.
        // Positional parameters in RECORD_COLUMNS order (the order the statement was compiled in).
        for (const r of rows) {
          sqliteInsert.run(
            r.seq,
            r.kind,
            r.ref,
            r.created_at,
            r.keep_until,
            r.user_name,
            r.rules_version,
            r.list_snapshots,
            r.inputs,
            r.outputs,
            r.prev_hash,
            r.hash,
          );
        }
      } else {
        // 12 columns a row: 800 rows stay well under PostgreSQL's 65,535 bound parameters.
        for (let i = 0; i < rows.length; i += 800) {
          await w
            .insertInto('ledger_records')
            .values(rows.slice(i, i + 800))
            .execute();
        }
      }
      for (const d of derived) {
        if (!todo.some((r) => r.kind === d.kind)) continue;
        const mine = rows.filter((r) => r.kind === d.kind).map((r) => d.row(r));
        for (let i = 0; i < mine.length; i += 500)
          await w
            .insertInto(d.table)
            .values(mine.slice(i, i + 500))
            .execute();
      }
      await w.updateTable('ledger_head').set({ seq, hash: prev }).where('id', '=', 1).execute();
      return rows;
    }
  }

  async head(): Promise<{ seq: number; hash: string; anchorSeq: number; anchorHash: string }> {
    const h = await this.store.db
      .selectFrom('ledger_head')
      .selectAll()
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    return { seq: Number(h.seq), hash: h.hash, anchorSeq: Number(h.anchor_seq), anchorHash: h.anchor_hash };
  }

  async get(seq: number): Promise<LedgerRecord | undefined> {
    const r = await this.store.db
      .selectFrom('ledger_records')
      .selectAll()
      .where('seq', '=', seq)
      .executeTakeFirst();
    return r ? toRecord(r) : undefined;
  }

  async getByRef(ref: string): Promise<LedgerRecord | undefined> {
    const r = await this.store.db
      .selectFrom('ledger_records')
      .selectAll()
      .where('ref', '=', ref)
      .executeTakeFirst();
    return r ? toRecord(r) : undefined;
  }

  async list(
    opts: { kind?: string; afterSeq?: number; limit?: number; refPrefix?: string } = {},
  ): Promise<LedgerRecord[]> {
    let q = this.store.db.selectFrom('ledger_records').selectAll().orderBy('seq');
    if (opts.kind) q = q.where('kind', '=', opts.kind);
    if (opts.afterSeq !== undefined) q = q.where('seq', '>', opts.afterSeq);
    if (opts.refPrefix) q = q.where(refStartsWith(opts.refPrefix));
    const rows = await q.limit(opts.limit ?? 100).execute();
    return rows.map(toRecord);
  }

  async count(opts: { kind?: string; refPrefix?: string; afterSeq?: number } = {}): Promise<number> {
    let q = this.store.db.selectFrom('ledger_records').select((eb) => eb.fn.countAll().as('n'));
    if (opts.kind) q = q.where('kind', '=', opts.kind);
    if (opts.afterSeq !== undefined) q = q.where('seq', '>', opts.afterSeq);
    if (opts.refPrefix) q = q.where(refStartsWith(opts.refPrefix));
    const r = await q.executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Streams records in seq order, page by page. */
  async *iterate(pageSize = 5000): AsyncGenerator<RecordsTable[]> {
    let after = -1;
    for (;;) {
      const page = await this.store.db
        .selectFrom('ledger_records')
        .selectAll()
        .where('seq', '>', after)
        .orderBy('seq')
        .limit(pageSize)
        .execute();
      if (page.length === 0) return;
      yield page;
      after = Number(page[page.length - 1]!.seq);
    }
  }

  /** Walks the whole chain. Names the first record that was altered, deleted, reordered or inserted. */
  async verify(): Promise<VerifyResult> {
    const head = await this.head();
    const result = (checked: number, problem?: VerifyProblem): VerifyResult => {
      const common = { checked, head: { seq: head.seq, hash: head.hash }, anchor: { seq: head.anchorSeq, hash: head.anchorHash } };
      return problem ? { ok: false, ...common, problem } : { ok: true, ...common };
    };
    let expectSeq = head.anchorSeq + 1;
    let prevHash = head.anchorHash;
    let checked = 0;
    let lastPurge: { to: number; lastHash: string } | undefined;
    for await (const page of this.iterate()) {
      for (const r of page) {
        const seq = Number(r.seq);
        if (seq < expectSeq) {
          return result(checked, {
            seq,
            problem: 'inserted',
            message: `record ${seq} lies before the chain's anchor (${head.anchorSeq}): inserted after a purge`,
          });
        }
        if (seq > expectSeq) {
          const what = expectSeq === seq - 1 ? `record ${expectSeq}` : `records ${expectSeq}..${seq - 1}`;
          return result(checked, {
            seq: expectSeq,
            problem: 'deleted',
            message: `${what} deleted: the chain jumps to ${seq}`,
          });
        }
        const { hash, ...rest } = r;
        const recomputed = recordHash({ ...rest, seq });
        if (recomputed !== hash) {
          const moved = r.prev_hash !== prevHash;
          return result(checked, {
            seq,
            problem: moved ? 'reordered' : 'altered',
            message: moved
              ? `record ${seq} is out of place: its content does not belong at this position (reordered or replaced)`
              : `record ${seq} altered: its stored hash does not match its content`,
          });
        }
        if (r.prev_hash !== prevHash) {
          const before = seq - 1;
          return result(checked, {
            seq: before >= 1 && before > head.anchorSeq ? before : seq,
            problem: 'altered',
            message:
              before > head.anchorSeq
                ? `record ${before} altered (or replaced): record ${seq} holds a different hash for it`
                : `record ${seq} does not link to the chain anchor: earlier records deleted or the anchor altered`,
          });
        }
        if (r.kind === 'purge') {
          const o = JSON.parse(r.outputs) as { to?: number; lastHash?: string };
          if (typeof o.to === 'number' && o.lastHash) lastPurge = { to: o.to, lastHash: o.lastHash };
        }
        prevHash = hash;
        expectSeq = seq + 1;
        checked += 1;
      }
      for (const d of derived) {
        const p = await checkDerived(this.store, d, page);
        if (p) return result(checked, p);
      }
    }
    if (expectSeq - 1 < head.seq) {
      return result(checked, {
        seq: expectSeq,
        problem: 'deleted',
        message: `records ${expectSeq}..${head.seq} deleted: the head says the chain ends at ${head.seq}`,
      });
    }
    if (expectSeq - 1 > head.seq || prevHash !== head.hash) {
      return result(checked, {
        seq: expectSeq - 1,
        problem: expectSeq - 1 > head.seq ? 'inserted' : 'altered',
        message: `the last record (${expectSeq - 1}) does not match the ledger head (${head.seq}, ${head.hash.slice(0, 12)}…)`,
      });
    }
    if (
      head.anchorSeq > 0 &&
      (!lastPurge || lastPurge.to !== head.anchorSeq || lastPurge.lastHash !== head.anchorHash)
    ) {
      return result(checked, {
        seq: 1,
        problem: 'deleted',
        message: `records 1..${head.anchorSeq} are gone but no purge record in the chain accounts for them`,
      });
    }
    return result(checked);
  }

  /**
   * Removes records whose retention period (15 CFR 762.6) has ended and that were created before
   * `before`, as one prefix of the chain, and appends a `purge` record naming what went.
   */
  async purge(opts: { before: string; user?: string }): Promise<PurgeResult> {
    const today = this.now().toISOString().slice(0, 10);
    const cutoff = opts.before < today ? opts.before : today;
    return withWriteLock(this.store, async (w) => {
      const head = await w
        .selectFrom('ledger_head')
        .selectAll()
        .where('id', '=', 1)
        .executeTakeFirstOrThrow();
      // The prefix: records up to (not including) the first one that must still be kept.
      const firstKept = await w
        .selectFrom('ledger_records')
        .select('seq')
        .where((eb) => eb.or([eb('keep_until', '>', today), eb('created_at', '>=', cutoff)]))
        .where('seq', '>', Number(head.anchor_seq))
        .orderBy('seq')
        .limit(1)
        .executeTakeFirst();
      const upTo = firstKept ? Number(firstKept.seq) - 1 : Number(head.seq);
      const fromSeq = Number(head.anchor_seq) + 1;
      let removed = 0;
      let lastHash = head.anchor_hash;
      if (upTo >= fromSeq) {
        const last = await w
          .selectFrom('ledger_records')
          .select('hash')
          .where('seq', '=', upTo)
          .executeTakeFirstOrThrow();
        lastHash = last.hash;
        for (const d of derived) await w.deleteFrom(d.table).where('record_seq', '<=', upTo).execute();
        const del = await w.deleteFrom('ledger_records').where('seq', '<=', upTo).executeTakeFirst();
        removed = Number(del.numDeletedRows);
        await w
          .updateTable('ledger_head')
          .set({ anchor_seq: upTo, anchor_hash: lastHash })
          .where('id', '=', 1)
          .execute();
      }
      const at = this.now().toISOString();
      const seq = Number(head.seq) + 1;
      const base = {
        seq,
        kind: 'purge',
        ref: null,
        created_at: at,
        keep_until: retentionEnd(at.slice(0, 10)),
        user_name: opts.user ?? this.user,
        rules_version: '',
        list_snapshots: '{}',
        inputs: canonicalJson({ before: opts.before, retention: formatCitation(RETENTION_YEARS.citation) }),
        outputs: canonicalJson(
          removed > 0 ? { removed, from: fromSeq, to: upTo, lastHash, cutoff } : { removed: 0, cutoff },
        ),
        prev_hash: head.hash,
      };
      const row = { ...base, hash: recordHash(base) };
      await w.insertInto('ledger_records').values(row).execute();
      await w.updateTable('ledger_head').set({ seq, hash: row.hash }).where('id', '=', 1).execute();
      return {
        removed,
        ...(removed > 0 ? { from: fromSeq, to: upTo } : {}),
        cutoff,
        purgeRecord: toRecord(row),
      };
    });
  }
}

function maxDate(a: string | undefined, b: string): string {
  return a && a > b ? a : b;
}

/** `ref` starts with `prefix`, the same on both engines (LIKE escaping and collations differ). */
function refStartsWith(prefix: string) {
  return sql<boolean>`substr(ref, 1, ${prefix.length}) = ${prefix}`;
}
