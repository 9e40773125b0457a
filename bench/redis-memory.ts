/**
 * Measures what one stored message costs in Redis: fills one room with N messages through the
 * real RedisStore (log Stream + dedup sorted set + counter) and reads MEMORY USAGE and INFO.
 *
 *   node bench/redis-memory.ts redis://127.0.0.1:6379 [N=10000] [text length=60]
 *
 * Uses its own key prefix and deletes its keys afterwards.
 */
import { randomBytes } from 'node:crypto';
import { connectRedis } from '../src-main/redis/connection.ts';
import { redisKeys } from '../src-main/redis/keys.ts';
import { RedisStore } from '../src-main/redis/redis-store.ts';
import type { AppendRequest } from '../src-main/store/store.ts';

const [url = 'redis://127.0.0.1:6379', nArg = '10000', lenArg = '60'] = process.argv.slice(2);
const n = Number(nArg);
const textLength = Number(lenArg);
const redis = await connectRedis(url, 'memory-bench');
const keys = redisKeys(`membench-${randomBytes(4).toString('hex')}:`);
const store = new RedisStore({ redis, keys, maxMessagesPerRoom: n });
const used = async () => Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1]);

await store.openRoom('room');
const before = await used();
const clients = Array.from({ length: 20 }, () => randomBytes(12).toString('base64url'));
for (let i = 0; i < n; i += 100) {
  const batch: AppendRequest[] = [];
  for (let k = i; k < Math.min(n, i + 100); k++) {
    batch.push({
      room: 'room',
      clientId: clients[k % clients.length]!,
      id: randomBytes(8).toString('base64url'),
      from: { id: `m-${randomBytes(12).toString('base64url')}`, name: `Person ${k % clients.length}` },
      text: 'x'.repeat(textLength),
    });
  }
  await store.append(batch);
}
const after = await used();
const usage = async (key: string) => Number(await redis.call('MEMORY', 'USAGE', key, 'SAMPLES', '0'));
const log = await usage(keys.log('room'));
const dedup = await usage(keys.dedup('room'));
const perMessage = (x: number) => (x / n).toFixed(0);
console.log(
  `${n} messages of ${textLength} characters: stream ${perMessage(log)} B/message, dedup ${perMessage(dedup)} B/message, ` +
    `INFO used_memory grew ${perMessage(after - before)} B/message`,
);
await redis.del(keys.log('room'), keys.dedup('room'), keys.room('room'), keys.rooms, keys.messages);
await store.close();
