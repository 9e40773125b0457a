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
import type { ChatMessage } from '../../src-shared/protocol.ts';
import { LuaScript } from './connection.ts';
import type { RedisKeys } from './keys.ts';
import { searchLog } from './redis-search.ts';
import type { AppendRequest, AppendResult, HistoryPage, HistoryStore, MessagePage, RoomLog } from '../store/store.ts';

/**
 * KEYS: per room (1-based index r) room hash, log stream, dedup zset at 3r-2, 3r-1, 3r.
 * ARGV: cap, channel, room count N, N room ids, then per send: room index, dedup member, body.
 * Returns per send `{seq}` when stored now, `{seq, body}` when it was already stored.
 * Every room is checked before anything is written: a script that errors midway keeps its writes.
 */
const APPEND = new LuaScript(`
local cap, channel, nrooms = tonumber(ARGV[1]), ARGV[2], tonumber(ARGV[3])
for r = 1, nrooms do
  if redis.call('HEXISTS', KEYS[3*r-2], 'epoch') == 0 then
    return redis.error_reply('NOROOM the log of room ' .. ARGV[3+r] .. ' is missing')
  end
end
local out = {}
for i = 4 + nrooms, #ARGV, 3 do
  local r, member, body = tonumber(ARGV[i]), ARGV[i+1], ARGV[i+2]
  local meta, log, dedup = KEYS[3*r-2], KEYS[3*r-1], KEYS[3*r]
  local old = redis.call('ZSCORE', dedup, member)
  local entry = nil
  if old then entry = redis.call('XRANGE', log, old .. '-0', old .. '-0')[1] end
  if entry then
    out[#out+1] = {tonumber(old), entry[2][2]}
  else
    local seq = redis.call('HINCRBY', meta, 'seq', 1)
    redis.call('XADD', log, 'MAXLEN', cap, seq .. '-0', 'm', body)
    redis.call('ZADD', dedup, seq, member)
    if seq > cap then redis.call('ZREMRANGEBYSCORE', dedup, '-inf', seq - cap) end
    redis.call('PUBLISH', channel, ARGV[3+r] .. '\\n' .. seq .. '\\n' .. body)
    out[#out+1] = {seq}
  end
end
return out
`);

/** A stored message's body: `[id, fromId, fromName, text, ts]`, compact because it is kept per message. */
export function encodeBody(m: Omit<ChatMessage, 'type' | 'seq'>): string {
  return JSON.stringify([m.id, m.from.id, m.from.name, m.text, m.ts]);
}

/** The message of a stored body. */
export function decodeBody(seq: number, body: string): ChatMessage {
  const [id, fromId, name, text, ts] = JSON.parse(body) as [string, string, string, string, number];
  return { type: 'message', seq, id, from: { id: fromId, name }, text, ts };
}

/** Stream entries as ioredis returns them: `[id, [field, value, …]]`. */
type Entries = [string, string[]][];

const toMessages = (entries: Entries): ChatMessage[] =>
  entries.map(([id, fields]) => decodeBody(Number.parseInt(id, 10), fields[1]!));

export interface RedisStoreOptions {
  /** A ready connection (see connectRedis); the store closes it on close(). */
  redis: Redis;
  keys: RedisKeys;
  /** Messages kept per room (MAXLEN of the stream). Default 10,000. */
  maxMessagesPerRoom?: number;
}

/** A {@link HistoryStore} in Redis, shared by every host that points at the same Redis and prefix. */
export class RedisStore implements HistoryStore {
  readonly redis: Redis;
  readonly keys: RedisKeys;
  readonly #cap: number;
  /** Rooms whose log is known to exist (append needs the room's hash). */
  readonly #opened = new Set<string>();

  constructor(options: RedisStoreOptions) {
    this.redis = options.redis;
    this.keys = options.keys;
    this.#cap = options.maxMessagesPerRoom ?? 10_000;
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
    const bodies: string[] = [];
    const ts = Date.now();
    for (const r of batch) {
      let i = index.get(r.room);
      if (i === undefined) {
        index.set(r.room, (i = index.size + 1));
        keys.push(this.keys.room(r.room), this.keys.log(r.room), this.keys.dedup(r.room));
      }
      const body = encodeBody({ id: r.id, from: r.from, text: r.text, ts });
      bodies.push(body);
      sends.push(i, `${r.clientId}:${r.id}`, body);
    }
    let out: [number, string?][];
    try {
      const args = [this.#cap, this.keys.messages, index.size, ...index.keys(), ...sends];
      out = (await APPEND.run(this.redis, keys, args)) as [number, string?][];
    } catch (err) {
      if (String((err as Error).message).startsWith('NOROOM')) this.#opened.clear();
      throw err;
    }
    return out.map(([seq, old], i) =>
      old === undefined
        ? { message: decodeBody(seq, bodies[i]!), duplicate: false }
        : { message: decodeBody(seq, old), duplicate: true },
    );
  }

  async history(room: string, since: number | undefined, limit: number): Promise<HistoryPage> {
    const from = since === undefined ? '-' : `${since + 1}-0`;
    const replies = await this.redis
      .multi()
      .hget(this.keys.room(room), 'seq')
      .xrevrange(this.keys.log(room), '+', from, 'COUNT', limit + 1)
      .exec();
    const [seq, entries] = execResult(replies, 0) as [string | null, Entries];
    const truncated = entries.length > limit;
    if (truncated) entries.pop();
    return { messages: toMessages(entries.reverse()), latestSeq: Number(seq ?? 0), truncated };
  }

  async older(room: string, before: number, limit: number): Promise<MessagePage> {
    if (before <= 1) return { messages: [], more: false };
    // XREVRANGE from seq before-1 down: a seek in the stream's radix tree, then `limit` entries.
    const entries = (await this.redis.xrevrange(
      this.keys.log(room),
      `${before - 1}-0`,
      '-',
      'COUNT',
      limit + 1,
    )) as Entries;
    const more = entries.length > limit;
    if (more) entries.pop();
    return { messages: toMessages(entries.reverse()), more };
  }

  async search(room: string, q: string, limit: number, before?: number): Promise<MessagePage> {
    const decode = (id: string, fields: string[]) => decodeBody(Number.parseInt(id, 10), fields[1]!);
    return searchLog(
      this.redis,
      this.keys.log(room),
      decode,
      before === undefined ? { q, limit } : { q, limit, before },
    );
  }

  /** The stored messages with `from ≤ seq ≤ to` (at most `count`), oldest first: how hosts fill gaps. */
  async range(room: string, from: number, to: number | '+', count: number): Promise<ChatMessage[]> {
    const end = to === '+' ? '+' : `${to}-0`;
    return toMessages((await this.redis.xrange(this.keys.log(room), `${from}-0`, end, 'COUNT', count)) as Entries);
  }

  async rooms(): Promise<string[]> {
    return (await this.redis.smembers(this.keys.rooms)).sort();
  }

  async close(): Promise<void> {
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
