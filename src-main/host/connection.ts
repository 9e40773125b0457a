/**
 * One client socket on the host: the hello phase, then the frames of a joined member. It decodes
 * every frame (through the shared codec), enforces the per-socket limits, and turns violations
 * into the contract's errors and close codes. What touches a room is left to the host.
 */
import type { Socket } from 'node:net';
import type { RawData, WebSocket } from 'ws';
import { decodeClientFrame, encodeFrame, type DecodeError } from '../../src-shared/codec.ts';
import {
  CloseCode,
  FATAL_ERRORS,
  missingCase,
  type ErrorCode,
  type ErrorFrame,
  type HelloFrame,
  type HostFrame,
  type ChangeFrame,
  type Member,
  type RequestFrame,
  type SendFrame,
} from '../../src-shared/protocol.ts';
import { ConnectionState, type Phase } from './connection-state.ts';
import type { DropReason } from './host-events.ts';
import { firstNeeded, textFrameHeader, type Framed } from './frame.ts';
import type { ResolvedOptions } from './options.ts';
import { rawSocketOf } from './raw-socket.ts';
import { corkForTick } from './tick-cork.ts';
import type { Room, RoomSocket } from './room.ts';
import type { BudgetKind, MemberBudget } from './limits/member-budget.ts';
import { SocketBudget } from './limits/socket-budget.ts';

/** What a connection asks of its host. */
export interface ConnectionHost {
  readonly options: ResolvedOptions;
  /** Answers a hello: checks the password, places the socket in its room, sends the welcome. */
  join(conn: Connection, hello: HelloFrame): Promise<void>;
  /** A send or a change of the room log (1.1), within the sender's rate limit. */
  submit(conn: Connection, send: SendFrame | ChangeFrame): void;
  /** Answers a request on the socket (history, search, …); resolves once its reply is sent. */
  request(conn: Connection, request: RequestFrame): Promise<void>;
  /** 1.1: the member has seen the room up to `seq`. */
  read(conn: Connection, seq: number): void;
  /** Relays that a joined member is typing (already spaced by the connection). */
  typing(conn: Connection): void;
  /** The socket closed: remove it from its room (presence leave when it was the member's last). */
  closed(conn: Connection): void;
  /** The connection cut its socket off. */
  dropped(conn: Connection, reason: DropReason): void;
  /** A line for the log (failures of this one socket). */
  log(line: string): void;
}

export class Connection implements RoomSocket {
  readonly ws: WebSocket;
  /** The room id from the socket's path; checked by the host. */
  readonly roomId: string;
  readonly remote: string;
  /** The member's budget in its room, shared by all its sockets (set by the host on join). */
  budget: MemberBudget | undefined;
  /** The `welcome.token` this socket was given (its liveness is released when it closes). */
  token: string | undefined;
  /** Its phase, room and member: written only through the transitions of connection-state.ts. */
  readonly #state = new ConnectionState();
  readonly #host: ConnectionHost;
  readonly #frames: SocketBudget;
  #helloTimer: NodeJS.Timeout | undefined;
  #renames = false;
  /** Requests in progress: a socket cannot queue unbounded work on the host. */
  #inFlight = 0;
  /** Messages with a seq up to this one were in the welcome's history: never send them twice. */
  #seqFloor = Number.POSITIVE_INFINITY;
  /** Frames that arrived (from the client) or were broadcast (to it) while joining. */
  #inbox: { data: RawData; binary: boolean }[] = [];
  #outbox: Framed[] = [];
  /** The TCP socket under `ws`, written to directly with frames built once (raw-socket.ts). */
  readonly #raw: Socket | undefined;

