/**
 * Worker threads on TypeScript modules, spoken to by request and reply: the batch runner's decide
 * workers (batch-worker.ts) and the ledger writer (appender-worker.ts) use the same two halves.
 *
 * The worker registers tsx itself: execArgv `--import tsx` is not honoured for workers started
 * from a process that registered tsx through its API, as bin/exportctl does.
 */
import { parentPort, Worker } from 'node:worker_threads';

function startTsWorker(entry: URL, workerData: unknown): Worker {
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(boot, { eval: true, workerData });
}

type Reply<Res> = { id: number; result?: Res; error?: string };

/**
 * The caller's half: `call(msg)` posts `{id, msg}` and settles with the reply to that id. If the
 * thread fails, or exits with calls pending, every pending call rejects.
 */
export class TsWorker<Req, Res> {
  private readonly worker: Worker;
  private seq = 0;
  private readonly pending = new Map<number, { resolve: (r: Res) => void; reject: (e: Error) => void }>();

  constructor(entry: URL, workerData: unknown, what: string) {
    this.worker = startTsWorker(entry, workerData);
    this.worker.on('message', (m: Reply<Res>) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.error !== undefined) p.reject(new Error(m.error));
      else p.resolve(m.result!);
    });
    const failAll = (e: Error) => {
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
    this.worker.on('error', failAll);
    this.worker.on('exit', (code) => {
      if (this.pending.size) failAll(new Error(`${what} exited (code ${code}) with requests pending`));
    });
  }

  call(msg: Req): Promise<Res> {
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, msg });
    });
  }

  async terminate(): Promise<void> {
    await this.worker.terminate();
  }
}

/** The worker's half: handles requests strictly one after the other and replies to each. */
export function serveRequests<Req, Res>(handle: (msg: Req) => Res | Promise<Res>): void {
  let chain: Promise<void> = Promise.resolve();
  parentPort!.on('message', ({ id, msg }: { id: number; msg: Req }) => {
    chain = chain.then(async () => {
      let reply: Reply<Res>;
      try {
        reply = { id, result: await handle(msg) };
      } catch (e) {
        reply = { id, error: (e as Error).message ?? String(e) };
      }
      parentPort!.postMessage(reply);
    });
  });
}
