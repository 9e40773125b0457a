/** Starts real hosts for tests: port 0 on loopback, a fresh data folder, fast timings. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChatHost } from '../../src-main/host/chat-host.ts';
import type { HostOptions } from '../../src-main/host/options.ts';
import { connectRedisBackend, type RedisBackend } from '../../src-main/redis/backend.ts';
import { SqliteStore } from '../../src-main/store/sqlite-store.ts';
import { FAST_REDIS } from './redis.ts';

export interface TestHost {
  host: ChatHost;
  port: number;
  dataDir: string;
  url(room?: string): string;
  /** Stops the host (keeping its data). */
  stop(): Promise<void>;
  /** A new host on the same data folder and, unless asked otherwise, the same port. */
  restart(overrides?: Partial<HostOptions>): Promise<TestHost>;
  logs: string[];
}

const folders: string[] = [];

/** A fresh temporary data folder, removed by {@link cleanupFolders}. */
export function tempDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lanchat-test-'));
  folders.push(dir);
  return dir;
}

export function cleanupFolders(): void {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Starts a host on 127.0.0.1 with its own data folder (or `dataDir`). */
export async function startHost(options: Partial<HostOptions> & { dataDir?: string } = {}): Promise<TestHost> {
  const { dataDir = tempDataDir(), ...rest } = options;
  const logs: string[] = [];
  const host = new ChatHost({
    port: 0,
    bind: '127.0.0.1',
    name: 'test-host',
    log: (line) => logs.push(line),
    ...rest,
    store: rest.store ?? new SqliteStore({ dataDir, durability: 'normal' }),
  });
  await host.start();
  const port = host.port;
  return {
    host,
    port,
    dataDir,
    logs,
    url: (room = 'general') => `ws://127.0.0.1:${port}/room/${room}`,
    stop: () => host.stop(),
    restart: (overrides = {}) => startHost({ ...rest, store: undefined, port, dataDir, ...overrides }),
  };
}

/** Starts a host on a Redis deployment (`url` + key `prefix`), with the fast test timings. */
export async function startRedisHost(
  url: string,
  prefix: string,
  options: Partial<HostOptions> & { heartbeatMs?: number } = {},
): Promise<TestHost & { redis: RedisBackend }> {
  const { heartbeatMs, ...rest } = options;
  const backend = await connectRedisBackend(url, { ...FAST_REDIS, prefix, ...(heartbeatMs ? { heartbeatMs } : {}) });
  return { ...(await startHost({ rate: 0, ...rest, ...backend })), redis: backend };
}
