/**
 * The desktop bridge: the one object the preload exposes as `window.lanchat`, every IPC channel
 * behind it (named here once), and the validator of every argument that crosses it.
 *
 * Shared by the main process (validates what arrives), the preload (forwards) and the renderer
 * (codes against {@link LanchatBridge}). Pure: no Electron, Node or DOM. Chat traffic never crosses
 * this bridge; it goes over the WebSocket like any other client's.
 */
import type { OutboxRecord } from './client/types.ts';
import { checkName } from './codec.ts';
import { ROOM_ID_PATTERN } from './protocol.ts';
import { outboxEntry, outboxRoom } from './bridge-outbox.ts';
import { parseAddress } from './address.ts';
import type { Diagnosis, NearbyReply } from './nearby.ts';
import type { CertRefusal, TlsCheck } from './host-key-check.ts';
import { isLocaleSetting, type LocaleSetting } from './i18n/locale.ts';
import { bool, int, list, object, refuse, Refused, str } from './value-checks.ts';

// ---- what crosses ---------------------------------------------------------------------------

/** What "Host a room" asks for. */
export interface HostStartRequest {
  room: string;
  /** Empty or absent: an open room. */
  password?: string;
  /** TCP port, 47800 by default; 0 picks a free one. */
  port: number;
  /** Announce the host on the network (DNS-SD) so others see it without typing. Default true. */
  announce?: boolean;
}

/** The hosting state, pushed to the renderer on every change. */
export type HostStatus =
  | {
      state: 'stopped';
      /** Why the last start failed, in one sentence for people (e.g. the port is in use). */
      error?: string;
      /** `EADDRINUSE`, `EACCES`, `EADDRNOTAVAIL` or `EHOST` (anything else). */
      errorCode?: string;
    }
  | { state: 'starting' | 'stopping'; room: string; port: number }
  | {
      state: 'running';
      room: string;
      port: number;
      /** Whether the room needs a password. */
      locked: boolean;
      /**
       * What people on the LAN type, one per network address, IPv4 first, each with the host key's
       * short fingerprint (`192.168.1.20/dev#7F3A-91C2-0B5D-E844`): a client checks the key with it.
       */
      addresses: string[];
      /** What this app joins itself: a loopback address of the same room (with the key, too). */
      local: string;
      /**
       * The host key's short fingerprint (`7F3A-91C2-0B5D-E844`): the port also speaks TLS, and
       * people can check the key they see against it (docs/security.md).
       */
      fingerprint?: string;
      /** People connected to this host now (this app included), over every room. */
      connected: number;
    };

/** One room in the "recent" list. */
export interface RecentRoom {
  /** The address as `parseAddress` reads it (`192.168.1.20/general`). */
  address: string;
  /** The host's name, as its welcome said, for display. */
  title?: string;
  /** When it was last joined (ms since the epoch). */
  lastJoinedAt: number;
}

/** What "Host a room" remembers, and whether to host again at start-up. */
export interface HostingPrefs {
  room: string;
  port: number;
  /** Kept so that a locked room can be hosted again at start-up; empty for an open room. */
  password: string;
  autoStart: boolean;
  /** Announce the hosted room on the network (DNS-SD); the person may turn it off, and it stays off. */
  announce: boolean;
}

/** Everything the app remembers between runs (the outbox is kept apart: it changes often). */
export interface Settings {
  /** The display name; empty until chosen. */
  name: string;
  /**
   * This install's first random id (the protocol's clientId), made once, never changed; since
   * per-host identities it is sent only to the hosts in `legacyHosts`.
   */
  clientId: string;
  /** The secret each host's own clientId is derived from (src-shared/client-identity.ts); never sent. */
  identitySecret: string;
  /** `host:port` of the hosts this install used before per-host ids: they keep getting `clientId`. */
  legacyHosts: string[];
  /** Most recent first. */
  recentRooms: RecentRoom[];
  hosting: HostingPrefs;
  /** Desktop notifications for messages that arrive while the window is not focused. */
  notifications: boolean;
  /** The language chosen in the window's settings; the tray and hosting sentences follow it. */
  language: LocaleSetting;
}

/** A change to the settings: any top-level field but the identity; `hosting` may be partial. */
export type SettingsPatch = Partial<Omit<Settings, 'clientId' | 'identitySecret' | 'legacyHosts' | 'hosting'>> & {
  hosting?: Partial<HostingPrefs>;
};

