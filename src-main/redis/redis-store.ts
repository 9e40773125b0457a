/**
 * The history store on Redis, for several hosts serving the same rooms. Per room: a hash with
 * the epoch and the seq counter, a Stream of messages whose entry ids are `<seq>-0` (so history
 * is a range read by seq) capped with MAXLEN, and a sorted set of dedup records trimmed at the
 * same cap. A batch is stored by ONE Lua script: seq allocation, XADD, dedup and the fan-out
 * PUBLISH happen atomically, so seq is gap-free however many hosts append, and the published
 * order is the seq order.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { ChatMessage, ReadState } from '../../src-shared/protocol.ts';
import { LuaScript } from './connection.ts';
import type { RedisKeys } from './keys.ts';
import {
  AOF_REWRITE_DELAY_MS,
  compactAof,
  decodeBody,
  encodeBody,
  LOG_LUA,
  READ,
  readMessages,
  type ReadRow,
  REFUSALS,
  requestOf,
  SAVE_READS,
} from './redis-log.ts';
import { searchLog } from './redis-search.ts';
import {
  DEFAULT_RETENTION,
  entryOf,
  type AppendRequest,
  type AppendResult,
  type HistoryPage,
  type HistoryStore,
  type MessagePage,
  type RoomLog,
} from '../store/store.ts';

export { decodeBody, encodeBody };

/**
 * KEYS: per room (1-based index r) room hash, log stream, dedup zset, text hash, state hash, files
 * hash at 6r-5 … 6r. ARGV: cap, channel, ts, room count N, N room ids, then per request: room
 * index, dedup member, Stream body (without text and files), text, files JSON ('' for none),
 * request (see redis-log.ts), published body.
 * Returns per request `{seq}` when stored now, `{seq, body, text, state, files}` when it was already
 * stored, `{0, code}` when refused. Every room is checked before anything is written: a script
 * that errors midway keeps its writes.
 * Publishes ONE payload per room with new entries (see decodePublished): a subscriber handles a
 * batch per event instead of an event per message. A room's new seqs in one run are consecutive.
 */
const APPEND = new LuaScript(`${LOG_LUA}
local cap, channel, ts, nrooms = tonumber(ARGV[1]), ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
for r = 1, nrooms do
  if redis.call('HEXISTS', KEYS[6*r-5], 'epoch') == 0 then
    return redis.error_reply('NOROOM the log of room ' .. ARGV[4+r] .. ' is missing')
  end
end
local out, pub = {}, {}
for i = 5 + nrooms, #ARGV, 7 do
  local r, member, body, text, fl, req, full = tonumber(ARGV[i]), ARGV[i+1], ARGV[i+2], ARGV[i+3], ARGV[i+4], ARGV[i+5], ARGV[i+6]
  local meta, log, dedup, texts, states, files = KEYS[6*r-5], KEYS[6*r-4], KEYS[6*r-3], KEYS[6*r-2], KEYS[6*r-1], KEYS[6*r]
  local old = redis.call('ZSCORE', dedup, member)
  local entry = nil
  if old then entry = redis.call('XRANGE', log, old .. '-0', old .. '-0')[1] end
  local q = req ~= '' and cjson.decode(req) or nil
  local refused = ''
  if not entry and q then refused = check(q, log, states) end
  if entry then
    out[#out+1] = {tonumber(old), entry[2][2], redis.call('HGET', texts, old), redis.call('HGET', states, old),
      redis.call('HGET', files, old)}
  elseif refused ~= '' then
    out[#out+1] = {0, refused}
  else
    local seq = redis.call('HINCRBY', meta, 'seq', 1)
    redis.call('XADD', log, 'MAXLEN', cap, seq .. '-0', 'm', body)
    if text ~= '' then redis.call('HSET', texts, seq, text) end
    if fl ~= '' then redis.call('HSET', files, seq, fl) end
    redis.call('ZADD', dedup, seq, member)
    if seq > cap then
      redis.call('ZREMRANGEBYSCORE', dedup, '-inf', seq - cap)
      redis.call('HDEL', texts, seq - cap)
      redis.call('HDEL', states, seq - cap)
      redis.call('HDEL', files, seq - cap)
    end
    if q and q.k then apply(q, texts, states, files, seq, ts, text) end
    local p = pub[r]
    if not p then p = {seq}; pub[r] = p end
    p[#p+1] = full
    out[#out+1] = {seq}
  end
end
for r = 1, nrooms do
  local p = pub[r]
  if p then redis.call('PUBLISH', channel, ARGV[4+r] .. '\\n' .. p[1] .. '\\n' .. table.concat(p, '\\n', 2)) end
end
return out
`);

