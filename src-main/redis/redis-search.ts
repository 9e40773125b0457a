/**
 * Search on the Redis store. Debian's Redis has no full-text index (RediSearch is a separate
 * module), so a search reads the room's log newest first, in chunks, and keeps the messages
 * whose folded text contains the folded query, stopping as soon as it has `limit + 1`. A query
 * that is common is answered after the first chunk; a rare one reads the whole log, which the
 * per-room cap bounds (10,000 messages by default: a few MB, a few tens of ms). docs/deploy.md
 * gives the figures.
 */
import type { Redis } from 'ioredis';
import type { ChatMessage } from '../../src-shared/protocol.ts';
import { fold } from '../store/sqlite-search.ts';
import type { MessagePage } from '../store/store.ts';

/** Entries read per XREVRANGE: big enough to amortize the round trip, small enough to stop early. */
const CHUNK = 2000;

/**
 * Searches one room's log stream.
 * @param decode turns a stream entry (`<seq>-0`, its fields) into the message in its current state
 */
export async function searchLog(
  redis: Redis,
  log: string,
  decode: (id: string, fields: string[]) => ChatMessage,
  query: { q: string; limit: number; before?: number },
): Promise<MessagePage> {
  const needle = fold(query.q);
  const found: ChatMessage[] = [];
  if (query.before !== undefined && query.before <= 1) return { messages: [], more: false };
  let end = query.before === undefined ? '+' : `${query.before - 1}-0`;
  for (;;) {
    const entries = (await redis.xrevrange(log, end, '-', 'COUNT', CHUNK)) as [string, string[]][];
    for (const [id, fields] of entries) {
      const m = decode(id, fields);
      if (!fold(m.text).includes(needle)) continue;
      if (found.length === query.limit) return { messages: found, more: true };
      found.push(m);
    }
    if (entries.length < CHUNK) return { messages: found, more: false };
    end = `(${entries.at(-1)![0]}`; // exclusive: continue below the last entry read
  }
}
