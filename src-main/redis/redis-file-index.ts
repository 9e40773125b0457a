/**
 * The {@link FileIndex} on Redis, shared by every host of a deployment (the blobs are in the
 * shared `--files` folder). Per file a hash; per blob a set of the files that use it; one sorted
 * set of the files no message holds yet, by creation time. Attach and remove are Lua scripts, so
 * two hosts never give one file to two messages or both keep a blob that neither uses.
 */
import type { Redis } from 'ioredis';
import type { FileIndex, StoredFile } from '../files/file-index.ts';
import { infoOf } from '../files/sqlite-file-index.ts';
import { LuaScript } from './connection.ts';

/** KEYS: the file hashes, then the orphans zset. ARGV: owner, the `room\nid` members, the owner's set. */
const ATTACH = new LuaScript(`
local n = #KEYS - 1
for i = 1, n do
  local owner = redis.call('HGET', KEYS[i], 'owner')
  if redis.call('EXISTS', KEYS[i]) == 0 or (owner and owner ~= ARGV[1]) then return i end
end
for i = 1, n do
  redis.call('HSET', KEYS[i], 'owner', ARGV[1])
  redis.call('ZREM', KEYS[n+1], ARGV[i+1])
  redis.call('SADD', ARGV[#ARGV], KEYS[i])
end
return 0
`);

/** KEYS: file hash, orphans zset, upload key. ARGV: member, sha-set prefix. Returns the sha when no file uses it now. */
const REMOVE = new LuaScript(`
local sha = redis.call('HGET', KEYS[1], 'sha256')
if not sha then return false end
redis.call('DEL', KEYS[1], KEYS[3])
redis.call('ZREM', KEYS[2], ARGV[1])
local users = ARGV[2] .. sha
redis.call('SREM', users, ARGV[1])
if redis.call('SCARD', users) == 0 then return sha end
return false
`);

export class RedisFileIndex implements FileIndex {
  readonly #redis: Redis;
  readonly #p: string;

  /** @param prefix the deployment's key prefix (`lanchat:`); the keys are `<prefix>file…` */
  constructor(redis: Redis, prefix: string) {
    this.#redis = redis;
    this.#p = prefix;
  }

  #file = (room: string, id: string) => `${this.#p}file:${room}:${id}`;
  #upload = (uploadId: string) => `${this.#p}file-upload:${uploadId}`;
  #owner = (room: string, owner: string) => `${this.#p}file-owner:${room}:${owner}`;
  get #orphans() {
    return `${this.#p}file-orphans`;
  }

  async put(f: StoredFile): Promise<void> {
    const member = `${f.room}\n${f.id}`;
    await this.#redis
      .multi()
      .hset(this.#file(f.room, f.id), {
        info: infoOf(f),
        sha256: f.sha256,
        upload: f.uploadId,
        created: f.createdAt,
      })
      .set(this.#upload(f.uploadId), f.id)
      .sadd(`${this.#p}file-sha:${f.sha256}`, member)
      .zadd(this.#orphans, f.createdAt, member)
      .exec();
  }

  async get(room: string, id: string): Promise<StoredFile | undefined> {
    const h = await this.#redis.hgetall(this.#file(room, id));
    if (!h.info) return undefined;
    return {
      ...(JSON.parse(h.info) as StoredFile),
      room,
      uploadId: h.upload!,
      createdAt: Number(h.created),
      ...(h.owner ? { owner: h.owner } : {}),
    };
  }

  async byUpload(uploadId: string): Promise<string | undefined> {
    return (await this.#redis.get(this.#upload(uploadId))) ?? undefined;
  }

  async attach(room: string, ids: readonly string[], owner: string) {
    const keys = [...ids.map((id) => this.#file(room, id)), this.#orphans];
    const args = [owner, ...ids.map((id) => `${room}\n${id}`), this.#owner(room, owner)];
    const bad = Number(await ATTACH.run(this.#redis, keys, args));
    if (bad > 0) return { refused: ids[bad - 1]! };
    const files = await Promise.all(ids.map((id) => this.get(room, id)));
    return { files: files.filter((f): f is StoredFile => f !== undefined) };
  }

  async owned(room: string, owner: string): Promise<string[]> {
    const keys = await this.#redis.smembers(this.#owner(room, owner));
    return keys.map((k) => k.slice(k.lastIndexOf(':') + 1));
  }

  async release(room: string, owner: string): Promise<void> {
    const now = Date.now();
    const ids = await this.owned(room, owner);
    const tx = this.#redis.multi().del(this.#owner(room, owner));
    for (const id of ids) {
      tx.hdel(this.#file(room, id), 'owner').hset(this.#file(room, id), 'created', now);
      tx.zadd(this.#orphans, now, `${room}\n${id}`);
    }
    await tx.exec();
  }

  async orphans(before: number): Promise<StoredFile[]> {
    const members = await this.#redis.zrangebyscore(this.#orphans, '-inf', `(${before}`, 'LIMIT', 0, 1000);
    const files = await Promise.all(
      members.map((m) => {
        const [room, id] = m.split('\n') as [string, string];
        return this.get(room, id);
      }),
    );
    return files.filter((f): f is StoredFile => f !== undefined);
  }

  async remove(room: string, ids: readonly string[]): Promise<string[]> {
    const gone: string[] = [];
    for (const id of ids) {
      const uploadId = await this.#redis.hget(this.#file(room, id), 'upload');
      const keys = [this.#file(room, id), this.#orphans, this.#upload(uploadId ?? '-')];
      const sha = await REMOVE.run(this.#redis, keys, [`${room}\n${id}`, `${this.#p}file-sha:`]);
      if (typeof sha === 'string') gone.push(sha);
    }
    return gone;
  }

  async close(): Promise<void> {
    // The connection belongs to the history store, which closes it.
  }
}
