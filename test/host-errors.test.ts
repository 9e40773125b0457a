import { once } from 'node:events';
import { request } from 'node:http';
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { useHosts } from './helpers/fixtures.ts';
import { newClientId, RawClient } from './helpers/ws-client.ts';

const t = useHosts();
const hello = (extra: Record<string, unknown> = {}) => ({
  type: 'hello',
  protocol: 1,
  clientId: newClientId(),
  name: 'X',
  ...extra,
});

describe('fatal handshake errors', () => {
  it.each([
    ['a first frame that is not hello', { type: 'send', id: 'a', text: 'hi' }, 'bad_hello'],
    ['invalid JSON first', '{nope', 'bad_hello'],
    ['another protocol version', hello({ protocol: 2 }), 'protocol_version'],
    ['a bad clientId', hello({ clientId: 'short' }), 'bad_hello'],
    ['an empty name', hello({ name: '   ' }), 'bad_hello'],
    ['a name of 33 characters', hello({ name: 'x'.repeat(33) }), 'bad_hello'],
    ['a control character in the name', hello({ name: 'A\u0007b' }), 'bad_hello'],
    ['a negative since', hello({ since: -1 }), 'bad_hello'],
  ])('%s → error %s, close 4000', async (_what, frame, code) => {
    const h = await t.host();
    const c = await t.open(h.url());
    if (typeof frame === 'string') c.ws.send(frame);
    else c.sendJson(frame);
    expect(await c.next('error')).toMatchObject({ code, message: expect.any(String) });
    expect((await c.closed).code).toBe(4000);
  });

  it('closes with 4001 when no hello comes in time', async () => {
    const h = await t.host({ helloTimeoutMs: 150 });
    const c = await t.open(h.url());
    expect(await c.next('error')).toMatchObject({ code: 'hello_timeout' });
    expect((await c.closed).code).toBe(4001);
  });

  it('refuses an invalid room id with 4004, and upgrades on other paths with 404', async () => {
    const h = await t.host();
    const c = await t.open(`ws://127.0.0.1:${h.port}/room/-bad!`);
    expect(await c.next('error')).toMatchObject({ code: 'room_invalid' });
    expect((await c.closed).code).toBe(4004);
    const ws = new WebSocket(`ws://127.0.0.1:${h.port}/chat`);
    ws.on('error', () => {});
    const [, res] = (await once(ws, 'unexpected-response')) as [unknown, { statusCode: number }];
    expect(res.statusCode).toBe(404);
    ws.terminate();
  });
});

describe('locked rooms', () => {
  it('asks for the password with 4003 and lets the right one in', async () => {
    const h = await t.host({ passwords: { secret: 'open sesame' } });
    for (const password of [undefined, 'wrong', 'open sesame!']) {
      const c = await t.open(h.url('secret'));
      c.sendJson(hello(password === undefined ? {} : { password }));
      expect(await c.next('error')).toMatchObject({ code: 'bad_password' });
      expect((await c.closed).code).toBe(4003);
    }
    const ok = await t.join(h.url('secret'), { password: 'open sesame' });
    expect(ok.frames[0]).toMatchObject({ type: 'welcome', room: 'secret' });
    const info = await h.host.info();
    expect(info.rooms).toContainEqual({ id: 'secret', members: 1, locked: true });
    const open = await t.join(h.url('general'));
    expect(open.frames[0]!.type).toBe('welcome');
  });
});

describe('non-fatal errors', () => {
  it('answers bad frames with bad_request and keeps the socket', async () => {
    const h = await t.host();
    const c = await t.join(h.url());
    c.ws.send('not json');
    c.sendJson({ type: 'dance' });
    c.sendJson({ type: 'send', id: 'has space', text: 'x' });
    c.sendJson({ type: 'send', id: 'ok', text: '   \n ' });
    c.sendJson({ type: 'send', id: 'ok2', text: 42 });
    c.sendJson([1, 2]);
    c.ws.send(Buffer.from('{"type":"ping","t":1}'), { binary: true });
    for (let i = 0; i < 7; i++) expect(await c.next('error')).toMatchObject({ code: 'bad_request' });
    c.sendJson({ type: 'send', id: 'fine', text: 'still here' });
    expect((await c.waitForMessages(1))[0]).toMatchObject({ text: 'still here', seq: 1 });
  });

  it('refuses text over 4000 characters with too_large and the send id as ref', async () => {
    const h = await t.host();
    const c = await t.join(h.url());
    c.sendJson({ type: 'send', id: 'big', text: 'x'.repeat(4001) });
    expect(await c.next('error')).toMatchObject({ code: 'too_large', ref: 'big' });
    // 4000 astral characters are 8000 UTF-16 units but still 4000 characters.
    c.sendJson({ type: 'send', id: 'emoji', text: '😀'.repeat(4000) });
    expect((await c.waitForMessages(1))[0]).toMatchObject({ id: 'emoji' });
  });

  it('applies a configured text limit', async () => {
    const h = await t.host({ limits: { maxTextChars: 10 } });
    const c = await t.join(h.url());
    c.sendJson({ type: 'send', id: 'long', text: '12345678901' });
    expect(await c.next('error')).toMatchObject({
      code: 'too_large',
      ref: 'long',
      message: expect.stringContaining('10'),
    });
    c.sendJson({ type: 'send', id: 'short', text: '1234567890' });
    expect((await c.waitForMessages(1))[0]).toMatchObject({ id: 'short' });
  });

  it('closes with 4000 on the 10th bad frame', async () => {
    const h = await t.host();
    const c = await t.join(h.url());
    for (let i = 0; i < 10; i++) c.ws.send('garbage');
    expect((await c.closed).code).toBe(4000);
    expect(c.frames.filter((f) => f.type === 'error')).toHaveLength(10);
  });

  it('rate-limits sends (burst twice the rate), stores none of the refused, and closes after 10 refusals', async () => {
    const h = await t.host({ rate: 5 });
    const watcher = await t.join(h.url());
    const c = await t.join(h.url());
    for (let i = 0; i < 30; i++) c.sendJson({ type: 'send', id: `r${i}`, text: `n${i}` });
    expect((await c.closed).code).toBe(4000); // refusals count toward the bad-frame limit
    const errors = c.frames.filter((f) => f.type === 'error');
    expect(errors).toHaveLength(10);
    expect(errors.every((e) => e.code === 'rate_limited' && typeof e.ref === 'string')).toBe(true);
    const stored = await watcher.waitForMessages(10);
    expect(stored.map((m) => m.id)).toEqual(Array.from({ length: 10 }, (_, i) => `r${i}`));
    expect(stored.map((m) => m.seq)).toEqual(stored.map((_, i) => i + 1));
  });
});

