/**
 * `exportctl batch decide`: streams a CSV order book through the decision engine.
 *  - constant memory: csv-parse streams rows, chunks of `chunkSize` rows are decided, written
 *    and forgotten; at most 2 x workers chunks are in flight;
 *  - every input row ends up in exactly one of OUT (accepted, in input order) or REJECTS;
 *  - resumable: after each chunk the output files are flushed to disk and a checkpoint
 *    (OUT.checkpoint) records the rows consumed and the file lengths. `--resume` truncates the
 *    files back to the checkpoint, skips the consumed rows and carries on; ledger records carry
 *    the ref batch:RUN:LINE, so a chunk recorded just before a kill is not recorded twice.
 */
import { stringify } from 'csv-stringify/sync';
import { readChunks, readHeader } from './csv-rows.ts';
import { createHash, randomUUID } from 'node:crypto';
import {
  closeSync,
  createReadStream,
  existsSync,
  fdatasyncSync,
  fstatSync,
  ftruncateSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  statSync,
  writeSync,
} from 'node:fs';
import { resolve } from 'node:path';
import { LedgerInputError } from './errors.ts';
import {
  headerProblem,
  makeChunkProcessor,
  REJECT_COLUMNS,
  RESULT_COLUMNS,
  type ChunkResult,
  type RawRow,
} from './batch-chunk.ts';
import { openStore, resolveDbLocation, type Store } from './db.ts';
import { engineModuleUrl, loadEngine } from './engine.ts';
import { defaultUser, Ledger, type AppendResult } from './ledger.ts';
import { InProcessAppender, ThreadAppender, type Appender } from './appender.ts';
import { TsWorker } from './threads.ts';

export interface BatchOptions {
  input: string;
  out: string;
  rejects?: string;
  db?: string;
  record?: boolean;
  resume?: boolean;
  workers?: number;
  chunkSize?: number;
  user?: string;
  /** Called after each committed chunk (rows consumed so far, bytes of input read, total bytes). */
  onProgress?: (p: { rows: number; bytes: number; totalBytes: number }) => void;
}

export interface BatchSummary {
  runId: string;
  input: string;
  out: string;
  rejects: string;
  inputRows: number;
  outRows: number;
  rejectRows: number;
  resumedFrom: number;
  recorded: number;
  seconds: number;
  rowsPerSecond: number;
  ledger?: string;
  alreadyComplete?: boolean;
}

interface Checkpoint {
  version: 1;
  runId: string;
  input: { path: string; size: number; fingerprint: string };
  header: string[];
  rows: number;
  outRows: number;
  rejectRows: number;
  outBytes: number;
  rejectsBytes: number;
  record: boolean;
  recorded: number;
  /** Seq of the last ledger record this run had committed when the checkpoint was written. */
  ledgerSeq?: number;
  done: boolean;
}

export function checkpointPath(out: string): string {
  return out + '.checkpoint';
}

/** Size + SHA-256 of the first MiB: enough to refuse resuming against a different input. */
function fingerprint(path: string): { size: number; fingerprint: string } {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const buf = Buffer.alloc(Math.min(size, 1 << 20));
    readSync(fd, buf, 0, buf.length, 0);
    return { size, fingerprint: createHash('sha256').update(buf).digest('hex') };
  } finally {
    closeSync(fd);
  }
}

/**
 * Replaces the checkpoint atomically (write + rename). The rename alone is enough against a killed
 * process (the kernel keeps every write); `durable` also fsyncs, against power loss.
 */
function writeCheckpoint(path: string, cp: Checkpoint, durable: boolean): void {
  const tmp = path + '.tmp';
  const fd = openSync(tmp, 'w');
  writeSync(fd, JSON.stringify(cp));
  if (durable) fdatasyncSync(fd);
  closeSync(fd);
  renameSync(tmp, path);
}

/** Output and checkpoint are fsynced at most this often (and at the end): see docs/batch.md. */
const SYNC_EVERY_MS = 5000;
/**
 * The checkpoint is replaced at most this often (and at the end): a rename costs about as much as
 * deciding a few hundred rows, and a resume redoes at most this much work.
 */
