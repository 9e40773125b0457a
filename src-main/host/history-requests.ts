/**
 * The `history` and `search` requests: older messages of the socket's room a page at a time, and
 * the messages that contain some text, both from the store's indexes (HistoryStore.older/search).
 */
import type { HistoryStore } from '../store/store.ts';
import type { RequestHandler } from './requests.ts';

/** Answers `history`: the newest `limit` text entries with seq < `before`, oldest first. */
export function historyHandler(store: HistoryStore): RequestHandler<'history'> {
  return async (request, { room }) => {
    const page = await store.older(room, request.before, request.limit);
    return { messages: page.messages, more: page.more };
  };
}

/** Answers `search`: text entries containing `q` (ignoring case), newest first. */
export function searchHandler(store: HistoryStore): RequestHandler<'search'> {
  return async (request, { room }) => {
    const page = await store.search(room, request.q, request.limit, request.before);
    return { results: page.messages, more: page.more };
  };
}
