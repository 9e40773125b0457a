/** Per-test bookkeeping: every host and client a test makes is torn down after it. */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { cleanupFolders, startHost, startRedisHost, type TestHost } from './host.ts';
import { HAVE_REDIS, startRedis, testPrefix, type TestRedis } from './redis.ts';
import { RawClient, type Frame } from './ws-client.ts';

/** Registers the teardown and returns helpers that track what they create. */
export function useHosts() {
  const hosts: TestHost[] = [];
  const clients: RawClient[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.ws.terminate();
    await Promise.all(hosts.splice(0).map((h) => h.stop()));
    cleanupFolders();
  });
  return {
    async host(options: Parameters<typeof startHost>[0] = {}): Promise<TestHost> {
      const h = await startHost(options);
      hosts.push(h);
      return h;
    },
    track<H extends TestHost>(h: H): H {
      hosts.push(h);
      return h;
    },
    async join(url: string, hello: Record<string, unknown> = {}): Promise<RawClient> {
      const c = await RawClient.join(url, hello);
      clients.push(c);
      return c;
    },
    /** An opened socket that has not said hello yet. */
    async open(url: string): Promise<RawClient> {
      const c = new RawClient(url);
      clients.push(c);
      await c.opened;
      return c;
    },
  };
}

/** Sends `n` messages as fast as the socket takes them. */
export function sendMany(c: RawClient, n: number, prefix = 'm'): void {
  for (let i = 0; i < n; i++) c.sendJson({ type: 'send', id: `${prefix}${i}`, text: `${prefix} ${i}` });
}

/** Sends a frame and waits for the entry it becomes (its `message` with that id). */
export async function entry(c: RawClient, frame: Record<string, unknown>): Promise<Frame> {
  c.sendJson(frame);
  return c.next('message', (m) => m.id === frame.id);
}

export { sleep, waitFor } from './wait.ts';

/**
 * A real redis-server for the whole file, hosts tracked per test, and `cluster(n)`: `n` hosts of
 * one deployment (a fresh key prefix) on that server.
 */
export function useRedisCluster() {
  let redis: TestRedis | undefined;
  beforeAll(async () => {
    if (HAVE_REDIS) redis = await startRedis();
  });
  afterAll(() => redis?.destroy());
  const t = useHosts();
  const url = () => {
    if (!redis) throw new Error('redis-server is not running (skip the suite with noRedis())');
    return redis.url;
  };
  async function cluster(n: number): Promise<TestHost[]> {
    const prefix = testPrefix();
    const hosts: TestHost[] = [];
    for (let i = 0; i < n; i++) hosts.push(t.track(await startRedisHost(url(), prefix, { name: `h${i}` })));
    return hosts;
  }
  return { ...t, cluster, url };
}
