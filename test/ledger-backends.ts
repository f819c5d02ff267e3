/**
 * Test helper: the storage suite runs against both backends. SQLite gets a temp file; PostgreSQL
 * (127.0.0.1:5432, user postgres, database test) gets a fresh schema per call, dropped on cleanup,
 * so test files running in parallel never share tables.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const PG_BASE = process.env.EXPORTCTL_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDb {
  name: 'sqlite' | 'postgres';
  /** The --db value. */
  url: string;
  cleanup(): Promise<void>;
}

export async function pgAvailable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG_BASE, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

export function sqliteDb(): TestDb {
  const dir = mkdtempSync(join(tmpdir(), 'exportctl-ledger-'));
  return {
    name: 'sqlite',
    url: join(dir, 'ledger.sqlite'),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function postgresDb(): TestDb {
  const schema = `t_${process.pid}_${randomBytes(4).toString('hex')}`;
  return {
    name: 'postgres',
    url: `${PG_BASE}?schema=${schema}`,
    cleanup: async () => {
      const c = new pg.Client({ connectionString: PG_BASE });
      await c.connect();
      await c.query(`drop schema if exists "${schema}" cascade`);
      await c.query(`drop schema if exists "${schema}_boss" cascade`);
      await c.end();
    },
  };
}

/** Both backends; CI has PostgreSQL, so its absence fails loudly unless EXPORTCTL_TEST_SKIP_PG=1. */
export const BACKENDS: { name: 'sqlite' | 'postgres'; make: () => TestDb }[] = [
  { name: 'sqlite', make: sqliteDb },
  ...(process.env.EXPORTCTL_TEST_SKIP_PG === '1' ? [] : [{ name: 'postgres' as const, make: postgresDb }]),
];
