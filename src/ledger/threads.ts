/**
 * Starts a worker thread on a TypeScript module. The worker registers tsx itself: execArgv
 * `--import tsx` is not honoured for workers started from a process that registered tsx through
 * its API, as bin/exportctl does.
 */
import { Worker } from 'node:worker_threads';

export function startTsWorker(entry: URL, workerData: unknown): Worker {
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(boot, { eval: true, workerData });
}
