/**
 * Appends batches of ledger records in submission order without making the caller wait: the batch
 * runner hands over a chunk's records and goes on deciding the next chunk while they are hashed
 * and written. Two implementations of one contract:
 *
 *  - `ThreadAppender` (SQLite): a worker thread with its own connection to the ledger file does the
 *    hashing and the inserts, so on a machine with two cores the chain is written while the main
 *    thread parses, decides and writes CSV (better-sqlite3 is synchronous: in the main thread every
 *    insert would stop the batch).
 *  - `InProcessAppender` (PostgreSQL, whose driver is asynchronous anyway): appends on the caller's
 *    ledger, one after the other.
 *
 * Both keep order: batch k+1 is not started before batch k committed, and after a failure every
 * later batch fails too (a hole in the middle of a run's records would break the resume logic).
 */
import type { AppendResult, Ledger, NewRecord } from './ledger.ts';
import { TsWorker } from './threads.ts';

export interface Appender {
  /** Resolves when the records are committed (or rejects, and so does every later call). */
  append(recs: NewRecord[], opts: { skipExistingRefs: boolean }): Promise<AppendResult>;
  close(): Promise<void>;
}

export class InProcessAppender implements Appender {
  private chain: Promise<unknown> = Promise.resolve();
  constructor(private readonly ledger: Ledger) {}

  append(recs: NewRecord[], opts: { skipExistingRefs: boolean }): Promise<AppendResult> {
    // `then` on a rejected chain skips the append and passes the rejection on.
    const p = this.chain.then(() => this.ledger.appendMany(recs, opts));
    this.chain = p;
    return p;
  }

  async close(): Promise<void> {
    await this.chain.catch(() => undefined);
  }
}

/**
 * Records travel to the thread as columns, and a column whose values are all equal (kind, user,
 * rules version in a batch) travels once: the structured clone of 1,000 record objects cost the
 * main thread about as much as deciding them.
 */
export interface PackedRecords {
  n: number;
  cols: Record<string, { same: unknown } | { each: unknown[] } | { joined: string }>;
}

/**
 * String columns travel joined with NUL (which JSON text never holds). A value holding NUL makes
 * one separator too many: the count tells, and that column travels as an array.
 */
const SEP = '\u0000';

export function packRecords(recs: NewRecord[]): PackedRecords {
  const n = recs.length;
  const rows = recs as unknown as Record<string, unknown>[];
  const keys = new Set<string>();
  for (const r of rows) for (const k in r) keys.add(k);
  const cols: PackedRecords['cols'] = {};
  for (const k of keys) {
    const first = rows[0]![k];
    let same = true;
    let strings = true;
    for (let i = 0; i < n; i++) {
      const v = rows[i]![k];
      if (v !== first) same = false;
      if (typeof v !== 'string') strings = false;
    }
    if (same) {
      cols[k] = { same: first };
      continue;
    }
    const each = rows.map((r) => r[k]);
    if (strings) {
      // One pass to join, one to count separators: n - 1 means no value held one.
      const joined = each.join(SEP);
      let seps = 0;
      for (let at = joined.indexOf(SEP); at >= 0; at = joined.indexOf(SEP, at + 1)) seps++;
      if (seps === n - 1) {
        cols[k] = { joined };
        continue;
      }
    }
    cols[k] = { each };
  }
  return { n, cols };
}

export function unpackRecords(p: PackedRecords): NewRecord[] {
  const out: Record<string, unknown>[] = Array.from({ length: p.n }, () => ({}));
  for (const [k, c] of Object.entries(p.cols)) {
    const each = 'joined' in c ? c.joined.split(SEP) : 'each' in c ? c.each : undefined;
    for (let i = 0; i < p.n; i++) {
      const v = each ? each[i] : (c as { same: unknown }).same;
      if (v !== undefined) out[i]![k] = v;
    }
  }
  return out as unknown as NewRecord[];
}

/** Requests to src/ledger/appender-worker.ts (replies: AppendResult). */
export type AppenderRequest = { recs: PackedRecords; skipExistingRefs: boolean } | { close: true };

export class ThreadAppender implements Appender {
  private readonly worker: TsWorker<AppenderRequest, AppendResult>;
  private failure: Error | undefined;

  /** `location`: the SQLite file; `user`: default user of the records. */
  constructor(location: string, user: string) {
    this.worker = new TsWorker(
      new URL('./appender-worker.ts', import.meta.url),
      { location, user },
      'ledger writer thread',
    );
  }

  append(recs: NewRecord[], opts: { skipExistingRefs: boolean }): Promise<AppendResult> {
    if (this.failure) return Promise.reject(this.failure);
    return this.request({ recs: packRecords(recs), skipExistingRefs: opts.skipExistingRefs });
  }

  private request(m: AppenderRequest): Promise<AppendResult> {
    const p = this.worker.call(m);
    p.catch((e: Error) => (this.failure ??= e));
    return p;
  }

  /** Waits for the appends sent so far, closes the thread's connection and ends the thread. */
  async close(): Promise<void> {
    try {
      if (!this.failure) await this.request({ close: true });
    } finally {
      await this.worker.terminate();
    }
  }
}