/**
 * One message typed but not yet acknowledged, kept so that it is sent at the next start: the
 * client's own `OutboxRecord`, so that an `OutboxStore` for a room is
 * `{ load: () => bridge.settings.getOutbox(room), save: (r) => bridge.settings.setOutbox(room, r) }`.
 */
export type OutboxEntry = OutboxRecord;

/** A desktop notification; the main process shows it only while the window is not focused. */
export interface NotifyRequest {
  title: string;
  body: string;
  /** Given back through `onFocusRoom` when the notification is clicked. */
  room: string;
}

/** `window.lanchat`: present in the desktop app only; the browser client runs without it. */
export interface LanchatBridge {
  host: {
    start(request: HostStartRequest): Promise<HostStatus>;
    stop(): Promise<HostStatus>;
    status(): Promise<HostStatus>;
    /** Calls `listener` on every change; returns the unsubscribe. */
    onStatus(listener: (status: HostStatus) => void): () => void;
  };
  settings: {
    get(): Promise<Settings>;
    /** Applies the patch, writes it atomically, returns the new settings. */
    set(patch: SettingsPatch): Promise<Settings>;
    /** The unsent messages of one room (its address, as the client keys it). */
    getOutbox(room: string): Promise<OutboxEntry[]>;
    /** Replaces the unsent messages of one room (an empty list forgets the room). */
    setOutbox(room: string, entries: readonly OutboxEntry[]): Promise<void>;
  };
  notify(request: NotifyRequest): Promise<void>;
  /** The unread count for the dock/taskbar badge (0 clears it). */
  setUnread(count: number): Promise<void>;
  /** Opens an http(s) link in the system browser; false when the URL was refused. */
  openExternal(url: string): Promise<boolean>;
  /** Called with a notification's `room` when it is clicked; returns the unsubscribe. */
  onFocusRoom(listener: (room: string) => void): () => void;
  nearby: {
    /** The hosts this app sees on the network now: its own browsing, whether or not it hosts. */
    list(): Promise<NearbyReply>;
    /** "Why can't I see a host?": what this computer can check about itself (and its host, if it hosts). */
    why(): Promise<Diagnosis>;
    /**
     * A room on another host was used (`host:port`, as typed): the app checks that a LAN Chat host
     * answers there and remembers it, so it is listed even where multicast is filtered.
     * @returns whether it is remembered now
     */
    learn(address: string): Promise<boolean>;
    /** Calls `listener` with the list whenever what it shows changes; returns the unsubscribe. */
    onChange(listener: (reply: NearbyReply) => void): () => void;
  };
  tls: {
    /** Before joining: checks (or on a first visit learns) the key of the address's host; see {@link TlsCheck}. */
    check(address: string): Promise<TlsCheck>;
    /** Calls `listener` when a pinned host showed another key; returns the unsubscribe. */
    onRefused(listener: (refusal: CertRefusal) => void): () => void;
  };
}

// ---- the channels ---------------------------------------------------------------------------

/** Every IPC channel, named once. */
export const IPC = Object.freeze({
  hostStart: 'lanchat:host-start',
  hostStop: 'lanchat:host-stop',
  hostStatus: 'lanchat:host-status',
  settingsGet: 'lanchat:settings-get',
  settingsSet: 'lanchat:settings-set',
  outboxGet: 'lanchat:outbox-get',
  outboxSet: 'lanchat:outbox-set',
  notify: 'lanchat:notify',
  setUnread: 'lanchat:set-unread',
  openExternal: 'lanchat:open-external',
  tlsCheck: 'lanchat:tls-check',
  nearbyList: 'lanchat:nearby-list',
  nearbyWhy: 'lanchat:nearby-why',
  nearbyLearn: 'lanchat:nearby-learn',
  /** main → renderer: a {@link NearbyReply}, whenever the list changes. */
  nearbyEvent: 'lanchat:nearby-event',
  /** main → renderer: a {@link HostStatus}. */
  hostStatusEvent: 'lanchat:host-status-event',
  /** main → renderer: a room to show (a notification was clicked). */
  focusRoomEvent: 'lanchat:focus-room-event',
  /** main → renderer: a {@link CertRefusal}. */
  tlsRefusedEvent: 'lanchat:tls-refused-event',
} as const);

