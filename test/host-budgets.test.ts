/**
 * What one peer can make a real host spend: budgets per member (not per socket), every frame
 * type rate limited, every write held to the socket's buffered-bytes cap, the welcome's history
 * capped by bytes, `/api/info` bounded.
 */
import { once } from 'node:events';
import { get } from 'node:http';
import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../src-main/store/sqlite-store.ts';
import { useHosts } from './helpers/fixtures.ts';
import { tempDataDir } from './helpers/host.ts';
import { newClientId, type RawClient } from './helpers/ws-client.ts';

const t = useHosts();

/** Waits for a host log line, with a deadline. */
async function logged(logs: string[], pattern: RegExp, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const line = logs.find((l) => pattern.test(l));
    if (line) return line;
    if (Date.now() > deadline)
      throw new Error(`no log line ${pattern} within ${timeoutMs} ms: ${logs.slice(-5).join(' | ')}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Stops reading a client socket: what the host writes piles up. */
const stopReading = (c: RawClient) => (c.ws as unknown as { _socket: Socket })._socket.pause();

describe('budgets per member, not per socket', () => {
  it('gives a member with six sockets one send budget', async () => {
    const h = await t.host({ rate: 5 }); // burst 10
    const watcher = await t.join(h.url());
    const clientId = newClientId();
    const windows = await Promise.all(Array.from({ length: 6 }, () => t.join(h.url(), { clientId })));
    windows.forEach((w, i) => {
      for (let k = 0; k < 5; k++) w.sendJson({ type: 'send', id: `w${i}m${k}`, text: `window ${i} #${k}` });
    });
    // Every send is answered: stored (and then echoed) or refused with rate_limited.
    await Promise.all(
      windows.map(async (w, i) => {
        for (let k = 0; k < 5; k++)
          await w.next(['message', 'error'], (f) => f.id === `w${i}m${k}` || f.ref === `w${i}m${k}`);
      }),
    );
    const refused = windows.flatMap((w) => w.frames.filter((f) => f.type === 'error' && f.code === 'rate_limited'));
    const stored = 30 - refused.length;
    expect(stored).toBeGreaterThanOrEqual(10);
    expect(stored).toBeLessThanOrEqual(12); // the burst, and what refilled meanwhile
    await watcher.waitForMessages(stored);
  });

  it('relays a member’s typing once a second, whatever number of sockets it types in', async () => {
    const h = await t.host();
    const watcher = await t.join(h.url(), { name: 'Watcher' });
    const clientId = newClientId();
    const windows = await Promise.all(Array.from({ length: 6 }, () => t.join(h.url(), { clientId, name: 'Typist' })));
    for (const w of windows) w.sendJson({ type: 'typing' });
    windows[0]!.sendJson({ type: 'send', id: 'after', text: 'done typing' });
    await watcher.next('message', (f) => f.id === 'after'); // typing is flushed before a message
    expect(watcher.frames.filter((f) => f.type === 'typing')).toHaveLength(1);
  });
});

describe('every frame type is rate limited, and refusals close a socket that keeps going', () => {
  it('answers a ping flood with rate_limited and closes the socket with 4000', async () => {
    const h = await t.host({ rate: 20 }); // any frame: 50 a second, burst 100
    const c = await t.join(h.url());
    for (let i = 0; i < 300; i++) c.sendJson({ type: 'ping', t: i });
    expect((await c.closed).code).toBe(4000);
    const pongs = c.frames.filter((f) => f.type === 'pong').length;
    expect(pongs).toBeGreaterThanOrEqual(100);
    expect(pongs).toBeLessThan(130);
    expect(c.frames.filter((f) => f.type === 'error' && f.code === 'rate_limited')).toHaveLength(10);
  });
});

