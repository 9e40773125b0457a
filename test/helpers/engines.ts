/**
 * The history engines a host can run on, for `describe.each`: the embedded SQLite store on the
 * host's thread and on its own (as `npm run host` runs it), and Redis (a real redis-server,
 * started once for the file). A Redis engine is skipped, with the
 * reason said out loud, where redis-server is not installed.
 */
import { afterAll, beforeAll } from 'vitest';
import type { useHosts } from './fixtures.ts';
import { SqliteWorkerStore } from '../../src-main/store/sqlite-worker-store.ts';
import { startRedisHost, tempDataDir, type TestHost } from './host.ts';
import { HAVE_REDIS, noRedis, startRedis, testPrefix, type TestRedis } from './redis.ts';

export type Engine = { name: string; skip: boolean; host(): Promise<TestHost> };

/** The engines, whose hosts `t` stops after each test (call at the file's top level). */
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
      name: 'SQLite on its own thread',
      skip: false,
      host: async () => {
        const dataDir = tempDataDir();
        return t.host({ rate: 0, dataDir, store: await SqliteWorkerStore.open({ dataDir, durability: 'normal' }) });
      },
    },
    {
      name: 'Redis',
      skip: !HAVE_REDIS,
      host: async () => t.track(await startRedisHost(redis!.url, testPrefix())),
    },
  ];
}