/** The request/response channels (renderer → main), their arguments and results. */
export interface InvokeMap {
  [IPC.hostStart]: { args: [HostStartRequest]; result: HostStatus };
  [IPC.hostStop]: { args: []; result: HostStatus };
  [IPC.hostStatus]: { args: []; result: HostStatus };
  [IPC.settingsGet]: { args: []; result: Settings };
  [IPC.settingsSet]: { args: [SettingsPatch]; result: Settings };
  [IPC.outboxGet]: { args: [string]; result: OutboxEntry[] };
  [IPC.outboxSet]: { args: [string, OutboxEntry[]]; result: void };
  [IPC.notify]: { args: [NotifyRequest]; result: void };
  [IPC.setUnread]: { args: [number]; result: void };
  [IPC.openExternal]: { args: [string]; result: boolean };
  [IPC.tlsCheck]: { args: [string]; result: TlsCheck };
  [IPC.nearbyList]: { args: []; result: NearbyReply };
  [IPC.nearbyWhy]: { args: []; result: Diagnosis };
  [IPC.nearbyLearn]: { args: [string]; result: boolean };
}
export type InvokeChannel = keyof InvokeMap;

/** The event channels (main → renderer) and their payloads. */
export interface EventMap {
  [IPC.hostStatusEvent]: HostStatus;
  [IPC.focusRoomEvent]: string;
  [IPC.tlsRefusedEvent]: CertRefusal;
  [IPC.nearbyEvent]: NearbyReply;
}

// ---- argument validation --------------------------------------------------------------------

/** Sizes the main process accepts from the renderer; anything bigger is refused. */
export const BRIDGE_LIMITS = Object.freeze({
  passwordChars: 256,
  recentRooms: 20,
  addressChars: 300,
  titleChars: 100,
  notifyTitleChars: 100,
  notifyBodyChars: 300,
  outboxEntries: 500,
  outboxRooms: 100,
  errorChars: 500,
  urlChars: 2048,
  unread: 1_000_000,
});

/** A validation result: the checked (and normalized) value, or why it was refused. */
export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

const room = (v: unknown, what: string) => str(v, what, 64, ROOM_ID_PATTERN);
const port = (v: unknown, what: string) => int(v, what, 0, 65535);
const password = (v: unknown, what: string) => str(v, what, BRIDGE_LIMITS.passwordChars);
const time = (v: unknown, what: string) => int(v, what, 0, Number.MAX_SAFE_INTEGER);
/** A room address as people type it, one host (`192.168.1.20/dev#7F3A-…`). */
const roomAddress = (v: unknown) =>
  parseAddress(str(v, 'address', BRIDGE_LIMITS.addressChars)).ok ? (v as string) : refuse('address is not valid.');
const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

function hostStart(v: unknown): HostStartRequest {
  const o = object(v, 'request', ['room', 'password', 'port', 'announce']);
  const req: HostStartRequest = { room: room(o.room, 'room'), port: port(o.port, 'port') };
  if (o.password !== undefined && o.password !== '') req.password = password(o.password, 'password');
  if (o.announce !== undefined) req.announce = bool(o.announce, 'announce');
  return req;
}

function recent(v: unknown, what: string): RecentRoom {
  const o = object(v, what, ['address', 'title', 'lastJoinedAt']);
  const r: RecentRoom = {
    address: str(o.address, `${what}.address`, BRIDGE_LIMITS.addressChars),
    lastJoinedAt: time(o.lastJoinedAt, `${what}.lastJoinedAt`),
  };
  if (o.title !== undefined) r.title = str(o.title, `${what}.title`, BRIDGE_LIMITS.titleChars);
  return r;
}