const CHECKPOINT_EVERY_MS = 200;
/**
 * Chunks written to OUT whose records are not yet committed (see commit() in runBatch). Enough to
 * ride out the writer's pauses (WAL checkpoints wait for the disk) without stopping the main
 * thread: 4 gave 50–55k recorded rows/s, 16 gave 57–69k; each chunk's records are ~0.4 MB.
 */
const MAX_UNACKED_CHUNKS = 16;

/** `--workers N`: chunks go to the workers in turn. */
class WorkerPool {
  private readonly workers: TsWorker<RawRow[], ChunkResult>[] = [];
  private next = 0;

  constructor(n: number, init: Record<string, unknown>) {
    const entry = new URL('./batch-worker.ts', import.meta.url);
    for (let i = 0; i < n; i++) this.workers.push(new TsWorker(entry, init, 'batch worker thread'));
  }

  run(rows: RawRow[]): Promise<ChunkResult> {
    return this.workers[this.next++ % this.workers.length]!.call(rows);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

export async function runBatch(opts: BatchOptions): Promise<BatchSummary> {
  const started = performance.now();
  const input = resolve(opts.input);
  const out = resolve(opts.out);
  const rejects = resolve(opts.rejects ?? opts.out.replace(/(\.csv)?$/i, '.rejects.csv'));
  if (!existsSync(input) || !statSync(input).isFile())
    throw new LedgerInputError('input', undefined, `input: no such file ${JSON.stringify(opts.input)}`);
  if (out === input || rejects === input)
    throw new LedgerInputError(
      '--out/--rejects',
      undefined,
      '--out/--rejects: must not overwrite the input file',
    );
  if (out === rejects)
    throw new LedgerInputError('--rejects', undefined, '--rejects: must differ from --out');
  const workers = opts.workers ?? 1;
  if (!Number.isInteger(workers) || workers < 1 || workers > 64)
    throw new LedgerInputError(
      '--workers',
      undefined,
      `--workers: must be a whole number 1..64 (got ${opts.workers})`,
    );
  const chunkSize = opts.chunkSize ?? 1000;
  if (!Number.isInteger(chunkSize) || chunkSize < 1)
    throw new LedgerInputError(
      '--chunk-size',
      undefined,
      `--chunk-size: must be a positive whole number (got ${opts.chunkSize})`,
    );

  const header = await readHeader(input);
  const hp = headerProblem(header);
  if (hp) throw new LedgerInputError('input', undefined, hp);
  const fp = fingerprint(input);
  const cpPath = checkpointPath(out);

  let cp: Checkpoint | undefined;
  if (opts.resume && existsSync(cpPath)) {
    try {
      cp = JSON.parse(readFileSync(cpPath, 'utf8')) as Checkpoint;
    } catch {
      throw new LedgerInputError(
        '--resume',
        undefined,
        `--resume: checkpoint ${cpPath} is unreadable; run without --resume to start again`,
      );
    }
    if (cp.input.size !== fp.size || cp.input.fingerprint !== fp.fingerprint) {
      throw new LedgerInputError(
        '--resume',
        undefined,
        `--resume: ${opts.input} is not the file the interrupted run read (size or content differs)`,
      );
    }
    if (cp.record !== !!opts.record)
      throw new LedgerInputError(
        '--record',
        undefined,
        `--record: the interrupted run was ${cp.record ? '' : 'not '}recording; resume it the same way`,
      );
  }
  const summaryBase = { input, out, rejects };
  if (cp?.done) {
    return {
      ...summaryBase,
      runId: cp.runId,
      inputRows: cp.rows,
      outRows: cp.outRows,
      rejectRows: cp.rejectRows,
      resumedFrom: cp.rows,
      recorded: cp.recorded,
      seconds: 0,
      rowsPerSecond: 0,
      alreadyComplete: true,
    };
  }

  const runId = cp?.runId ?? randomUUID();
  const engineUrl = engineModuleUrl();
  const engine = await loadEngine(engineUrl);
  const user = opts.user ?? defaultUser();
  let store: Store | undefined;
  /** This process's view of the ledger (counts, head); the appender writes. */
  let ledger: Ledger | undefined;
  let appender: Appender | undefined;
  /** Records of this run committed after the checkpoint (a kill between commit and checkpoint). */
  let overlap = 0;
  if (opts.record) {
    store = await openStore(resolveDbLocation(opts.db));
    ledger = new Ledger(store, { user });
    if (cp) {
      const prefix = `batch:${runId}:`;
      overlap =
        cp.ledgerSeq !== undefined
          ? await ledger.count({ refPrefix: prefix, afterSeq: cp.ledgerSeq })
          : // a checkpoint written before ledgerSeq was kept
            (await ledger.count({ refPrefix: prefix })) - cp.recorded;
    }
    appender =
      store.backend === 'sqlite'
        ? new ThreadAppender(store.location, user)
        : new InProcessAppender(ledger);
  }
  // Output files: fresh (header only) or truncated back to the checkpoint.
  const outFd = openSync(out, cp ? 'r+' : 'w');
  const rejFd = openSync(rejects, cp ? 'r+' : 'w');
  let outBytes = 0;
  let rejectsBytes = 0;
  if (cp) {
    // After a power loss the checkpoint may be newer than the data that reached the disk.
    if (fstatSync(outFd).size < cp.outBytes || fstatSync(rejFd).size < cp.rejectsBytes) {
      throw new LedgerInputError(
        '--resume',
        undefined,
        `--resume: ${opts.out} is shorter than its checkpoint says (lost writes?); run again without --resume`,
      );
    }
    ftruncateSync(outFd, cp.outBytes);
    ftruncateSync(rejFd, cp.rejectsBytes);
    outBytes = cp.outBytes;
    rejectsBytes = cp.rejectsBytes;
  } else {
    outBytes += writeSync(outFd, stringify([[...header, ...RESULT_COLUMNS]]), 0);
    rejectsBytes += writeSync(rejFd, stringify([[...REJECT_COLUMNS]]), 0);
  }
  const state: Checkpoint = cp ?? {
    version: 1,
    runId,
    input: { path: input, ...fp },
    header,
    rows: 0,
    outRows: 0,
    rejectRows: 0,
    outBytes,
    rejectsBytes,
    record: !!opts.record,
    recorded: 0,
    // Where the ledger ended when the run started: a resume counts this run's records after it.
    ...(ledger ? { ledgerSeq: (await ledger.head()).seq } : {}),
    done: false,
  };
  const resumedFrom = state.rows;
  if (!cp) writeCheckpoint(cpPath, state, true);
  let lastSync = Date.now();

  const chunkOpts = { header, record: !!opts.record, runId, user };
  const local = workers === 1 ? makeChunkProcessor(engine, chunkOpts) : undefined;
  const pool = workers > 1 ? new WorkerPool(workers, { engineUrl, ...chunkOpts }) : undefined;
  let bytesRead = 0;

  // A chunk's rows are written to OUT/REJECTS at once; its records go to the appender, and the
  // checkpoint that counts the chunk is written only once they are committed. Until then the
  // chunk is "unacked" (at most MAX_UNACKED_CHUNKS): a kill loses at most those chunks, which a
  // resume truncates away and decides again. Records of them that did commit are the first
  // `overlap` records the resumed run produces: those are appended with skipExistingRefs.
  type Counts = Pick<Checkpoint, 'rows' | 'outRows' | 'rejectRows' | 'outBytes' | 'rejectsBytes'>;
  const unacked: { done: Promise<AppendResult | null>; counts: Counts; committed: boolean }[] = [];
  let generated = 0;
  let lastCheckpointAt = 0;
  // Chunks are settled in input order, so the record counts and the last seq add up chunk by chunk.
  const settle = async (max: number, final = false) => {
    // Down to `max` chunks waiting, and every chunk already committed: the checkpoint keeps up
    // with the writer, not with the reader.
    while (unacked.length > max || unacked[0]?.committed) {
      const u = unacked.shift()!;
      const res = await u.done;
      if (res) {
        state.recorded += res.appended + res.skipped;
        if (res.lastSeq !== null) state.ledgerSeq = res.lastSeq;
      }
      Object.assign(state, u.counts);
      const durable = Date.now() - lastSync >= SYNC_EVERY_MS;
      const due =
        durable || (final && unacked.length === 0) || Date.now() - lastCheckpointAt >= CHECKPOINT_EVERY_MS;
      if (durable) {
        // Data first, then the checkpoint that points at it.
        fdatasyncSync(outFd);
        fdatasyncSync(rejFd);
        lastSync = Date.now();
      }
      if (due) {
        writeCheckpoint(cpPath, state, durable);
        lastCheckpointAt = Date.now();
      }
      opts.onProgress?.({ rows: state.rows, bytes: bytesRead, totalBytes: fp.size });
    }
  };
  const commit = async (rowsInChunk: number, r: ChunkResult) => {
    if (r.outText) outBytes += writeSync(outFd, r.outText, outBytes);
    if (r.rejectsText) rejectsBytes += writeSync(rejFd, r.rejectsText, rejectsBytes);
    const before = unacked.at(-1)?.counts ?? state;
    const counts: Counts = {
      rows: before.rows + rowsInChunk,
      outRows: before.outRows + r.outRows,
      rejectRows: before.rejectRows + r.rejectRows,
      outBytes,
      rejectsBytes,
    };
    let done: Promise<AppendResult | null> = Promise.resolve(null);
    if (appender && r.records.length) {
      const skipExistingRefs = generated < overlap;
      generated += r.records.length;
      done = appender.append(r.records, { skipExistingRefs });
    }
    const entry = { done, counts, committed: false };
    // Also keeps a failed append from being reported as unhandled before settle() awaits it.
    done.then(
      () => (entry.committed = true),
      () => undefined,
    );
    unacked.push(entry);
    await settle(MAX_UNACKED_CHUNKS);
  };

  try {
    const inflight: { n: number; p: Promise<ChunkResult> }[] = [];
    const maxInflight = pool ? workers * 2 : 0;
    for await (const rows of readChunks(input, chunkSize, resumedFrom, (b) => (bytesRead = b))) {
      if (local) {
        await commit(rows.length, local(rows));
        continue;
      }
      inflight.push({ n: rows.length, p: pool!.run(rows) });
      while (inflight.length >= maxInflight) {
        const h = inflight.shift()!;
        await commit(h.n, await h.p);
      }
    }
    while (inflight.length) {
      const h = inflight.shift()!;
      await commit(h.n, await h.p);
    }
    await settle(0, true);

    let ledgerNote: string | undefined;
    if (appender) {
      // The run itself: counts and the SHA-256 of both output files, so the files can be checked later.
      // Streamed: reading OUT whole would cost as much memory as the output is large.
      const digest = async (p: string) => {
        const h = createHash('sha256');
        for await (const b of createReadStream(p, { highWaterMark: 1 << 20 })) h.update(b as Buffer);
        return h.digest('hex');
      };
      await appender.append(
        [
          {
            kind: 'batch',
            ref: `batch:${runId}:summary`,
            user,
            rulesVersion: engine.rulesVersion(),
            inputs: { input, size: fp.size, inputFingerprint: fp.fingerprint, header },
            outputs: {
              inputRows: state.rows,
              outRows: state.outRows,
              rejectRows: state.rejectRows,
              outSha256: await digest(out),
              rejectsSha256: await digest(rejects),
            },
          },
        ],
        { skipExistingRefs: true },
      );
      ledgerNote = store!.location;
    }
    state.done = true;
    fdatasyncSync(outFd);
    fdatasyncSync(rejFd);
    writeCheckpoint(cpPath, state, true);
    const seconds = (performance.now() - started) / 1000;
    const processed = state.rows - resumedFrom;
    return {
      ...summaryBase,
      runId,
      inputRows: state.rows,
      outRows: state.outRows,
      rejectRows: state.rejectRows,
      resumedFrom,
      recorded: state.recorded,
      seconds,
      rowsPerSecond: seconds > 0 ? Math.round(processed / seconds) : 0,
      ...(ledgerNote ? { ledger: ledgerNote } : {}),
    };
  } finally {
    closeSync(outFd);
    closeSync(rejFd);
    await pool?.close();
    await appender?.close().catch(() => undefined);
    await store?.close();
  }
}
