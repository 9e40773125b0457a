/**
 * The connection half of the chat client: a state machine over an injected WebSocket that keeps
 * working through Wi-Fi drops, sleeping laptops and host restarts. It makes one Link per attempt
 * and tries the room's addresses in turn (one room on several hosts), with backoff in between.
 *
 * idle ─start()→ connecting ─welcome→ open ─socket lost→ reconnecting ─timer→ connecting …
 * Any state ─stop() or close 1000/4000/4003/4004→ closed.
 *
 * What the frames mean belongs to the subclass (ChatClient): this only knows that a socket opened
 * (time for its hello), that frames came, that a welcome made the attempt good, and how it ended.
 */
import { roomSocketUrl } from '../address.ts';
import { NO_RECONNECT_CODES, TIMINGS, type ClientFrame, type HostFrame } from '../protocol.ts';
import { Backoff } from './backoff.ts';
import { Emitter } from './emitter.ts';
import { Link } from './link.ts';
import { defaultTimers, TimerSet } from './timer-set.ts';
import type { ChatClientOptions, ClientError, ClientEvents, ClientState, CloseInfo, Timers } from './types.ts';

/** The client's named timers: the next attempt here, the typing expiry and read sends in ChatClient. */
export type ClientTimer = 'retry' | 'typing' | 'read';

export abstract class ClientConnection {
  /** Every address of the room (several hosts on one Redis); the client moves on when one fails. */
  readonly urls: readonly string[];
  readonly backoff: Backoff;
  protected readonly opts: ChatClientOptions;
  protected readonly events = new Emitter<ClientEvents>();
  protected readonly now: () => number;
  /** Every timer of the client, so that none outlives `stop()`. */
  protected readonly timers: TimerSet<ClientTimer>;
  /** The injected timer functions, for the timers of links and requests. */
  protected readonly rawTimers: Timers;
  #state: ClientState = 'idle';
  #link: Link | undefined;
  /** Connection attempts since the last welcome. */
  #attempt = 0;
  #nextRetryAt: number | undefined;
  #closeInfo: CloseInfo | undefined;
  /** The fatal error frame of the current socket, reported with its close. */
  #fatal: ClientError | undefined;
  /** Index in `urls` of the address in use. */
  #current = 0;

  /** @throws TypeError without a url/address or WebSocket constructor */
  constructor(options: ChatClientOptions) {
    const one = options.url ?? (options.address && roomSocketUrl(options.address));
    const urls = options.urls ?? options.addresses?.map((a) => roomSocketUrl(a)) ?? (one ? [one] : []);
    if (urls.length === 0) throw new TypeError('ChatClient needs a url or an address.');
    if (typeof options.WebSocket !== 'function') throw new TypeError('ChatClient needs a WebSocket constructor.');
    this.urls = [...urls];
    this.opts = options;
    this.now = options.now ?? Date.now;
    this.rawTimers = options.timers ?? defaultTimers;
    this.timers = new TimerSet(this.rawTimers);
    this.backoff = new Backoff({
      now: this.now,
      ...(options.random && { random: options.random }),
      ...options.backoff,
    });
    // Reported as an error event, except for errors of error listeners (that would loop).
    this.events.onListenerError = (e, name) =>
      name !== 'error' && this.error('client_listener', `A listener threw: ${String(e)}`);
  }

