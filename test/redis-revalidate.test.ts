/**
 * Redis is not trusted more than the network: a real host on a real Redis into which someone
 * wrote hostile entries shows them as unreadable (their seq kept), drops hostile presence, and
 * never prints the Redis password.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis } from '../src-main/redis/connection.ts';
import { redisKeys } from '../src-main/redis/keys.ts';
import { runHostCli } from './helpers/spawn-host.ts';
import { startRedisHost } from './helpers/host.ts';
import { noRedis, startRedis, testPrefix, type TestRedis } from './helpers/redis.ts';
import { RawClient } from './helpers/ws-client.ts';
import { SPAWNING_TEST_MS } from './helpers/cpu-deadline.ts';

let redis: TestRedis;
beforeAll(async () => {
  if (!noRedis()) redis = await startRedis();
});
afterAll(async () => {
  await redis?.destroy();
});

describe.skipIf(noRedis())('what is read back from Redis', () => {
  it('is checked like network input: a hostile stored message keeps its seq but is shown unreadable', async () => {
    const prefix = testPrefix();
    const h = await startRedisHost(redis.url, prefix);
    const raw = await connectRedis(redis.url, 'attacker');
    try {
      const alice = await RawClient.join(h.url(), { name: 'Alice' });
      alice.sendJson({ type: 'send', id: 'a1', text: 'first' });
      await alice.waitForMessages(1);
      // Someone with write access to Redis forges seq 2 (escape sequences, a fake name) and a presence.
      const keys = redisKeys(prefix);
      await raw.hincrby(keys.room('general'), 'seq', 1);
      const body = JSON.stringify(['x2', 'm-fake', 'Al\u001bice', 'pwn\u001b[2J', Date.now()]);
      await raw.xadd(keys.log('general'), '2-0', 'm', body);
      await raw.publish(keys.messages, `general\n2\n${body}`);
      await raw.publish(
        keys.events,
        JSON.stringify({ h: 'other', r: 'general', e: 'join', m: { id: 'm-x', name: '\u202e' } }),
      );
      alice.sendJson({ type: 'send', id: 'a3', text: 'third' });
      const live = await alice.waitForMessages(3);
      expect(live.map((m) => m.seq)).toEqual([1, 2, 3]);
      expect(live[1]).toMatchObject({
        text: '[This message could not be read back from storage.]',
        from: { name: '?' },
      });
      const late = await RawClient.join(h.url(), { name: 'Bob', since: 0 });
      const history = late.frames[0]!.history as { seq: number; text: string }[];
      expect(history.map((m) => m.seq)).toEqual([1, 2, 3]);
      const seen = JSON.stringify(late.frames);
      for (const bad of ['\\u001b', '\u001b', '\u202e']) expect(seen).not.toContain(bad);
      expect(alice.frames.some((f) => f.type === 'presence' && (f.member as { id: string }).id === 'm-x')).toBe(false);
      alice.ws.terminate();
      late.ws.terminate();
    } finally {
      raw.disconnect();
      await h.stop();
    }
  });

  it(
    'never prints the Redis password',
    async () => {
      const url = redis.url.replace('redis://', 'redis://lanchat:s3cret-pw@');
      const r = await runHostCli(['--port', '0', '--redis', url]);
      expect(r.code).not.toBe(0); // this Redis has no such user
      expect(r.stdout + r.stderr).not.toContain('s3cret-pw');
      expect(r.stderr).toContain('redis://***@127.0.0.1');
    },
    SPAWNING_TEST_MS,
  );
});
