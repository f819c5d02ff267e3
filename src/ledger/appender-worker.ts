/** The ledger writer thread behind ThreadAppender (src/ledger/appender.ts). */
import { workerData } from 'node:worker_threads';
import { unpackRecords, type AppenderRequest } from './appender.ts';
import { openStore, type Store } from './db.ts';
import { Ledger, type AppendResult } from './ledger.ts';
import { serveRequests } from './threads.ts';

/** Pages (4 KiB) between WAL checkpoints in the writer's connection; see open(). */
const WAL_CHECKPOINT_PAGES = 8000;

const init = workerData as { location: string; user: string };

let opened: Promise<{ store: Store; ledger: Ledger }> | undefined;
const open = () =>
  (opened ??= openStore(init.location).then((store) => {
    // Checkpoint the WAL into the database every WAL_CHECKPOINT_PAGES pages instead of SQLite's
    // 1,000: each checkpoint waits for two fsyncs, and a batch writes hundreds of MB. The WAL grows
    // to ~32 MB meanwhile and is folded in when the last connection closes.
    store.sqlite?.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
    return { store, ledger: new Ledger(store, { user: init.user }) };
  }));

// After a failure every later request fails too: a hole in a run's records would break --resume.
let failed: string | undefined;
serveRequests<AppenderRequest, AppendResult>(async (m) => {
  if (failed !== undefined) throw new Error(failed);
  try {
    const { store, ledger } = await open();
    if ('close' in m) {
      await store.close();
      return { appended: 0, skipped: 0, lastSeq: null };
    }
    return await ledger.appendMany(unpackRecords(m.recs), { skipExistingRefs: m.skipExistingRefs });
  } catch (e) {
    failed = (e as Error).message ?? String(e);
    throw e;
  }
});
