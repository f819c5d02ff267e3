/** Worker thread for `batch decide --workers N`: decides the chunks the main thread posts. */
import { parentPort, workerData } from 'node:worker_threads';
import { makeChunkProcessor, type RawRow } from './batch-chunk.ts';
import { loadEngine } from './engine.ts';

const init = workerData as {
  engineUrl: string;
  header: string[];
  record: boolean;
  runId: string;
  user?: string;
};
const engine = await loadEngine(init.engineUrl);
const processChunk = makeChunkProcessor(engine, init);

parentPort!.on('message', (m: { id: number; rows: RawRow[] }) => {
  try {
    parentPort!.postMessage({ id: m.id, result: processChunk(m.rows) });
  } catch (e) {
    parentPort!.postMessage({ id: m.id, error: (e as Error).message ?? String(e) });
  }
});
