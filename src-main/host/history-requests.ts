/**
 * The `history` request: older messages of the socket's room, a page at a time, from the store's
 * index (see HistoryStore.older).
 */
import type { HistoryStore } from '../store/store.ts';
import { RequestError, type RequestHandler } from './requests.ts';

/** Answers `history`: the newest `limit` text entries with seq < `before`, oldest first. */
export function historyHandler(store: HistoryStore): RequestHandler<'history'> {
  return async (request, { room }) => {
    const page = await store.older(room, request.before, request.limit);
    return { messages: page.messages, more: page.more };
  };
}

/** Answers `search`. Not served yet (it is not in the host's features): a clear refusal. */
export function searchHandler(_store: HistoryStore): RequestHandler<'search'> {
  return async () => {
    throw new RequestError('bad_request', 'This host does not serve search yet (see welcome.features).');
  };
}
