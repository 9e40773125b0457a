/**
 * The welcome's history is capped by bytes as well as by count: 1000 messages of 4000
 * characters would make one welcome 16 MB, and a peer can ask for it on many sockets at once.
 * The newest messages are kept; the page is then `truncated`, and the client pages the older
 * ones with the `history` request, as it does when the count cap was reached.
 */
import type { HistoryPage } from '../../store/store.ts';
import { encodeFrame } from '../../../src-shared/codec.ts';

/** The page with only its newest messages that fit in `maxBytes` of JSON (at least one). */
export function capHistoryBytes(page: HistoryPage, maxBytes: number): HistoryPage {
  let bytes = 0;
  let keep = 0;
  for (let i = page.messages.length - 1; i >= 0; i--) {
    bytes += Buffer.byteLength(encodeFrame(page.messages[i]!)) + 1;
    if (bytes > maxBytes && keep > 0) break;
    keep++;
  }
  if (keep === page.messages.length) return page;
  return { ...page, messages: page.messages.slice(page.messages.length - keep), truncated: true };
}
