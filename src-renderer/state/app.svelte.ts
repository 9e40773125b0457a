/**
 * The whole renderer's state: the rooms the person is in, which one is shown, the dialogs, and
 * what the page knows about its surroundings (network, visibility, the desktop bridge).
 */
import { formatAddress, formatHost, parseAddress, roomSocketUrl, type RoomAddress } from '../../src-shared/address.ts';
import type { CertRefusal, TlsCheck } from '../../src-shared/host-key-check.ts';
import { unreachable, unreachableStatus, type Unreachable } from '../lib/unreachable.ts';
import { checkName } from '../../src-shared/codec.ts';
import { dmRoomId } from '../../src-shared/dm.ts';
import { say } from '../../src-shared/i18n/index.ts';
import { LIMITS, type ChatMessage, type DmNoticeFrame, type Member } from '../../src-shared/protocol.ts';
import { askNotificationsOnce, browserNotify } from '../lib/browser-notify.ts';
import { notificationFor } from '../lib/notify.ts';
import { pageMayJoin, prefillAddress, roomFromHash, roomLink, type PageOrigin } from '../lib/route.ts';
import { describeStatus, keyStatus, type StatusView } from '../lib/status.ts';
import { getBridge, type RendererBridge } from './bridge.ts';
import type { ClientFactory } from './client-port.ts';
import { Clock } from './clock.svelte.ts';
import { Hosting } from './hosting.svelte.ts';
import { HostKeys, hostOf, refusalTrouble, unpinned, type KeyProblem } from './host-keys.svelte.ts';
import { outboxStoreFor } from './outbox-store.ts';
import { NearbyState, hostPort } from './nearby.svelte.ts';
import { RoomSession, type RoomOptions } from './room.svelte.ts';
import { t } from './i18n.svelte.ts';
import { Prefs, shouldNotify } from './prefs.svelte.ts';
import { Settings } from './settings.svelte.ts';
import { Overlays } from './overlays.svelte.ts';

/** Why a join did not happen, per field of the join form. */
export interface JoinErrors {
  name?: string;
  address?: string;
  /** The room's link on its own host, when this page (another host's) may not join it. */
  elsewhere?: string;
}

export type { Overlay } from './overlays.svelte.ts';

/** What the app starts with; by default the page's own bridge and localStorage settings. */
export interface AppOptions {
  bridge?: RendererBridge | null;
  settings?: Settings;
  prefs?: Prefs;
  /** The host-key checks (desktop); by default made from the bridge when it has `tls`. */
  keys?: HostKeys | null;
}

/** Why a name cannot be used, in the person's language. */
function nameProblem(input: string, problem: 'type' | 'length' | 'control'): string {
  if (input.trim() === '') return t('join.nameEmpty');
  return problem === 'control' ? t('join.nameControl') : t('join.nameLength', { max: LIMITS.maxNameChars });
}

export class AppState extends Overlays {
  readonly settings: Settings;
  /** Language, theme, sending and notifications. */
  readonly prefs: Prefs;
  readonly bridge: RendererBridge | null;
  /** Desktop only: hosting a room on this computer. */
  readonly hosting: Hosting | null;
  /** Desktop: every room's host key is checked by the main process before the room connects. */
  readonly keys: HostKeys | null;
  /** The hosted room's local address, for the join form while no name is known yet. */
  hostedAddress = $state<string | null>(null);
  readonly clock = new Clock();
  rooms = $state.raw<RoomSession[]>([]);
  activeKey = $state<string | null>(null);
  online = $state(true);
  visible = $state(true);
  /** What the join form starts with: the serving host in a browser. */
  readonly defaultAddress: string;
  /** Where this page was served from (a host's page in a browser, or the desktop app's). */
  readonly #page: PageOrigin;
  /** A `#/room/ID` link asked for this room: the join form asks only for the name. */
  readonly linkedRoom: string | null;
  /** "On this network": the serving host's rooms and the hosts it sees. */
  readonly nearby: NearbyState;
  /** The "Why can't I see a host?" dialog. */
  whyOpen = $state(false);
  /** The page came over https: its rooms must use wss (a browser blocks ws:// from an https page). */
  readonly #pageSecure: boolean;

  readonly active = $derived(this.rooms.find((r) => r.key === this.activeKey) ?? null);
  readonly totalUnread = $derived(this.rooms.reduce((n, r) => n + r.unread, 0));

