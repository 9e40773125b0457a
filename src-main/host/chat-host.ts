/**
 * The LAN Chat host: one port for HTTP and WebSockets, rooms created on first join, durable
 * history, presence and liveness. Plain Node: the CLI and Electron's main process both run it.
 *
 * One message's way: Connection decodes `send` → GroupCommit batches the tick's sends into one
 * transaction → `#stored` hands the batch to the Fanout → `deliver` encodes each message once and
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
  LIMITS,
  PROTOCOL_VERSION,
  ROOM_ID_PATTERN,
  type ChatMessage,
  type HelloFrame,
  type HostFrame,
  type HostInfo,
  type HostTypingFrame,
  type ChangeFrame,
  type HostReadFrame,
  type PresenceFrame,
  type RequestFrame,
  type ReadState,
  type SendFrame,
} from '../../src-shared/protocol.ts';
import { StorageFullError, type AppendResult } from '../store/store.ts';
import { Connection, type ConnectionHost } from './connection.ts';
import type { Fanout, FanoutHost } from './fanout.ts';
import { GroupCommit, type Pending } from './group-commit.ts';
import { hostFeatures } from './features.ts';
import { historyHandler, searchHandler } from './history-requests.ts';
import { logHostEvents, type DropReason, type HostEvents } from './host-events.ts';
import { createHttpHandler } from './http.ts';
import { HostGuard } from './limits/guard.ts';
import { capHistoryBytes } from './limits/welcome-history.ts';
import { ownOrigins } from './limits/origin-check.ts';
import { memberIdFor } from './member-id.ts';
import { MemberTokens } from './member-token.ts';
import { resolveOptions, type HostOptions, type ResolvedOptions } from './options.ts';
import { FilesService } from '../files/files-service.ts';
import { afterStore, submitWithFiles } from '../files/host-files.ts';
import { answer, type RequestHandlers } from './requests.ts';
import { Room } from './room.ts';
import { appendRequestOf } from './room-log-actions.ts';
import { ReadTracker } from './room-reads.ts';
import { DualServer } from '../tls/dual-server.ts';

const ROOM_PATH = /^\/room\/([^/]*)\/?$/;
const STORAGE_FULL =
  'This host’s history is full (its size or room limit): the message was not stored; tell the host’s owner.';
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
  readonly #rooms = new Map<string, Room>();
  readonly #opening = new Map<string, Promise<Room>>();
  readonly #conns = new Set<Connection>();
  readonly #commit: GroupCommit<Connection>;
  readonly #guard: HostGuard;
  /** Rooms opened with an empty log: bringing one to life counts against the address (new rooms/min). */
  readonly #unlogged = new WeakSet<Room>();
  readonly #reads: ReadTracker;
  #secret: Uint8Array = new Uint8Array();
  /** `welcome.token`s; made once the data folder's secret is known (start). */
  #tokens: MemberTokens | undefined;
  /** One handler per request type on the socket (requests.ts). */
  readonly #handlers: RequestHandlers;
  #heartbeat: NodeJS.Timeout | undefined;
  #state: 'idle' | 'running' | 'stopping' | 'stopped' = 'idle';
  #storeDown = false;

  /** @throws TypeError on a bad option */
  constructor(options: HostOptions) {
    super();
    this.options = resolveOptions(options);
    if (options.log) logHostEvents(this, options.log);
    this.#fanout = this.options.fanout;
    this.#guard = new HostGuard(this.options);
    this.#wss = new WebSocketServer({
      noServer: true,
      maxPayload: this.options.limits.maxFrameBytes,
      perMessageDeflate: false, // deflate costs far more memory than a LAN saves in bytes
      clientTracking: false,
    });
    const access = {
      tokenValid: (room: string, token: string) => this.#tokenValid(room, token),
      locked: (room: string) => this.#private(room),
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
    });
    this.#http = new DualServer({ handler, identity: this.options.tls, tlsOnly: this.options.tlsOnly });
    this.#http.on('upgrade', (req, socket, head) => this.#onUpgrade(req, socket, head));
    this.#handlers = { history: historyHandler(this.options.store), search: searchHandler(this.options.store) };
    this.#commit = new GroupCommit(this.options.store, {
      stored: (results, batch) => this.#stored(results, batch),
      failed: (error, batch) => this.#storeFailed(error, batch),
    });
    this.#reads = new ReadTracker(this.options.store, this);
  }

  /** The members present in the rooms of this host, now. */
  get memberCount(): number {
    let count = 0;
    for (const room of this.#rooms.values()) count += room.memberCount;
    return count;
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
    return { port: this.port };
  }

  /** Closes every socket with 1001 (clients come back later), stores what is queued, closes the store. */
  async stop(): Promise<void> {
    if (this.#state !== 'running') return;
    this.#state = 'stopping';
    clearInterval(this.#heartbeat);
    const closed = [...this.#conns].map((c) => new Promise((r) => c.ws.once('close', r)));
    for (const conn of this.#conns) conn.close(CloseCode.goingAway, 'host stopping');
    const httpClosed = this.#http.close();
    await this.#commit.drain();
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

  /** What `GET /api/info` answers: every room with a log or a lock, and who is in it now. */
  async info(): Promise<HostInfo> {
    const ids = new Set([
      ...(await this.options.store.rooms()),
      ...this.#rooms.keys(),
      ...Object.keys(this.options.passwords),
    ]);
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
    const match = ROOM_PATH.exec((req.url ?? '/').split('?')[0]!);
    if (!match || this.#state !== 'running') {
      const status = match ? '503 Service Unavailable' : '404 Not Found';
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    const peer = this.#guard.upgrade(req);
    if (!peer) {
      const body = 'This page may not connect to this LAN Chat host (its Origin is not allowed).\n';
      socket.end(
        `HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
      return;
    }
    let roomId: string;
    try {
      roomId = decodeURIComponent(match[1]!);
    } catch {
      roomId = match[1]!;
    }
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#accept(ws, roomId, peer.address));
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
    if (wrong) return conn.fail(wrong.code, wrong.message);
    const wasLive = this.#rooms.has(conn.roomId);
    const room = await this.#room(conn.roomId);
    if (!room) return conn.fail('server_full', `This host has ${this.options.limits.rooms} rooms open, its limit.`);
    if (!wasLive && this.#unlogged.has(room)) await this.#admitNewRoom(conn);
    if (conn.phase !== 'joining') return this.#unloadIfEmpty(room); // it left while the room opened
    const memberId = memberIdFor(this.#secret, hello.clientId);
    if (!room.has(memberId) && room.memberCount >= this.options.limits.membersPerRoom) {
      return conn.fail('room_full', 'This room is full; try again later.');
    }
    // Joined before the history is read: what is broadcast meanwhile waits in the connection.
    const arrival = this.#fanout.arrive(room, memberId, hello.name, conn);
    conn.place(room, { id: memberId, name: hello.name }); // so that a close meanwhile removes the socket
    const { member, arrived, members } = await arrival;
    if (!conn.place(room, member)) return;
    conn.budget = this.#guard.budgets.acquire(room.id, member.id);
    const since = hello.epoch !== undefined && hello.epoch !== room.epoch ? undefined : hello.since;
    const limit = since === undefined ? LIMITS.historyDefault : LIMITS.historyResumeMax;
    const [page, reads] = await Promise.all([
      this.options.store
        .history(room.id, since, limit)
        .then((p) => capHistoryBytes(p, this.options.limits.maxWelcomeHistoryBytes)),
      this.#reads.reads(room.id),
    ]);
    this.#storeWorks();
    room.reached(page.latestSeq); // with Redis, the store may be ahead of what was delivered here
    if (conn.phase !== 'joining') return;
    conn.token = this.#tokens!.issue(room.id, member.id);
    conn.send({
      type: 'welcome',
      protocol: PROTOCOL_VERSION,
      room: room.id,
      epoch: room.epoch,
      you: member,
      members,
      history: page.messages,
      latestSeq: page.latestSeq,
      truncated: page.truncated,
      server: { name: this.options.name, version: this.options.version },
      features: hostFeatures(this.options),
      token: conn.token,
      reads,
    });
    conn.joined(page.latestSeq);
    if (arrived) {
      room.broadcastOthers(member.id, encode({ type: 'presence', event: 'join', member }));
      this.emit('memberJoined', { room: room.id, member, remote: conn.remote });
    }
  }

  /** @inheritdoc */
  submit(conn: Connection, frame: SendFrame | ChangeFrame): void {
    const { room, member } = conn;
    if (!room || !member) return;
    const request = appendRequestOf(room.id, conn.clientId, member, frame);
    if (frame.type !== 'send' || !frame.files) return this.#commit.push(request, conn);
    submitWithFiles(
      this.files,
      frame,
      request,
      (r) => this.#commit.push(r, conn),
      (code, why) => conn.fail(code, why, frame.id),
    );
  }

  /** Rooms whose files need the room token to download: locked and private ones. */
  #private(room: string): boolean {
    return room in this.options.passwords || room.startsWith('dm.');
  }

  #tokenValid(room: string, token: string): boolean {
    return this.verifyToken(room, token) !== undefined;
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
    this.#unloadIfEmpty(room);
  }

  /** An empty room leaves memory (and stops counting towards the room limit); its log stays. */
  #unloadIfEmpty(room: Room): void {
    if (room.socketCount === 0 && this.#rooms.get(room.id) === room) {
      this.#rooms.delete(room.id);
      this.#fanout.close(room.id);
      this.emit('roomClosed', { room: room.id });
    }
  }

  /** @inheritdoc */
  deliver(roomId: string, messages: ChatMessage[]): void {
    const room = this.#rooms.get(roomId);
    // Framed once for the whole batch and written once per socket (room.ts).
    if (room)
      room.broadcastAll(
        messages.map(encode),
        messages.map((m) => m.seq),
      );
  }

  /** @inheritdoc */
  relay(roomId: string, frame: PresenceFrame | HostTypingFrame | HostReadFrame): void {
    this.#rooms.get(roomId)?.broadcastOthers(frame.member.id, encode(frame));
  }

  /** @inheritdoc */
  log(line: string): void {
    this.emit('diagnostic', line);
  }

  /** @inheritdoc */
  dropped(conn: Connection, reason: DropReason): void {
    this.emit('dropped', { room: conn.roomId, member: conn.member?.id, reason });
  }

  /** The live room, opened from the store on first use; undefined when over the room limit. */
  async #room(id: string): Promise<Room | undefined> {
    const live = this.#rooms.get(id);
    if (live) return live;
    let opening = this.#opening.get(id);
    if (!opening) {
      if (this.#rooms.size + this.#opening.size >= this.options.limits.rooms) return undefined;
      opening = this.options.store.openRoom(id).then(async (log) => {
        const room = new Room(id, log.epoch);
        room.reached(log.latestSeq);
        if (log.latestSeq === 0) this.#unlogged.add(room);
        await this.#fanout.open(room, log.latestSeq);
        return room;
      });
      this.#opening.set(id, opening);
      opening.finally(() => this.#opening.delete(id)).catch(() => {});
    }
    const room = await opening;
    const current = this.#rooms.get(id);
    if (current) return current;
    this.#rooms.set(id, room);
    this.emit('roomOpened', { room: id });
    return room;
  }

  /** Hands a stored batch to the fan-out, per room (which broadcasts it here and, with Redis, elsewhere). */
  #stored(results: AppendResult[], batch: Pending<Connection>[]): void {
    this.#storeWorks();
    if (this.files) {
      const done = results.map((result, i) => ({ result, request: batch[i]!.request }));
      afterStore(this.files, this.options.store, done).catch((err: unknown) => this.log(`error files ${String(err)}`));
    }
    const perRoom = new Map<string, ChatMessage[]>();
    for (let i = 0; i < results.length; i++) {
      const { message, duplicate, refused } = results[i]!;
      if (refused) {
        batch[i]!.context.fail(refused.code, refused.message, batch[i]!.request.id);
        continue;
      }
      if (duplicate) {
        batch[i]!.context.send(message); // the sender's re-send: acknowledge it again, to it alone
        continue;
      }
      const roomId = batch[i]!.request.room;
      const list = perRoom.get(roomId);
      if (list) list.push(message);
      else perRoom.set(roomId, [message]);
    }
    for (const [roomId, messages] of perRoom) this.#fanout.stored(roomId, messages);
  }

  #storeFailed(error: unknown, batch: Pending<Connection>[]): void {
    const full = error instanceof StorageFullError;
    // The real error (SQLite's), not a wrapper: it says what went wrong on the disk.
    this.log(`error store append failed (${batch.length} sends): ${String(full ? error.cause : error)}`);
    if (!full && !this.#storeDown) {
      this.#storeDown = true;
      this.emit('storeUnavailable', { error });
    }
    for (const { context, request } of batch) {
      if (full) context.fail('storage_full', STORAGE_FULL, request.id);
      else context.fail('unavailable', 'The message could not be stored; it will be sent again.', request.id);
    }
  }

  /** A store operation succeeded: if writes were failing, the store is back. */
  #storeWorks(): void {
    if (!this.#storeDown) return;
    this.#storeDown = false;
    this.emit('storeBack');
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

function listenError(err: NodeJS.ErrnoException, port: number): Error {
  const sentences: Record<string, string> = {
    EADDRINUSE: `Port ${port} is already in use: another LAN Chat host (or another program) is listening there. Stop it or choose another port.`,
    EACCES: `This system does not allow listening on port ${port}; choose a port above 1024.`,
    EADDRNOTAVAIL: 'That bind address does not belong to this machine.',
  };
  const sentence = sentences[err.code ?? ''];
  if (!sentence) return err;
  return Object.assign(new Error(sentence, { cause: err }), { code: err.code });
}