function settingsPatch(v: unknown): SettingsPatch {
  const o = object(v, 'settings', ['name', 'recentRooms', 'hosting', 'notifications', 'language']);
  const patch: SettingsPatch = {};
  if (o.name !== undefined) {
    // An empty name means "not chosen yet"; any other name follows the protocol's rules.
    const checked = o.name === '' ? { ok: true as const, name: '' } : checkName(o.name);
    patch.name = checked.ok ? checked.name : refuse(`settings.${checked.why}`);
  }
  if (o.recentRooms !== undefined) {
    patch.recentRooms = list(o.recentRooms, 'settings.recentRooms', BRIDGE_LIMITS.recentRooms, recent);
  }
  if (o.notifications !== undefined) patch.notifications = bool(o.notifications, 'settings.notifications');
  if (o.language !== undefined) {
    patch.language = isLocaleSetting(o.language) ? o.language : refuse('settings.language is not a known language.');
  }
  if (o.hosting !== undefined) {
    const h = object(o.hosting, 'settings.hosting', ['room', 'port', 'password', 'autoStart', 'announce']);
    const hosting: Partial<HostingPrefs> = {};
    if (h.room !== undefined) hosting.room = room(h.room, 'settings.hosting.room');
    if (h.port !== undefined) hosting.port = port(h.port, 'settings.hosting.port');
    if (h.password !== undefined) hosting.password = password(h.password, 'settings.hosting.password');
    if (h.autoStart !== undefined) hosting.autoStart = bool(h.autoStart, 'settings.hosting.autoStart');
    if (h.announce !== undefined) hosting.announce = bool(h.announce, 'settings.hosting.announce');
    patch.hosting = hosting;
  }
  return patch;
}

function notifyRequest(v: unknown): NotifyRequest {
  const o = object(v, 'notification', ['title', 'body', 'room']);
  // Long texts are shortened, not refused: a long message still deserves its notification.
  return {
    title: clip(str(o.title, 'notification.title', 64 * 1024), BRIDGE_LIMITS.notifyTitleChars),
    body: clip(str(o.body, 'notification.body', 64 * 1024), BRIDGE_LIMITS.notifyBodyChars),
    room: str(o.room, 'notification.room', BRIDGE_LIMITS.addressChars),
  };
}

const none = (): [] => [];
const VALIDATORS: { [C in InvokeChannel]: (args: readonly unknown[]) => InvokeMap[C]['args'] } = {
  [IPC.hostStart]: (a) => [hostStart(a[0])],
  [IPC.hostStop]: none,
  [IPC.hostStatus]: none,
  [IPC.settingsGet]: none,
  [IPC.settingsSet]: (a) => [settingsPatch(a[0])],
  [IPC.outboxGet]: (a) => [outboxRoom(a[0])],
  [IPC.outboxSet]: (a) => [outboxRoom(a[0]), list(a[1], 'outbox', BRIDGE_LIMITS.outboxEntries, outboxEntry)],
  [IPC.notify]: (a) => [notifyRequest(a[0])],
  [IPC.setUnread]: (a) => [int(a[0], 'count', 0, BRIDGE_LIMITS.unread)],
  [IPC.openExternal]: (a) => [str(a[0], 'url', BRIDGE_LIMITS.urlChars)],
  [IPC.tlsCheck]: (a) => [roomAddress(a[0])],
  [IPC.nearbyList]: none,
  [IPC.nearbyWhy]: none,
  [IPC.nearbyLearn]: (a) => [roomAddress(a[0])],
};
const ARITY: { [C in InvokeChannel]: number } = {
  [IPC.hostStart]: 1,
  [IPC.hostStop]: 0,
  [IPC.hostStatus]: 0,
  [IPC.settingsGet]: 0,
  [IPC.settingsSet]: 1,
  [IPC.outboxGet]: 1,
  [IPC.outboxSet]: 2,
  [IPC.notify]: 1,
  [IPC.setUnread]: 1,
  [IPC.openExternal]: 1,
  [IPC.tlsCheck]: 1,
  [IPC.nearbyList]: 0,
  [IPC.nearbyWhy]: 0,
  [IPC.nearbyLearn]: 1,
};

/** Whether a string is one of the request/response channels. */
export function isInvokeChannel(channel: string): channel is InvokeChannel {
  return Object.hasOwn(VALIDATORS, channel);
}

/**
 * Checks the arguments of one call from the renderer: their number, types, sizes and patterns.
 * @returns the arguments, normalized (trimmed names, shortened notification texts), or why not
 */
export function validateInvoke<C extends InvokeChannel>(
  channel: C,
  args: readonly unknown[],
): Checked<InvokeMap[C]['args']> {
  if (!isInvokeChannel(channel)) return { ok: false, error: `Unknown channel ${String(channel)}.` };
  if (args.length !== ARITY[channel]) return { ok: false, error: `${channel} takes ${ARITY[channel]} argument(s).` };
  try {
    return { ok: true, value: VALIDATORS[channel](args) as InvokeMap[C]['args'] };
  } catch (err) {
    if (err instanceof Refused) return { ok: false, error: err.message };
    throw err;
  }
}
