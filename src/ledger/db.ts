/**
 * Storage for the ledger: one Kysely schema, two real backends.
 *  - SQLite (better-sqlite3) in one file, the zero-set-up default;
 *  - PostgreSQL (pg) for teams and scale-out.
 * The same migrations (./migrations.ts) and the same queries run on both; dialect differences are
 * confined to `withWriteLock` below.
 */
import { Kysely, PostgresDialect, SqliteDialect, sql, type Transaction } from 'kysely';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { migrateToLatest } from './migrations.ts';
import { LedgerInputError } from './errors.ts';

export interface RecordsTable {
  seq: number;
  kind: string;
  ref: string | null;
  created_at: string;
  keep_until: string;
  user_name: string;
  rules_version: string;
  list_snapshots: string;
  inputs: string;
  outputs: string;
  prev_hash: string;
  hash: string;
}

export interface HeadTable {
  id: number;
  seq: number;
  hash: string;
  anchor_seq: number;
  anchor_hash: string;
}

export interface ShipmentsTable {
  record_seq: number;
  ship_date: string;
  year: number;
  product: string;
  quantity: number;
  destination: string;
  tier: string | null;
  consignee: string;
  end_user: string;
  end_user_country: string | null;
  end_user_hq: string | null;
  license: string;
  tpp: number;
  h100e: number;
}

export interface ReviewsTable {
  record_seq: number;
  screening_ref: string;
  subject: string;
  list_entry: string;
  verdict: string;
  reviewer: string;
  note: string;
  created_at: string;
}

export interface BatchRunsTable {
  run_id: string;
  input_name: string;
  header: string;
  chunks: number;
  input_rows: number;
  record: number;
  user_name: string;
  created_at: string;
}

export interface BatchChunksTable {
  run_id: string;
  chunk: number;
  rows: string;
  attempts: number;
  done: number;
  out_csv: string | null;
  rejects_csv: string | null;
  out_rows: number;
  reject_rows: number;
  worker: string | null;
}

export interface Schema {
  ledger_records: RecordsTable;
  ledger_head: HeadTable;
  shipments: ShipmentsTable;
  reviews: ReviewsTable;
  batch_runs: BatchRunsTable;
  batch_chunks: BatchChunksTable;
}

export type Db = Kysely<Schema>;
export type Backend = 'sqlite' | 'postgres';

export interface Store {
  db: Db;
  backend: Backend;
  /** Where the data lives: a file path, or the PostgreSQL URL without password. */
  location: string;
  /** PostgreSQL connection string (with ?schema stripped) and the schema in use. */
  pg?: { url: string; schema: string };
  /** SQLite only: the better-sqlite3 handle Kysely runs on, for statements prepared once (hot paths). */
  sqlite?: import('better-sqlite3').Database;
  close(): Promise<void>;
}

export function defaultDbLocation(): string {
  return join(process.env.EXPORTCTL_HOME ?? '.exportctl', 'ledger.sqlite');
}

/** `--db` flag, else EXPORTCTL_DATABASE_URL, else the SQLite default. */
export function resolveDbLocation(flag?: string): string {
  return flag || process.env.EXPORTCTL_DATABASE_URL || defaultDbLocation();
}

export function isPostgresUrl(loc: string): boolean {
  return /^postgres(ql)?:\/\//i.test(loc);
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Splits `postgres://…?schema=name` into the connection string and the schema (default "public"). */
export function parsePostgresUrl(loc: string): { url: string; schema: string } {
  let u: URL;
  try {
    u = new URL(loc);
  } catch {
    throw new LedgerInputError('--db', loc, `--db: not a valid PostgreSQL URL (got ${JSON.stringify(loc)})`);
  }
  const schema = u.searchParams.get('schema') ?? 'public';
  if (!SCHEMA_NAME.test(schema))
    throw new LedgerInputError(
      '--db',
      schema,
      `--db: schema must match ${SCHEMA_NAME} (got ${JSON.stringify(schema)})`,
    );
  u.searchParams.delete('schema');
  return { url: u.toString(), schema };
}

export interface OpenOptions {
  /** Run migrations (default true). */
  migrate?: boolean;
  /** PostgreSQL pool size (default 4). */
  poolSize?: number;
}

/** Opens (and migrates) the store at `loc`: a PostgreSQL URL or a SQLite file path. */
export async function openStore(loc: string, opts: OpenOptions = {}): Promise<Store> {
  let store: Store;
  if (isPostgresUrl(loc)) {
    const { url, schema } = parsePostgresUrl(loc);
    const pg = await import('pg');
    const Pool = pg.default.Pool;
    // Create the schema first (a separate short-lived client), then point every pooled
    // connection's search_path at it.
    if (schema !== 'public') {
      const c = new pg.default.Client({ connectionString: url });
      await c.connect();
      try {
        await c.query(`create schema if not exists "${schema}"`);
      } catch (e) {
        // Two processes creating the same schema at once: the loser sees a unique violation.
        if ((e as { code?: string }).code !== '23505') throw e;
      } finally {
        await c.end();
      }
    }
    const pool = new Pool({
      connectionString: url,
      max: opts.poolSize ?? 4,
      options: `-c search_path="${schema}"`,
    });
    const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
    const shown = new URL(url);
    if (shown.password) shown.password = '***';
    store = {
      db,
      backend: 'postgres',
      location: shown.toString(),
      pg: { url, schema },
      close: () => db.destroy(),
    };
  } else {
    const file = resolve(loc.replace(/^sqlite:(\/\/)?/i, ''));
    mkdirSync(dirname(file), { recursive: true });
    const Database = (await import('better-sqlite3')).default;
    const sqlite = new Database(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('busy_timeout = 10000');
    const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: sqlite }) });
    store = { db, backend: 'sqlite', location: file, sqlite, close: () => db.destroy() };
  }
  if (opts.migrate !== false) {
    try {
      await migrateToLatest(store.db, store.pg?.schema);
    } catch (e) {
      await store.close();
      throw e;
    }
  }
  return store;
}

/**
 * Runs `fn` in a transaction that holds the ledger's write lock, so appends from several
 * processes serialise: PostgreSQL takes a transaction-scoped advisory lock; SQLite starts the
 * transaction with BEGIN IMMEDIATE (the SQLite writer lock, waited for through busy_timeout).
 */
export async function withWriteLock<T>(
  store: Store,
  fn: (tx: Kysely<Schema> | Transaction<Schema>) => Promise<T>,
): Promise<T> {
  if (store.backend === 'postgres') {
    return store.db.transaction().execute(async (tx) => {
      await sql`select pg_advisory_xact_lock(hashtext(current_schema() || '.exportctl_ledger'))`.execute(tx);
      return fn(tx);
    });
  }
  return store.db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const out = await fn(conn);
      await sql`commit`.execute(conn);
      return out;
    } catch (e) {
      await sql`rollback`.execute(conn).catch(() => undefined);
      throw e;
    }
  });
}
