/**
 * One connection attempt: the socket, the hello's moment, and liveness. The link pings every
 * `pingIntervalMs` once the welcome came and declares itself dead after `deadAfterMs` without a
 * frame (or `connectTimeoutMs` without a welcome): a half-open TCP connection, where the peer
 * vanished without a FIN, never closes by itself. It reports its end exactly once, unless the
 * owner ended it with `close()`. ChatClient makes a new Link for every attempt.
 */
import { decodeHostFrame, encodeFrame } from '../codec.ts';
import type { ClientFrame, HostFrame } from '../protocol.ts';
import { TimerSet } from './timer-set.ts';
import type { Timers, WebSocketConstructor, WebSocketLike } from './types.ts';

export interface LinkOptions {
  url: string;
  WebSocket: WebSocketConstructor;
  timers: Timers;
  now: () => number;
  pingIntervalMs: number;
  deadAfterMs: number;
  connectTimeoutMs: number;
}

export interface LinkHandlers {
  /** The socket is open: time for the hello. */
  opened(): void;
  /** A valid host frame (unknown types and garbage are dropped here). */
  frame(frame: HostFrame): void;
  /** The link is over: closed by the host or the network, or found dead (then code 1006). */
  closed(code: number, reason: string): void;
  error(code: string, message: string): void;
}

export class Link {
  readonly #o: LinkOptions;
  readonly #on: LinkHandlers;
  readonly #timers: TimerSet<'ping' | 'watchdog'>;
  #ws: WebSocketLike | undefined;
  #lastFrameAt: number;
  /** When the oldest ping not yet followed by any frame was sent. */
  #unansweredPingAt: number | undefined;
  #live = false;
  #ended = false;

  constructor(options: LinkOptions, handlers: LinkHandlers) {
    this.#o = options;
    this.#on = handlers;
    this.#timers = new TimerSet(options.timers);
    this.#lastFrameAt = options.now();
  }

  /** Opens the socket. A constructor that throws (a malformed URL) ends the link with 1006. */
  open(): void {
    const { url } = this.#o;
    let ws: WebSocketLike;
    try {
      ws = new this.#o.WebSocket(url);
    } catch (e) {
      this.#on.error('client_socket', `Could not open ${url}: ${String(e)}`);
      return this.#end(1006, String(e));
    }
    this.#ws = ws;
    ws.onopen = () => this.#ws === ws && this.#on.opened();
    ws.onmessage = (ev) => this.#ws === ws && this.#data(ev.data);
    ws.onclose = (ev) => this.#ws === ws && this.#end(ev.code, ev.reason);
    ws.onerror = () => this.#ws === ws && this.#on.error('client_socket', `The connection to ${url} failed.`);
    this.#watchdog();
  }

  /** The socket has not opened yet (an attempt that may hang on a dark network). */
  get connecting(): boolean {
    return this.#ws?.readyState === 0;
  }

  /** The welcome came: from now on, ping, and silence for `deadAfterMs` means death. */
  live(): void {
    this.#live = true;
    this.#schedulePing();
    this.#watchdog();
  }

  /** Sends an app-level ping now (also to probe a link that may have died during sleep). */
  ping(): void {
    if (this.#ws?.readyState !== 1) return;
    this.#unansweredPingAt ??= this.#o.now();
    this.send({ type: 'ping', t: this.#o.now() });
  }

  /** Writes a frame if the socket is open (else it is dropped: the outbox re-sends on the next link). */
  send(frame: ClientFrame): void {
    if (this.#ws?.readyState === 1) this.#ws.send(encodeFrame(frame));
  }

  /**
   * Ends the link without reporting it: with a code, a polite close (`stop()` sends 1000);
   * without, at once (`terminate()` where the socket has it, as `ws` does).
   */
  close(code?: number, reason?: string): void {
    this.#ended = true;
    const ws = this.#detach();
    if (ws && code !== undefined) ws.close(code, reason);
    else if (ws) drop(ws);
  }

  #data(data: unknown): void {
    this.#lastFrameAt = this.#o.now();
    this.#unansweredPingAt = undefined;
    if (typeof data !== 'string') return this.#on.error('client_bad_frame', 'The host sent a binary frame.');
    const decoded = decodeHostFrame(data);
    if (decoded.ok) this.#on.frame(decoded.frame);
  }

  #schedulePing(): void {
    this.#timers.schedule('ping', this.#o.pingIntervalMs, () => {
      this.ping();
      this.#schedulePing();
    });
  }

  /**
   * Checks for silence, and reschedules itself for the moment it could become too long. Once
   * open, silence alone is not death: a ping must also have gone unanswered for
   * `deadAfterMs − pingIntervalMs` (20 s). Normally that holds whenever the silence does, but a
   * browser throttles the timers of a background tab (to one wake-up a minute): then both timers
   * run late together, and the last ping was answered at once — the link is fine.
   */
  #watchdog(): void {
    const now = this.#o.now();
    const limit = this.#live ? this.#o.deadAfterMs : this.#o.connectTimeoutMs;
    const silent = now - this.#lastFrameAt;
    if (silent < limit) return this.#timers.schedule('watchdog', limit - silent, () => this.#watchdog());
    if (this.#live) {
      const grace = Math.max(1, this.#o.deadAfterMs - this.#o.pingIntervalMs);
      if (this.#unansweredPingAt === undefined) this.ping(); // (not sent if the socket is closing)
      const waited = this.#unansweredPingAt === undefined ? grace : now - this.#unansweredPingAt;
      if (waited < grace) return this.#timers.schedule('watchdog', grace - waited, () => this.#watchdog());
    }
    const why = this.#live ? `No frame from the host for ${silent} ms.` : `No welcome within ${silent} ms.`;
    this.#on.error('client_dead', why);
    if (this.#ended) return; // an error listener ended it already
    const ws = this.#detach();
    if (ws) drop(ws);
    this.#end(1006, why);
  }

  #end(code: number, reason: string): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#detach();
    this.#on.closed(code, reason);
  }

  /** Stops the timers and silences the socket's handlers; returns the socket, if any. */
  #detach(): WebSocketLike | undefined {
    this.#timers.clearAll();
    const ws = this.#ws;
    this.#ws = undefined;
    if (ws) {
      ws.onopen = ws.onmessage = ws.onclose = null;
      // `ws` throws an 'error' without a listener (e.g. when closed while connecting).
      ws.onerror = () => {};
    }
    return ws;
  }
}

/** Closes a socket at once: a half-open one would wait long for its closing handshake. */
function drop(ws: WebSocketLike): void {
  const terminate = (ws as { terminate?: () => void }).terminate;
  if (terminate) terminate.call(ws);
  else ws.close();
}
