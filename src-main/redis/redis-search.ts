/**
 * Search on the Redis store. Debian's Redis has no full-text index (RediSearch is a separate
 * module), so a search reads the room's log newest first, in chunks, and keeps the messages
 * whose folded text contains the folded query, stopping as soon as it has `limit + 1`. A query
 * that is common is answered after the first chunk; a rare one reads the whole log, which the
 * per-room cap bounds (10,000 messages by default: a few MB, a few tens of ms). docs/deploy.md
 * gives the figures.
 */
import type { ChatMessage } from '../../src-shared/protocol.ts';
import { fold } from '../store/sqlite-search.ts';
import type { MessagePage } from '../store/store.ts';

/**
 * Entries read per XREVRANGE: the first read is small, so that a common query is answered after
 * a few hundred entries; each next one is twice as big (up to the largest), so that a rare query
 * reading the whole log pays few round trips.
 */
const FIRST_CHUNK = 200;
const LARGEST_CHUNK = 4000;

/**
 * Searches one room's log stream.
 * @param read the entries from stream id `end` down (at most `count`), newest first, each in its
 *   current state (the log keeps texts apart from the Stream, so that a delete can erase them)
 */
export async function searchLog(
  read: (end: string, count: number) => Promise<ChatMessage[]>,
  query: { q: string; limit: number; before?: number },
): Promise<MessagePage> {
  const needle = fold(query.q);
  const found: ChatMessage[] = [];
  if (query.before !== undefined && query.before <= 1) return { messages: [], more: false };
  let end = query.before === undefined ? '+' : `${query.before - 1}-0`;
  for (let chunk = FIRST_CHUNK; ; chunk = Math.min(chunk * 2, LARGEST_CHUNK)) {
    const entries = await read(end, chunk);
    for (const m of entries) {
      if (m.kind !== undefined || m.deleted || !fold(m.text).includes(needle)) continue;
      if (found.length === query.limit) return { messages: found, more: true };
      found.push(m);
    }
    if (entries.length < chunk) return { messages: found, more: false };
    end = `(${entries.at(-1)!.seq}-0`; // exclusive: continue below the last entry read
  }
}
