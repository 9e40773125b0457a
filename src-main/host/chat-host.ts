/**
 * The LAN Chat host: one port for HTTP and WebSockets, rooms created on first join, durable
 * history, presence and liveness. Plain Node: the CLI and Electron's main process both run it.
 *
 * One message's way: Connection decodes `send` → LogWriter (log-writes.ts) stores the tick's sends
 * in one transaction and hands the batch to the Fanout → `deliver` encodes each message once and
 * Room.broadcastAll frames the batch once, one write per socket; the sender's own copy is its
 * acknowledgement.
 *
 * It tells what happens as typed events ({@link HostEvents}), the way `ws` servers do; the log is
 * a subscriber of them (host-events.ts).
 */
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { encodeFrame } from '../../src-shared/codec.ts';
import {
  CloseCode,
  PROTOCOL_VERSION,
  ROOM_ID_PATTERN,
  type ChatMessage,
  type HelloFrame,
  type HostFrame,
  type HostInfo,
  type HostTypingFrame,
  type ChangeFrame,
  type HostReadFrame,
  type Member,
  type PresenceFrame,
  type RequestFrame,
  type ReadState,
  type SendFrame,
} from '../../src-shared/protocol.ts';
import { dmPeer, isDmRoom } from '../../src-shared/dm.ts';
import { Connection, type ConnectionHost } from './connection.ts';
import { sendDmNotices } from './dm-notice.ts';
import type { Fanout, FanoutHost } from './fanout.ts';
import { announceRename, renameHandler } from './rename.ts';
import { hostFeatures } from './features.ts';
import { historyHandler, searchHandler } from './history-requests.ts';
import { logHostEvents, type DropReason, type HostEvents } from './host-events.ts';
import { createHttpHandler } from './http.ts';
import { listenError } from './listen-error.ts';
import { LogWriter } from './log-writes.ts';
import { HostGuard } from './limits/guard.ts';
import { ownOrigins } from './limits/origin-check.ts';
import { memberIdFor } from './member-id.ts';
import { MemberTokens } from './member-token.ts';
import { resolveOptions, type HostOptions, type ResolvedOptions } from './options.ts';
import { FilesService } from '../files/files-service.ts';
import { answer, type RequestHandlers } from './requests.ts';
import { LiveRooms } from './live-rooms.ts';
import { roomOfUpgrade } from './room-upgrade.ts';
import { ReadTracker } from './room-reads.ts';
import { DualServer } from '../tls/dual-server.ts';
import { Welcomes } from './welcome.ts';

/** Rooms listed by `/api/info` at most. */
const INFO_ROOMS = 100;
/** How long `stop()` waits for clients to acknowledge the close before cutting them off. */
const STOP_GRACE_MS = 2000;

const encode = (frame: HostFrame) => Buffer.from(encodeFrame(frame));

export class ChatHost extends EventEmitter<HostEvents> implements ConnectionHost, FanoutHost {
  readonly options: ResolvedOptions;
  /** Files in rooms, when `options.files` is given. */
  readonly files: FilesService | undefined;
  readonly #fanout: Fanout;
  readonly #http: DualServer;
  readonly #wss: WebSocketServer;
  readonly #rooms: LiveRooms;
  readonly #conns = new Set<Connection>();
  readonly #writes: LogWriter;
  readonly #guard: HostGuard;
  readonly #reads: ReadTracker;
  readonly #welcomes: Welcomes;
  #secret: Uint8Array = new Uint8Array();
  /** `welcome.token`s; made once the data folder's secret is known (start). */
  #tokens: MemberTokens | undefined;
  /** One handler per request type on the socket (requests.ts). */
  readonly #handlers: RequestHandlers;
  #heartbeat: NodeJS.Timeout | undefined;
  #state: 'idle' | 'running' | 'stopping' | 'stopped' = 'idle';