  readonly #createClient: ClientFactory;

  constructor(createClient: ClientFactory, win: Window = window, options: AppOptions = {}) {
    super();
    this.#createClient = createClient;
    this.bridge = options.bridge === undefined ? getBridge() : options.bridge;
    this.settings = options.settings ?? new Settings();
    this.prefs = options.prefs ?? new Prefs();
    this.hosting = this.bridge ? new Hosting(this.bridge, (local) => this.#hosted(local)) : null;
    this.keys = options.keys !== undefined ? options.keys : this.bridge?.tls ? new HostKeys(this.bridge.tls) : null;
    this.keys?.onRefused((refusal) => this.#refused(refusal));
    // A clicked notification brings its room to the front.
    this.bridge?.onFocusRoom((key) => {
      if (this.rooms.some((r) => r.key === key)) this.show(key);
    });
    const loc = win.location;
    this.#page = { protocol: loc.protocol, hostname: loc.hostname, port: loc.port, hash: '' };
    this.#pageSecure = loc.protocol === 'https:';
    this.defaultAddress = prefillAddress(loc) ?? '';
    this.linkedRoom = roomFromHash(loc.hash);
    const here = parseAddress(this.defaultAddress);
    // A browser sees the network through its serving host; the app through its own browsing.
    this.nearby = this.bridge
      ? new NearbyState(null, undefined, this.bridge.nearby)
      : new NearbyState(here.ok ? hostPort(here.host, here.port) : null);
    this.online = win.navigator.onLine;
    this.visible = win.document.visibilityState === 'visible';
    win.addEventListener('online', () => {
      this.online = true;
      for (const r of this.rooms) r.networkOnline();
    });
    win.addEventListener('offline', () => (this.online = false));
    win.document.addEventListener('visibilitychange', () => {
      this.visible = win.document.visibilityState === 'visible';
    });
    this.clock.start();
    // Opened from a room link by someone whose name is remembered: straight into the room.
    if (this.linkedRoom && this.defaultAddress && this.settings.name) {
      void this.join(this.settings.name, this.defaultAddress);
    }
  }

  /**
   * Joins a room (or shows it, when already joined). On the desktop the host's key is checked
   * first (asynchronously): a key problem opens its warning instead of the room.
   * @returns the problems to show in the form, or null when the room opened (or the warning)
   */
  join(nameInput: string, addressInput: string): JoinErrors | null | Promise<JoinErrors | null> {
    const errors: JoinErrors = {};
    const name = checkName(nameInput);
    if (!name.ok) errors.name = nameProblem(nameInput, name.problem);
    const address = parseAddress(addressInput);
    if (!address.ok) errors.address = say(t, address.problem);
    if (!name.ok || !address.ok) return errors;
    if (!pageMayJoin(this.#page, address)) {
      // The other host refuses another machine's page (403): say so, and where the room is. This
      // page's host still learns of that one, and lists it for everyone (the fallback of discovery).
      this.nearby.introduce(address.host, address.port);
      return { address: t('join.otherMachine', { address: formatAddress(address) }), elsewhere: roomLink(address) };
    }
    if (this.keys && !this.rooms.some((r) => r.key === formatAddress(address))) {
      return this.#joinChecked(address, name.name);
    }
    this.#opened(this.#open(address, name.name));
    return null;
  }

  /** A room the person asked for is open: remember it, and show it. */
  #opened(room: RoomSession): void {
    this.settings.joined(room.name, room.key);
    this.show(room.key);
  }

  /** Desktop: checks the host's key, then opens the room (or says why not). */
  async #joinChecked(address: RoomAddress, name: string): Promise<JoinErrors | null> {
    const ready = await this.keys!.prepare(address);
    if (ready.kind === 'unreachable') return { address: t('tls.joinUnreachable', { host: formatHost(address) }) };
    if (ready.kind === 'trouble') this.#keyTrouble({ trouble: ready.trouble, address, name });
    else this.#opened(this.#open(ready.address, name, {}, ready.checkedNow));
    return null;
  }

  /** A key problem stopped a join, or a room (which stays, stopped, until checked again). */
  #keyTrouble(problem: KeyProblem, room?: RoomSession): void {
    room?.halt();
    this.keys!.show(problem, room?.key);
    this.overlay = 'hostKey';
  }

