/**
 * The room log on Redis (protocol 1.1): the Lua that checks a change against its target and
 * applies it in the same script that stores it, and the reads that serve entries in their current
 * state. Per room, beside the Stream (whose entries cannot be rewritten):
 * - `text` hash, seq → text: the text of text and edit entries lives here, not in the Stream, so
 *   that a delete can erase it (HDEL); the Stream entry carries an empty text;
 * - `state` hash, seq → JSON `{edited, deleted, reactions, rev, edits}` of changed text entries
 *   (`edits`: the seqs of the edit entries that targeted it, whose text a delete erases too);
 * - `files` hash, seq → JSON file list of an entry sent with files (names are as private as
 *   text: a delete erases them with HDEL; entries stored before this hash keep theirs in the Stream).
 * All three are trimmed with the Stream (the entry seq − cap leaves them when a new one comes in).
 */
import type { Redis } from 'ioredis';
import type { ChatMessage } from '../../src-shared/protocol.ts';
import { LOG_LIMITS } from '../../src-shared/room-log.ts';
import { LuaScript } from './connection.ts';
import { validMessage } from './revalidate.ts';
import type { AppendRequest } from '../store/store.ts';

/**
 * Lua: `check(q, log, states)` says why a request cannot be stored ('' when it can), and
 * `apply(q, texts, states, files, seq, ts, text)` applies a stored change to its target.
 * `q`: `{k=kind, t=target, m=memberId, e=emoji, o=on}` or `{r=replyTo, m=memberId}`.
 */
export const LOG_LUA = `
local function targetOf(log, states, seq)
  local entry = redis.call('XRANGE', log, seq .. '-0', seq .. '-0')[1]
  if not entry then return nil end
  local body = cjson.decode(entry[2][2])
  local st = redis.call('HGET', states, seq)
  return body, (st and cjson.decode(st) or {})
end
local function check(q, log, states)
  local body, st = targetOf(log, states, q.t or q.r)
  if not body or (type(body[6]) == 'table' and body[6].kind) or st.deleted then return 'not_found' end
  if (q.k == 'edit' or q.k == 'delete') and body[2] ~= q.m then return 'forbidden' end
  if q.k == 'react' and q.o then
    local r, kinds, total = st.reactions or {}, 0, 0
    for _, ids in pairs(r) do kinds = kinds + 1; total = total + #ids end
    if (not r[q.e] and kinds >= ${LOG_LIMITS.maxEmojiPerMessage}) or total >= ${LOG_LIMITS.maxReactionsPerMessage} then
      return 'too_large'
    end
  end
  return ''
end
local function apply(q, texts, states, files, seq, ts, text)
  local st = redis.call('HGET', states, q.t)
  st = st and cjson.decode(st) or {}
  if q.k == 'edit' then
    redis.call('HSET', texts, q.t, text)
    st.edited = ts
    st.edits = st.edits or {}
    st.edits[#st.edits + 1] = seq
  elseif q.k == 'delete' then
    redis.call('HDEL', texts, q.t)
    redis.call('HDEL', files, q.t)
    for _, e in ipairs(st.edits or {}) do redis.call('HDEL', texts, e) end
    st = {deleted = true}
  elseif q.k == 'react' then
    local r = st.reactions or {}
    local ids, at = r[q.e] or {}, nil
    for i, id in ipairs(ids) do if id == q.m then at = i end end
    if q.o and not at then ids[#ids + 1] = q.m elseif not q.o and at then table.remove(ids, at) end
    if #ids > 0 then r[q.e] = ids else r[q.e] = nil end
    if next(r) == nil then st.reactions = nil else st.reactions = r end
  end
  st.rev = seq
  redis.call('HSET', states, q.t, cjson.encode(st))
end
`;

/** What the Lua needs to know of a request: '' for a plain send. */
export function requestOf(r: AppendRequest): string {
  if (r.change) {
    const { kind, target, emoji, on } = r.change;
    return JSON.stringify({ k: kind, t: target, m: r.from.id, e: emoji, o: on });
  }
  return r.replyTo === undefined ? '' : JSON.stringify({ r: r.replyTo, m: r.from.id });
}

/** Messages the Lua's refusal codes stand for. */
export const REFUSALS = {
  not_found: 'That message does not exist or was deleted.',
  forbidden: 'Only its author can change a message.',
  too_large: 'This message has as many reactions as it can carry.',
} as const;

/** A stored body: `[id, fromId, fromName, text, ts, extra?]`, extra holding the 1.1 fields. */
type Body = [string, string, string, string, number, Partial<ChatMessage>?];

/**
 * A message's body. The Stream's copy is stored without its text and file list (`erasable`
 * false: they go to the hashes that a delete can erase); the published copy has everything.
 */
export function encodeBody(m: Omit<ChatMessage, 'type' | 'seq'>, erasable = true): string {
  const extra: Partial<ChatMessage> = {};
  for (const k of ['kind', 'target', 'emoji', 'on', 'replyTo', 'files'] as const) {
    if (k === 'files' && !erasable) continue;
    if (m[k] !== undefined) (extra as Record<string, unknown>)[k] = m[k];
  }
  const body: Body = [m.id, m.from.id, m.from.name, erasable ? m.text : '', m.ts];
  if (Object.keys(extra).length > 0) body.push(extra);
  return JSON.stringify(body);
}

/**
 * The message of a stored body, with its text, file list and current state when given, checked
 * like network input (revalidate.ts): a body that fails the checks is served as unreadable under
 * its seq.
 */
