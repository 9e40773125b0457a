/**
 * The host's options, their defaults (the contract's), and their validation. Bad options are a
 * programming error and throw a TypeError at construction, never later.
 */
import { hostname } from 'node:os';
import { DEFAULT_PORT, LIMITS, ROOM_ID_PATTERN, TIMINGS } from '../../src-shared/protocol.ts';
import type { Discovery } from '../discovery/discovery.ts';
import type { FilesOptions } from '../files/files-service.ts';
import type { HistoryStore } from '../store/store.ts';
import type { HostIdentity } from '../tls/host-identity.ts';
import { LocalFanout, type Fanout } from './fanout.ts';
import { trustedProxies } from './limits/client-address.ts';
import { PASSWORD_BACKOFF_DEFAULTS } from './limits/password-backoff.ts';

export interface HostLimits {
  maxFrameBytes: number;
  maxTextChars: number;
  membersPerRoom: number;
  rooms: number;
  sockets: number;
  messagesPerRoom: number;
  badFramesBeforeClose: number;
  /** Bytes queued for one socket before it is judged too slow and dropped. */
  maxBufferedBytes: number;
  /** Frames a socket may send while its hello is being answered. */
  maxQueuedWhileJoining: number;
  /** Bytes of history in a welcome at most (the client pages the rest with `history`). */
  maxWelcomeHistoryBytes: number;
  /**
   * Newest entries of a live room kept encoded for welcomes (recent-entries.ts); 0 keeps none.
   * Used only with a store that keeps at least twice `LIMITS.historyResumeMax` per room.
   */
  recentEntries: number;
  /** Per address (loopback excepted, see docs/security.md): live sockets. */
  socketsPerAddress: number;
  /** Per address: sockets that have not said hello yet. */
  unjoinedPerAddress: number;
  /** Per address: hellos per second (burst three times that). */
  hellosPerSecond: number;
  /** Per address: rooms with no log yet brought to life per minute. */
  newRoomsPerMinute: number;
  /** Per address: upload requests (tus creations and PATCHes) in progress at once. */
  uploadsPerAddress: number;
  /** Per address: bytes of new uploads started per hour. */
  uploadBytesPerHour: number;
  /** Rooms with a log at most: a room without one cannot be joined beyond it. */
  storedRooms: number;
  /** Requests (history, search, …) one socket may have in progress at once. */
  requestsInFlight: number;
  /** Per address and room: wrong passwords answered at once, before the backoff starts. */
  freePasswordAttempts: number;
  /** Per address and room: the first wait of the password backoff, doubled each time (ms). */
  passwordDelayMs: number;
}

export interface HostOptions {
  /** Where history lives. */
  store: HistoryStore;
  /** How messages, presence and typing reach the room's sockets on other hosts. Default: this host only. */
  fanout?: Fanout;
  /** TCP port; 0 picks a free one. Default 47800. */
  port?: number;
  /** Address to listen on. Default: every interface, IPv4 and IPv6. */
  bind?: string;
  /** The name people see for this host. Default: the machine's name. */
  name?: string;
  /** Locked rooms: room id → password. */
  passwords?: Readonly<Record<string, string>>;
  /** Sustained sends per second per socket (burst twice that); 0 turns the limit off. */
  rate?: number;
  limits?: Partial<HostLimits>;
  helloTimeoutMs?: number;
  /** Interval of WebSocket pings; a socket that misses one is terminated at the next. */
  pingIntervalMs?: number;
  /** Folder with the built browser client, served at `/`. */
  staticDir?: string;
  /** One line per join, leave, drop and error: subscribes `logHostEvents` (host-events.ts). Default: silent. */
  log?: (line: string) => void;
  /** The version reported in welcome and /api/info. */
  version?: string;
  /** Reverse proxies whose `X-Forwarded-For` names the peer (per-address limits, Origin check). */
  trustProxy?: readonly string[];
  /** Web origins allowed besides the host's own and the desktop app's (`https://chat.example.lan`). */
  allowedOrigins?: readonly string[];
  /** Files in rooms (1.1 `files`): where they live and their limits. Default: no files. */
  files?: FilesOptions;
  /** The key and certificate for TLS on the same port (src-main/tls/host-identity.ts); without: plain only. */
  tls?: HostIdentity;
  /** Refuse plain HTTP/WebSocket (needs `tls`). */
  tlsOnly?: boolean;
  /** LAN discovery (announce, browse, `/api/nearby`), started and stopped with the host. Default: none. */
  discovery?: Discovery;
}

