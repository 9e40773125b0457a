/**
 * One room the person is in: a chat client and the reactive view of it that the components
 * read. The client mutates its model in place; on every `change` this class takes fresh
 * snapshots into `$state.raw` fields, so that Svelte re-renders exactly what changed.
 */
import { formatAddress, type RoomAddress } from '../../src-shared/address.ts';
import type {
  ArchivedTimeline,
  ClientState,
  CloseInfo,
  MemberView,
  PendingMessage,
  TimelineGap,
  TimelineMessage,
} from '../../src-shared/client/types.ts';
import { isDmRoom } from '../../src-shared/dm.ts';
import type { ChatMessage, Member, ReadState } from '../../src-shared/protocol.ts';
import { mentions } from '../lib/markdown.ts';
import { dmPeerName, noteActivity } from '../lib/people.ts';
import { countUnread } from '../lib/unread.ts';
import type { ChatClientPort } from './client-port.ts';
import type { RoomOptions } from './room-options.ts';
import { uploadsUrl } from '../lib/files.ts';
import { Attachments } from './attachments.svelte.ts';
import { MessageActs } from './message-acts.svelte.ts';
import { t } from './i18n.svelte.ts';
import { loadReadPosition, readFrom, saveReadPosition } from './read-store.ts';

/** Messages per page when scrolling back. */
const PAGE = 100;
/** A search result is shown with this many messages before and after it. */
const CONTEXT = 25;

/** A stretch of older history shown apart from the timeline, around a search result. */
export interface ContextView {
  messages: readonly ChatMessage[];
  /** The seq of the message to highlight. */
  seq: number;
}

export type { RoomOptions } from './room-options.ts';

export class RoomSession {
  /** The room's address as people type it; unique among the open rooms. */
  readonly key: string;
  readonly address: RoomAddress;
  /** A direct-message room (`dm.<id>.<id>`). */
  readonly isDm: boolean;
  /** The name this person goes by here: the one joined with, or the one changed to. */
  name = $state('');
  /**
   * Member id → the last sign of activity seen from them (ms), for "idle" in the member list.
   * Not reactive on purpose: the list is recomputed with the clock's tick, not on every frame.
   */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly activeAt = new Map<string, number>();
  /** In a DM room: the other person's name, as last seen. */
  peerName = $state<string | null>(null);

  state = $state.raw<ClientState>('idle');
  closeInfo = $state.raw<CloseInfo | null>(null);
  nextRetryAt = $state.raw<number | null>(null);
  messages = $state.raw<readonly TimelineMessage[]>([]);
  archived = $state.raw<readonly ArchivedTimeline[]>([]);
  gaps = $state.raw<readonly TimelineGap[]>([]);
  pending = $state.raw<readonly PendingMessage[]>([]);
  members = $state.raw<readonly MemberView[]>([]);
  you = $state.raw<Member | null>(null);
  hostName = $state.raw<string | null>(null);
  /** 1.1: where every member has read to. */
  reads = $state.raw<readonly ReadState[]>([]);
  /** 1.1: the host serves edits, deletes, reactions and replies. */
  canAct = $state(false);
  /** Replies, edits, deletes and reactions of the person (1.1). */
  readonly acts: MessageActs;
  /** The host takes files in this room (1.1 `files`). */
  filesEnabled = $state(false);
  /** This member's token for the room's HTTP calls (file links in a locked room carry it). */
  token = $state.raw<string | null>(null);
  /** The files on their way out. */
  readonly attachments: Attachments;
  /** A password was tried: a second "password needed" means it was wrong. */
  triedPassword = $state(false);
  /** What the person is typing here, kept while they look at another room. */
  draft = $state('');
  /** The highest seq the person has seen in this room. */
  lastReadSeq = $state(0);
  /** The timeline holds the room's first message: nothing older to load. */
  atStart = $state(false);
  /** An older page is on its way. */
  loadingOlder = $state(false);
  /** The host serves search. */
  canSearch = $state(false);
  /** The host serves direct messages (feature `dm`). */
  canDm = $state(false);
  /** The host lets a member change its name (the project's extension `rename`). */
  canRename = $state(false);
  /** "New messages" goes after this seq (where the person left off), or nowhere when null. */
  markerSeq = $state<number | null>(null);
  /** The message to highlight in the timeline (a chosen search result), if any. */
  highlightSeq = $state<number | null>(null);
  /** Older messages shown around a search result, instead of the timeline. */
  context = $state.raw<ContextView | null>(null);
  /** Whether the room has been open once (its first history is not "unread"). */
  #seeded = false;
  /** When the room started trying to connect, and how many attempts it made (for "Can't reach"). */
  startedAt = $state(Date.now());
  attempts = $state(0);
  /** The person is looking at this room now (the marker is placed when they start to). */
  #viewing = false;
  #epoch: string | undefined;
  /** The marker of the visit before a reload: shown again if nothing newer is unread. */
  #savedMarker: number | null = null;

  /** Messages from others that arrived after the person last looked at this room. */
  readonly unread = $derived(countUnread(this.messages, this.lastReadSeq, () => true));

