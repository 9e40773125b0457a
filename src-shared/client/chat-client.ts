/**
 * The chat client of one room. The connection (attempts, backoff, liveness, the room's several
 * addresses) is its base class, ClientConnection; this is what the frames mean for the room.
 *
 * Resume: the hello carries the highest seq seen (and its epoch); the Timeline merges the
 * welcome's history by seq. Outbox: sends wait until acknowledged by their own `message`, and
 * go out one at a time in order, with the same id after every welcome, so the host stores each
 * exactly once (sender.ts). Requests (history, search) are matched to replies by `ref`.
 */
import { retryAfterOf } from '../codec.ts';
import {
  CLIENT_FEATURES,
  FATAL_ERRORS,
  PROTOCOL_VERSION,
  TIMINGS,
  missingCase,
  type ClientFrame,
  type ErrorFrame,
  type Feature,
  type HostFrame,
  type Member,
  type ReplyFrame,
  type RequestFrame,
  type RequestType,
  type WelcomeFrame,
} from '../protocol.ts';
import { ClientConnection } from './client-connection.ts';
import { Outbox } from './outbox.ts';
import { PendingRequests, RequestFailed } from './requests.ts';
import { READ_SEND_MS, ReadStates } from './read-states.ts';
import { Roster } from './roster.ts';
import { Sender, type QueueExtra } from './sender.ts';
import { Timeline } from './timeline.ts';
import type {
  ChatClientOptions,
  ClientError,
  HistoryPage,
  MemberView,
  PendingMessage,
  SearchOptions,
  SearchPage,
} from './types.ts';

/** A request as a caller gives it: the client adds the `ref`. */
type RequestBody<K extends RequestType> = Omit<Extract<RequestFrame, { type: K }>, 'ref'>;
/** How long a request waits for its reply by default, ms. */
const REQUEST_TIMEOUT_MS = 15_000;

export class ChatClient extends ClientConnection {
  readonly timeline: Timeline;
  readonly outbox: Outbox;
  /** Where every member has read to (1.1), this client included. */
  readonly reads = new ReadStates();
  readonly #sender: Sender;
  readonly #roster = new Roster();
  /** The name asked for since a rename (else the options'). */
  #name: string | undefined;
  #lastWelcome: WelcomeFrame | undefined;
  #lastTypingAt = -Infinity;
  readonly #requests: PendingRequests;

  /** @throws TypeError without a url/address or WebSocket constructor */
  constructor(options: ChatClientOptions) {
    super(options);
    this.#requests = new PendingRequests(this.rawTimers);
    this.outbox = new Outbox(options.outboxStore, { now: this.now });
    this.outbox.onStoreError = (e) => this.error('client_store', `The outbox could not be saved: ${String(e)}`);
    const link = { open: () => this.state === 'open', write: (frame: ClientFrame) => this.write(frame) };
    this.#sender = new Sender(this.outbox, link, this.rawTimers, options.sendRetryMs ?? 1000);
    this.timeline = new Timeline({ resume: options.since, pending: () => this.outbox.items });
    void this.outbox.ready.then(() => {
      this.changed();
      this.#sender.flush();
    });
  }

  // ---- what a UI reads --------------------------------------------------------------------------

  /** You as the host named you (it may have added " (2)"); known after the first welcome. */
  get you(): Member | undefined {
    return this.#roster.you;
  }
  /** Present members, you first, each with its typing flag. */
  get members(): MemberView[] {
    return this.#roster.members;
  }
  /** Members typing now (hidden 5 s after their last typing frame). */
  get typingMembers(): Member[] {
    return this.#roster.typing;
  }
  /** Unacknowledged sends in order (also `timeline.pending`). */
  get pending(): readonly PendingMessage[] {
    return this.outbox.items;
  }
  /** The last welcome (room, server name and version, epoch). */
  get welcome(): WelcomeFrame | undefined {
    return this.#lastWelcome;
  }
  /** The 1.1 features the host serves (from the last welcome; none from a 1.0 host). */
  get features(): readonly Feature[] {
    return this.#lastWelcome?.features ?? [];
  }
  /** The secret for this member's HTTP calls to the host (`Authorization: Bearer`), from the last welcome. */
  get token(): string | undefined {
    return this.#lastWelcome?.token;
  }

  // ---- what a UI does ---------------------------------------------------------------------------

