/** The ledger writer thread behind ThreadAppender (src/ledger/appender.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { unpackRecords, type AppenderReply, type AppenderRequest } from './appender.ts';
import { openStore, type Store } from './db.ts';
import { Ledger } from './ledger.ts';

/** Pages (4 KiB) between WAL checkpoints in the writer's connection; see open(). */
const WAL_CHECKPOINT_PAGES = 8000;

const init = workerData as { location: string; user: string };
const reply = (m: AppenderReply) => parentPort!.postMessage(m);

let opened: Promise<{ store: Store; ledger: Ledger }> | undefined;
const open = () =>
  (opened ??= openStore(init.location).then((store) => {
    // Checkpoint the WAL into the database every WAL_CHECKPOINT_PAGES pages instead of SQLite's
    // 1,000: each checkpoint waits for two fsyncs, and a batch writes hundreds of MB. The WAL grows
    // to ~32 MB meanwhile and is folded in when the last connection closes.
    store.sqlite?.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
    return { store, ledger: new Ledger(store, { user: init.user }) };
  }));

// Requests are handled strictly one after the other; after a failure every later one fails.
let chain: Promise<void> = Promise.resolve();
let failed: string | undefined;
parentPort!.on('message', (m: AppenderRequest) => {
  chain = chain.then(async () => {
    if (failed !== undefined) return reply({ id: m.id, error: failed });
    try {
      const { store, ledger } = await open();
      if ('close' in m) {
        await store.close();
        return reply({ id: m.id, result: { appended: 0, skipped: 0, lastSeq: null } });
      }
      reply({
        id: m.id,
        result: await ledger.appendMany(unpackRecords(m.recs), { skipExistingRefs: m.skipExistingRefs }),
      });
    } catch (e) {
      failed = (e as Error).message ?? String(e);
      reply({ id: m.id, error: failed });
    }
  });
});
