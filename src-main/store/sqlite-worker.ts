/**
 * The SQLite store's own thread (started by sqlite-worker-store.ts): it opens the data folder
 * with {@link SqliteStore} — the same code, the same connection settings, the same exclusive
 * lock — and runs the calls it is sent one at a time, in the order they came, answering each.
 * Every method of SqliteStore is synchronous underneath, so while one commit waits for its
 * fsync here, the host's thread goes on reading sockets and fanning out the previous batch.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteStore } from './sqlite-store.ts';
import { toWire, type WorkerCall, type WorkerReply, type WorkerStart } from './worker-messages.ts';

const port = parentPort!;
const start = workerData as WorkerStart;
const reply = (r: WorkerReply) => port.postMessage(r);

let store: SqliteStore | undefined;
try {
  store = new SqliteStore(start.options);
} catch (err) {
  reply({ type: 'failed', error: toWire(err) }); // nothing listens afterwards: the thread ends
}

if (store) {
  const open = store;
  let appends = 0;
  /** Whether the test's fault says to exit now. */
  const exitNow = (when: 'before' | 'after') =>
    start.exitAt?.when === when && start.exitAt.append === appends && process.exit(1);
  /** One call; the store's methods but search resolve synchronously, so calls never overlap. */
  const run = async ({ id, method, args }: WorkerCall): Promise<void> => {
    if (method === 'append') {
      appends++;
      exitNow('before');
    }
    try {
      const value: unknown = await (open[method] as (...a: unknown[]) => Promise<unknown>)(...args);
      if (method === 'append') exitNow('after'); // stored, never answered: the hard case for the host
      reply({ type: 'value', id, value });
    } catch (err) {
      reply({ type: 'error', id, error: toWire(err) });
    }
    if (method === 'close') port.close(); // the thread ends once the answer is out
  };
  let queue = Promise.resolve();
  port.on('message', (call: WorkerCall) => {
    // A search is asked of the index's own thread when its turn comes (so it sees every batch
    // before it), but the batches after it need not wait for the answer.
    queue = queue.then(() => {
      const done = run(call);
      return call.method === 'search' ? undefined : done;
    });
  });
  reply({ type: 'ready' });
}
