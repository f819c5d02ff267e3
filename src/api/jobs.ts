/**
 * Batch jobs behind the API: an uploaded CSV order book is decided by the batch runner of
 * src/ledger/batch.ts (the same code as `exportctl batch decide`), one job at a time, in
 * chunks small enough to keep the server responsive. Each job lives in HOME/jobs/ID/ (in.csv,
 * out.csv, rejects.csv, job.json), so finished jobs survive a restart and can be downloaded later.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type JobState = 'queued' | 'running' | 'done' | 'failed';

export interface Job {
  id: string;
  state: JobState;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  user: string;
  filename: string;
  bytes: number;
  record: boolean;
  /** Rows consumed so far, and the share of the input read (0..1). */
  progress: { rows: number; fraction: number };
  summary: { inputRows: number; outRows: number; rejectRows: number; recorded: number; seconds: number; rowsPerSecond: number } | null;
  error: string | null;
}

const ID_RE = /^[0-9a-f-]{36}$/;

export class JobManager {
  private jobs = new Map<string, Job>();
  private queue: string[] = [];
  private running: Promise<void> | null = null;
  private closed = false;

  constructor(
    readonly dir: string,
    readonly dbLocation: string,
    readonly chunkSize = 500,
  ) {}

  private load(id: string): Job | undefined {
    if (!ID_RE.test(id)) return undefined;
    const j = this.jobs.get(id);
    if (j) return j;
    const f = join(this.dir, id, 'job.json');
    if (!existsSync(f)) return undefined;
    try {
      const job = JSON.parse(readFileSync(f, 'utf8')) as Job;
      // A job that was queued or running when the server stopped did not finish.
      if (job.state === 'queued' || job.state === 'running') {
        job.state = 'failed';
        job.error = 'the server stopped before the job finished; upload the file again';
      }
      this.jobs.set(id, job);
      return job;
    } catch {
      return undefined;
    }
  }

  private save(j: Job): void {
    const f = join(this.dir, j.id, 'job.json');
    writeFileSync(f + '.tmp', JSON.stringify(j));
    renameSync(f + '.tmp', f);
  }

  get(id: string): Job | undefined {
    return this.load(id);
  }

  list(): Job[] {
    if (existsSync(this.dir)) for (const d of readdirSync(this.dir)) this.load(d);
    return [...this.jobs.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /** Path of a finished job's output ('out') or rejects file. */
  file(id: string, which: 'out' | 'rejects'): string | undefined {
    const j = this.load(id);
    if (!j || j.state !== 'done') return undefined;
    const p = join(this.dir, id, which === 'out' ? 'out.csv' : 'rejects.csv');
    return existsSync(p) ? p : undefined;
  }

  submit(csv: Buffer, opts: { user: string; filename: string; record: boolean }): Job {
    if (this.closed) throw new Error('job manager closed');
    const id = randomUUID();
    mkdirSync(join(this.dir, id), { recursive: true });
    writeFileSync(join(this.dir, id, 'in.csv'), csv);
    const job: Job = {
      id,
      state: 'queued',
      createdAt: new Date().toISOString(),
      startedAt: null,
      finishedAt: null,
      user: opts.user,
      filename: opts.filename,
      bytes: csv.length,
      record: opts.record,
      progress: { rows: 0, fraction: 0 },
      summary: null,
      error: null,
    };
    this.jobs.set(id, job);
    this.save(job);
    this.queue.push(id);
    this.pump();
    return job;
  }

  private pump(): void {
    if (this.running || this.queue.length === 0 || this.closed) return;
    const id = this.queue.shift()!;
    this.running = this.run(id).finally(() => {
      this.running = null;
      this.pump();
    });
  }

  private async run(id: string): Promise<void> {
    const job = this.jobs.get(id)!;
    job.state = 'running';
    job.startedAt = new Date().toISOString();
    this.save(job);
    try {
      const { runBatch } = await import('../ledger/batch.ts');
      const dir = join(this.dir, id);
      const s = await runBatch({
        input: join(dir, 'in.csv'),
        out: join(dir, 'out.csv'),
        rejects: join(dir, 'rejects.csv'),
        db: this.dbLocation,
        record: job.record,
        workers: 1,
        chunkSize: this.chunkSize,
        user: job.user,
        onProgress: ({ rows, bytes, totalBytes }) => {
          job.progress = { rows, fraction: totalBytes > 0 ? Math.min(1, bytes / totalBytes) : 1 };
        },
      });
      job.summary = {
        inputRows: s.inputRows,
        outRows: s.outRows,
        rejectRows: s.rejectRows,
        recorded: s.recorded,
        seconds: Math.round(s.seconds * 1000) / 1000,
        rowsPerSecond: s.rowsPerSecond,
      };
      job.progress = { rows: s.inputRows, fraction: 1 };
      job.state = 'done';
    } catch (e) {
      job.state = 'failed';
      job.error = (e as Error).message;
    }
    job.finishedAt = new Date().toISOString();
    this.save(job);
  }

  /** Waits for the running job (tests) or until `ms` passes. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.running;
  }
}
