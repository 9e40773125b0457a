/**
 * The search index's own thread (started by search-index-client.ts): one connection to
 * `search.sqlite`, one writer. Ops arrive one string per committed batch of the history; they are
 * applied together: the store sends what was committed in the last 20 ms at once
 * (search-index-client.ts), so a busy host's batches share one transaction, which is what makes
 * the trigram index cheaper per message. A search first applies everything that arrived before it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SearchIndexer, type IndexerOptions, type IndexOp } from './search-indexer.ts';
import type { SearchCall, SearchReply } from './search-index-client.ts';

const port = parentPort!;
const reply = (r: SearchReply) => port.postMessage(r);
const indexer = new SearchIndexer(workerData as IndexerOptions);
let timer: NodeJS.Timeout | undefined;

/** Applies what waits; a failure loses ops, so the thread ends and the store starts a new one. */
function flush(): void {
  clearTimeout(timer);
  timer = undefined;
  try {
    indexer.flush();
  } catch (err) {
    reply({ type: 'broken', message: String(err) });
    process.exit(1);
  }
}

port.on('message', (m: string | SearchCall) => {
  if (typeof m === 'string') {
    indexer.add(JSON.parse(m) as IndexOp[]);
    timer ??= setTimeout(flush); // after the strings queued behind this one: one transaction
    return;
  }
  if (m.type === 'close') {
    flush();
    indexer.close();
    reply({ type: 'closed', id: m.id });
    port.close();
    return;
  }
  flush();
  try {
    reply({ type: 'page', id: m.id, page: indexer.search(m.room, m.q, m.limit, m.before, m.from) });
  } catch (err) {
    reply({ type: 'error', id: m.id, message: String(err) });
  }
});