  /** Unread messages from others that mention the person (the room's "@" badge). */
  readonly mentionCount = $derived.by(() => {
    const name = this.you?.name;
    return name ? countUnread(this.messages, this.lastReadSeq, (m) => !m.deleted && mentions(m.text, name)) : 0;
  });

  /** The names of the others who are typing. */
  readonly typingNames = $derived(this.members.filter((m) => m.typing && !m.you).map((m) => m.name));

  #client!: ChatClientPort;
  #pendingSig = '';
  #revision = -1;
  #readsSig = '';
  #offs: (() => void)[] = [];
  readonly #options: RoomOptions;

  constructor(options: RoomOptions) {
    this.#options = options;
    this.address = options.address;
    this.key = formatAddress(options.address);
    this.isDm = isDmRoom(options.address.room);
    this.name = options.name;
    this.peerName = options.peerName ?? null;
    this.acts = new MessageActs({
      client: () => this.#client,
      messages: () => this.messages,
      sync: () => this.#sync(),
    });
    this.attachments = new Attachments({
      endpoint: uploadsUrl(options.address),
      key: this.key,
      token: () => this.#client.welcome?.token,
      send: (caption, ids) => {
        const replyTo = this.acts.replyTo;
        this.acts.replyTo = null;
        this.#client.send(caption, { files: ids, ...(replyTo !== null && { replyTo }) });
        this.#sync();
      },
    });
    this.#connect(options.password);
  }

  /**
   * Your new name in this room: the others see it at once; reconnects (and a password retry) ask for it.
   * @returns you, as the room now knows you (`Name (2)` when someone here has a look-alike)
   */
  async rename(name: string): Promise<Member> {
    const you = await this.#client.rename(name);
    this.name = name;
    this.#sync();
    return you;
  }