  /** A room's own check (before a reconnection) found something else than what it was opened with. */
  #keyVerdict(key: string, check: TlsCheck): void {
    const room = this.rooms.find((r) => r.key === key);
    if (!room) return;
    if (check.state === 'mismatch' || check.state === 'plainRefused') {
      this.#keyTrouble({ trouble: check, address: room.address, name: room.name }, room);
      return;
    }
    // Another key trusted since (in another room of the host), or a host that encrypts now:
    // open the room again with it (its clientId follows the key).
    this.leave(key);
    void this.#joinChecked(unpinned(room.address), room.name);
  }

  /** Chromium refused a pinned host's certificate (the main process's hook): stop its rooms. */
  #refused(refusal: CertRefusal): void {
    for (const room of this.rooms) {
      const trouble = refusalTrouble(refusal, room.address);
      if (trouble) this.#keyTrouble({ trouble, address: room.address, name: room.name }, room);
    }
  }

  /**
   * The person confirmed the new key the warning shows: once the host shows exactly that key, it
   * is remembered, and the rooms of that host open again with it.
   * @returns null, or why nothing changed (the host did not answer, or showed yet another key)
   */
  async trustNewKey(): Promise<string | null> {
    const problem = this.keys?.problem;
    const ready = problem ? await this.keys!.trustNewKey() : null;
    if (!problem || !ready) return null;
    if (ready.kind === 'unreachable') return t('tls.trustNoAnswer');
    if (ready.kind === 'trouble') {
      this.#keyTrouble({ ...problem, trouble: ready.trouble });
      return null;
    }
    this.keys!.problem = null;
    const host = hostOf(problem.address);
    for (const room of this.rooms.filter((r) => hostOf(r.address) === host)) {
      this.leave(room.key);
      if (!room.isDm) this.#open({ ...ready.address, room: room.address.room }, room.name, {}, false);
    }
    this.#opened(this.#open({ ...ready.address, room: problem.address.room }, problem.name, {}, false));
    return null;
  }

  /** The session of a room, made (and connected) when it is not open yet. */
  #open(address: RoomAddress, name: string, extra: Partial<RoomOptions> = {}, checkedNow = false): RoomSession {
    const key = formatAddress(address);
    const open = this.rooms.find((r) => r.key === key);
    if (open) return open;
    const room = new RoomSession({
      // Desktop: each connection attempt checks the host's key first.
      ...(this.keys && {
        WebSocket: this.keys.socketFor(address, checkedNow, (check) => this.#keyVerdict(key, check)),
      }),
      address: { ...address, secure: address.secure || this.#pageSecure },
      name,
      // Each host its own id (docs/security.md): no host can replay it on another.
      clientId: this.settings.clientIdFor(
        [address],
        address.fingerprints?.find((fp) => fp.length === 64),
      ),
      createClient: this.#createClient,
      outboxStore: outboxStoreFor(this.bridge, key),
      onHostName: (hostName) => {
        this.settings.named(key, hostName);
        this.nearby.introduce(address.host, address.port);
      },
      // A direct message is for this person alone: it notifies like a mention.
      onIncoming: (message, mentioned) =>
        this.#notify(
          key,
          room.isDm ? `@${room.peerName ?? message.from.name}` : address.room,
          message,
          name,
          mentioned || room.isDm,
        ),
      onDm: (notice) => this.#dmArrived(room, notice),
      ...extra,
    });
    this.rooms = [...this.rooms, room];
    return room;
  }

  /** Opens (and shows) the direct-message room with a member of `from`'s host. */
  openDm(from: RoomSession, member: Member): void {
    const me = from.you?.id;
    const dm = me ? dmRoomId(me, member.id) : undefined;
    if (!dm) return;
    const room = this.#open({ ...from.address, room: dm }, from.name, { peerName: member.name });
    this.show(room.key);
    this.membersOpen = false;
  }

  /** A direct message for this person in a DM room not open here yet: open it in the background, unread. */
  #dmArrived(from: RoomSession, notice: DmNoticeFrame): void {
    const address = { ...from.address, room: notice.room };
    if (this.rooms.some((r) => r.key === formatAddress(address))) return;
    const { message } = notice;
    const room = this.#open(address, from.name, { peerName: message.from.name, unreadAfter: message.seq - 1 });
    this.#notify(room.key, `@${message.from.name}`, message, from.name, true);
  }

  /**
   * The room this app hosts is running: join it like any other client, as the remembered name,
   * or (no name yet) put its address into the join form.
   */
  #hosted(local: string): void {
    if (!this.settings.name) this.hostedAddress = local;
    else void Promise.resolve(this.join(this.settings.name, local)).then((e) => e && (this.hostedAddress = local));
  }

  /** The browser link of a room this page may not join itself (another machine's host), else null. */
  linkOf(addressText: string): string | null {
    const address = parseAddress(addressText);
    return address.ok && !pageMayJoin(this.#page, address) ? roomLink(address) : null;
  }

  /**
   * A new message from someone else, as the room's notification level allows (a mention of the
   * person always, unless the room is muted): a desktop notification (shown while the window is
   * not focused); in a browser, only mentions, as system notifications once allowed.
   */
  #notify(key: string, roomId: string, message: ChatMessage, you: string, mentioned: boolean): void {
    const level = this.prefs.notifyLevel(key);
    if (level === 'none' || !(mentioned || shouldNotify(level, message.text, you))) return;
    const n = notificationFor(key, roomId, message, mentioned);
    if (this.bridge) this.bridge.notify(n).catch(() => {});
    else if (mentioned) browserNotify(n, this.activeKey === key, () => this.show(key));
  }

  /** The person did something (sent a message): the moment to ask the browser, once, for notifications. */
  acted(): void {
    if (!this.bridge) askNotificationsOnce();
  }

  /**
   * In a browser, the address bar follows the room on screen when that room is on the host that
   * served the page, so that a reload (or a bookmark) comes back to it.
   */
  syncLocation(win: Window = window): void {
    const room = this.active;
    if (this.bridge || !room || !this.defaultAddress) return;
    const here = parseAddress(this.defaultAddress);
    if (!here.ok || here.host !== room.address.host || here.port !== room.address.port) return;
    const hash = `#/room/${encodeURIComponent(room.address.room)}`;
    if (win.location.hash !== hash) win.history.replaceState(null, '', hash);
  }

  /** Shows a room (closing whatever covered the chat). */
  show(key: string): void {
    this.activeKey = key;
    this.overlay = null;
  }

  /** Whether a room that never opened has failed to reach its host for a few seconds (else null). */
  reachOf(room: RoomSession): Unreachable | null {
    return unreachable({
      state: room.state,
      everOpen: room.hostName !== null,
      startedAt: room.startedAt,
      now: this.clock.now,
      where: hostPort(room.address.host, room.address.port),
      url: roomSocketUrl(room.address),
      attempts: room.attempts,
      online: this.online,
    });
  }

  /** What a room's connection status says now: one view for its header and the sidebar. */
  statusOf(room: RoomSession): StatusView {
    if (this.keys?.halted.has(room.key)) return keyStatus();
    const reach = this.reachOf(room);
    if (reach) return unreachableStatus(reach);
    return describeStatus({
      state: room.state,
      nextRetryAt: room.nextRetryAt,
      closeInfo: room.closeInfo,
      online: this.online,
      now: this.clock.now,
    });
  }

  /** Connects a room again whose session ended. */
  rejoin(key: string): void {
    this.keys?.resumed(key);
    this.rooms.find((r) => r.key === key)?.restart();
  }

  /** Leaves a room and shows another. */
  leave(key: string): void {
    const room = this.rooms.find((r) => r.key === key);
    if (!room) return;
    this.keys?.resumed(key);
    room.leave();
    this.rooms = this.rooms.filter((r) => r !== room);
    if (this.activeKey === key) this.activeKey = this.rooms[0]?.key ?? null;
  }

  /** Ctrl/Cmd+K: the room switcher, from anywhere; Escape: close a sliding panel. */
  onGlobalKey(e: KeyboardEvent): void {
    // Escape closes the panels that slide over the chat on a narrow screen (dialogs close themselves).
    if (e.key === 'Escape' && (this.overlay === 'rooms' || this.overlay === 'members')) {
      this.overlay = null;
      return;
    }
    if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'k' && this.rooms.length > 0) {
      e.preventDefault();
      this.switcherOpen = !this.switcherOpen;
    }
  }
}