export function decodeBody(seq: number, body: string, stored: Stored = {}): ChatMessage {
  return validMessage(seq, () => parseBody(seq, body, stored));
}

/**
 * One PUBLISH of the append script: `room\nfirstSeq\nbody\nbody…`, the new entries of one room in
 * one stored batch, seqs consecutive from firstSeq (a JSON body holds no raw newline). Entries
 * below `from(room)` are skipped unparsed: most copies were delivered already, by the fast path.
 * @returns undefined for a room `from` does not know, or a payload without a seq line
 */
export function decodePublished(
  payload: string,
  from: (room: string) => number | undefined,
): { room: string; messages: ChatMessage[] } | undefined {
  const a = payload.indexOf('\n');
  const b = payload.indexOf('\n', a + 1);
  if (b < 0) return undefined;
  const room = payload.slice(0, a);
  const next = from(room);
  if (next === undefined) return undefined;
  const messages: ChatMessage[] = [];
  let seq = Number(payload.slice(a + 1, b));
  if (!Number.isSafeInteger(seq)) return { room, messages };
  for (let at = b + 1; at <= payload.length; seq++) {
    const nl = payload.indexOf('\n', at);
    const end = nl < 0 ? payload.length : nl;
    if (seq >= next) messages.push(decodeBody(seq, payload.slice(at, end)));
    at = end + 1;
  }
  return { room, messages };
}

/** What the hashes beside the Stream hold for an entry (see the file comment). */
export interface Stored {
  text?: string | null;
  files?: string | null;
  state?: string | null;
}

function parseBody(seq: number, body: string, { text, files, state }: Stored): ChatMessage {
  const [id, fromId, name, bodyText, ts, extra] = JSON.parse(body) as Body;
  const m: ChatMessage = { type: 'message', seq, id, from: { id: fromId, name }, text: text ?? bodyText, ts };
  if (extra) Object.assign(m, extra);
  if (files) m.files = JSON.parse(files) as ChatMessage['files'];
  if (state) {
    const s = JSON.parse(state) as Partial<ChatMessage>;
    for (const k of ['edited', 'deleted', 'reactions', 'rev'] as const) {
      if (s[k] !== undefined) (m as unknown as Record<string, unknown>)[k] = s[k];
    }
    if (m.deleted) {
      m.text = '';
      delete m.files; // an entry stored before the files hash: its Stream copy cannot be rewritten
    }
  }
  return m;
}

/**
 * Reads entries in their current state. KEYS: log, text, state, files. ARGV: 'rev' or 'fwd',
 * start, end, count. Returns `{seq, body, text|false, state|false, files|false}` per entry, in
 * the Stream's order.
 */
export const READ = new LuaScript(`
local entries
if ARGV[1] == 'rev' then
  entries = redis.call('XREVRANGE', KEYS[1], ARGV[2], ARGV[3], 'COUNT', ARGV[4])
else
  entries = redis.call('XRANGE', KEYS[1], ARGV[2], ARGV[3], 'COUNT', ARGV[4])
end
local out = {}
for i, e in ipairs(entries) do
  local seq = string.match(e[1], '^(%d+)')
  out[i] = {tonumber(seq), e[2][2], redis.call('HGET', KEYS[2], seq), redis.call('HGET', KEYS[3], seq),
    redis.call('HGET', KEYS[4], seq)}
end
return out
`);

/** A READ row: `[seq, body, text, state, files]`. */
export type ReadRow = [number, string, string | null, string | null, string | null];

/** The messages of a READ reply. */
export function readMessages(rows: ReadRow[]): ChatMessage[] {
  return rows.map(([seq, body, text, state, files]) => decodeBody(seq, body, { text: text ?? '', state, files }));
}

/**
 * KEYS: the room's reads hash, the room's hash. ARGV: per member id, name, seq. Raises each, never
 * lowers, and never past the room's latest seq (nothing is kept for a room without messages).
 */
export const SAVE_READS = new LuaScript(`
local latest = tonumber(redis.call('HGET', KEYS[2], 'seq') or '0')
if latest == 0 then return 0 end
for i = 1, #ARGV, 3 do
  local old = redis.call('HGET', KEYS[1], ARGV[i])
  local seq = math.min(tonumber(ARGV[i+2]), latest)
  if old then seq = math.max(seq, cjson.decode(old)[2]) end
  redis.call('HSET', KEYS[1], ARGV[i], cjson.encode({ARGV[i+1], seq}))
end
return 0
`);

/** How long after a delete the append-only file is rewritten (deletes close together share one). */
export const AOF_REWRITE_DELAY_MS = 1000;

/**
 * Rewrites Redis's append-only file from the data set, so that text a delete erased leaves the
 * disk too (the file holds every command ever run until it is rewritten). Tries again while
 * another rewrite or a snapshot is under way. Without AOF there is nothing to do: the next RDB
 * snapshot replaces the last one.
 * @returns whether a rewrite was started
 */
export async function compactAof(redis: Redis, attempts = 20): Promise<boolean> {
  for (let i = 0; i < attempts; i++) {
    try {
      const info = await redis.info('persistence');
      if (!/aof_enabled:1/.test(info)) return false;
      if (!/aof_rewrite_in_progress:1/.test(info)) {
        await redis.bgrewriteaof();
        return true;
      }
    } catch {
      // a rewrite started meanwhile, or Redis is away: try again shortly
    }
    await new Promise((r) => setTimeout(r, 500).unref());
  }
  return false;
}
