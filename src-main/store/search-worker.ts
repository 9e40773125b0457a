/**
 * The search index's own thread (started by search-index-client.ts): one connection to
 * `search.sqlite`, one writer. Ops arrive one string per committed batch of the history; they are
 * applied together, one transaction for whatever arrived in the last {@link FLUSH_DELAY_MS} (a
 * busy host's batches share a transaction, which is what makes the trigram index cheaper per
 * message), and a search first applies everything that arrived before it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { FLUSH_AT, FLUSH_DELAY_MS, SearchIndexer, type IndexerOptions, type IndexOp } from './search-indexer.ts';
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
    if (indexer.waiting >= FLUSH_AT) flush();
    else timer ??= setTimeout(flush, FLUSH_DELAY_MS); // the batches of the next moments join it
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
