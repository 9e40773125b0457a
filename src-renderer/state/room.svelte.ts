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
  OutboxStore,
  PendingMessage,
  TimelineGap,
  TimelineMessage,
} from '../../src-shared/client/types.ts';
import type { ChatMessage, Member, ReadState } from '../../src-shared/protocol.ts';
import { mentions } from '../lib/markdown.ts';
import type { ChatClientPort, ClientFactory } from './client-port.ts';

/** What a room needs to connect. */
export interface RoomOptions {
  address: RoomAddress;
  name: string;
  clientId: string;
  password?: string;
  createClient: ClientFactory;
  /** Where the room's unsent messages are kept between runs. */
  outboxStore: OutboxStore;
  /** Called with the host's name once a welcome arrives (for the recent rooms). */
  onHostName?: (name: string) => void;
  /**
   * Called for each new message from someone else, as it arrives live (never for history), with
   * whether it mentions the person.
   */
  onIncoming?: (message: ChatMessage, mentioned: boolean) => void;
}

export class RoomSession {
  /** The room's address as people type it; unique among the open rooms. */
  readonly key: string;
  readonly address: RoomAddress;

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
  /** The message the composer answers (1.1 reply), if any. */
  replyTo = $state<number | null>(null);
  /** The message being edited in place, if any. */
  editing = $state<number | null>(null);
  /** A password was tried: a second "password needed" means it was wrong. */
  triedPassword = $state(false);
  /** What the person is typing here, kept while they look at another room. */
  draft = $state('');
  /** The highest seq the person has seen in this room. */
  lastReadSeq = $state(0);
  /** Whether the room has been open once (its first history is not "unread"). */
  #seeded = false;

  /** Messages from others that arrived after the person last looked at this room. */
  readonly unread = $derived.by(() => {
    let n = 0;
    for (let i = this.messages.length - 1; i >= 0; i--) {
      const m = this.messages[i]!;
      if (m.seq <= this.lastReadSeq) break;
      if (!m.own) n++;
    }
    return n;
  });

  /** Unread messages from others that mention the person (the room's "@" badge). */
  readonly mentionCount = $derived.by(() => {
    const name = this.you?.name;
    if (!name) return 0;
    let n = 0;
    for (let i = this.messages.length - 1; i >= 0; i--) {
      const m = this.messages[i]!;
      if (m.seq <= this.lastReadSeq) break;
      if (!m.own && !m.deleted && mentions(m.text, name)) n++;
    }
    return n;
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
    this.#connect(options.password);
  }

  #connect(password: string | undefined): void {
    const o = this.#options;
    const client = o.createClient({
      address: o.address,
      name: o.name,
      clientId: o.clientId,
      ...(password ? { password } : {}),
      WebSocket: globalThis.WebSocket,
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
      }),
      client.on('open', ({ welcome, epochChanged }) => {
        if (this.hostName !== welcome.server.name) o.onHostName?.(welcome.server.name);
        this.hostName = welcome.server.name;
        // The history a person finds on joining is not news: start counting from here. A new
        // epoch (the host's log was reset) numbers from 1 again, so count from its start too.
        if (!this.#seeded || epochChanged) {
          this.#seeded = true;
          this.lastReadSeq = epochChanged ? welcome.latestSeq : Math.max(this.lastReadSeq, welcome.latestSeq);
        }
      }),
    ];
    this.#client = client;
    client.start();
    this.#sync();
  }

  #sync(): void {
    const c = this.#client;
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
    // Pending entries change in place (state, error): copy them, but only when something did,
    // so that a typing notice does not rebuild the message list.
    const sig = c.pending.map((p) => `${p.id}:${p.state}:${p.error?.code ?? ''}`).join(',');
    if (sig !== this.#pendingSig) {
      this.#pendingSig = sig;
      this.pending = c.pending.map((p) => ({ ...p }));
    }
    this.members = c.members.slice();
    this.you = c.you ?? null;
  }

  /** The person is looking at this room: everything in it is read. */
  markRead(): void {
    const last = this.messages.at(-1)?.seq ?? 0;
    if (last > this.lastReadSeq) this.lastReadSeq = last;
  }

  /** Sends the composer's text, as a reply when one is chosen. */
  send(text: string): void {
    const replyTo = this.replyTo;
    this.replyTo = null;
    this.#client.send(text, replyTo === null ? {} : { replyTo });
    this.#sync();
  }

  /** Replaces the text of one of the person's own messages. */
  edit(seq: number, text: string): void {
    this.editing = null;
    const old = this.messages.find((m) => m.seq === seq);
    if (old && old.text !== text && text.trim() !== '') this.#client.edit(seq, text);
    this.#sync();
  }

  /** Erases one of the person's own messages for everyone. */
  remove(seq: number): void {
    this.#client.delete(seq);
    this.#sync();
  }

  /** Adds or takes back the person's reaction. */
  react(seq: number, emoji: string): void {
    const you = this.you?.id;
    const m = this.messages.find((x) => x.seq === seq);
    const mine = you !== undefined && (m?.reactions?.[emoji] ?? []).includes(you);
    this.#client.react(seq, emoji, !mine);
    this.#sync();
  }

  /**
   * Makes sure the message with that seq is in the timeline, loading older history when the host
   * serves it. @returns whether it is there now
   */
  async loadUntil(seq: number): Promise<boolean> {
    return this.messages.some((m) => m.seq === seq);
  }

  /** The person has seen the room up to `seq` on screen (tells the others: "seen by"). */
  seen(seq: number): void {
    this.#client.markRead(seq);
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
    this.#client.start();
  }

  /** Tries again with a password, after the host asked for one. */
  usePassword(password: string): void {
    this.triedPassword = true;
    this.#dispose();
    this.#connect(password);
  }

  /** Leaves the room for good. */
  leave(): void {
    this.#dispose();
  }

  #dispose(): void {
    for (const off of this.#offs.splice(0)) off();
    this.#client.stop();
  }
}
