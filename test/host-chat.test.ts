import { describe, expect, it } from 'vitest';
import { once } from 'node:events';
import { sendMany, useHosts } from './helpers/fixtures.ts';
import { newClientId } from './helpers/ws-client.ts';

const t = useHosts();

describe('handshake', () => {
  it('welcomes with the contract’s fields, a trimmed name and a stable member id', async () => {
    const h = await t.host();
    const clientId = newClientId();
    const a = await t.join(h.url(), { clientId, name: '  Alice  ' });
    const welcome = a.frames[0]!;
    expect(welcome).toMatchObject({
      type: 'welcome',
      protocol: 1,
      room: 'general',
      you: { name: 'Alice' },
      members: [],
      history: [],
      latestSeq: 0,
      truncated: false,
      server: { name: 'test-host' },
    });
    expect(welcome.epoch).toMatch(/^[A-Za-z0-9_-]{8,}$/);
    const you = welcome.you as { id: string };
    expect(you.id).toMatch(/^m-[A-Za-z0-9_-]+$/);
    expect(JSON.stringify(welcome)).not.toContain(clientId);
    await a.close();
    const again = await t.join(h.url(), { clientId, name: 'Alice' });
    expect((again.frames[0]!.you as { id: string }).id).toBe(you.id);
  });

  it('accepts a trailing slash on the room path', async () => {
    const h = await t.host();
    const a = await t.join(`${h.url('dev')}/`);
    expect(a.frames[0]).toMatchObject({ type: 'welcome', room: 'dev' });
  });
});

describe('chat', () => {
  it('broadcasts to the room including the sender, seq rising by exactly one', async () => {
    const h = await t.host();
    const a = await t.join(h.url(), { name: 'Alice' });
    const b = await t.join(h.url(), { name: 'Bob' });
    const other = await t.join(h.url('other'), { name: 'Carol' });
    a.sendJson({ type: 'send', id: 'a1', text: 'hello' });
    a.sendJson({ type: 'send', id: 'a2', text: 'world' });
    const [m1, m2] = await b.waitForMessages(2);
    expect(m1).toMatchObject({ type: 'message', seq: 1, id: 'a1', text: 'hello', from: { name: 'Alice' } });
    expect(m2).toMatchObject({ seq: 2, id: 'a2', text: 'world' });
    expect(Math.abs((m1!.ts as number) - Date.now())).toBeLessThan(60_000);
    expect((await a.waitForMessages(2)).map((m) => m.seq)).toEqual([1, 2]);
    other.sendJson({ type: 'send', id: 'c1', text: 'elsewhere' });
    expect((await other.waitForMessages(1))[0]).toMatchObject({ seq: 1, text: 'elsewhere' });
    // A later message of Bob's room proves the other room's never reached him: it would be first.
    a.sendJson({ type: 'send', id: 'a3', text: 'later' });
    expect((await b.waitForMessages(3)).map((m) => m.id)).toEqual(['a1', 'a2', 'a3']);
  });

  it('keeps text exactly as sent (markup, emoji, new lines)', async () => {
    const h = await t.host();
    const a = await t.join(h.url());
    const text = '<img src=x onerror=alert(1)> 😀\nline two\t"quoted"';
    a.sendJson({ type: 'send', id: 'x', text });
    expect((await a.waitForMessages(1))[0]!.text).toBe(text);
  });

  it('stores a re-sent (clientId, id) once and acknowledges it to the sender alone', async () => {
    const h = await t.host();
    const clientId = newClientId();
    const a = await t.join(h.url(), { clientId, name: 'Alice' });
    const b = await t.join(h.url(), { name: 'Bob' });
    a.sendJson({ type: 'send', id: 'same', text: 'once' });
    const first = (await a.waitForMessages(1))[0]!;
    // The same send again on a new socket of the same client (a reconnect).
    const a2 = await t.join(h.url(), { clientId, name: 'Alice' });
    a2.sendJson({ type: 'send', id: 'same', text: 'once' });
    const again = (await a2.waitForMessages(1))[0]!;
    expect(again).toEqual(first);
    a.sendJson({ type: 'send', id: 'next', text: 'two' });
    const seen = await b.waitForMessages(2);
    expect(seen.map((m) => [m.seq, m.id])).toEqual([
      [1, 'same'],
      [2, 'next'],
    ]);
    expect(a.messages()).toHaveLength(2);
  });

  it('gives a taken name a number, but keeps one member’s name across its sockets', async () => {
    const h = await t.host();
    const clientId = newClientId();
    const a = await t.join(h.url(), { clientId, name: 'Alice' });
    const b = await t.join(h.url(), { name: 'Alice' });
    const c = await t.join(h.url(), { name: 'Alice' });
    const a2 = await t.join(h.url(), { clientId, name: 'Alice' });
    expect(a.frames[0]!.you).toMatchObject({ name: 'Alice' });
    expect(b.frames[0]!.you).toMatchObject({ name: 'Alice (2)' });
    expect(c.frames[0]!.you).toMatchObject({ name: 'Alice (3)' });
    expect(a2.frames[0]!.you).toEqual(a.frames[0]!.you);
  });

  it('relays typing to the others only, and answers app-level pings', async () => {
    const h = await t.host();
    const a = await t.join(h.url(), { name: 'Alice' });
    const b = await t.join(h.url(), { name: 'Bob' });
    a.sendJson({ type: 'typing' });
    expect(await b.next('typing')).toMatchObject({ member: { name: 'Alice' } });
    a.sendJson({ type: 'ping', t: 42.5 });
    expect(await a.next('pong')).toEqual({ type: 'pong', t: 42.5 });
    expect(a.frames.some((f) => f.type === 'typing')).toBe(false);
  });
});

