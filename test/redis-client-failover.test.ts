/**
 * The client with several addresses of one room (two hosts on one Redis): when the host it is
 * on is killed, it moves to the other and resumes by seq, losing and repeating nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAddresses } from '../src-shared/addresses.ts';
import type { ChatClient } from '../src-shared/client/chat-client.ts';
import { oneTo, seqsOf, sleep, startClient, waitFor } from './helpers/chat-client.ts';
import { HAVE_REDIS, noRedis, startRedis, testPrefix, type TestRedis } from './helpers/redis.ts';
import { spawnHost, type SpawnedHost } from './helpers/spawn-host.ts';
import { SPAWNING_TEST_MS } from './helpers/cpu-deadline.ts';

let redis: TestRedis | undefined;
const hosts: SpawnedHost[] = [];
const clients: ChatClient[] = [];

beforeAll(async () => {
  if (!HAVE_REDIS) return;
  redis = await startRedis();
  const flags = ['--port', '0', '--bind', '127.0.0.1', '--rate', '0', '--redis', redis.url];
  const redisFlags = ['--redis-prefix', testPrefix(), '--redis-heartbeat', '300'];
  for (let i = 0; i < 2; i++) hosts.push(await spawnHost([...flags, ...redisFlags]));
}, SPAWNING_TEST_MS);

afterAll(async () => {
  for (const c of clients) c.stop();
  for (const h of hosts) h.child.kill('SIGKILL');
  await redis?.destroy();
});

describe.skipIf(noRedis())('ChatClient with several hosts of one room', () => {
  it('moves to the next address when its host is SIGKILLed, resuming without gaps or duplicates', async () => {
    const [one, two] = hosts.map((h) => h.port);
    const parsed = parseAddresses(`127.0.0.1:${one},127.0.0.1:${two}/general`);
    if (!parsed.ok) throw new Error(parsed.error);
    const mover = startClient('', { addresses: parsed.addresses, name: 'Mover' });
    const other = startClient('', { urls: [`ws://127.0.0.1:${two}/room/general`], name: 'Other' });
    clients.push(mover, other);
    await waitFor(() => mover.state === 'open' && other.state === 'open', 5000, 'both open');
    expect(mover.url).toBe(`ws://127.0.0.1:${one}/room/general`);

    const sent: string[] = [];
    const talking = (async () => {
      for (let i = 0; i < 60; i++) {
        sent.push(mover.send(`mover ${i}`).id, other.send(`other ${i}`).id);
        await sleep(10);
      }
    })();
    await sleep(200);
    hosts[0]!.child.kill('SIGKILL');
    await talking;
    await waitFor(() => mover.pending.length === 0 && other.pending.length === 0, 15_000, 'everything acknowledged');
    await waitFor(() => mover.timeline.messages.length >= 120 && other.timeline.messages.length >= 120, 5000, 'all in');
    expect(mover.url).toBe(`ws://127.0.0.1:${two}/room/general`);
    for (const c of [mover, other]) {
      expect(seqsOf(c)).toEqual(oneTo(120)); // no gap, no duplicate, in order
      expect(new Set(c.timeline.messages.map((m) => m.id))).toEqual(new Set(sent));
    }
    // Each sender's messages in the order sent, though half of the mover's went through another host.
    const texts = mover.timeline.messages.filter((m) => m.text.startsWith('mover')).map((m) => m.text);
    expect(texts).toEqual(oneTo(60).map((i) => `mover ${i - 1}`));
  }, 40_000);
});
