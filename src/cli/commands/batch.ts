/**
 * `exportctl batch …`: decide a CSV order book (streaming, resumable, worker threads), and the
 * PostgreSQL scale-out (submit / work / collect / status through a pg-boss queue).
 * Heavy modules are imported inside the actions to keep CLI start-up fast.
 */
import type { Command } from 'commander';
import { UsageError } from '../errors.ts';

function int(name: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (v: string): number => {
    const n = Number(v);
    if (!/^\d+$/.test(v.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new UsageError(
        `${name}: must be a whole number ${min}..${max === Number.MAX_SAFE_INTEGER ? '' : max} (got ${JSON.stringify(v)})`,
      );
    }
    return n;
  };
}

interface Opts {
  out: string;
  rejects?: string;
  db?: string;
  record?: boolean;
  resume?: boolean;
  workers?: number;
  chunkSize?: number;
  jobTimeout?: number;
  idleExit?: number;
  maintenanceSeconds?: number;
  wait?: number;
  user?: string;
  progress?: boolean;
  json?: boolean;
}

function print(json: boolean, obj: unknown, text: string): void {
  process.stdout.write(json ? JSON.stringify(obj, null, 2) + '\n' : text + '\n');
}

export function register(program: Command): void {
  const batch = program
    .command('batch')
    .description('Run decisions over CSV order books (streaming, resumable, scale-out)');

  batch
    .command('decide')
    .description(
      'Decide every row of IN.csv. Columns: id,date,destination,product,quantity (required); ' +
        'end_user_name,end_user_country,end_user_headquarters,end_user_parent_headquarters,view (optional)',
    )
    .argument('<in>', 'input CSV')
    .requiredOption(
      '--out <file>',
      'output CSV: input columns + license_required,outcome,review_policy,exceptions,eccn,confidence',
    )
    .option('--rejects <file>', 'rejected rows with line number and reason (default OUT.rejects.csv)')
    .option(
      '--db <url>',
      'ledger: SQLite file or postgres://… (default $EXPORTCTL_DATABASE_URL or $EXPORTCTL_HOME/ledger.sqlite)',
    )
    .option('--record', 'record every decision in the ledger')
    .option('--resume', 'continue an interrupted run from its checkpoint (OUT.checkpoint)')
    .option('--workers <n>', 'worker threads (default 1: decide in the main thread)', int('--workers', 1, 64))
    .option(
      '--chunk-size <n>',
      'rows per chunk (checkpoint granularity, default 1000)',
      int('--chunk-size', 1),
    )
    .option('--user <name>', 'user recorded in the ledger (default $EXPORTCTL_USER or the OS user)')
    .option('--no-progress', 'no progress bar even on a terminal')
    .option('--json', 'print the summary as JSON')
    .action(async (inFile: string, o: Opts) => {
      const { runBatch } = await import('../../ledger/batch.ts');
      let bar:
        | { update(v: number, p?: object): void; stop(): void; start(t: number, v: number, p?: object): void }
        | undefined;
      const t0 = performance.now();
      if (o.progress !== false && process.stderr.isTTY) {
        const { SingleBar, Presets } = (await import('cli-progress')).default;
        bar = new SingleBar(
          {
            stream: process.stderr,
            format: ' {bar} {percentage}% | {rows} rows | {rate} rows/s | ETA {eta_formatted}',
            etaBuffer: 20,
            hideCursor: true,
          },
          Presets.shades_classic,
        );
      }
      let started = false;
      let baseRows = -1;
      const summary = await runBatch({
        input: inFile,
        out: o.out,
        rejects: o.rejects,
        db: o.db,
        record: !!o.record,
        resume: !!o.resume,
        workers: o.workers,
        chunkSize: o.chunkSize,
        user: o.user,
        onProgress: bar
          ? ({ rows, bytes, totalBytes }) => {
              if (baseRows < 0) baseRows = rows;
              const rate = Math.round((rows - baseRows) / Math.max(0.001, (performance.now() - t0) / 1000));
              if (!started) {
                bar!.start(totalBytes, bytes, { rows, rate });
                started = true;
              } else bar!.update(bytes, { rows, rate });
            }
          : undefined,
      }).finally(() => bar?.stop());
      const text = summary.alreadyComplete
        ? `run ${summary.runId} was already complete: ${summary.outRows} rows in ${summary.out}, ${summary.rejectRows} in ${summary.rejects}`
        : [
            `${summary.inputRows} input rows: ${summary.outRows} decided -> ${summary.out}, ${summary.rejectRows} rejected -> ${summary.rejects}`,
            summary.resumedFrom ? `resumed after row ${summary.resumedFrom}` : undefined,
            `${summary.seconds.toFixed(2)} s, ${summary.rowsPerSecond.toLocaleString('en-US')} rows/s`,
            summary.ledger
              ? `recorded ${summary.recorded} decisions in ${summary.ledger} (run ${summary.runId})`
              : undefined,
          ]
            .filter(Boolean)
            .join('\n');
      print(!!o.json, summary, text);
    });

  batch
    .command('submit')
    .description(
      'Scale-out: load IN.csv into PostgreSQL and queue one pg-boss job per chunk; prints the run id',
    )
    .argument('<in>', 'input CSV')
    .option('--db <url>', 'postgres://… (or $EXPORTCTL_DATABASE_URL)')
    .option('--record', 'workers record every decision in the ledger')
    .option('--chunk-size <n>', 'rows per job (default 5000)', int('--chunk-size', 1))
    .option(
      '--job-timeout <seconds>',
      'a job not finished in this time is retried elsewhere (default 300)',
      int('--job-timeout', 1, 86_400),
    )
    .option('--user <name>', 'user recorded in the ledger')
    .option('--json', 'JSON output')
    .action(async (inFile: string, o: Opts) => {
      const { submitBatch } = await import('../../ledger/scaleout.ts');
      const r = await submitBatch({
        input: inFile,
        db: o.db,
        record: !!o.record,
        chunkSize: o.chunkSize,
        jobTimeoutSeconds: o.jobTimeout,
        user: o.user,
      });
      print(!!o.json, r, `run ${r.runId}: ${r.inputRows} rows in ${r.chunks} chunks queued on ${r.queue}`);
    });

  batch
    .command('work')
    .description(
      'Scale-out: work through queued chunks (run one per core, on any machine that reaches the database)',
    )
    .option('--db <url>', 'postgres://… (or $EXPORTCTL_DATABASE_URL)')
    .option(
      '--idle-exit <seconds>',
      'exit after this long with no job (default: run until stopped)',
      int('--idle-exit', 1),
    )
    .option(
      '--maintenance-seconds <s>',
      'how often this worker sweeps expired jobs back into the queue (default 30)',
      int('--maintenance-seconds', 1, 3600),
    )
    .option('--json', 'JSON output')
    .action(async (o: Opts) => {
      const { workBatches } = await import('../../ledger/scaleout.ts');
      const r = await workBatches({
        db: o.db,
        idleExitSeconds: o.idleExit,
        maintenanceSeconds: o.maintenanceSeconds,
        log: (m) => process.stderr.write(m + '\n'),
      });
      print(!!o.json, r, `worker ${r.worker}: ${r.chunks} chunks, ${r.rows} rows`);
    });

  batch
    .command('collect')
    .description('Scale-out: write the output and rejects of a run, in input order, once every chunk is done')
    .argument('<run>', 'run id printed by submit')
    .requiredOption('--out <file>', 'output CSV')
    .option('--rejects <file>', 'rejects CSV (default OUT.rejects.csv)')
    .option('--db <url>', 'postgres://… (or $EXPORTCTL_DATABASE_URL)')
    .option(
      '--wait <seconds>',
      'wait up to this long for unfinished chunks (default 0: fail if any)',
      int('--wait', 0),
    )
    .option('--json', 'JSON output')
    .action(async (run: string, o: Opts) => {
      const { collectBatch } = await import('../../ledger/scaleout.ts');
      const r = await collectBatch({
        runId: run,
        db: o.db,
        out: o.out,
        rejects: o.rejects,
        waitSeconds: o.wait ?? 0,
      });
      print(
        !!o.json,
        r,
        `run ${run}: ${r.outRows} rows -> ${r.out}, ${r.rejectRows} rejected -> ${r.rejects}`,
      );
    });

  batch
    .command('status')
    .description('Scale-out: chunks done, pending and retried for a run')
    .argument('<run>', 'run id')
    .option('--db <url>', 'postgres://… (or $EXPORTCTL_DATABASE_URL)')
    .option('--json', 'JSON output')
    .action(async (run: string, o: Opts) => {
      const { batchStatus } = await import('../../ledger/scaleout.ts');
      const r = await batchStatus({ runId: run, db: o.db });
      print(
        !!o.json,
        r,
        `run ${run}: ${r.done}/${r.chunks} chunks done, ${r.retried} retried, ${r.outRows} rows out, ${r.rejectRows} rejected`,
      );
    });
}