  /**
   * Queues a message and returns its pending entry at once. A text that cannot be sent (empty,
   * over 4000 characters) gives an entry that is `failed` at once, with the reason.
   * @param options.replyTo (1.1) the seq of the message it answers
   */
  send(text: string, options: { replyTo?: number; files?: readonly string[] } = {}): PendingMessage {
    return this.#queue(text, {
      ...(options.replyTo !== undefined && { replyTo: options.replyTo }),
      ...(options.files && options.files.length > 0 && { files: options.files }),
    });
  }

  /** Whether the host serves a 1.1 feature (`edit`, `react`, `read`, …); false before the first welcome. */
  supports(feature: string): boolean {
    return (this.#lastWelcome?.features as readonly string[] | undefined)?.includes(feature) ?? false;
  }

  /** Replaces the text of one of your messages (1.1). Queued, re-sent and stored once, like a send. */
  edit(target: number, text: string): PendingMessage {
    return this.#queue(text, { action: { kind: 'edit', target } });
  }

  /** Erases one of your messages for everyone (1.1). */
  delete(target: number): PendingMessage {
    return this.#queue('', { action: { kind: 'delete', target } });
  }

  /** Adds (`on`) or takes back your reaction to a message (1.1). */
  react(target: number, emoji: string, on: boolean): PendingMessage {
    return this.#queue('', { action: { kind: 'react', target, emoji, on } });
  }

  /**
   * Says this person has seen the room up to `seq` (call as messages become visible). Sent when
   * it moves, at most every half second, and again after a reconnect if the host missed it.
   */
  markRead(seq: number): void {
    if (!this.reads.mark(seq, this.you)) return;
    this.changed();
    if (!this.timers.has('read')) this.timers.schedule('read', 0, () => this.#sendRead());
  }

  #sendRead(): void {
    if (this.state !== 'open' || !this.supports('read')) return;
    const seq = this.reads.takeUnsent();
    if (seq === undefined) return;
    this.write({ type: 'read', seq });
    // Whatever is marked meanwhile waits for the end of the interval.
    this.timers.schedule('read', READ_SEND_MS, () => this.#sendRead());
  }

  #queue(text: string, extra: QueueExtra): PendingMessage {
    const pending = this.#sender.send(text, extra);
    this.changed();
    return pending;
  }

  /** Sends a failed message again. @returns false if there is no failed message with that id */
  retry(id: string): boolean {
    const done = this.#sender.retry(id);
    if (done) this.changed();
    return done;
  }

  /** Forgets a pending message (e.g. a failed one the person deletes). */
  discard(id: string): boolean {
    const done = this.#sender.discard(id);
    if (done) this.changed();
    return done;
  }

  /** Tells the room this person is typing; call on every keystroke, it sends at most every 2 s. */
  typing(): void {
    const now = this.now();
    if (this.state !== 'open' || now - this.#lastTypingAt < TIMINGS.typingMinIntervalMs) return;
    this.#lastTypingAt = now;
    this.write({ type: 'typing' });
  }

  /**
   * Resolves true once nothing is left to send (failed messages do not count), or false after
   * `timeoutMs`. For a clean exit: flush, then stop.
   */
  flushed(timeoutMs: number): Promise<boolean> {
    return this.#sender.flushed(timeoutMs);
  }

  /**
   * Older history: the newest `limit` (1–200) messages with seq < `before`, oldest first, with
   * `more` when older ones exist. The page is also merged into the timeline when it reaches the
   * timeline's oldest message (so `history(timeline.olderBefore!, 50)` scrolls back).
   * @throws {RequestFailed} (rejects) on an error from the host, a timeout, or a lost socket
   */
  async history(before: number, limit = 50): Promise<HistoryPage> {
    const epoch = this.timeline.epoch;
    const reply = await this.request<'history'>({ type: 'history', before, limit });
    // A page from a log this timeline no longer follows (the epoch changed meanwhile) is not merged.
    if (this.timeline.epoch === epoch) this.timeline.addPage(before, reply.messages, reply.more);
    this.changed();
    return { messages: reply.messages, more: reply.more };
  }

  /**
   * Searches the room: messages whose current text contains `q` (1–200 characters), ignoring
   * case, newest first, `limit` (1–100, default 20) at a time; `before` continues after the
   * last result's seq.
   * @throws {RequestFailed} (rejects) on an error from the host, a timeout, or a lost socket
   */
  async search(q: string, options: SearchOptions = {}): Promise<SearchPage> {
    const frame: RequestBody<'search'> = { type: 'search', q, limit: options.limit ?? 20 };
    if (options.before !== undefined) frame.before = options.before;
    const reply = await this.request<'search'>(frame);
    return { results: reply.results, more: reply.more };
  }

  /**
   * Changes your display name in this room (feature `rename`, the project's extension), under
   * hello's rules; the host may make it unique (`Alice (2)`), and tells the others at once.
   * Reconnects ask for it from now on.
   * @returns you, as the room now knows you
   * @throws {RequestFailed} (rejects) `bad_request` for a name hello would refuse, and as {@link request}
   */
  async rename(name: string): Promise<Member> {
    const reply = await this.request<'rename'>({ type: 'rename', name });
    this.#renamed(reply.you);
    this.#name = name; // what reconnects ask for: the name wanted, whatever suffix the room gave
    this.changed();
    return reply.you;
  }

  /** A present member's new name; yours too (another window of yours renamed you). */
  #renamed(member: Member): void {
    if (member.id === this.#roster.you?.id && member.name !== this.#roster.you.name) this.#name = member.name;
    this.#roster.rename(member);
  }

  /**
   * Sends any request on the socket and resolves with its reply (matched by `ref`). Needs an
   * open connection to a host that lists the request's feature.
   * @throws {RequestFailed} (rejects) `client_offline`, `client_unsupported`, `client_timeout`,
   *   `client_closed`, or the host's error code
   */
  request<K extends RequestType>(
    body: RequestBody<K>,
    timeoutMs = REQUEST_TIMEOUT_MS,
  ): Promise<Extract<ReplyFrame, { type: K }>> {
    if (this.state !== 'open') {
      return Promise.reject(new RequestFailed('client_offline', 'Not connected to the host right now.'));
    }
    if (!this.features.includes(body.type)) {
      return Promise.reject(new RequestFailed('client_unsupported', `This host does not offer ${body.type}.`));
    }
    const { ref, reply } = this.#requests.start(body.type, timeoutMs);
    this.write({ ...body, ref } as unknown as RequestFrame);
    return reply as Promise<Extract<ReplyFrame, { type: K }>>;
  }

  // ---- what the host's frames mean -------------------------------------------------------------

  protected hello(): ClientFrame {
    const resume = this.timeline.resumePoint();
    const { clientId, password } = this.opts;
    const name = this.#name ?? this.opts.name;
    // It understands `presence` `rename` (the project's extension): hosts send it instead of leave + join.
    const hello: ClientFrame = {
      type: 'hello',
      protocol: PROTOCOL_VERSION,
      clientId,
      name,
      features: [...CLIENT_FEATURES],
    };
    if (password !== undefined) hello.password = password;
    if (resume) Object.assign(hello, resume);
    return hello;
  }

  protected received(frame: HostFrame): void {
    if (this.state !== 'open' && frame.type !== 'welcome' && frame.type !== 'error') return;
    this.#apply(frame);
    this.events.emit('message', frame);
    this.changed();
  }

  protected dropped(): void {
    this.#requests.rejectAll('client_closed', 'The connection closed before the host answered.');
    this.#sender.relaunch();
    this.#roster.clearTyping();
  }

  #apply(frame: HostFrame): void {
    switch (frame.type) {
      case 'welcome':
        return this.#welcome(frame);
      case 'message':
        this.timeline.add(frame);
        this.#roster.spoke(frame.from.id);
        return this.#sender.arrived(frame, this.#roster.you?.id);
      case 'presence':
        if (frame.event === 'join') this.#roster.join(frame.member);
        else if (frame.event === 'rename') this.#renamed(frame.member);
        else this.#roster.leave(frame.member);
        return;
      case 'typing':
        this.#roster.typed(frame.member, this.now());
        return this.#scheduleTypingExpiry();
      case 'pong':
        return; // its arrival already counted as a sign of life
      case 'read':
        this.reads.update(frame);
        return;
      case 'dm':
        return; // about another room: the app opens it (see the 'message' event)
      case 'error':
        return this.#hostError(frame);
      case 'history':
      case 'search':
      case 'rename':
        this.#requests.resolve(frame);
        return;
      default:
        return missingCase(frame);
    }
  }

  #welcome(welcome: WelcomeFrame): void {
    if (this.state !== 'connecting') return;
    this.#lastWelcome = welcome;
    const resumed = this.timeline.resumePoint() !== undefined;
    const { epochChanged } = this.timeline.applyWelcome(welcome);
    this.#roster.reset(welcome.you, welcome.members);
    this.reads.reset(welcome.reads, welcome.you);
    for (const m of welcome.history) this.#sender.arrived(m, welcome.you.id);
    this.#sender.relaunch(); // whatever was in flight on an old socket goes again
    this.opened();
    this.events.emit('open', { welcome, resumed: resumed && !epochChanged, epochChanged });
    this.#sender.flush();
    this.#sendRead(); // a position marked while away
  }

  #hostError({ code, message, ref, retryAfter }: ErrorFrame): void {
    // An error about a request fails its promise; the caller handles it (no `error` event).
    if (ref !== undefined && this.#requests.reject(ref, new RequestFailed(code, message, ref))) return;
    const error: ClientError = { code, message };
    const wait = retryAfterOf(retryAfter); // from the network: kept only when sensible
    if (wait !== undefined) error.retryAfter = wait;
    if (Object.hasOwn(FATAL_ERRORS, code)) this.fatal({ ...error });
    if (ref !== undefined) this.#sender.refused(ref, { code, message });
    this.events.emit('error', ref === undefined ? error : { ...error, ref });
    this.#sender.flush();
  }

  #scheduleTypingExpiry(): void {
    const next = this.#roster.nextExpiry();
    if (next === undefined) return this.timers.clear('typing');
    this.timers.schedule('typing', Math.max(0, next - this.now()), () => {
      if (this.#roster.expire(this.now())) this.changed();
      this.#scheduleTypingExpiry();
    });
  }
}