type Rows = ReadRow[];

export interface RedisStoreOptions {
  /** A ready connection (see connectRedis); the store closes it on close(). */
  redis: Redis;
  keys: RedisKeys;
  /** Messages kept per room (MAXLEN of the stream). Default 10,000. */
  maxMessagesPerRoom?: number;
  /**
   * Hand GroupCommit's next batch over before the last one's results are handled (default true;
   * false only to measure the difference): see {@link RedisStore.concurrent}.
   */
  pipeline?: boolean;
}

/** A {@link HistoryStore} in Redis, shared by every host that points at the same Redis and prefix. */
export class RedisStore implements HistoryStore {
  readonly redis: Redis;
  readonly keys: RedisKeys;
  /**
   * Redis works off this thread, so the next batch's script can run while this host fans out the
   * last one's results. Redis runs one connection's commands in the order they were sent, and
   * GroupCommit sends the next batch only once the last one's results are back, so seq order and
   * exactly-once are what they are one batch at a time.
   */
  readonly concurrent: boolean;
  readonly #cap: number;
  /** Rooms whose log is known to exist (append needs the room's hash). */
  readonly #opened = new Set<string>();
  #rewrite: NodeJS.Timeout | undefined;

  constructor(options: RedisStoreOptions) {
    this.redis = options.redis;
    this.keys = options.keys;
    this.#cap = options.maxMessagesPerRoom ?? DEFAULT_RETENTION;
    this.concurrent = options.pipeline ?? true;
  }

  async secret(): Promise<Uint8Array> {
    // SET NX: the first host to start creates it; every other host reads the same one.
    await this.redis.set(this.keys.secret, randomBytes(32).toString('base64'), 'NX');
    const stored = await this.redis.get(this.keys.secret);
    if (stored === null) throw new Error('The member secret vanished from Redis.');
    return new Uint8Array(Buffer.from(stored, 'base64'));
  }

  async openRoom(room: string): Promise<RoomLog> {
    const key = this.keys.room(room);
    const replies = await this.redis
      .multi()
      .hsetnx(key, 'epoch', randomBytes(12).toString('base64url'))
      .sadd(this.keys.rooms, room)
      .hmget(key, 'epoch', 'seq')
      .exec();
    const [[epoch, seq]] = execResult(replies, 2) as [[string, string | null]];
    this.#opened.add(room);
    return { epoch, latestSeq: Number(seq ?? 0) };
  }