describe('presence', () => {
  it('counts a member with two sockets once: join with the first, leave with the last', async () => {
    const h = await t.host();
    const bob = await t.join(h.url(), { name: 'Bob' });
    const clientId = newClientId();
    const a1 = await t.join(h.url(), { clientId, name: 'Alice' });
    expect(a1.frames[0]!.members).toEqual([bob.frames[0]!.you]);
    const join = await bob.next('presence');
    expect(join).toMatchObject({ event: 'join', member: { name: 'Alice' } });
    const a2 = await t.join(h.url(), { clientId, name: 'Alice' });
    const counted = once(h.host, 'sockets'); // the host has handled a1's close
    await a1.close();
    await counted;
    // A later presence event proves no leave was sent for a1: a leave would come before it.
    const carol = await t.join(h.url(), { name: 'Carol' });
    expect(await bob.next('presence')).toMatchObject({ event: 'join', member: carol.frames[0]!.you });
    await a2.close();
    expect(await bob.next('presence')).toMatchObject({ event: 'leave', member: join.member });
  });
});

describe('history', () => {
  it('gives the newest 50 without since, and everything after since with it', async () => {
    const h = await t.host({ rate: 0 });
    const a = await t.join(h.url());
    sendMany(a, 60);
    await a.waitForMessages(60);
    const fresh = await t.join(h.url());
    const w = fresh.frames[0]!;
    const history = w.history as { seq: number }[];
    expect(history.map((m) => m.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 11));
    expect(w).toMatchObject({ latestSeq: 60, truncated: true });
    const resumed = await t.join(h.url(), { since: 55, epoch: w.epoch });
    expect((resumed.frames[0]!.history as { seq: number }[]).map((m) => m.seq)).toEqual([56, 57, 58, 59, 60]);
    expect(resumed.frames[0]).toMatchObject({ truncated: false, latestSeq: 60 });
    const upToDate = await t.join(h.url(), { since: 60, epoch: w.epoch });
    expect(upToDate.frames[0]).toMatchObject({ history: [], truncated: false });
  });

  it('caps a resume at the newest 1000 with truncated, and ignores since from another epoch', async () => {
    const h = await t.host({ rate: 0 });
    const a = await t.join(h.url());
    sendMany(a, 1100);
    await a.waitForMessages(1100);
    const r = await t.join(h.url(), { since: 10 });
    const history = r.frames[0]!.history as { seq: number }[];
    expect(history).toHaveLength(1000);
    expect(history[0]!.seq).toBe(101);
    expect(history.at(-1)!.seq).toBe(1100);
    expect(r.frames[0]!.truncated).toBe(true);
    const other = await t.join(h.url(), { since: 1090, epoch: 'some-other-epoch' });
    expect(other.frames[0]!.history as unknown[]).toHaveLength(50);
  });
});