  /** The address in use (or tried next). */
  get url(): string {
    return this.urls[this.#current]!;
  }

  get state(): ClientState {
    return this.#state;
  }

  /** While `reconnecting`: the clock time of the next attempt. */
  get nextRetryAt(): number | undefined {
    return this.#nextRetryAt;
  }

  /** How the last socket closed (`passwordNeeded` after 4003). */
  get closeInfo(): CloseInfo | undefined {
    return this.#closeInfo;
  }

  /** Registers a listener. @returns a function that removes it */
  on<K extends keyof ClientEvents>(name: K, fn: (payload: ClientEvents[K]) => void): () => void {
    return this.events.on(name, fn);
  }

  /** Connects (from idle, or again after closed). */
  start(): void {
    if (this.#state !== 'idle' && this.#state !== 'closed') return;
    this.#attempt = 0;
    this.backoff.reset();
    this.#connect();
  }

  /** Ends the session on purpose: close 1000, no reconnect. Pending sends stay in the outbox. */
  stop(): void {
    if (this.#state === 'closed' || this.#state === 'idle') return;
    const wasOpen = this.#state === 'open';
    this.#dropLink(1000, 'bye');
    this.timers.clearAll();
    this.#nextRetryAt = undefined;
    this.#state = 'closed';
    this.#closeInfo = { code: 1000, reason: 'stopped', willReconnect: false, passwordNeeded: false, wasOpen };
    this.events.emit('close', this.#closeInfo);
    this.changed();
  }

  /**
   * Tries now: while reconnecting, skips the backoff wait; while an attempt hangs (a dark network
   * drops SYNs, so the socket never opens), replaces it with a fresh one.
   */
  retryNow(): void {
    if (this.#state === 'reconnecting') {
      this.timers.clear('retry');
      this.#nextRetryAt = undefined;
      this.#connect();
    } else if (this.#state === 'connecting' && this.#link?.connecting) {
      this.#dropLink();
      this.#connect();
    }
  }

  /**
   * The platform says the network is back (the browser's `online` event, Electron's
   * `powerMonitor` resume): reconnect at once with a fresh backoff (also replacing an attempt
   * that hangs), or probe an open link that may have died while the machine slept.
   */
  networkOnline(): void {
    this.backoff.reset();
    if (this.#state === 'open') this.#link?.ping();
    else this.retryNow();
  }

  /** The frame a fresh socket starts with: the hello, with the resume point. */
  protected abstract hello(): ClientFrame;
  /** A valid frame from the host, in any state (the subclass ignores what its state does not expect). */
  protected abstract received(frame: HostFrame): void;
  /** The link is gone: what belonged to it goes too (requests, typing flags, sends in flight). */
  protected abstract dropped(): void;

  /** Writes a frame on the current link (dropped when it is not open: the outbox sends again). */
  protected write(frame: ClientFrame): void {
    this.#link?.send(frame);
  }

  /** The welcome came: this attempt worked, the room is open and the link watches its liveness. */
  protected opened(): void {
    this.#attempt = 0;
    this.backoff.healthy();
    this.#state = 'open';
    this.#link?.live();
  }

  /** The host sent a fatal error: it is reported with the close that follows. */
  protected fatal(error: ClientError): void {
    this.#fatal = error;
  }

  protected error(code: string, message: string): void {
    this.events.emit('error', { code, message });
  }

  protected changed(): void {
    this.events.emit('change', { state: this.#state });
  }

  #connect(): void {
    this.#attempt++;
    this.#fatal = undefined;
    this.#state = 'connecting';
    this.events.emit('connect', { attempt: this.#attempt, url: this.url });
    this.changed();
    if (this.#state !== 'connecting' || this.#link) return; // a listener stopped or restarted us
    const o = this.opts;
    const link: Link = new Link(
      {
        url: this.url,
        WebSocket: o.WebSocket,
        timers: this.rawTimers,
        now: this.now,
        pingIntervalMs: o.pingIntervalMs ?? TIMINGS.clientPingIntervalMs,
        deadAfterMs: o.deadAfterMs ?? TIMINGS.clientDeadAfterMs,
        connectTimeoutMs: o.connectTimeoutMs ?? 15_000,
      },
      {
        opened: () => this.#link?.send(this.hello()),
        frame: (frame) => this.received(frame),
        closed: (code, reason) => this.#link === link && this.#closed(code, reason),
        error: (code, message) => this.error(code, message),
      },
    );
    this.#link = link;
    link.open();
  }

  /** The socket is gone: report it, then reconnect unless the code says not to. */
  #closed(code: number, reason: string): void {
    if (this.#state === 'closed') return;
    const wasOpen = this.#state === 'open';
    this.#dropLink();
    const willReconnect = !NO_RECONNECT_CODES.has(code);
    const info: CloseInfo = { code, reason, willReconnect, passwordNeeded: code === 4003, wasOpen };
    if (this.#fatal) info.error = this.#fatal;
    this.#closeInfo = info;
    // The next state is set before anyone hears of the close, so that listeners read it, and a
    // listener that calls stop() (or retryNow()) wins over what was scheduled here.
    // Several hosts serve this room: the next attempt goes to the next one (this one may be gone);
    // the resume by seq makes the move invisible, every host holding the same log.
    if (willReconnect) this.#current = (this.#current + 1) % this.urls.length;
    const retry = willReconnect ? this.#scheduleReconnect() : undefined;
    if (!willReconnect) this.#state = 'closed';
    this.events.emit('close', info);
    if (retry && this.#state === 'reconnecting' && this.#nextRetryAt === retry.at) {
      this.events.emit('reconnecting', retry);
    }
    this.changed();
  }

  #scheduleReconnect(): ClientEvents['reconnecting'] {
    const delayMs = this.backoff.next();
    const at = this.now() + delayMs;
    this.#state = 'reconnecting';
    this.#nextRetryAt = at;
    this.timers.schedule('retry', delayMs, () => {
      this.#nextRetryAt = undefined;
      this.#connect();
    });
    return { attempt: this.#attempt + 1, delayMs, at };
  }

  /** Ends the current link (politely with a code, else at once) and what belonged to it. */
  #dropLink(code?: number, reason?: string): void {
    const link = this.#link;
    this.#link = undefined;
    link?.close(code, reason);
    this.dropped();
  }
}