  async append(batch: readonly AppendRequest[]): Promise<AppendResult[]> {
    if (batch.length === 0) return [];
    for (const r of batch) if (!this.#opened.has(r.room)) await this.openRoom(r.room);
    const index = new Map<string, number>();
    const keys: string[] = [];
    const sends: (string | number)[] = [];
    const entries: ChatMessage[] = [];
    const ts = Date.now();
    for (const r of batch) {
      let i = index.get(r.room);
      if (i === undefined) {
        index.set(r.room, (i = index.size + 1));
        const k = this.keys;
        keys.push(k.room(r.room), k.log(r.room), k.dedup(r.room), k.texts(r.room), k.states(r.room), k.files(r.room));
      }
      const entry = entryOf(r, 0, ts);
      entries.push(entry);
      // The Stream keeps no text and no file list (they cannot be erased there); the published copy has them.
      const files = entry.files ? JSON.stringify(entry.files) : '';
      sends.push(i, `${r.clientId}:${r.id}`, encodeBody(entry, false), r.text, files, requestOf(r), encodeBody(entry));
    }
    let out: [number, (string | null)?, (string | null)?, (string | null)?, (string | null)?][];
    try {
      const args = [this.#cap, this.keys.messages, ts, index.size, ...index.keys(), ...sends];
      out = (await APPEND.run(this.redis, keys, args)) as typeof out;
    } catch (err) {
      if (String((err as Error).message).startsWith('NOROOM')) this.#opened.clear();
      throw err;
    }
    if (batch.some((r, i) => r.change?.kind === 'delete' && out[i]![0] > 0 && out[i]!.length === 1)) this.#erased();
    return out.map(([seq, old, text, state, files], i): AppendResult => {
      if (seq === 0) {
        const code = old as keyof typeof REFUSALS;
        return { message: entries[i]!, duplicate: false, refused: { code, message: REFUSALS[code] } };
      }
      if (old === undefined) return { message: { ...entries[i]!, seq }, duplicate: false };
      return { message: decodeBody(seq, old!, { text, state, files }), duplicate: true };
    });
  }

  get retention(): number {
    return this.#cap;
  }

  async history(room: string, since: number | undefined, limit: number): Promise<HistoryPage> {
    const from = since === undefined ? '-' : `${since + 1}-0`;
    const [seq, rows] = await Promise.all([
      this.redis.hget(this.keys.room(room), 'seq'),
      READ.run(this.redis, this.#readKeys(room), ['rev', '+', from, limit + 1]) as Promise<Rows>,
    ]);
    const truncated = rows.length > limit;
    if (truncated) rows.pop();
    return { messages: readMessages(rows.reverse()), latestSeq: Number(seq ?? 0), truncated };
  }

  async older(room: string, before: number, limit: number): Promise<MessagePage> {
    if (before <= 1) return { messages: [], more: false };
    // XREVRANGE from seq before-1 down (in READ, with each entry's current state): a seek in the
    // stream's radix tree, then `limit` entries.
    const rows = (await READ.run(this.redis, this.#readKeys(room), ['rev', `${before - 1}-0`, '-', limit + 1])) as Rows;
    const more = rows.length > limit;
    if (more) rows.pop();
    return { messages: readMessages(rows).reverse(), more };
  }

  async search(room: string, q: string, limit: number, before?: number): Promise<MessagePage> {
    const read = async (end: string, count: number) =>
      readMessages((await READ.run(this.redis, this.#readKeys(room), ['rev', end, '-', count])) as Rows);
    return searchLog(read, before === undefined ? { q, limit } : { q, limit, before });
  }

  /** The stored messages with `from ≤ seq ≤ to` (at most `count`), oldest first: how hosts fill gaps. */
  async range(room: string, from: number, to: number | '+', count: number): Promise<ChatMessage[]> {
    const end = to === '+' ? '+' : `${to}-0`;
    return readMessages((await READ.run(this.redis, this.#readKeys(room), ['fwd', `${from}-0`, end, count])) as Rows);
  }

  async saveReads(room: string, reads: readonly ReadState[]): Promise<void> {
    if (reads.length === 0) return;
    const args = reads.flatMap((r) => [r.member.id, r.member.name, r.seq]);
    await SAVE_READS.run(this.redis, [this.keys.reads(room), this.keys.room(room)], args);
  }

  async reads(room: string): Promise<ReadState[]> {
    const all = await this.redis.hgetall(this.keys.reads(room));
    return Object.entries(all)
      .map(([id, v]) => {
        const [name, seq] = JSON.parse(v) as [string, number];
        return { member: { id, name }, seq };
      })
      .sort((a, b) => b.seq - a.seq || (a.member.id < b.member.id ? -1 : 1));
  }

  #readKeys(room: string): string[] {
    return [this.keys.log(room), this.keys.texts(room), this.keys.states(room), this.keys.files(room)];
  }

  /**
   * A delete was stored: Redis's append-only file still holds the erased text until it is
   * rewritten from the data set. Asks for that rewrite (at most once per few seconds).
   */
  #erased(): void {
    if (this.#rewrite) return;
    this.#rewrite = setTimeout(() => {
      this.#rewrite = undefined;
      void compactAof(this.redis);
    }, AOF_REWRITE_DELAY_MS);
    this.#rewrite.unref();
  }

  async rooms(): Promise<string[]> {
    return (await this.redis.smembers(this.keys.rooms)).sort();
  }

  async close(): Promise<void> {
    if (this.#rewrite) {
      clearTimeout(this.#rewrite);
      this.#rewrite = undefined;
      await compactAof(this.redis, 1);
    }
    if (this.redis.status === 'end') return;
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** The replies of a MULTI…EXEC from index `from` on; throws the first command error. */
function execResult(replies: [Error | null, unknown][] | null, from: number): unknown[] {
  if (!replies) throw new Error('Redis aborted the transaction.');
  for (const [err] of replies) if (err) throw err;
  return replies.slice(from).map(([, value]) => value);
}
