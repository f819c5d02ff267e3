/** Worker thread for `batch decide --workers N`: decides the chunks the main thread posts. */
import { workerData } from 'node:worker_threads';
import { makeChunkProcessor, type ChunkResult, type RawRow } from './batch-chunk.ts';
import { loadEngine } from './engine.ts';
import { serveRequests } from './threads.ts';

const init = workerData as {
  engineUrl: string;
  header: string[];
  record: boolean;
  runId: string;
  user?: string;
};
const engine = await loadEngine(init.engineUrl);
const processChunk = makeChunkProcessor(engine, init);

serveRequests<RawRow[], ChunkResult>(processChunk);
