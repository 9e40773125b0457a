/**
 * The flags of `npm run host`, parsed strictly: a typo is a usage error (exit 2), never ignored.
 */
import { isIP } from 'node:net';
import { parseArgs } from 'node:util';
import { DEFAULT_PORT, ROOM_ID_PATTERN } from '../../src-shared/protocol.ts';
import { UsageError } from './usage.ts';

export { UsageError };
import { redisUrlProblem } from '../redis/connection.ts';

export const HOST_USAGE = `Usage: npm run host -- [options]

  --port N              TCP port for HTTP and WebSocket (default ${DEFAULT_PORT}; 0 picks a free one)
  --bind ADDRESS        address to listen on (default: every interface, IPv4 and IPv6)
  --data DIR            where history is kept (default: your user-data folder for lanchat)
  --name "Host name"    the name people see (default: this machine's name)
  --password ROOM=SECRET  lock a room with a password (repeat for several rooms)
  --rate N              sends per second per member, burst 2N (default 20; 0 = no limit)
  --trust-proxy ADDR    a reverse proxy whose X-Forwarded-For names the peer (repeat for several)
  --allow-origin ORIGIN another web origin whose pages may connect, e.g. https://chat.example.lan
  --tls-only            refuse unencrypted connections (browsers are sent to https://); by default
                        the port answers both, and the apps always encrypt
  --new-key             make a new host key (its fingerprint changes: everyone who pinned the old
                        one is warned); the old key is kept aside in DIR/tls
  --redis URL           keep history in Redis and serve rooms together with every other host on
                        it: redis://HOST:PORT[/DB] (see docs/deploy.md); --data then holds this
                        host's key (each host has its own) and, without --files, its files
  --redis-prefix P      prefix of the Redis keys (default "lanchat:"): one Redis, several deployments
  --redis-heartbeat MS  how often a host proves it is alive (default 5000); a host silent for three
                        of them is considered gone and its members leave
  --files DIR           where sent files are kept (default: DATA/files); with --redis, a folder
                        every host shares (a network mount), so any host serves any file
  --max-file-mb N       largest file people may send, in MiB (default 100)
  --min-free-mb N       free disk the host keeps, in MiB: uploads that would leave less are
                        refused (default 1024)
  --no-announce         do not announce this host on the network (DNS-SD); others then join by
                        typing its address. It still lists the hosts it sees at /api/nearby
  --help                show this text`;

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
  files?: string;
  maxFileMb?: number;
  minFreeMb?: number;
  announce: boolean;
  help: boolean;
}

function integer(flag: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || +value < min || +value > max) {
    throw new UsageError(`--${flag} takes a whole number from ${min} to ${max}, not "${value}".`);
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
    if (eq < 1 || eq === pair.length - 1) throw new UsageError(`--password takes ROOM=SECRET, not "${pair}".`);
    if (!ROOM_ID_PATTERN.test(room)) throw new UsageError(`--password: "${room}" is not a valid room id.`);
    passwords[room] = pair.slice(eq + 1);
  }
  if (values.name !== undefined && values.name.trim() === '') throw new UsageError('--name cannot be empty.');
  for (const a of values['trust-proxy'] ?? []) {
    if (isIP(a) === 0) throw new UsageError(`--trust-proxy takes the proxy's IP address, not "${a}".`);
  }
  for (const o of values['allow-origin'] ?? []) {
    if (!URL.canParse(o) || new URL(o).origin !== o) {
      throw new UsageError(`--allow-origin takes an origin like https://chat.example.lan, not "${o}".`);
    }
  }
  if (values.redis !== undefined) {
    const problem = redisUrlProblem(values.redis);
    if (problem) throw new UsageError(problem);
  } else if (values['redis-prefix'] !== undefined || values['redis-heartbeat'] !== undefined) {
    throw new UsageError('--redis-prefix and --redis-heartbeat go with --redis.');
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
    files: values.files,
    maxFileMb: integer('max-file-mb', values['max-file-mb'], 1, 1_048_576),
    minFreeMb: integer('min-free-mb', values['min-free-mb'], 0, 1_073_741_824),
    announce: !(values['no-announce'] ?? false),
    help: values.help ?? false,
  };
}
