/**
 * One call that gives a host everything it needs to run on Redis: the store and the fan-out,
 * each on its own connection (a subscribed connection can do nothing else).
 */
import { connectRedis, type RedisConnectOptions } from './connection.ts';
import { DEFAULT_PREFIX, redisKeys } from './keys.ts';
import { RedisFanout, type RedisFanoutOptions } from './redis-fanout.ts';
import { RedisFileIndex } from './redis-file-index.ts';
import { RedisStore } from './redis-store.ts';

export interface RedisBackendOptions extends RedisConnectOptions, Omit<RedisFanoutOptions, 'store' | 'subscriber'> {
  /** Prefix of every key and channel (default `lanchat:`): deployments sharing a Redis differ by it. */
  prefix?: string;
  /** Messages kept per room (default 10,000). */
  maxMessagesPerRoom?: number;
}

/** What `new ChatHost({ ...backend })` takes, and the files' index that goes with its history. */
export interface RedisBackend {
  store: RedisStore;
  fanout: RedisFanout;
  /** The metadata of the deployment's files, shared by its hosts as the history is. */
  fileIndex: RedisFileIndex;
}

/**
 * Connects to Redis at `url` (`redis://HOST:PORT[/DB]`).
 * @throws when Redis cannot be reached
 */
export async function connectRedisBackend(url: string, options: RedisBackendOptions = {}): Promise<RedisBackend> {
  const { prefix, maxMessagesPerRoom, hostId, heartbeatMs, gapFillMs, ...connect } = options;
  const commands = await connectRedis(url, 'lanchat', connect);
  let subscriber;
  try {
    subscriber = await connectRedis(url, 'lanchat-sub', connect);
  } catch (err) {
    commands.disconnect();
    throw err;
  }
  const store = new RedisStore({ redis: commands, keys: redisKeys(prefix), maxMessagesPerRoom });
  return {
    store,
    fanout: new RedisFanout({ store, subscriber, hostId, heartbeatMs, gapFillMs }),
    fileIndex: new RedisFileIndex(commands, prefix ?? DEFAULT_PREFIX),
  };
}
