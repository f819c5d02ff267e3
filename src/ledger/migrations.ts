/**
 * The one set of migrations, run by Kysely's Migrator on SQLite and PostgreSQL alike. Column types
 * are chosen to mean the same on both: text, integer (32-bit in PostgreSQL) and double precision
 * (REAL affinity in SQLite). JSON is stored as text so the hash chain is computed over exactly the
 * bytes that are stored.
 */
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Schema } from './db.ts';

const migrations: Record<string, Migration> = {
  '0001_ledger': {
    async up(db: Kysely<Schema>) {
      await db.schema
        .createTable('ledger_records')
        .addColumn('seq', 'integer', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('ref', 'text', (c) => c.unique())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('keep_until', 'text', (c) => c.notNull())
        .addColumn('user_name', 'text', (c) => c.notNull())
        .addColumn('rules_version', 'text', (c) => c.notNull())
        .addColumn('list_snapshots', 'text', (c) => c.notNull())
        .addColumn('inputs', 'text', (c) => c.notNull())
        .addColumn('outputs', 'text', (c) => c.notNull())
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();
      // No index on kind: every append would pay for it; `ledger list --kind` scans in seq order.
      await db.schema
        .createTable('ledger_head')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('anchor_seq', 'integer', (c) => c.notNull())
        .addColumn('anchor_hash', 'text', (c) => c.notNull())
        .execute();
      await db
        .insertInto('ledger_head')
        .values({ id: 1, seq: 0, hash: GENESIS, anchor_seq: 0, anchor_hash: GENESIS })
        .execute();
      await db.schema
        .createTable('shipments')
        .addColumn('record_seq', 'integer', (c) => c.primaryKey())
        .addColumn('ship_date', 'text', (c) => c.notNull())
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('product', 'text', (c) => c.notNull())
        .addColumn('quantity', 'integer', (c) => c.notNull())
        .addColumn('destination', 'text', (c) => c.notNull())
        .addColumn('tier', 'text')
        .addColumn('consignee', 'text', (c) => c.notNull())
        .addColumn('end_user', 'text', (c) => c.notNull())
        .addColumn('end_user_country', 'text')
        .addColumn('end_user_hq', 'text')
        .addColumn('license', 'text', (c) => c.notNull())
        .addColumn('tpp', 'double precision', (c) => c.notNull())
        .addColumn('h100e', 'double precision', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('shipments_year_dest')
        .on('shipments')
        .columns(['year', 'destination'])
        .execute();
      await db.schema
        .createIndex('shipments_consignee')
        .on('shipments')
        .columns(['consignee', 'year'])
        .execute();
      await db.schema
        .createTable('reviews')
        .addColumn('record_seq', 'integer', (c) => c.primaryKey())
        .addColumn('screening_ref', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('list_entry', 'text', (c) => c.notNull())
        .addColumn('verdict', 'text', (c) => c.notNull())
        .addColumn('reviewer', 'text', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('reviews_screening_ref').on('reviews').column('screening_ref').execute();
    },
  },
  '0002_batch': {
    async up(db: Kysely<Schema>) {
      await db.schema
        .createTable('batch_runs')
        .addColumn('run_id', 'text', (c) => c.primaryKey())
        .addColumn('input_name', 'text', (c) => c.notNull())
        .addColumn('header', 'text', (c) => c.notNull())
        .addColumn('chunks', 'integer', (c) => c.notNull())
        .addColumn('input_rows', 'integer', (c) => c.notNull())
        .addColumn('record', 'integer', (c) => c.notNull())
        .addColumn('user_name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('batch_chunks')
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('chunk', 'integer', (c) => c.notNull())
        .addColumn('rows', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('out_csv', 'text')
        .addColumn('rejects_csv', 'text')
        .addColumn('out_rows', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('reject_rows', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('worker', 'text')
        .addPrimaryKeyConstraint('batch_chunks_pk', ['run_id', 'chunk'])
        .execute();
    },
  },
};

/** prev_hash of the first record. */
export const GENESIS = '0'.repeat(64);

class InlineProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations;
  }
}

/**
 * `schema` (PostgreSQL) must be given: without it Kysely looks for its migration tables in every
 * schema of the database and would mistake another schema's for ours.
 */
export async function migrateToLatest(db: Kysely<Schema>, schema?: string): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: new InlineProvider(),
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(
      `ledger migration ${failed?.migrationName ?? ''} failed: ${(error as Error).message ?? error}`,
    );
  }
}