  #connect(password: string | undefined): void {
    const o = this.#options;
    const client = o.createClient({
      address: o.address,
      name: this.name,
      clientId: o.clientId,
      ...(password ? { password } : {}),
      WebSocket: o.WebSocket ?? globalThis.WebSocket,
      outboxStore: o.outboxStore,
    });
    this.#offs = [
      client.on('change', () => this.#sync()),
      // History and a resume's catch-up arrive inside the welcome: a `message` frame is live.
      client.on('message', (frame) => {
        // Only new text is news: edits, deletes and reactions (1.1) change what is there.
        if (frame.type === 'message' && frame.kind === undefined && frame.from.id !== client.you?.id) {
          o.onIncoming?.(frame, client.you !== undefined && mentions(frame.text, client.you.name));
        }
        if (frame.type === 'dm') o.onDm?.(frame);
        noteActivity(this.activeAt, frame, Date.now());
      }),
      client.on('open', ({ welcome, epochChanged }) => {
        if (this.hostName !== welcome.server.name) o.onHostName?.(welcome.server.name);
        this.hostName = welcome.server.name;
        this.filesEnabled = welcome.features?.includes('files') ?? false;
        this.token = welcome.token ?? null;
        if (this.filesEnabled) void this.attachments.restore();
        // First welcome, or the host's log was reset (a new epoch numbers from 1 again).
        if (!this.#seeded || epochChanged) {
          const saved = this.#seeded ? undefined : loadReadPosition(this.key);
          this.#seeded = true;
          if (saved?.epoch === welcome.epoch) this.#savedMarker = saved.marker ?? null;
          const since = { epochChanged, lastReadSeq: this.lastReadSeq, unreadAfter: o.unreadAfter };
          this.lastReadSeq = readFrom(saved, welcome, since);
        }
        this.#epoch = welcome.epoch;
      }),
    ];
    this.#client = client;
    client.start();
    this.#sync();
  }

  #sync(): void {
    const c = this.#client;
    if (c.state === 'connecting' && this.state !== 'connecting') this.attempts++;
    this.state = c.state;
    this.closeInfo = c.closeInfo ?? null;
    this.nextRetryAt = c.state === 'reconnecting' ? (c.nextRetryAt ?? null) : null;
    const t = c.timeline;
    // The client grows its arrays in place: hand Svelte new ones only when they changed.
    if (t.revision !== this.#revision) {
      this.#revision = t.revision;
      this.messages = t.messages.slice();
    }
    const readsSig = c.reads.all.map((r) => `${r.member.id}:${r.seq}`).join(',');
    if (readsSig !== this.#readsSig) {
      this.#readsSig = readsSig;
      this.reads = c.reads.all;
    }
    this.canAct = c.supports('edit');
    if (t.archived.length !== this.archived.length) this.archived = t.archived.slice();
    if (t.gaps.length !== this.gaps.length) this.gaps = t.gaps.slice();
    this.atStart = t.atStart;
    this.canSearch = c.features.includes('search');
    this.canDm = c.features.includes('dm');
    this.canRename = c.features.includes('rename');
    // Pending entries change in place (state, error): copy them, but only when something did,
    // so that a typing notice does not rebuild the message list.
    const sig = c.pending.map((p) => `${p.id}:${p.state}:${p.error?.code ?? ''}`).join(',');
    if (sig !== this.#pendingSig) {
      this.#pendingSig = sig;
      this.pending = c.pending.map((p) => ({ ...p }));
    }
    this.members = c.members.slice();
    this.you = c.you ?? null;
    // A DM is named after the other person, as last seen (Svelte ignores an unchanged value).
    if (this.isDm && this.you) this.peerName = dmPeerName(this.address.room, this.you.id, this) ?? this.peerName;
  }

  /** How the room is named on screen: `# general`, or `@ Bob` for a direct conversation. */
  get title(): string {
    return `${this.isDm ? '@' : '#'} ${this.label}`;
  }

  /** The room without its sign, for sentences ("Message general", "Message Bob"). */
  get label(): string {
    return this.isDm ? (this.peerName ?? t('people.dmUnnamed')) : this.address.room;
  }

  /**
   * The person is looking at this room: everything in it is read. When they have just come
   * (back) to it, "New messages" marks where they had left off.
   */
  markRead(): void {
    // Read first: a caller's effect runs again when the messages change (the welcome among them).
    const last = this.messages.at(-1)?.seq ?? 0;
    const unread = this.unread;
    if (!this.#seeded) return;
    if (!this.#viewing) {
      this.#viewing = true;
      this.markerSeq = unread > 0 ? this.lastReadSeq : this.#savedMarker;
      this.#savedMarker = null;
      this.#save(Math.max(last, this.lastReadSeq));
    }
    if (last <= this.lastReadSeq) return;
    this.lastReadSeq = last;
    this.#save(last);
  }

  #save(seq: number): void {
    if (this.#epoch) saveReadPosition(this.key, { epoch: this.#epoch, seq, marker: this.markerSeq });
  }

  /** The person looks elsewhere (another room, another tab): the next look places the marker again. */
  unviewed(): void {
    this.#viewing = false;
  }

  /** Loads the next older page into the timeline. @returns false when there is none or it failed */
  async loadOlder(): Promise<boolean> {
    const before = this.#client.timeline.olderBefore;
    if (this.loadingOlder || before === undefined || !this.#client.features.includes('history')) return false;
    this.loadingOlder = true;
    try {
      await this.#client.history(before, PAGE);
      return true;
    } catch {
      return false; // offline or refused: scrolling up again tries again
    } finally {
      this.loadingOlder = false;
      this.#sync();
    }
  }

  /** Searches the room's history (newest first). */
  search(q: string, before?: number) {
    return this.#client.search(q, before === undefined ? { limit: 30 } : { limit: 30, before });
  }

  /**
   * Shows a message in its context, highlighted: in the timeline when it holds it, else with the
   * messages around it, apart, until {@link backToNewest}.
   */
  async showMessage(seq: number): Promise<void> {
    this.highlightSeq = seq;
    if (this.messages.some((m) => m.seq === seq)) {
      this.context = null;
      return;
    }
    const page = await this.#client.history(seq + CONTEXT + 1, 2 * CONTEXT + 1);
    this.context = { messages: page.messages, seq };
  }

  /** Leaves a search result's context: the timeline again, at its newest. */
  backToNewest(): void {
    this.context = null;
    this.highlightSeq = null;
  }

  /** Sends the composer's text, as a reply when one is chosen. */
  send(text: string): void {
    const replyTo = this.acts.replyTo;
    this.acts.replyTo = null;
    this.#client.send(text, replyTo === null ? {} : { replyTo });
    this.#sync();
  }

  retry(id: string): void {
    this.#client.retry(id);
    this.#sync();
  }

  /** Forgets a failed message. */
  discard(id: string): void {
    this.#client.discard(id);
    this.#sync();
  }

  typing(): void {
    this.#client.typing();
  }

  /** "Retry now": skip the wait, or replace an attempt that hangs (a dead network drops SYNs). */
  retryNow(): void {
    // ChatClient.retryNow() acts only while a retry is scheduled; networkOnline() also replaces
    // a hanging attempt, which is what a person pressing "Retry now" wants.
    if (this.#client.state === 'connecting') this.#client.networkOnline();
    else this.#client.retryNow();
    this.#sync();
  }

  networkOnline(): void {
    this.#client.networkOnline();
  }

  /** Connects again after the session ended (the host refused or the person left). */
  restart(): void {
    this.startedAt = Date.now();
    this.attempts = 0;
    this.#client.start();
  }

  /** Tries again with a password, after the host asked for one. */
  usePassword(password: string): void {
    this.triedPassword = true;
    this.#dispose();
    this.#connect(password);
  }

  /** Stops connecting (the host's key is not the expected one) until {@link restart}. */
  halt(): void {
    this.#client.stop();
    this.#sync();
  }

  /** Leaves the room for good. */
  leave(): void {
    this.attachments.dispose(true);
    this.#dispose();
  }

  #dispose(): void {
    for (const off of this.#offs.splice(0)) off();
    this.#client.stop();
  }
}