export type ResolvedOptions = Required<
  Omit<HostOptions, 'bind' | 'staticDir' | 'limits' | 'trustProxy' | 'allowedOrigins' | 'files' | 'tls' | 'discovery'>
> & {
  bind: string | undefined;
  files: FilesOptions | undefined;
  tls: HostIdentity | undefined;
  discovery: Discovery | undefined;
  staticDir: string | undefined;
  limits: HostLimits;
  trustProxy: ReadonlySet<string>;
  allowedOrigins: ReadonlySet<string>;
};

const positive = (name: string, v: number, min = 1) => {
  if (!Number.isSafeInteger(v) || v < min) throw new TypeError(`${name} must be an integer ≥ ${min}, not ${v}`);
};

/** Fills in the defaults and checks every option. */
export function resolveOptions(o: HostOptions): ResolvedOptions {
  if (!o || typeof o.store !== 'object') throw new TypeError('options.store is required');
  const limits: HostLimits = {
    maxFrameBytes: LIMITS.maxFrameBytes,
    maxTextChars: LIMITS.maxTextChars,
    membersPerRoom: LIMITS.membersPerRoom,
    rooms: LIMITS.rooms,
    sockets: LIMITS.sockets,
    messagesPerRoom: LIMITS.messagesPerRoom,
    badFramesBeforeClose: LIMITS.badFramesBeforeClose,
    maxBufferedBytes: 1024 * 1024,
    maxQueuedWhileJoining: 64,
    maxWelcomeHistoryBytes: 256 * 1024,
    recentEntries: LIMITS.historyResumeMax,
    socketsPerAddress: 64,
    unjoinedPerAddress: 16,
    hellosPerSecond: 10,
    newRoomsPerMinute: 20,
    uploadsPerAddress: 8,
    uploadBytesPerHour: 4 * 1024 ** 3,
    storedRooms: 1000,
    requestsInFlight: LIMITS.requestsInFlight,
    freePasswordAttempts: PASSWORD_BACKOFF_DEFAULTS.freeAttempts,
    passwordDelayMs: PASSWORD_BACKOFF_DEFAULTS.firstDelayMs,
    ...o.limits,
  };
  for (const [k, v] of Object.entries(limits)) positive(`limits.${k}`, v, k === 'recentEntries' ? 0 : 1);
  const resolved: ResolvedOptions = {
    store: o.store,
    fanout: o.fanout ?? new LocalFanout(),
    port: o.port ?? DEFAULT_PORT,
    bind: o.bind,
    name: o.name ?? hostname(),
    passwords: o.passwords ?? {},
    rate: o.rate ?? LIMITS.sendsPerSecond,
    limits,
    helloTimeoutMs: o.helloTimeoutMs ?? TIMINGS.helloTimeoutMs,
    pingIntervalMs: o.pingIntervalMs ?? TIMINGS.hostPingIntervalMs,
    staticDir: o.staticDir,
    log: o.log ?? (() => {}),
    version: o.version ?? '0.0.0',
    trustProxy: trustedProxies(o.trustProxy ?? []),
    allowedOrigins: allowedOrigins(o.allowedOrigins ?? []),
    files: o.files,
    tls: o.tls,
    tlsOnly: o.tlsOnly ?? false,
    discovery: o.discovery,
  };
  if (resolved.tlsOnly && !resolved.tls) throw new TypeError('tlsOnly needs tls (the host key)');
  positive('port', resolved.port, 0);
  if (resolved.port > 65535) throw new TypeError(`port must be ≤ 65535, not ${resolved.port}`);
  positive('rate', resolved.rate, 0);
  positive('helloTimeoutMs', resolved.helloTimeoutMs);
  positive('pingIntervalMs', resolved.pingIntervalMs);
  for (const [room, secret] of Object.entries(resolved.passwords)) {
    if (!ROOM_ID_PATTERN.test(room)) throw new TypeError(`passwords: "${room}" is not a valid room id`);
    if (typeof secret !== 'string' || secret === '')
      throw new TypeError(`passwords: room "${room}" needs a non-empty password`);
  }
  return resolved;
}

/** Checks `allowedOrigins`: each exactly an origin as browsers send it (scheme://host[:port]). */
function allowedOrigins(list: readonly string[]): ReadonlySet<string> {
  for (const o of list) {
    if (!URL.canParse(o) || new URL(o).origin !== o)
      throw new TypeError(`allowedOrigins: "${o}" is not an origin like https://chat.example.lan`);
  }
  return new Set(list);
}
