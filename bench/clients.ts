/**
 * The three kinds of client a load worker drives, behind one small interface: a bare `ws`
 * socket, a LAN Chat protocol socket (hello → welcome, `send` frames, seq tracking for resume)
 * and a Socket.IO socket. Each tells its owner about every delivery with the raw text.
 */
import { io, type Socket as IoSocket } from 'socket.io-client';
import WebSocket from 'ws';
import type { ServerKind } from './server.ts';

/** What the worker learns from a client. */
export interface ClientEvents {
  /** One delivered chat message: its raw text (frame or event payload) and its seq (host only). */
  delivered(text: string, seq: number): void;
  /** The host's welcome: its history seqs, for the resume check. */
  welcome?(latestSeq: number, historySeqs: number[]): void;
  closed(): void;
}

/** One connected benchmark client. */
export interface BenchClient {
  send(id: string, text: string): void;
  close(): void;
}

export interface ConnectOptions {
  kind: ServerKind;
  port: number;
  room: string;
  clientId: string;
  /** Host only: resume after this seq of this epoch. */
  since?: number;
  epoch?: string;
}

/** Seq of a host `message` frame, found without a full JSON parse (the hot path). */
const seqOf = (s: string) => {
  const i = s.indexOf('"seq":');
  return i < 0 ? -1 : parseInt(s.slice(i + 6, i + 26), 10);
};

/** Connects one client; resolves once it can send (after the welcome for the host). */
export function connect(o: ConnectOptions, on: ClientEvents): Promise<BenchClient & { epoch?: string }> {
  if (o.kind === 'sio') return connectSocketIo(o, on);
  return new Promise((resolve, reject) => {
    // host-tls: TLS without the key check (the pinning itself costs nothing per message).
    const scheme = o.kind === 'host-tls' ? 'wss' : 'ws';
    const ws = new WebSocket(`${scheme}://127.0.0.1:${o.port}/room/${o.room}`, {
      perMessageDeflate: false,
      rejectUnauthorized: false,
    });
    let ready = false;
    const client = {
      epoch: undefined as string | undefined,
      send: (id: string, text: string) =>
        ws.send(o.kind === 'bare' ? text : JSON.stringify({ type: 'send', id, text }), { binary: false }),
      close: () => ws.close(),
    };
    ws.on('error', (err) => {
      if (!ready) reject(err);
    });
    ws.on('close', () => {
      if (!ready) reject(new Error('closed before ready'));
      on.closed();
    });
    ws.on('open', () => {
      if (o.kind === 'bare') {
        ready = true;
        return resolve(client);
      }
      const hello: Record<string, unknown> = { type: 'hello', protocol: 1, clientId: o.clientId, name: 'b' };
      if (o.since !== undefined) Object.assign(hello, { since: o.since, epoch: o.epoch });
      ws.send(JSON.stringify(hello));
    });
    ws.on('message', (data: Buffer) => {
      const text = data.toString();
      if (o.kind === 'bare') return on.delivered(text, -1);
      if (ready) {
        if (text.startsWith('{"type":"message"')) on.delivered(text, seqOf(text));
        return;
      }
      const frame = JSON.parse(text) as { type: string; epoch: string; latestSeq: number; history: { seq: number }[] };
      if (frame.type !== 'welcome') return reject(new Error(`no welcome: ${text}`));
      ready = true;
      client.epoch = frame.epoch;
      on.welcome?.(
        frame.latestSeq,
        frame.history.map((m) => m.seq),
      );
      resolve(client);
    });
  });
}

function connectSocketIo(o: ConnectOptions, on: ClientEvents): Promise<BenchClient> {
  return new Promise((resolve, reject) => {
    const socket: IoSocket = io(`http://127.0.0.1:${o.port}`, {
      transports: ['websocket'],
      query: { room: o.room },
      reconnection: false,
      forceNew: true,
    });
    socket.on('connect_error', reject);
    socket.on('disconnect', () => on.closed());
    socket.on('m', (text: string) => on.delivered(text, -1));
    socket.on('connect', () =>
      resolve({
        send: (_id, text) => socket.emit('m', text),
        close: () => socket.close(),
      }),
    );
  });
}