  /** @throws TypeError on a bad option */
  constructor(options: HostOptions) {
    super();
    this.options = resolveOptions(options);
    if (options.log) logHostEvents(this, options.log);
    this.#fanout = this.options.fanout;
    this.#rooms = new LiveRooms(this.options.store, this.#fanout, this.options.limits.rooms, {
      roomOpened: (room) => this.emit('roomOpened', { room }),
      roomClosed: (room) => this.emit('roomClosed', { room }),
    });
    this.#guard = new HostGuard(this.options);
    this.#wss = new WebSocketServer({
      noServer: true,
      maxPayload: this.options.limits.maxFrameBytes,
      perMessageDeflate: false, // deflate costs far more memory than a LAN saves in bytes
      clientTracking: false,
    });
    const access = {
      tokenValid: (room: string, token: string) => this.verifyToken(room, token) !== undefined,
      // Files of locked and private rooms need the room token to download.
      locked: (room: string) => room in this.options.passwords || room.startsWith('dm.'),
    };
    this.files =
      this.options.files &&
      new FilesService(
        this.options.files,
        access,
        ownOrigins(() => this.port),
        this.options.log,
        (req, newBytes) => this.#guard.upload(req, newBytes),
      );
    const handler = createHttpHandler({
      info: () => this.info(),
      staticDir: this.options.staticDir,
      allowedOrigins: this.options.allowedOrigins,
      files: this.files,
      discovery: this.options.discovery,
      peer: (req) => this.#guard.upgrade(req),
    });
    this.#http = new DualServer({ handler, identity: this.options.tls, tlsOnly: this.options.tlsOnly });
    this.#http.on('upgrade', (req, socket, head) => this.#onUpgrade(req, socket, head));
    this.#handlers = {
      history: historyHandler(this.options.store),
      search: searchHandler(this.options.store),
      rename: renameHandler(this.#rooms, this.#fanout),
    };
    this.#writes = new LogWriter({
      store: this.options.store,
      fanout: this.#fanout,
      files: this.files,
      log: (line) => this.log(line),
      storeUnavailable: (error) => this.emit('storeUnavailable', { error }),
      storeBack: () => this.emit('storeBack'),
    });
    this.#reads = new ReadTracker(this.options.store, this);
    this.#welcomes = new Welcomes(this.options, this.#reads);
  }

  /** The members present in the rooms of this host, now. */
  get memberCount(): number {
    return this.#rooms.memberCount;
  }

  /** The port listened on (useful with port 0). */
  get port(): number {
    return this.#http.address()?.port ?? 0;
  }

  /**
   * Opens the store and starts listening.
   * @throws an Error with `code` `EADDRINUSE` / `EACCES` / `EADDRNOTAVAIL` and a sentence for people
   */
  async start(): Promise<{ port: number }> {
    if (this.#state !== 'idle') throw new Error('A host can be started once.');
    this.#secret = await this.options.store.secret();
    this.#tokens = new MemberTokens(this.#secret);
    await this.files?.start();
    await this.#fanout.start(this);
    await this.#http.listen(this.options.port, this.options.bind).catch((err: NodeJS.ErrnoException) => {
      throw listenError(err, this.options.port);
    });
    this.#state = 'running';
    this.#heartbeat = setInterval(() => this.#beat(), this.options.pingIntervalMs);
    const { name, bind } = this.options;
    await this.options.discovery?.start({ port: this.port, name, bind, fingerprint: this.options.tls?.fingerprint });
    return { port: this.port };
  }

  /** Closes every socket with 1001 (clients come back later), stores what is queued, closes the store. */
  async stop(): Promise<void> {
    if (this.#state !== 'running') return;
    this.#state = 'stopping';
    clearInterval(this.#heartbeat);
    await this.options.discovery?.stop(); // goodbye packets first: browsers drop us at once
    const closed = [...this.#conns].map((c) => new Promise((r) => c.ws.once('close', r)));
    for (const conn of this.#conns) conn.close(CloseCode.goingAway, 'host stopping');
    const httpClosed = this.#http.close();
    await this.#writes.drain();
    await this.#reads.drain();
    const grace = setTimeout(() => this.#conns.forEach((c) => c.ws.terminate()), STOP_GRACE_MS);
    await Promise.all(closed);
    clearTimeout(grace);
    this.#http.closeAllConnections();
    await httpClosed;
    await this.#fanout.stop();
    await this.files?.stop();
    await this.options.store.close();
    this.#state = 'stopped';
  }

  /** What `GET /api/info` answers: every room with a log or a lock, and who is in it now (never a DM). */
  async info(): Promise<HostInfo> {
    const ids = new Set(
      [...(await this.options.store.rooms()), ...this.#rooms.keys(), ...Object.keys(this.options.passwords)].filter(
        (id) => !isDmRoom(id),
      ),
    );
    const all = [...ids].map((id) => ({
      id,
      members: this.#rooms.get(id)?.memberCount ?? 0,
      locked: id in this.options.passwords,
    }));
    // Bounded: the busiest rooms, then by name; `roomCount` says how many there are in all.
    const rooms = all
      .sort((a, b) => b.members - a.members || (a.id < b.id ? -1 : 1))
      .slice(0, INFO_ROOMS)
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    return {
      app: 'lanchat',
      version: this.options.version,
      protocol: PROTOCOL_VERSION,
      name: this.options.name,
      rooms,
      roomCount: all.length,
      features: hostFeatures(this.options),
      ...(this.options.tls && { fingerprint: this.options.tls.fingerprint }),
    };
  }

  /**
   * The member a `welcome.token` belongs to, when it is valid for the room now (for HTTP calls).
   * @returns the member id, or undefined
   */
  verifyToken(room: string, token: unknown): string | undefined {
    return this.#tokens?.verify(room, token);
  }

  #onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const target = roomOfUpgrade(req, socket, this.#state === 'running', (r) => this.#guard.upgrade(r));
    if (target) this.#wss.handleUpgrade(req, socket, head, (ws) => this.#accept(ws, target.roomId, target.remote));
  }

  #accept(ws: WebSocket, roomId: string, remote: string): void {
    const conn = new Connection(ws, this, roomId, remote);
    this.#conns.add(conn);
    this.emit('sockets', this.#conns.size);
    if (!ROOM_ID_PATTERN.test(roomId)) {
      conn.fail('room_invalid', 'Room ids are 1–64 letters, digits, “.”, “_” or “-”, starting with a letter or digit.');
    } else if (this.#conns.size > this.options.limits.sockets) {
      conn.fail('server_full', 'This host has as many connections as it allows; try again later.');
    } else {
      const refusal = this.#guard.accepted(conn, remote);
      if (refusal) conn.fail(refusal.code, refusal.message);
    }
  }

  /** @inheritdoc */
  async join(conn: Connection, hello: HelloFrame): Promise<void> {
    const tooOften = this.#guard.hello(conn);
    if (tooOften) return conn.fail(tooOften.code, tooOften.message);
    const expected = this.options.passwords[conn.roomId];
    const wrong = expected === undefined ? undefined : this.#guard.password(conn, expected, hello.password);
    if (wrong) return conn.fail(wrong.code, wrong.message, undefined, wrong.retryAfter);
    const memberId = memberIdFor(this.#secret, hello.clientId);
    if (isDmRoom(conn.roomId) && !dmPeer(conn.roomId, memberId)) {
      conn.fail('forbidden', 'This is a direct conversation between two other people.');
      return conn.close(CloseCode.forbidden, 'forbidden');
    }
    const wasLive = this.#rooms.has(conn.roomId);
    const room = await this.#rooms.open(conn.roomId);
    if (!room) return conn.fail('server_full', `This host has ${this.options.limits.rooms} rooms open, its limit.`);
    if (!wasLive && this.#rooms.isNew(room)) await this.#admitNewRoom(conn);
    if (conn.phase !== 'joining') return this.#rooms.unloadIfEmpty(room); // it left while the room opened
    if (!room.has(memberId) && room.memberCount >= this.options.limits.membersPerRoom) {
      return conn.fail('room_full', 'This room is full; try again later.');
    }
    // Joined before the history is read: what is broadcast meanwhile waits in the connection.
    const arrival = this.#fanout.arrive(room, memberId, hello.name, conn);
    conn.place(room, { id: memberId, name: hello.name }); // so that a close meanwhile removes the socket
    const { member, arrived, members } = await arrival;
    if (!conn.place(room, member)) return;
    conn.budget = this.#guard.budgets.acquire(room.id, member.id);
    const history = await this.#welcomes.history(room, hello);
    this.#writes.storeWorks();
    const { latestSeq } = history.page;
    room.reached(latestSeq); // with Redis, the store may be ahead of what was delivered here
    if (conn.phase !== 'joining') return;
    conn.token = this.#tokens!.issue(room.id, member.id);
    conn.sendText(this.#welcomes.frame(room, { you: member, members, token: conn.token }, history));
    conn.joined(latestSeq);
    if (arrived) {
      room.broadcastOthers(member.id, encode({ type: 'presence', event: 'join', member }));
      this.emit('memberJoined', { room: room.id, member, remote: conn.remote });
    }
  }

  /** @inheritdoc */
  submit(conn: Connection, frame: SendFrame | ChangeFrame): void {
    this.#writes.submit(conn, frame);
  }

  /** @inheritdoc */
  async request(conn: Connection, request: RequestFrame): Promise<void> {
    const { room, member } = conn;
    if (!room || !member) return;
    conn.send(await answer(this.#handlers, request, { room: room.id, member }, this.options.log));
  }

  /** @inheritdoc */
  read(conn: Connection, seq: number): void {
    if (conn.room && conn.member) this.#reads.read(conn.room.id, conn.member, seq, conn.room.latestSeq);
  }

  /** Tells the room (here and on the other hosts) a member's new read position. */
  relayRead(roomId: string, read: ReadState): void {
    const frame: HostReadFrame = { type: 'read', member: read.member, seq: read.seq };
    this.#rooms.get(roomId)?.broadcastOthers(read.member.id, encode(frame));
    this.#fanout.read(roomId, frame);
  }

  /** @inheritdoc */
  typing(conn: Connection): void {
    if (conn.room && conn.member) {
      conn.room.broadcastOthers(conn.member.id, encode({ type: 'typing', member: conn.member }));
      this.#fanout.typing(conn.room.id, conn.member);
    }
  }

  /** @inheritdoc */
  closed(conn: Connection): void {
    this.#conns.delete(conn);
    this.emit('sockets', this.#conns.size);
    this.#guard.closed(conn);
    if (conn.budget && conn.member) this.#guard.budgets.release(conn.roomId, conn.member.id);
    const room = conn.room ?? this.#rooms.get(conn.roomId);
    if (conn.token !== undefined && conn.member) this.#tokens?.release(conn.roomId, conn.member.id);
    if (!room) return;
    if (conn.member) {
      this.#fanout.depart(room, conn.member.id, conn).then(
        (left) => {
          if (!left) return;
          room.broadcastOthers(left.id, encode({ type: 'presence', event: 'leave', member: left }));
          this.emit('memberLeft', { room: room.id, member: left });
        },
        (err: unknown) => this.log(`error room=${room.id} presence update failed: ${String(err)}`),
      );
    }
    this.#rooms.unloadIfEmpty(room);
  }

  /** @inheritdoc */
  deliver(roomId: string, messages: ChatMessage[]): void {
    sendDmNotices(this.#conns, roomId, messages);
    const room = this.#rooms.get(roomId);
    if (!room) return;
    // Encoded once: framed once for the whole batch and written once per socket (room.ts), and
    // kept as these bytes for the welcomes of whoever resumes next (recent-entries.ts).
    const payloads = messages.map(encode);
    this.#welcomes.delivered(room, messages, payloads);
    room.broadcastAll(
      payloads,
      messages.map((m) => m.seq),
    );
  }

  /** @inheritdoc */
  relay(roomId: string, frame: PresenceFrame | HostTypingFrame | HostReadFrame): void {
    this.#rooms.get(roomId)?.broadcastOthers(frame.member.id, encode(frame));
  }

  /** @inheritdoc */
  relayRename(roomId: string, before: Member | undefined, after: Member): void {
    const room = this.#rooms.get(roomId);
    if (room) announceRename(room, before ?? room.member(after.id), after);
  }

  /** @inheritdoc */
  log(line: string): void {
    this.emit('diagnostic', line);
  }

  /** @inheritdoc */
  dropped(conn: Connection, reason: DropReason): void {
    this.emit('dropped', { room: conn.roomId, member: conn.member?.id, reason });
  }

  #beat(): void {
    this.#guard.sweep();
    for (const conn of this.#conns) {
      if (!conn.heartbeat()) this.dropped(conn, 'no-pong');
    }
  }

  /** A room without a log is joined: it counts against the address, and against the stored-room cap. */
  async #admitNewRoom(conn: Connection): Promise<void> {
    const tooMany = this.#guard.newRoom(conn);
    if (tooMany) return conn.fail(tooMany.code, tooMany.message);
    const max = this.options.limits.storedRooms;
    if ((await this.options.store.rooms()).length >= max) {
      conn.fail('server_full', `This host keeps at most ${max} rooms, its limit: join a room that exists.`);
    }
  }
}