describe('every write counts toward the buffered-bytes cap', () => {
  it('cuts off a socket that asks for pongs and never reads them', async () => {
    const h = await t.host({ rate: 0, limits: { maxBufferedBytes: 64 * 1024 } });
    const c = await t.join(h.url());
    stopReading(c);
    const big = -1.2345678901234567e300; // a long number: a long pong
    for (let i = 0; i < 200_000 && c.ws.readyState === c.ws.OPEN; i++) {
      c.sendJson({ type: 'ping', t: big });
      if (i % 1000 === 999) await new Promise((r) => setImmediate(r));
      if (i % 1000 === 999 && h.logs.some((l) => l.includes('reason=too-slow'))) break;
    }
    expect(await logged(h.logs, /drop room=general member=\S+ reason=too-slow/)).toBeTruthy();
    const health = await new Promise<number>((resolve, reject) =>
      get(`http://127.0.0.1:${h.port}/healthz`, (res) => resolve(res.statusCode ?? 0)).on('error', reject),
    );
    expect(health).toBe(200);
  });

  it('caps the welcome’s history by bytes (the newest kept, truncated), however much `since: 0` asks for', async () => {
    const h = await t.host({ rate: 0 });
    const writer = await t.join(h.url());
    const text = 'x'.repeat(3900);
    for (let i = 0; i < 200; i++) writer.sendJson({ type: 'send', id: `big${i}`, text });
    await writer.waitForMessages(200, 30_000);
    const reader = await t.join(h.url(), { since: 0 });
    const welcome = reader.frames[0]!;
    const bytes = Buffer.byteLength(JSON.stringify(welcome.history));
    expect(bytes).toBeLessThanOrEqual(256 * 1024 + 4096);
    expect(welcome.truncated).toBe(true);
    const history = welcome.history as { seq: number }[];
    expect(history.at(-1)!.seq).toBe(200); // the newest are the ones kept
    expect(history.length).toBeGreaterThan(50);
  });
});

describe('/api/info', () => {
  it('lists at most 100 rooms and says how many there are', async () => {
    const h = await t.host();
    const from = { id: 'm-x', name: 'X' };
    await h.host.options.store.append(
      Array.from({ length: 150 }, (_, i) => ({
        room: `room-${i}`,
        clientId: 'seedclient',
        id: `s${i}`,
        from,
        text: 'hi',
      })),
    );
    const res = await new Promise<import('node:http').IncomingMessage>((resolve, reject) =>
      get(`http://127.0.0.1:${h.port}/api/info`, resolve).on('error', reject),
    );
    let body = '';
    res.setEncoding('utf8').on('data', (d: string) => (body += d));
    await once(res, 'end');
    const info = JSON.parse(body) as { rooms: unknown[]; roomCount: number };
    expect(info.rooms).toHaveLength(100);
    expect(info.roomCount).toBe(150);
  });
});

describe('rooms and disk', () => {
  it('writes a room down with its first message, not its first join, and caps the rooms kept', async () => {
    const h = await t.host({ limits: { storedRooms: 2 } });
    const visitor = await t.join(h.url('just-looking'));
    await visitor.close();
    expect(await h.host.options.store.rooms()).toEqual([]);
    for (const room of ['a', 'b']) {
      const c = await t.join(h.url(room));
      c.sendJson({ type: 'send', id: 'first', text: `the first in ${room}` });
      await c.waitForMessages(1);
    }
    expect(await h.host.options.store.rooms()).toEqual(['a', 'b']);
    await expect(t.join(h.url('c'))).rejects.toThrow(/server_full.*keeps at most 2 rooms/);
    expect((await t.join(h.url('a'))).frames[0]!.type).toBe('welcome'); // rooms that exist still open
  });

  it('refuses sends with storage_full (not retried) once the database reaches its size limit', async () => {
    const dataDir = tempDataDir();
    const h = await t.host({
      rate: 0,
      store: new SqliteStore({ dataDir, durability: 'normal', maxBytes: 256 * 1024 }),
    });
    const c = await t.join(h.url());
    let answer: Record<string, unknown> = {};
    for (let i = 0; i < 200 && answer.type !== 'error'; i++) {
      c.sendJson({ type: 'send', id: `s${i}`, text: 'z'.repeat(3900) });
      answer = await c.next(['message', 'error'], (f) => f.id === `s${i}` || f.ref === `s${i}`);
    }
    expect(answer).toMatchObject({ type: 'error', code: 'storage_full', message: expect.stringMatching(/full/) });
    const seqs = c.messages().map((m) => m.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  });
});
