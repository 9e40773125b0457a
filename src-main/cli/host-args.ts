/**
 * The flags of `npm run host`, parsed strictly: a typo is a usage error (exit 2), never ignored.
 */
import { isIP } from 'node:net';
import { parseArgs } from 'node:util';
import { DEFAULT_PORT, ROOM_ID_PATTERN } from '../../src-shared/protocol.ts';
import type { Translate } from '../../src-shared/i18n/index.ts';
import { UsageError, type Usage } from './usage.ts';

export { UsageError };
import { redisUrlProblem } from '../redis/connection.ts';

/** The help of `npm run host`, in the language of `t`. */
export function hostUsage(t: Translate): Usage {
  return {
    command: 'npm run host -- [options]',
    options: [
      ['--port N', t('usage.hostPort', { port: DEFAULT_PORT })],
      ['--bind ADDRESS', t('usage.hostBind')],
      ['--data DIR', t('usage.hostData')],
      ['--name NAME', t('usage.hostName')],
      ['--password ROOM=SECRET', t('usage.hostPassword')],
      ['--rate N', t('usage.hostRate')],
      ['--trust-proxy ADDR', t('usage.hostTrustProxy')],
      ['--allow-origin ORIGIN', t('usage.hostAllowOrigin')],
      ['--tls-only', t('usage.hostTlsOnly')],
      ['--new-key', t('usage.hostNewKey')],
      ['--store-thread', t('usage.hostStoreThread')],
      ['--redis URL', t('usage.hostRedis')],
      ['--redis-prefix P', t('usage.hostRedisPrefix')],
      ['--redis-heartbeat MS', t('usage.hostRedisHeartbeat')],
      ['--files DIR', t('usage.hostFiles')],
      ['--max-file-mb N', t('usage.hostMaxFileMb')],
      ['--min-free-mb N', t('usage.hostMinFreeMb')],
      ['--no-announce', t('usage.hostNoAnnounce')],
      ['--help', t('usage.help')],
    ],
  };
}

export interface HostArgs {
  port: number;
  bind?: string;
  data?: string;
  name?: string;
  passwords: Record<string, string>;
  rate?: number;
  trustProxy: string[];
  allowOrigins: string[];
  redis?: string;
  redisPrefix?: string;
  redisHeartbeatMs?: number;
  tlsOnly: boolean;
  newKey: boolean;
  /** SQLite on a thread of its own (docs/performance.md says when that pays). */
  storeThread: boolean;
  files?: string;
  maxFileMb?: number;
  minFreeMb?: number;
  announce: boolean;
  help: boolean;
}

function integer(flag: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || +value < min || +value > max) {
    throw new UsageError((t) => t('usage.integer', { flag, min, max, value }));
  }
  return +value;
}

/** Parses the host's command line. @throws UsageError */
export function parseHostArgs(argv: string[]): HostArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        bind: { type: 'string' },
        data: { type: 'string' },
        name: { type: 'string' },
        password: { type: 'string', multiple: true },
        rate: { type: 'string' },
        'trust-proxy': { type: 'string', multiple: true },
        'allow-origin': { type: 'string', multiple: true },
        redis: { type: 'string' },
        'redis-prefix': { type: 'string' },
        'redis-heartbeat': { type: 'string' },
        'tls-only': { type: 'boolean' },
        'new-key': { type: 'boolean' },
        'store-thread': { type: 'boolean' },
        files: { type: 'string' },
        'max-file-mb': { type: 'string' },
        'min-free-mb': { type: 'string' },
        'no-announce': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const passwords: Record<string, string> = {};
  for (const pair of values.password ?? []) {
    const eq = pair.indexOf('=');
    const room = pair.slice(0, eq);
    if (eq < 1 || eq === pair.length - 1) throw new UsageError((t) => t('usage.passwordPair', { value: pair }));
    if (!ROOM_ID_PATTERN.test(room)) throw new UsageError((t) => t('usage.passwordRoom', { room }));
    passwords[room] = pair.slice(eq + 1);
  }
  if (values.name !== undefined && values.name.trim() === '') throw new UsageError((t) => t('usage.nameEmpty'));
  for (const a of values['trust-proxy'] ?? []) {
    if (isIP(a) === 0) throw new UsageError((t) => t('usage.trustProxy', { value: a }));
  }
  for (const o of values['allow-origin'] ?? []) {
    if (!URL.canParse(o) || new URL(o).origin !== o) {
      throw new UsageError((t) => t('usage.allowOrigin', { value: o }));
    }
  }
  if (values.redis !== undefined) {
    const problem = redisUrlProblem(values.redis);
    if (problem) throw new UsageError(problem);
    if (values['store-thread']) throw new UsageError((t) => t('usage.storeThreadRedis'));
  } else if (values['redis-prefix'] !== undefined || values['redis-heartbeat'] !== undefined) {
    throw new UsageError((t) => t('usage.redisOnly'));
  }
  return {
    port: integer('port', values.port, 0, 65535) ?? DEFAULT_PORT,
    bind: values.bind,
    data: values.data,
    name: values.name?.trim(),
    passwords,
    rate: integer('rate', values.rate, 0, 1_000_000),
    trustProxy: values['trust-proxy'] ?? [],
    allowOrigins: values['allow-origin'] ?? [],
    redis: values.redis,
    redisPrefix: values['redis-prefix'],
    redisHeartbeatMs: integer('redis-heartbeat', values['redis-heartbeat'], 100, 600_000),
    tlsOnly: values['tls-only'] ?? false,
    newKey: values['new-key'] ?? false,
    storeThread: values['store-thread'] ?? false,
    files: values.files,
    maxFileMb: integer('max-file-mb', values['max-file-mb'], 1, 1_048_576),
    minFreeMb: integer('min-free-mb', values['min-free-mb'], 0, 1_073_741_824),
    announce: !(values['no-announce'] ?? false),
    help: values.help ?? false,
  };
}
