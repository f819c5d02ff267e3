/**
 * What the API's routes share: the key store, the screening service and the ledger, opened
 * lazily on first use and closed with the server. Paths follow the CLI: `$EXPORTCTL_HOME`
 * (default .exportctl) holds api.sqlite, screening.sqlite, ledger.sqlite and batch jobs; the
 * ledger may instead live in PostgreSQL (`--db postgres://…`).
 */
import { join, resolve } from 'node:path';
import type { KeyStore } from './keys.ts';
import type { Screener } from '../screening/service.ts';
import type { ScreeningStore } from '../screening/store.ts';
import type { Ledger } from '../ledger/ledger.ts';
import type { Store } from '../ledger/db.ts';
import { JobManager } from './jobs.ts';
import { AnswerMemo } from './answers.ts';

export interface ContextOptions {
  home: string;
  /** Ledger location: SQLite file or postgres://… (default $EXPORTCTL_DATABASE_URL or HOME/ledger.sqlite). */
  db?: string;
  keys?: KeyStore;
  /** Bound of the decide answer memo in bytes (default 32 MiB); 0 = off. */
  answerMemoBytes?: number;
}

export class ApiContext {
  readonly home: string;
  readonly dbLocation: string;
  readonly keys?: KeyStore;
  readonly jobs: JobManager;
  /** Kept answers to party-less decide requests (answers.ts). */
  readonly answers: AnswerMemo;
  private screenerP?: Promise<{ store: ScreeningStore; screener: Screener }>;
  private ledgerP?: Promise<{ store: Store; ledger: Ledger }>;

  constructor(opts: ContextOptions) {
    this.home = resolve(opts.home);
    this.dbLocation = opts.db || process.env.EXPORTCTL_DATABASE_URL || join(this.home, 'ledger.sqlite');
    this.keys = opts.keys;
    this.jobs = new JobManager(join(this.home, 'jobs'), this.dbLocation);
    this.answers = new AnswerMemo(opts.answerMemoBytes);
  }

  screening(): Promise<{ store: ScreeningStore; screener: Screener }> {
    this.screenerP ??= (async () => {
      const { openStore } = await import('../screening/store.ts');
      const { Screener } = await import('../screening/service.ts');
      const { configFromEnv } = await import('../screening/config.ts');
      const store = await openStore(this.home);
      return { store, screener: new Screener(store, configFromEnv()) };
    })();
    this.screenerP.catch(() => (this.screenerP = undefined));
    return this.screenerP;
  }

  ledger(): Promise<{ store: Store; ledger: Ledger }> {
    this.ledgerP ??= (async () => {
      const { openStore } = await import('../ledger/db.ts');
      const { Ledger } = await import('../ledger/ledger.ts');
      const store = await openStore(this.dbLocation);
      return { store, ledger: new Ledger(store, { user: 'api' }) };
    })();
    this.ledgerP.catch(() => (this.ledgerP = undefined));
    return this.ledgerP;
  }

  async close(): Promise<void> {
    await this.jobs.close();
    if (this.screenerP) (await this.screenerP.catch(() => undefined))?.store.close();
    if (this.ledgerP) await (await this.ledgerP.catch(() => undefined))?.store.close();
    this.keys?.close();
  }
}