describe('transport limits', () => {
  it('closes with 1009 on a frame over 64 KiB', async () => {
    const h = await t.host();
    const c = await t.join(h.url());
    c.ws.send(JSON.stringify({ type: 'send', id: 'x', text: 'y'.repeat(70_000) }));
    expect((await c.closed).code).toBe(1009);
  });

  it('closes a socket that sends invalid UTF-8 and goes on serving the room', async () => {
    const h = await t.host();
    const c = await t.join(h.url());
    // A text frame whose payload is not UTF-8: ws's sender does not check, the host's receiver must.
    c.ws.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    expect((await c.closed).code).toBe(1007);
    const d = await t.join(h.url());
    d.sendJson({ type: 'send', id: 'ok', text: 'fine' });
    expect(await d.waitForMessages(1)).toHaveLength(1);
  });

  it('says room_full and server_full with 4009', async () => {
    const h = await t.host({ limits: { membersPerRoom: 1, rooms: 1, sockets: 3 } });
    await t.join(h.url('a'));
    const full = await t.open(h.url('a'));
    full.sendJson(hello());
    expect(await full.next('error')).toMatchObject({ code: 'room_full' });
    expect((await full.closed).code).toBe(4009);
    const noRoom = await t.open(h.url('b'));
    noRoom.sendJson(hello());
    expect(await noRoom.next('error')).toMatchObject({ code: 'server_full' });
    expect((await noRoom.closed).code).toBe(4009);
    const s2 = await t.open(h.url('a'));
    const s3 = await t.open(h.url('a'));
    const s4 = await t.open(h.url('a'));
    expect(await s4.next('error')).toMatchObject({ code: 'server_full' });
    expect((await s4.closed).code).toBe(4009);
    expect(s2.ws.readyState).toBe(WebSocket.OPEN);
    expect(s3.ws.readyState).toBe(WebSocket.OPEN);
  });
});

describe('liveness and stop', () => {
  it('terminates a socket that stops answering pings, and tells the room it left', async () => {
    const h = await t.host({ pingIntervalMs: 100 });
    const bob = await t.join(h.url(), { name: 'Bob' });
    const mute = new RawClient(h.url(), { autoPong: false });
    await mute.opened;
    mute.sendJson(hello({ name: 'Mute' }));
    await mute.next('welcome');
    const started = Date.now();
    expect(await bob.next('presence', (f) => f.event === 'leave', 3000)).toMatchObject({ member: { name: 'Mute' } });
    expect(Date.now() - started).toBeLessThan(1500);
    expect(bob.ws.readyState).toBe(WebSocket.OPEN); // a client that answers stays
    mute.ws.terminate();
  });

  it('closes every socket with 1001 on stop', async () => {
    const h = await t.host();
    const a = await t.join(h.url());
    const b = await t.join(h.url('other'));
    await h.stop();
    expect((await a.closed).code).toBe(1001);
    expect((await b.closed).code).toBe(1001);
  });
});

describe('http', () => {
  const get = (port: number, path: string) =>
    new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
      request({ host: '127.0.0.1', port, path }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      })
        .on('error', reject)
        .end();
    });

  it('serves /healthz, /api/info and a page at / on the WebSocket port', async () => {
    const h = await t.host({ passwords: { locked: 'pw' } });
    await t.join(h.url('general'));
    expect(await get(h.port, '/healthz')).toMatchObject({ status: 200, body: 'ok' });
    const info = await get(h.port, '/api/info');
    expect(info.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(info.body)).toEqual({
      app: 'lanchat',
      version: expect.any(String),
      protocol: 1,
      name: 'test-host',
      rooms: [
        { id: 'general', members: 1, locked: false },
        { id: 'locked', members: 0, locked: true },
      ],
      roomCount: 2,
      features: expect.arrayContaining(['history']),
    });
    const page = await get(h.port, '/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect((await get(h.port, '/nope')).status).toBe(404);
  });
});
