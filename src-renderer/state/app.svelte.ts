/**
 * The whole renderer's state: the rooms the person is in, which one is shown, the dialogs, and
 * what the page knows about its surroundings (network, visibility, the desktop bridge).
 */
import { formatAddress, parseAddress, roomSocketUrl, type RoomAddress } from '../../src-shared/address.ts';
import { unreachable, unreachableStatus, type Unreachable } from '../lib/unreachable.ts';
import { checkName } from '../../src-shared/codec.ts';
import { dmRoomId } from '../../src-shared/dm.ts';
import { say } from '../../src-shared/i18n/index.ts';
import { LIMITS, type ChatMessage, type DmNoticeFrame, type Member } from '../../src-shared/protocol.ts';
import { askNotificationsOnce, browserNotify } from '../lib/browser-notify.ts';
import { notificationFor } from '../lib/notify.ts';
import { pageMayJoin, prefillAddress, roomFromHash, roomLink, type PageOrigin } from '../lib/route.ts';
import { describeStatus, type StatusView } from '../lib/status.ts';
import { getBridge, type RendererBridge } from './bridge.ts';
import type { ClientFactory } from './client-port.ts';
import { Clock } from './clock.svelte.ts';
import { Hosting } from './hosting.svelte.ts';
import { outboxStoreFor } from './outbox-store.ts';
import { NearbyState, hostPort } from './nearby.svelte.ts';
import { RoomSession, type RoomOptions } from './room.svelte.ts';
import { t } from './i18n.svelte.ts';
import { Prefs, shouldNotify } from './prefs.svelte.ts';
import { Settings } from './settings.svelte.ts';

/** Why a join did not happen, per field of the join form. */
export interface JoinErrors {
  name?: string;
  address?: string;
  /** The room's link on its own host, when this page (another host's) may not join it. */
  elsewhere?: string;
}

/**
 * What covers the chat, one at a time: the join dialog, the room switcher, or (on a narrow
 * screen) the room list or the member list sliding over it.
 */
export type Overlay = 'join' | 'switcher' | 'rooms' | 'members' | 'settings' | null;

/** What the app starts with; by default the page's own bridge and localStorage settings. */
export interface AppOptions {
  bridge?: RendererBridge | null;
  settings?: Settings;
  prefs?: Prefs;
}

/** Why a name cannot be used, in the person's language. */
function nameProblem(input: string, problem: 'type' | 'length' | 'control'): string {
  if (input.trim() === '') return t('join.nameEmpty');
  return problem === 'control' ? t('join.nameControl') : t('join.nameLength', { max: LIMITS.maxNameChars });
}

export class AppState {
  readonly settings: Settings;
  /** Language, theme, sending and notifications. */
  readonly prefs: Prefs;
  readonly bridge: RendererBridge | null;
  /** Desktop only: hosting a room on this computer. */
  readonly hosting: Hosting | null;
  /** The hosted room's local address, for the join form while no name is known yet. */
  hostedAddress = $state<string | null>(null);
  readonly clock = new Clock();
  rooms = $state.raw<RoomSession[]>([]);
  activeKey = $state<string | null>(null);
  online = $state(true);
  visible = $state(true);
  /** The one overlay shown; the `…Open` flags below are views of it, for `bind:`. */
  overlay = $state<Overlay>(null);
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

  get joinOpen(): boolean {
    return this.overlay === 'join';
  }
  set joinOpen(open: boolean) {
    this.#toggle('join', open);
  }
  get switcherOpen(): boolean {
    return this.overlay === 'switcher';
  }
  set switcherOpen(open: boolean) {
    this.#toggle('switcher', open);
  }
  /** On a narrow screen: the room list slides over the chat. */
  get settingsOpen(): boolean {
    return this.overlay === 'settings';
  }
  set settingsOpen(open: boolean) {
    this.#toggle('settings', open);
  }
  get sidebarOpen(): boolean {
    return this.overlay === 'rooms';
  }
  set sidebarOpen(open: boolean) {
    this.#toggle('rooms', open);
  }
  /** On a narrow screen: the member list slides over the chat. */
  get membersOpen(): boolean {
    return this.overlay === 'members';
  }
  set membersOpen(open: boolean) {
    this.#toggle('members', open);
  }

  /** Opens `which` (closing any other), or closes it when it is the one shown. */
  #toggle(which: Exclude<Overlay, null>, open: boolean): void {
    if (open) this.overlay = which;
    else if (this.overlay === which) this.overlay = null;
  }

  constructor(createClient: ClientFactory, win: Window = window, options: AppOptions = {}) {
    this.#createClient = createClient;
    this.bridge = options.bridge === undefined ? getBridge() : options.bridge;
    this.settings = options.settings ?? new Settings();
    this.prefs = options.prefs ?? new Prefs();
    this.hosting = this.bridge ? new Hosting(this.bridge, (local) => this.#hosted(local)) : null;
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
      this.join(this.settings.name, this.defaultAddress);
    }
  }

  /**
   * Joins a room (or shows it, when already joined).
   * @returns the problems to show in the form, or null when the room opened
   */
  join(nameInput: string, addressInput: string): JoinErrors | null {
    const errors: JoinErrors = {};
    const name = checkName(nameInput);
    if (!name.ok) errors.name = nameProblem(nameInput, name.problem);
    const address = parseAddress(addressInput);
    if (!address.ok) errors.address = say(t, address.problem);
    if (!name.ok || !address.ok) return errors;
    if (!pageMayJoin(this.#page, address)) {
      // The other host refuses another machine's page (403): say so, and where the room is. This
      // page's host still learns of that one, and lists it for everyone (the fallback of discovery).
      this.#introduce(address.host, address.port);
      return { address: t('join.otherMachine', { address: formatAddress(address) }), elsewhere: roomLink(address) };
    }
    const key = formatAddress(address);
    this.#open(address, name.name);
    this.settings.joined(name.name, key);
    this.show(key);
    return null;
  }

  /** The session of a room, made (and connected) when it is not open yet. */
  #open(address: RoomAddress, name: string, extra: Partial<RoomOptions> = {}): RoomSession {
    const key = formatAddress(address);
    const open = this.rooms.find((r) => r.key === key);
    if (open) return open;
    const room = new RoomSession({
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
        this.#introduce(address.host, address.port);
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
    if (!this.settings.name || this.join(this.settings.name, local)) this.hostedAddress = local;
  }

  /** The browser link of a room this page may not join itself (another machine's host), else null. */
  linkOf(addressText: string): string | null {
    const address = parseAddress(addressText);
    return address.ok && !pageMayJoin(this.#page, address) ? roomLink(address) : null;
  }

  /** A room on another host opened: whoever keeps the nearby list remembers that host (NearbyState). */
  #introduce(host: string, port: number): void {
    this.nearby.introduce(host, port);
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
    this.rooms.find((r) => r.key === key)?.restart();
  }

  /** Leaves a room and shows another. */
  leave(key: string): void {
    const room = this.rooms.find((r) => r.key === key);
    if (!room) return;
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
