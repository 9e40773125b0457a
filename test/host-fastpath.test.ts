/**
 * The pieces that make the host fast, over real sockets: per-tick coalescing (one write per
 * socket per tick), group commit (one transaction per tick) feeding one framed broadcast, the seq
 * floor of joining sockets, and back-pressure (a socket that never reads is dropped, not hoarded).
 */
import { createHash, randomBytes } from 'node:crypto';
import { connect, createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { corkForTick } from '../src-main/host/tick-cork.ts';
import { SqliteStore } from '../src-main/store/sqlite-store.ts';
import type { AppendRequest } from '../src-main/store/store.ts';
import { cleanupFolders, startHost, tempDataDir, type TestHost } from './helpers/host.ts';
import { newClientId, RawClient, type Frame } from './helpers/ws-client.ts';

let hosts: TestHost[] = [];
const sockets: { destroy(): void }[] = [];
const tick = () => new Promise((r) => setImmediate(r));

afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(hosts.map((h) => h.stop()));
  hosts = [];
  cleanupFolders();
});

async function host(opts: Parameters<typeof startHost>[0] = {}) {
  const h = await startHost({ rate: 0, ...opts });
  hosts.push(h);
  return h;
}

async function join(h: TestHost, hello: Record<string, unknown> = {}) {
  const c = await RawClient.join(h.url(), hello);
  sockets.push({ destroy: () => c.ws.terminate() });
  return c;
}

const tcpOf = (c: RawClient) => (c.ws as unknown as { _socket: Socket })._socket;
const seqs = (frames: Frame[]) => frames.map((f) => f.seq as number);

/** Sends frames as one TCP write, so that the host reads them in one turn of its event loop. */
function sendAtOnce(c: RawClient, frames: unknown[]): void {
  const tcp = tcpOf(c);
  tcp.cork();
  for (const f of frames) c.sendJson(f);
  tcp.uncork();
}

describe('coalescing (tick-cork.ts)', () => {
  it('holds a tick’s writes to one socket and sends them in one go after the tick', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const accepted = new Promise<Socket>((r) => server.once('connection', r));
    const client = connect((server.address() as { port: number }).port, '127.0.0.1');
    const peer = await accepted;
    sockets.push(client, peer, { destroy: () => server.close() });
    const chunks: Buffer[] = [];
    client.on('data', (d: Buffer) => chunks.push(d));

    corkForTick(peer);
    peer.write('one,');
    corkForTick(peer); // a second frame in the same tick: still one cork
    peer.write('two,');
    peer.write('three');
    expect(peer.writableCorked).toBe(1);
    expect(peer.writableLength).toBe(13); // held, not yet on the wire
    await tick();
    expect(peer.writableCorked).toBe(0);
    while (Buffer.concat(chunks).length < 13) await new Promise((r) => setTimeout(r, 5));
    expect(Buffer.concat(chunks).toString()).toBe('one,two,three');
    expect(chunks).toHaveLength(1);
  });
});

describe('group commit and frame-once broadcast', () => {
  it('stores a tick’s sends in one transaction and delivers them to each socket in one write', async () => {
    const store = new SqliteStore({ dataDir: tempDataDir(), durability: 'normal' });
    const batches: number[] = [];
    const append = store.append.bind(store);
    store.append = (batch: readonly AppendRequest[]) => {
      batches.push(batch.length);
      return append(batch);
    };
    const h = await host({ store });
    const sender = await join(h, { name: 'S' });
    const receiver = await join(h, { name: 'R' });
    const reads: number[] = [];
    tcpOf(receiver).on('data', (d: Buffer) => reads.push(d.length));

    sendAtOnce(
      sender,
      Array.from({ length: 20 }, (_, i) => ({ type: 'send', id: `m${i}`, text: `hello ${i}` })),
    );
    const got = await receiver.waitForMessages(20);
    expect(seqs(got)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(got.map((m) => m.text)).toEqual(Array.from({ length: 20 }, (_, i) => `hello ${i}`));
    expect(batches).toEqual([20]);
    // Per-message writes would take 20 reads; one write per tick arrives in one (two at worst).
    expect(reads.length).toBeLessThanOrEqual(2);
    expect(seqs(await sender.waitForMessages(20))).toEqual(seqs(got)); // the sender's acks too
  });

  it('gives a socket that joins mid-stream every message exactly once (history, then live)', async () => {
    const h = await host();
    const sender = await join(h, { name: 'S' });
    const total = 300;
    let sent = 0;
    const pump = setInterval(() => {
      const burst = Array.from({ length: Math.min(15, total - sent) }, () => ({
        type: 'send',
        id: `m${sent++}`,
        text: 'x',
      }));
      if (burst.length === 0) return clearInterval(pump);
      sendAtOnce(sender, burst);
    }, 2);
    const joiners = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        await new Promise((r) => setTimeout(r, i * 5));
        return join(h, { name: `J${i}`, since: 0 });
      }),
    );
    await sender.waitForMessages(total);
    for (const j of joiners) {
      const welcome = j.frames[0]!;
      const history = seqs(welcome.history as Frame[]);
      const live = seqs(await j.waitForMessages(total - history.length));
      expect([...history, ...live]).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    }
  });
});

/** A WebSocket client on a bare TCP socket that joins and then never reads again. */
async function joinAndStopReading(port: number, room: string): Promise<Socket> {
  const socket = connect(port, '127.0.0.1');
  sockets.push(socket);
  const key = randomBytes(16).toString('base64');
  socket.write(
    `GET /room/${room} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
  const head = await new Promise<string>((resolve) =>
    socket.once('data', (d: Buffer) => resolve(d.toString('latin1'))),
  );
  expect(head).toContain(accept);
  const hello = Buffer.from(JSON.stringify({ type: 'hello', protocol: 1, clientId: newClientId(), name: 'Slow' }));
  // A client frame: masked (with a zero key, so the payload goes as is), length < 126.
  socket.write(Buffer.concat([Buffer.from([0x81, 0x80 | hello.length, 0, 0, 0, 0]), hello]));
  socket.pause();
  return socket;
}

describe('back-pressure', () => {
  it('drops a socket that never reads, without holding up the room or hoarding memory', async () => {
    const maxBufferedBytes = 1024 * 1024;
    const h = await host({ limits: { maxBufferedBytes } });
    const sender = await join(h, { name: 'Fast' });
    const reader = await join(h, { name: 'Reader' });
    await joinAndStopReading(h.port, 'general');
    await reader.next('presence', (f) => (f.member as { name: string }).name === 'Slow');

    // ~12 MB to everyone: far more than the slow socket's kernel buffers plus the limit.
    const text = 'y'.repeat(4000);
    const total = 3000;
    for (let i = 0; i < total; i += 50) {
      sendAtOnce(
        sender,
        Array.from({ length: 50 }, (_, k) => ({ type: 'send', id: `b${i + k}`, text })),
      );
      await new Promise((r) => setTimeout(r, 1));
    }
    const got = await reader.waitForMessages(total, 30_000);
    expect(seqs(got)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(h.logs.filter((l) => l.includes('reason=too-slow'))).toHaveLength(1);
    // The slow member is gone for the others too, so nothing more is queued for it.
    await reader.next('presence', (f) => f.event === 'leave' && (f.member as { name: string }).name === 'Slow');
  }, 60_000);
});