  constructor(ws: WebSocket, host: ConnectionHost, roomId: string, remote: string) {
    this.ws = ws;
    this.roomId = roomId;
    this.remote = remote;
    this.#host = host;
    this.#raw = rawSocketOf(ws);
    this.#frames = new SocketBudget(host.options.rate, host.options.limits.badFramesBeforeClose);
    this.#helloTimer = setTimeout(
      () => this.fail('hello_timeout', 'No hello arrived in time: send a hello first.'),
      host.options.helloTimeoutMs,
    );
    ws.on('message', (data, binary) => this.#onFrame(data, binary));
    ws.on('pong', () => this.#state.heard());
    ws.on('close', () => this.#onClose());
    ws.on('error', () => {}); // a 'close' always follows; ws already picked the close code
  }

  get phase(): Phase {
    return this.#state.phase;
  }

  get room(): Room | undefined {
    return this.#state.room;
  }

  get member(): Member | undefined {
    return this.#state.member;
  }

  get clientId(): string {
    return this.#state.clientId;
  }

  /** Its client understands `presence` `rename` (it said so in its hello). */
  get renames(): boolean {
    return this.#renames;
  }

  /** @inheritdoc */
  renamed(member: Member): void {
    this.#state.renamed(member);
  }

  /**
   * Puts the joining socket in its room (see {@link ConnectionState.place}).
   * @returns false when it closed meanwhile: the join stops there
   */
  place(room: Room, member: Member): boolean {
    return this.#state.place(room, member);
  }

  /** The host's heartbeat: pings a live socket; cuts off one that did not answer the last ping. */
  heartbeat(): boolean {
    if (this.#state.ping()) {
      this.ws.ping();
      return true;
    }
    this.ws.terminate();
    return false;
  }

  /** @inheritdoc */
  deliver(frames: Framed): void {
    if (this.phase === 'joining') {
      this.#outbox.push(frames);
      return;
    }
    if (this.phase !== 'joined' || this.ws.readyState !== this.ws.OPEN) return;
    // Frames up to the welcome's latestSeq were in its history: skip them (they form a prefix).
    const from = firstNeeded(frames, this.#seqFloor);
    if (from === frames.payloads.length) return;
    if (this.#tooSlow()) return;
    if (this.#raw && !this.#raw.destroyed) {
      // A message batch is already one buffer per commit: it leaves now. Presence and typing are
      // one frame per event: they wait for the end of the tick, to leave together.
      if (frames.seqs[0] === undefined) corkForTick(this.#raw);
      this.#raw.write(from === 0 ? frames.bytes : frames.bytes.subarray(frames.starts[from]));
    } else {
      for (let i = from; i < frames.payloads.length; i++) this.ws.send(frames.payloads[i]!, { binary: false });
    }
  }

  /** Sends one frame to this socket only. */
  send(frame: HostFrame): void {
    this.sendText([encodeFrame(frame)]);
  }

  /**
   * Sends one text frame given as the consecutive pieces of its JSON text (a welcome: its history
   * is one buffer shared by every welcome that lists the same entries).
   */
  sendText(parts: readonly (string | Buffer)[]): void {
    if (this.ws.readyState !== this.ws.OPEN || this.#tooSlow()) return;
    if (!this.#raw || this.#raw.destroyed) {
      return this.ws.send(parts.length === 1 ? parts[0]! : Buffer.concat(parts.map((p) => Buffer.from(p))), {
        binary: false,
      });
    }
    corkForTick(this.#raw); // after a presence or a broadcast, in the same write
    // Strings go as strings: Node copies them into memory freed as soon as they are written,
    // where ws.send would make a Buffer that lives until the next GC. A welcome to a full room is
    // tens of KiB; a thousand of them, held until GC, left ~30 MiB of RSS behind.
    let length = 0;
    for (const p of parts) length += Buffer.byteLength(p);
    this.#raw.write(textFrameHeader(length));
    for (const p of parts) if (p.length > 0) this.#raw.write(p);
  }

  /**
   * Every write to the socket passes here first. A socket that does not read must not make the
   * host hoard memory for it (welcomes, replies, pongs and errors as much as broadcasts), nor
   * hold up the room: past the cap it is cut off. It can reconnect and resume by seq.
   */
  #tooSlow(): boolean {
    if (this.ws.bufferedAmount <= this.#host.options.limits.maxBufferedBytes) return false;
    this.ws.terminate();
    this.#host.dropped(this, 'too-slow');
    return true;
  }

  /**
   * Takes one frame of `kind` from the member's budget (shared by its sockets).
   * @returns false when it is spent; an `entry` or `query` is then refused with `rate_limited`
   */
  spend(kind: BudgetKind, ref?: string): boolean {
    if (!this.budget || this.budget.take(kind)) return true;
    if (kind === 'entry' || kind === 'query')
      this.refuse('rate_limited', 'You are sending too fast; wait a moment and try again.', ref);
    return false;
  }

  /** Refuses a frame without closing: the refusal counts as a strike, and too many close the socket. */
  refuse(code: ErrorCode, message: string, ref?: string): void {
    this.fail(code, message, ref);
    if (this.phase !== 'closed' && this.#frames.strike()) {
      this.close(CloseCode.protocolViolation, 'too many refused frames');
    }
  }

  /**
   * Sends an error; a fatal one is followed by its close code.
   * @param retryAfter whole seconds before trying again is worth it (the frame's `retryAfter`)
   */
  fail(code: ErrorCode, message: string, ref?: string, retryAfter?: number): void {
    const frame: ErrorFrame = { type: 'error', code, message };
    if (ref !== undefined) frame.ref = ref;
    if (retryAfter !== undefined) frame.retryAfter = retryAfter;
    this.send(frame);
    const close = FATAL_ERRORS[code];
    if (close !== undefined) this.close(close, code);
    if (code !== 'rate_limited') {
      this.#host.log(`error room=${this.room?.id ?? '-'} member=${this.member?.id ?? '-'} code=${code}`);
    }
  }

  close(code: number, reason: string): void {
    if (!this.#state.close()) return;
    clearTimeout(this.#helloTimer);
    this.ws.close(code, reason);
  }

  /**
   * Marks the end of the join: the welcome (already built) goes out first, then whatever was
   * broadcast meanwhile with a seq above the welcome's, then the frames the client pipelined.
   */
  joined(welcomeLatestSeq: number): void {
    if (!this.#state.joined()) return;
    this.#seqFloor = welcomeLatestSeq;
    for (const frames of this.#outbox) this.deliver(frames);
    this.#outbox = [];
    const inbox = this.#inbox;
    this.#inbox = [];
    for (const f of inbox) this.#onFrame(f.data, f.binary);
  }

  #onFrame(data: RawData, binary: boolean): void {
    this.#state.heard();
    if (this.phase === 'closed') return;
    if (this.phase === 'joining') {
      if (this.#inbox.length >= this.#host.options.limits.maxQueuedWhileJoining) {
        this.fail('bad_hello', 'Too many frames before the welcome.');
      } else this.#inbox.push({ data, binary });
      return;
    }
    if (this.phase === 'joined' && !this.#frames.frame()) {
      return this.refuse('rate_limited', 'You are sending frames too fast; wait a moment.');
    }
    if (binary) return this.#bad({ code: 'bad_request', message: 'Frames must be UTF-8 JSON text, not binary.' });
    const decoded = decodeClientFrame(data.toString(), this.#host.options.limits);
    if (this.phase === 'hello') return this.#onHello(decoded);
    if (!decoded.ok) return this.#bad(decoded.error);
    const frame = decoded.frame;
    switch (frame.type) {
      case 'hello':
        return this.#bad({ code: 'bad_request', message: 'This socket has already joined; hello is sent once.' });
      case 'send':
      case 'edit':
      case 'delete':
      case 'react':
        // Every entry of the log takes from the member's one entry budget: changes are sends too.
        if (this.spend('entry', frame.id)) this.#host.submit(this, frame);
        return;
      case 'typing':
        if (this.spend('typing')) this.#host.typing(this);
        return;
      case 'read':
        // Coalesced by the host (room-reads.ts: stored and relayed at most once a second per
        // room); dropping one here could lose the newest position, so only the socket budget counts.
        return this.#host.read(this, frame.seq);
      case 'ping':
        return this.send({ type: 'pong', t: frame.t });
      case 'history':
      case 'search':
      case 'rename':
        return this.#request(frame);
      default:
        return missingCase(frame);
    }
  }

  /** Requests take from the member's query budget (limits/member-budget.ts) and are capped in flight. */
  #request(frame: RequestFrame): void {
    if (this.#inFlight >= this.#host.options.limits.requestsInFlight) {
      return this.refuse('rate_limited', 'You are asking too fast; wait a moment and try again.', frame.ref);
    }
    if (!this.spend('query', frame.ref)) return;
    this.#inFlight++;
    void this.#host.request(this, frame).finally(() => this.#inFlight--);
  }

  #onHello(decoded: ReturnType<typeof decodeClientFrame>): void {
    if (!decoded.ok) {
      const { code, message } = decoded.error;
      if (code === 'protocol_version' || code === 'bad_hello') return this.fail(code, message);
      return this.fail('bad_hello', `The first frame must be a hello: ${message}`);
    }
    if (decoded.frame.type !== 'hello') {
      return this.fail('bad_hello', `The first frame must be a hello, not "${decoded.frame.type}".`);
    }
    clearTimeout(this.#helloTimer);
    this.#renames = decoded.frame.features?.includes('rename') === true;
    this.#state.hello(decoded.frame.clientId);
    this.#host.join(this, decoded.frame).catch((err: unknown) => {
      this.#host.log(`error room=${this.room?.id ?? '-'} join failed: ${String(err)}`);
      this.fail('unavailable', 'The host could not open the room’s history; try again shortly.');
      this.close(CloseCode.internalError, 'unavailable');
    });
  }

  /** Answers a bad frame: a refusal like any other (too many in a row close the socket). */
  #bad(error: DecodeError): void {
    this.refuse(error.code, error.message, error.ref);
  }

  #onClose(): void {
    this.#state.close();
    clearTimeout(this.#helloTimer);
    this.#host.closed(this);
  }
}
