/**
 * Connections to Redis for the scale-out host, with the failure behaviour the host relies on:
 * a command issued while Redis is away fails at once (the host answers `unavailable`) instead of
 * queueing silently, a command that hangs times out, and the connection comes back by itself with
 * capped exponential backoff.
 */
import { createHash } from 'node:crypto';
import type { Redis, RedisOptions } from 'ioredis';

/** Tuning of the Redis connections (tests shorten the timeouts). */
export interface RedisConnectOptions {
  /** A command without an answer after this long fails (default 5000 ms). */
  commandTimeoutMs?: number;
  /** Longest pause between reconnection attempts (default 2000 ms). */
  maxBackoffMs?: number;
  /** Reports connection loss and recovery, one line each. */
  log?: (line: string) => void;
}

/** The URL as it may be printed: a password (or a user and password) becomes `***`. */
export function redactRedisUrl(url: string): string {
  return url.replace(/^(rediss?:\/\/).*@/, '$1***@');
}

/** Checks a `redis://HOST:PORT[/DB]` address (or `rediss://` for TLS). @returns a sentence when it is wrong */
export function redisUrlProblem(url: string): string | undefined {
  const m = /^rediss?:\/\/(?:[^@/]*@)?(\[[0-9A-Fa-f:.]+\]|[^:/@]+)(?::(\d{1,5}))?(?:\/(\d{1,2}))?\/?$/.exec(url);
  if (!m) return `“${redactRedisUrl(url)}” is not a Redis address: use redis://HOST:PORT or redis://HOST:PORT/DB.`;
  if (m[2] !== undefined && (+m[2] < 1 || +m[2] > 65535)) return `The Redis port must be 1–65535, not ${m[2]}.`;
  return undefined;
}

/**
 * Opens one connection and waits until it is ready.
 * @param name shows in `CLIENT LIST`, and in the log lines
 * @throws when Redis cannot be reached within the command timeout
 */
export async function connectRedis(url: string, name: string, options: RedisConnectOptions = {}): Promise<Redis> {
  const log = options.log ?? (() => {});
  const maxBackoff = options.maxBackoffMs ?? 2000;
  const config: RedisOptions = {
    connectionName: name,
    lazyConnect: true,
    // Fail fast while disconnected: a send must be answered `unavailable`, not held for minutes.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    commandTimeout: options.commandTimeoutMs ?? 5000,
    connectTimeout: options.commandTimeoutMs ?? 5000,
    retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 10), maxBackoff) + Math.floor(Math.random() * 50),
  };
  // Loaded here, not at the top: ioredis costs every host start ~0.4 s of CPU, and only `--redis` needs it.
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, config);
  let down = false;
  redis.on('error', (err: Error) => {
    if (!down) log(`redis ${name}: connection lost (${err.message}); reconnecting`);
    down = true;
  });
  redis.on('ready', () => {
    if (down) log(`redis ${name}: connection back`);
    down = false;
  });
  try {
    await redis.connect();
  } catch (err) {
    redis.disconnect();
    throw new Error(`Cannot reach Redis at ${redactRedisUrl(url)}: ${(err as Error).message}`, { cause: err });
  }
  return redis;
}

/** A Lua script run by EVALSHA, loaded on first use and again after Redis forgot it (restart). */
export class LuaScript {
  readonly #source: string;
  readonly #sha: string;

  constructor(source: string) {
    this.#source = source;
    this.#sha = createHash('sha1').update(source).digest('hex');
  }

  /** Runs the script with its keys declared, as Redis requires of well-behaved scripts. */
  async run(redis: Redis, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    try {
      return await redis.evalsha(this.#sha, keys.length, ...keys, ...args);
    } catch (err) {
      if (!String((err as Error).message).startsWith('NOSCRIPT')) throw err;
      return redis.eval(this.#source, keys.length, ...keys, ...args);
    }
  }
}
