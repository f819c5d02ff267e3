/**
 * Scale-out on PostgreSQL: several `exportctl batch work` processes, on one machine or many, work
 * through one batch through a pg-boss queue.
 *  - submit: stores the rows of IN.csv in `batch_chunks` (one row per chunk) and queues one job
 *    per chunk;
 *  - work: fetches a job, decides its chunk, and in ONE transaction (holding the ledger lock)
 *    checks the chunk is not done yet, appends its ledger records and stores its output. A chunk's
 *    effects therefore happen exactly once even when pg-boss delivers the job twice;
 *  - a worker that dies mid-chunk leaves its job active; after the job's expiry pg-boss's
 *    maintenance (run by every worker) puts it back in the queue and another worker retries it;
 *  - collect: writes the output and rejects in input order once every chunk is done.
 */
import { createHash, randomUUID } from 'node:crypto';
import { closeSync, existsSync, openSync, statSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type PgBossType from 'pg-boss';
import { LedgerInputError } from './errors.ts';
import {
  headerProblem,
  makeChunkProcessor,
  REJECT_COLUMNS,
  RESULT_COLUMNS,
  type ChunkResult,
  type RawRow,
} from './batch-chunk.ts';
import { readChunks, readHeader } from './csv-rows.ts';
import { isPostgresUrl, openStore, resolveDbLocation, withWriteLock, type Store } from './db.ts';
import { loadEngine } from './engine.ts';
import { defaultUser, Ledger } from './ledger.ts';

export const QUEUE = 'exportctl-batch';

function requirePostgres(flag?: string): string {
  const loc = resolveDbLocation(flag);
  if (!isPostgresUrl(loc))
    throw new LedgerInputError(
      '--db',
      loc,
      `--db: scale-out needs a postgres:// URL (got ${JSON.stringify(loc)})`,
    );
  return loc;
}

/** pg-boss keeps its tables in its own schema next to ours. */
function bossSchema(store: Store): string {
  const s = store.pg!.schema;
  return s === 'public' ? 'exportctl_boss' : `${s}_boss`;
}

async function startBoss(
  store: Store,
  extra: Partial<PgBossType.ConstructorOptions> = {},
): Promise<PgBossType> {
  const PgBoss = (await import('pg-boss')).default;
  const boss = new PgBoss({
    connectionString: store.pg!.url,
    schema: bossSchema(store),
    max: 2,
    schedule: false,
    ...extra,
  });
  boss.on('error', (e: Error) => process.stderr.write(`exportctl: queue: ${e.message}\n`));
  await boss.start();
  return boss;
}

export interface SubmitOptions {
  input: string;
  db?: string;
  record?: boolean;
  chunkSize?: number;
  jobTimeoutSeconds?: number;
  user?: string;
}

export async function submitBatch(
  o: SubmitOptions,
): Promise<{ runId: string; chunks: number; inputRows: number; queue: string }> {
  const loc = requirePostgres(o.db);
  const input = resolve(o.input);
  if (!existsSync(input) || !statSync(input).isFile())
    throw new LedgerInputError('input', undefined, `input: no such file ${JSON.stringify(o.input)}`);
  const chunkSize = o.chunkSize ?? 5000;
  const store = await openStore(loc);
  let boss: PgBossType | undefined;
  try {
    const runId = randomUUID();
    const header = await readHeader(input);
    const hp = headerProblem(header);
    if (hp) throw new LedgerInputError('input', undefined, hp);
    let chunk = 0;
    let rows = 0;
    for await (const buf of readChunks(input, chunkSize, 0, () => undefined)) {
      await store.db
        .insertInto('batch_chunks')
        .values({
          run_id: runId,
          chunk,
          rows: JSON.stringify(buf),
          attempts: 0,
          done: 0,
          out_rows: 0,
          reject_rows: 0,
        })
        .execute();
      chunk += 1;
      rows += buf.length;
    }
    await store.db
      .insertInto('batch_runs')
      .values({
        run_id: runId,
        input_name: input,
        header: JSON.stringify(header),
        chunks: chunk,
        input_rows: rows,
        record: o.record ? 1 : 0,
        user_name: o.user ?? defaultUser(),
        created_at: new Date().toISOString(),
      })
      .execute();
    boss = await startBoss(store, { supervise: false });
    await boss.createQueue(QUEUE, { name: QUEUE, retryLimit: 20, retryDelay: 1 });
    const jobs = Array.from({ length: chunk }, (_, i) => ({
      name: QUEUE,
      data: { runId, chunk: i },
      singletonKey: `${runId}:${i}`,
      expireInSeconds: o.jobTimeoutSeconds ?? 300,
      retryLimit: 20,
      retryDelay: 1,
    }));
    for (let i = 0; i < jobs.length; i += 500) await boss.insert(jobs.slice(i, i + 500));
    return { runId, chunks: chunk, inputRows: rows, queue: QUEUE };
  } finally {
    await boss?.stop({ graceful: false, close: true, wait: true }).catch(() => undefined);
    await store.close();
  }
}

export interface WorkOptions {
  db?: string;
  idleExitSeconds?: number;
  maintenanceSeconds?: number;
  log?: (m: string) => void;
  /** Stop after this many chunks (tests). */
  maxChunks?: number;
}

export async function workBatches(o: WorkOptions): Promise<{ worker: string; chunks: number; rows: number }> {
  const loc = requirePostgres(o.db);
  const store = await openStore(loc);
  const worker = `${hostname()}:${process.pid}`;
  const log = o.log ?? (() => undefined);
  const engine = await loadEngine();
  const ledger = new Ledger(store);
  const processors = new Map<string, { run: (rows: RawRow[]) => ChunkResult; record: boolean }>();
  let boss: PgBossType | undefined;
  let chunks = 0;
  let rows = 0;
  let stopping = false;
  const stop = () => (stopping = true);
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  try {
    boss = await startBoss(store, {
      supervise: true,
      maintenanceIntervalSeconds: o.maintenanceSeconds ?? 30,
    });
    await boss.createQueue(QUEUE, { name: QUEUE, retryLimit: 20, retryDelay: 1 });
    let idleSince = Date.now();
    while (!stopping) {
      const [job] = await boss.fetch<{ runId: string; chunk: number }>(QUEUE, { batchSize: 1 });
      if (!job) {
        if (o.idleExitSeconds !== undefined && Date.now() - idleSince > o.idleExitSeconds * 1000) break;
        await new Promise((r) => setTimeout(r, 250));
        continue;
      }
      const { runId, chunk } = job.data;
      try {
        let proc = processors.get(runId);
        if (!proc) {
          const run = await store.db
            .selectFrom('batch_runs')
            .selectAll()
            .where('run_id', '=', runId)
            .executeTakeFirst();
          if (!run) throw new Error(`run ${runId} not found`);
          const record = Number(run.record) === 1;
          proc = {
            run: makeChunkProcessor(engine, {
              header: JSON.parse(run.header),
              record,
              runId,
              user: run.user_name,
            }),
            record,
          };
          processors.set(runId, proc);
        }
        const row = await store.db
          .updateTable('batch_chunks')
          .set((eb) => ({ attempts: eb('attempts', '+', 1), worker }))
          .where('run_id', '=', runId)
          .where('chunk', '=', chunk)
          .returning(['rows', 'done', 'attempts'])
          .executeTakeFirst();
        if (!row) throw new Error(`chunk ${chunk} of run ${runId} not found`);
        log(`worker ${worker}: chunk ${chunk} of run ${runId} (attempt ${row.attempts})`);
        if (Number(row.done) !== 1) {
          const input = JSON.parse(row.rows) as RawRow[];
          const result = proc.run(input);
          await withWriteLock(store, async (w) => {
            const cur = await w
              .selectFrom('batch_chunks')
              .select('done')
              .where('run_id', '=', runId)
              .where('chunk', '=', chunk)
              .forUpdate()
              .executeTakeFirstOrThrow();
            if (Number(cur.done) === 1) return; // another worker finished it first
            if (proc!.record && result.records.length) await ledger.appendIn(w, result.records, false);
            await w
              .updateTable('batch_chunks')
              .set({
                done: 1,
                out_csv: result.outText,
                rejects_csv: result.rejectsText,
                out_rows: result.outRows,
                reject_rows: result.rejectRows,
                worker,
              })
              .where('run_id', '=', runId)
              .where('chunk', '=', chunk)
              .execute();
          });
          rows += input.length;
        }
        await boss.complete(QUEUE, job.id);
        chunks += 1;
        log(`worker ${worker}: chunk ${chunk} of run ${runId} done`);
      } catch (e) {
        log(`worker ${worker}: chunk ${chunk} of run ${runId} failed: ${(e as Error).message}`);
        await boss.fail(QUEUE, job.id, { message: (e as Error).message }).catch(() => undefined);
      }
      idleSince = Date.now();
      if (o.maxChunks && chunks >= o.maxChunks) break;
    }
    return { worker, chunks, rows };
  } finally {
    process.off('SIGTERM', stop);
    process.off('SIGINT', stop);
    await boss?.stop({ graceful: false, close: true, wait: true }).catch(() => undefined);
    await store.close();
  }
}

export interface RunStatus {
  runId: string;
  chunks: number;
  done: number;
  retried: number;
  inputRows: number;
  outRows: number;
  rejectRows: number;
}

async function statusOf(store: Store, runId: string): Promise<RunStatus> {
  const run = await store.db
    .selectFrom('batch_runs')
    .selectAll()
    .where('run_id', '=', runId)
    .executeTakeFirst();
  if (!run)
    throw new LedgerInputError(
      'run',
      undefined,
      `run: no batch run ${JSON.stringify(runId)} in this database`,
    );
  const agg = await store.db
    .selectFrom('batch_chunks')
    .select((eb) => [
      eb.fn.sum<number>('done').as('done'),
      eb.fn.sum<number>('out_rows').as('out_rows'),
      eb.fn.sum<number>('reject_rows').as('reject_rows'),
      eb.fn.countAll<number>().filterWhere('attempts', '>', 1).as('retried'),
    ])
    .where('run_id', '=', runId)
    .executeTakeFirstOrThrow();
  return {
    runId,
    chunks: Number(run.chunks),
    done: Number(agg.done ?? 0),
    retried: Number(agg.retried ?? 0),
    inputRows: Number(run.input_rows),
    outRows: Number(agg.out_rows ?? 0),
    rejectRows: Number(agg.reject_rows ?? 0),
  };
}

export async function batchStatus(o: { runId: string; db?: string }): Promise<RunStatus> {
  const store = await openStore(requirePostgres(o.db));
  try {
    return await statusOf(store, o.runId);
  } finally {
    await store.close();
  }
}

export async function collectBatch(o: {
  runId: string;
  db?: string;
  out: string;
  rejects?: string;
  waitSeconds?: number;
}): Promise<RunStatus & { out: string; rejects: string }> {
  const store = await openStore(requirePostgres(o.db));
  try {
    const deadline = Date.now() + (o.waitSeconds ?? 0) * 1000;
    let st = await statusOf(store, o.runId);
    while (st.done < st.chunks && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      st = await statusOf(store, o.runId);
    }
    if (st.done < st.chunks) {
      throw new LedgerInputError(
        'run',
        undefined,
        `run: ${st.chunks - st.done} of ${st.chunks} chunks of ${o.runId} are not done yet (start workers, or pass --wait SECONDS)`,
      );
    }
    const run = await store.db
      .selectFrom('batch_runs')
      .selectAll()
      .where('run_id', '=', o.runId)
      .executeTakeFirstOrThrow();
    const header = JSON.parse(run.header) as string[];
    const out = resolve(o.out);
    const rejects = resolve(o.rejects ?? o.out.replace(/(\.csv)?$/i, '.rejects.csv'));
    const outFd = openSync(out, 'w');
    const rejFd = openSync(rejects, 'w');
    const hOut = createHash('sha256');
    const hRej = createHash('sha256');
    const put = (fd: number, h: ReturnType<typeof createHash>, s: string) => {
      if (!s) return;
      writeSync(fd, s);
      h.update(s);
    };
    try {
      put(outFd, hOut, stringify([[...header, ...RESULT_COLUMNS]]));
      put(rejFd, hRej, stringify([[...REJECT_COLUMNS]]));
      for (let c = 0; c < st.chunks; c++) {
        const ch = await store.db
          .selectFrom('batch_chunks')
          .select(['out_csv', 'rejects_csv'])
          .where('run_id', '=', o.runId)
          .where('chunk', '=', c)
          .executeTakeFirstOrThrow();
        put(outFd, hOut, ch.out_csv ?? '');
        put(rejFd, hRej, ch.rejects_csv ?? '');
      }
    } finally {
      closeSync(outFd);
      closeSync(rejFd);
    }
    if (Number(run.record) === 1) {
      await new Ledger(store, { user: run.user_name }).appendMany(
        [
          {
            kind: 'batch',
            ref: `batch:${o.runId}:summary`,
            rulesVersion: (await loadEngine()).rulesVersion(),
            inputs: { input: run.input_name, header, chunks: st.chunks },
            outputs: {
              inputRows: st.inputRows,
              outRows: st.outRows,
              rejectRows: st.rejectRows,
              outSha256: hOut.digest('hex'),
              rejectsSha256: hRej.digest('hex'),
            },
          },
        ],
        { skipExistingRefs: true },
      );
    }
    return { ...st, out, rejects };
  } finally {
    await store.close();
  }
}
