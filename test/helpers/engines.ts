/**
 * The two history engines a host can run on, for `describe.each`: the embedded SQLite store and
 * Redis (a real redis-server, started once for the file). A Redis engine is skipped, with the
 * reason said out loud, where redis-server is not installed.
 */
import { afterAll, beforeAll } from 'vitest';
import type { useHosts } from './fixtures.ts';
import { startRedisHost, type TestHost } from './host.ts';
import { HAVE_REDIS, noRedis, startRedis, testPrefix, type TestRedis } from './redis.ts';

export type Engine = { name: string; skip: boolean; host(): Promise<TestHost> };

/** SQLite and Redis engines whose hosts `t` stops after each test (call at the file's top level). */
export function useEngines(t: ReturnType<typeof useHosts>): Engine[] {
  let redis: TestRedis | undefined;
  beforeAll(async () => {
    if (HAVE_REDIS) redis = await startRedis();
  });
  afterAll(() => redis?.destroy());
  if (!HAVE_REDIS) noRedis();
  return [
    { name: 'SQLite', skip: false, host: () => t.host({ rate: 0 }) },
    {
      name: 'Redis',
      skip: !HAVE_REDIS,
      host: async () => t.track(await startRedisHost(redis!.url, testPrefix())),
    },
  ];
}
