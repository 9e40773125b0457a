/**
 * A real redis-server (Debian's `redis-server` package) for tests: loopback, a free port, a temp
 * folder, AOF with `appendfsync always` (what docs/deploy.md recommends: an acknowledged message
 * survives a Redis restart, even a SIGKILL). `restart()` keeps the folder and the port.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Whether redis-server is installed (CI installs it; a bare laptop may not have it). */
export const HAVE_REDIS = spawnSync('redis-server', ['--version']).status === 0;

/** For `describe.skipIf(noRedis())`: says out loud why the tests are skipped. */
export function noRedis(): boolean {
  if (!HAVE_REDIS)
    console.warn('redis-server is not installed (apt-get install -y redis-server): Redis tests skipped.');
  return !HAVE_REDIS;
}

/** A free loopback TCP port (for servers that cannot bind port 0 themselves). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Servers this test process started: killed when it exits, even if a test forgot or crashed. */
const running = new Set<ChildProcess>();
process.once('exit', () => running.forEach((c) => c.kill('SIGKILL')));

/** Starts tracking a server child process until it exits. */
export function track(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
}

export interface TestRedis {
  port: number;
  url: string;
  dir: string;
  /** The redis-server process while it runs (the benchmark reads its CPU time). */
  readonly pid: number | undefined;
  /** Stops Redis (SIGTERM, or SIGKILL when asked) and waits for it to exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port and data folder. */
  start(): Promise<void>;
  /** Stops it for good and removes its folder. */
  destroy(): Promise<void>;
}

function waitReady(child: ChildProcess, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`redis-server did not start on ${port}: ${out}`)), 10_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}: ${out}`));
    });
  });
}

/** Starts a throwaway redis-server. */
export async function startRedis(): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'lanchat-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    // prettier-ignore
    child = spawn('redis-server', [
      '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '',
      '--appendonly', 'yes', '--appendfsync', 'always', '--protected-mode', 'no', '--loglevel', 'notice',
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    track(child);
    await waitReady(child, port);
  };
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill(signal);
    await exited;
  };
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    dir,
    get pid() {
      return child?.pid;
    },
    stop,
    start,
    destroy: async () => {
      await stop('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Key prefix of one test's deployment: tests sharing a redis-server never see each other's rooms. */
export const testPrefix = () => `t${Math.random().toString(36).slice(2, 10)}:`;

/** Fast timings for hosts on Redis in tests (a dead host is reaped within about 2 s). */
export const FAST_REDIS = { heartbeatMs: 400, gapFillMs: 50, commandTimeoutMs: 1500, maxBackoffMs: 200 };
