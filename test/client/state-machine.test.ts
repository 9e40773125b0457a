import { beforeEach, describe, expect, it } from 'vitest';
import { ChatClient } from '../../src-shared/client/chat-client.ts';
import { MemoryOutboxStore } from '../../src-shared/client/outbox.ts';
import type { ChatClientOptions } from '../../src-shared/client/types.ts';
import { FakeSocket, ManualClock } from '../helpers/fake-socket.ts';

const you = { id: 'm-me', name: 'Me' };
const bob = { id: 'm-bob', name: 'Bob' };
let clock: ManualClock;

function welcome(extra: Record<string, unknown> = {}) {
  return {
    type: 'welcome',
    protocol: 1,
    room: 'general',
    epoch: 'E1',
    you,
    members: [bob],
    history: [],
    latestSeq: 0,
    truncated: false,
    server: { name: 'h', version: '1' },
    ...extra,
  };
}
const message = (seq: number, id: string, from = you) => ({ type: 'message', seq, id, from, text: id, ts: 1 });

function client(extra: Partial<ChatClientOptions> = {}) {
  const c = new ChatClient({
    url: 'ws://h:1/room/general',
    name: 'Me',
    clientId: 'client-0001',
    WebSocket: FakeSocket,
    now: () => clock.now,
    timers: clock,
    random: () => 0,
    pingIntervalMs: 100,
    deadAfterMs: 250,
    connectTimeoutMs: 500,
    sendRetryMs: 50,
    ...extra,
  });
  const log: string[] = [];
  c.on('connect', (e) => log.push(`connect ${e.attempt}`));
  c.on('open', (e) => log.push(`open resumed=${e.resumed}`));
  c.on('close', (e) => log.push(`close ${e.code} reconnect=${e.willReconnect}`));
  c.on('reconnecting', (e) => log.push(`reconnecting ${e.attempt} ${e.delayMs}`));
  return { c, log };
}

/** Starts, opens and welcomes: the client is `open`. */
async function connected(extra: Partial<ChatClientOptions> = {}) {
  const r = client(extra);
  r.c.start();
  FakeSocket.last.open();
  FakeSocket.last.receive(welcome());
  await r.c.outbox.ready; // the outbox store loads asynchronously
  await Promise.resolve();
  return r;
}

beforeEach(() => {
  clock = new ManualClock();
  FakeSocket.all = [];
});

describe('ChatClient state machine', () => {
  it('goes idle → connecting → open → reconnecting → connecting → open, reporting each step', async () => {
    const { c, log } = client();
    const states: string[] = [];
    c.on('change', (e) => states.at(-1) !== e.state && states.push(e.state));
    expect(c.state).toBe('idle');
    c.start();
    expect(c.state).toBe('connecting');
    const s1 = FakeSocket.last;
    s1.open();
    expect(s1.sent[0]).toEqual({ type: 'hello', protocol: 1, clientId: 'client-0001', name: 'Me' });
    s1.receive(welcome({ history: [message(1, 'a', bob)], latestSeq: 1 }));
    expect(c.state).toBe('open');
    expect(c.you).toEqual(you);
    expect(c.members.map((m) => [m.name, m.you])).toEqual([
      ['Me', true],
      ['Bob', false],
    ]);
    s1.drop(1006);
    expect(c.state).toBe('reconnecting');
    expect(c.nextRetryAt).toBe(clock.now + 1000);
    clock.advance(999);
    expect(FakeSocket.all).toHaveLength(1);
    clock.advance(1);
    expect(c.state).toBe('connecting');
    const s2 = FakeSocket.last;
    s2.open();
    expect(s2.sent[0]).toMatchObject({ type: 'hello', since: 1, epoch: 'E1' });
    s2.receive(welcome({ latestSeq: 1 }));
    expect(c.state).toBe('open');
    expect(log).toEqual([
      'connect 1',
      'open resumed=false',
      'close 1006 reconnect=true',
      'reconnecting 1 1000',
      'connect 1',
      'open resumed=true',
    ]);
    expect(states).toEqual(['connecting', 'open', 'reconnecting', 'connecting', 'open']);
  });

  it('backs off exponentially while the host stays away, and resets on welcome', () => {
    const { c, log } = client();
    c.start();
    for (let i = 0; i < 4; i++) {
      FakeSocket.last.drop(1006);
      clock.advance(c.nextRetryAt! - clock.now);
    }
    expect(log.filter((l) => l.startsWith('reconnecting'))).toEqual([
      'reconnecting 2 1000',
      'reconnecting 3 2000',
      'reconnecting 4 4000',
      'reconnecting 5 8000',
    ]);
  });

  it.each([
    [1000, false],
    [4000, false],
    [4004, false],
    [1001, true],
    [1011, true],
    [4001, true],
    [4009, true],
  ])('close code %i → reconnect %s', async (code, again) => {
    const { c } = await connected();
    FakeSocket.last.drop(code, 'x');
    expect(c.state).toBe(again ? 'reconnecting' : 'closed');
    expect(c.closeInfo).toMatchObject({ code, willReconnect: again, passwordNeeded: false, wasOpen: true });
    clock.advance(1000);
    expect(FakeSocket.all).toHaveLength(again ? 2 : 1);
  });

  it('4003 stops and says a password is needed', () => {
    const { c } = client();
    c.start();
    FakeSocket.last.open();
    FakeSocket.last.receive({ type: 'error', code: 'bad_password', message: 'This room needs a password.' });
    FakeSocket.last.drop(4003, 'bad_password');
    expect(c.state).toBe('closed');
    expect(c.closeInfo).toMatchObject({
      code: 4003,
      passwordNeeded: true,
      willReconnect: false,
      error: { code: 'bad_password', message: 'This room needs a password.' },
    });
    clock.advance(60_000);
    expect(FakeSocket.all).toHaveLength(1);
  });

  it('pings, and declares a silent link dead after deadAfterMs', async () => {
    const { c, log } = await connected();
    const s = FakeSocket.last;
    clock.advance(100);
    expect(s.sentOf('ping')).toHaveLength(1);
    s.receive({ type: 'pong', t: 0 });
    clock.advance(200); // 200 ms since the pong: alive
    expect(c.state).toBe('open');
    clock.advance(50);
    expect(c.state).toBe('reconnecting');
    expect(s.terminated).toBe(true);
    expect(log.at(-2)).toBe('close 1006 reconnect=true');
  });

  it('is not fooled by throttled timers (a background tab wakes once a minute) while pings are answered', async () => {
    const { c } = await connected();
    const s = FakeSocket.last;
    for (let minute = 0; minute < 3; minute++) {
      clock.jump(60_000); // ping and watchdog run together, a minute late
      const ping = s.sentOf('ping').at(-1)!;
      s.receive({ type: 'pong', t: ping.t }); // the host answers at once
    }
    expect(c.state).toBe('open');
    expect(FakeSocket.all).toHaveLength(1);
    clock.jump(60_000); // this time the ping goes unanswered…
    expect(c.state).toBe('open');
    clock.jump(60_000); // …and a minute later the link is declared dead
    expect(c.state).toBe('reconnecting');
    expect(s.terminated).toBe(true);
  });

  it('gives up on an attempt that gets no welcome in time', () => {
    const { c } = client();
    c.start();
    FakeSocket.last.open();
    clock.advance(500);
    expect(c.state).toBe('reconnecting');
  });

  it('retries at once when the network comes back, with a fresh backoff', async () => {
    const { c } = await connected();
    FakeSocket.last.drop(1006);
    clock.advance(1000);
    FakeSocket.last.drop(1006); // second failure: 2 s wait
    expect(c.nextRetryAt! - clock.now).toBe(2000);
    c.networkOnline();
    expect(c.state).toBe('connecting');
    FakeSocket.last.drop(1006);
    expect(c.nextRetryAt! - clock.now).toBe(1000);
    c.retryNow();
    expect(FakeSocket.all).toHaveLength(4);
  });

  it('retryNow() replaces an attempt whose socket never opened, not one that did', () => {
    const { c } = client();
    c.start();
    const hanging = FakeSocket.last;
    c.retryNow();
    expect(hanging.terminated).toBe(true);
    expect(FakeSocket.all).toHaveLength(2);
    FakeSocket.last.open(); // the hello is on its way: let it finish
    c.retryNow();
    expect(FakeSocket.all).toHaveLength(2);
    FakeSocket.last.receive(welcome());
    expect(c.welcome?.epoch).toBe('E1');
  });

  it('stop() closes with 1000 and never reconnects', async () => {
    const { c } = await connected();
    const s = FakeSocket.last;
    c.stop();
    expect(s.closedWith).toEqual({ code: 1000, reason: 'bye' });
    expect(c.state).toBe('closed');
    clock.advance(60_000);
    expect(FakeSocket.all).toHaveLength(1);
    expect(clock.pending).toBe(0);
  });

  it('lets listeners read the next state and stop the client from inside a close event', async () => {
    const { c, log } = await connected();
    const seen: string[] = [];
    c.on('close', () => {
      seen.push(c.state);
      c.stop();
    });
    FakeSocket.last.drop(1006);
    expect(seen).toEqual(['reconnecting', 'closed']); // stop() reports its own close: no reconnect
    expect(c.state).toBe('closed');
    expect(c.closeInfo).toMatchObject({ code: 1000, willReconnect: false });
    expect(log.some((l) => l.startsWith('reconnecting'))).toBe(false);
    clock.advance(60_000);
    expect(FakeSocket.all).toHaveLength(1);
  });

  it('survives listeners that throw, including error listeners', async () => {
    const { c } = client();
    const errors: string[] = [];
    c.on('error', (e) => {
      errors.push(e.code);
      throw new Error('broken error listener');
    });
    c.on('connect', () => {
      throw new Error('broken connect listener');
    });
    c.start();
    expect(errors).toEqual(['client_listener']);
    FakeSocket.last.open();
    FakeSocket.last.receive(welcome());
    expect(c.state).toBe('open');
  });

  it('listeners can be removed', async () => {
    const { c } = client();
    let n = 0;
    const off = c.on('change', () => n++);
    c.start();
    const seen = n;
    off();
    FakeSocket.last.open();
    FakeSocket.last.receive(welcome());
    expect(seen).toBeGreaterThan(0);
    expect(n).toBe(seen);
  });
});

describe('ChatClient outbox', () => {
  it('sends one at a time in order and re-sends the unacknowledged with the same id after a reconnect', async () => {
    const { c } = await connected();
    const a = c.send('a');
    const b = c.send('b');
    expect(a.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const s1 = FakeSocket.last;
    expect(s1.sentOf('send')).toEqual([{ type: 'send', id: a.id, text: 'a' }]);
    s1.receive(message(1, a.id));
    expect(a.state).toBe('sent');
    expect(a.seq).toBe(1);
    expect(s1.sentOf('send').map((f) => f.id)).toEqual([a.id, b.id]);
    s1.drop(1006);
    const d = c.send('d'); // while reconnecting: queued
    expect(c.pending.map((p) => p.id)).toEqual([b.id, d.id]);
    clock.advance(1000);
    const s2 = FakeSocket.last;
    s2.open();
    s2.receive(welcome({ history: [message(1, a.id)], latestSeq: 1 }));
    expect(s2.sentOf('send').map((f) => f.id)).toEqual([b.id]);
    s2.receive(message(2, b.id));
    s2.receive(message(3, d.id));
    expect(c.pending).toEqual([]);
    expect(c.timeline.messages.map((m) => [m.seq, m.own])).toEqual([
      [1, true],
      [2, true],
      [3, true],
    ]);
  });

  it('acknowledges from the welcome history when the ack was lost with the link', async () => {
    const { c } = await connected();
    const a = c.send('a');
    FakeSocket.last.drop(1006);
    clock.advance(1000);
    FakeSocket.last.open();
    FakeSocket.last.receive(welcome({ history: [message(1, a.id)], latestSeq: 1 }));
    expect(a.state).toBe('sent');
    expect(FakeSocket.last.sentOf('send')).toEqual([]);
  });

  it('keeps a transient refusal sending and retries it later, in order', async () => {
    const { c } = await connected();
    const a = c.send('a');
    const b = c.send('b');
    const s = FakeSocket.last;
    s.receive({ type: 'error', code: 'rate_limited', message: 'slow down', ref: a.id });
    expect(a.state).toBe('sending');
    expect(a.error?.code).toBe('rate_limited');
    expect(s.sentOf('send').map((f) => f.id)).toEqual([a.id]);
    clock.advance(50);
    expect(s.sentOf('send').map((f) => f.id)).toEqual([a.id, a.id]);
    s.receive(message(1, a.id));
    expect(s.sentOf('send').map((f) => f.id)).toEqual([a.id, a.id, b.id]);
  });

  it('fails for good on a permanent refusal, and retry(id) sends it again', async () => {
    const { c } = await connected();
    const a = c.send('a');
    const b = c.send('b');
    const s = FakeSocket.last;
    s.receive({ type: 'error', code: 'bad_request', message: 'no', ref: a.id });
    expect(a.state).toBe('failed');
    expect(s.sentOf('send').map((f) => f.id)).toEqual([a.id, b.id]); // the queue moves on
    s.receive(message(1, b.id));
    expect(c.retry(a.id)).toBe(true);
    expect(c.retry(b.id)).toBe(false);
    expect(a.state).toBe('sending');
    expect(s.sentOf('send').map((f) => f.id)).toEqual([a.id, b.id, a.id]);
  });

  it('checks the text locally: too long or empty fails at once and is never sent', async () => {
    const { c } = await connected();
    const long = c.send('x'.repeat(4001));
    const blank = c.send('   ');
    expect(long).toMatchObject({ state: 'failed', error: { code: 'too_large' } });
    expect(blank).toMatchObject({ state: 'failed', error: { code: 'bad_request' } });
    expect(FakeSocket.last.sentOf('send')).toEqual([]);
    expect(c.discard(long.id)).toBe(true);
    expect(c.pending).toEqual([blank]);
  });

  it('restores the outbox from its store and sends it after the welcome', async () => {
    const store = new MemoryOutboxStore();
    store.save([{ id: 'saved-1', text: 'from last run', createdAt: 5, state: 'sending' }]);
    const { c } = await connected({ outboxStore: store });
    await Promise.resolve();
    expect(FakeSocket.last.sentOf('send')).toEqual([{ type: 'send', id: 'saved-1', text: 'from last run' }]);
    c.send('new');
    expect(store.records.map((r) => r.id)).toEqual(['saved-1', c.pending[1]!.id]);
    FakeSocket.last.receive(message(1, 'saved-1'));
    expect(store.records.map((r) => r.text)).toEqual(['new']);
  });

  it('flushed() resolves once everything is acknowledged', async () => {
    const { c } = await connected();
    const a = c.send('a');
    let done: boolean | undefined;
    void c.flushed(1000).then((v) => (done = v));
    await Promise.resolve();
    expect(done).toBeUndefined();
    FakeSocket.last.receive(message(1, a.id));
    await Promise.resolve();
    expect(done).toBe(true);
  });
});

describe('ChatClient presence and typing', () => {
  it('tracks joins, leaves and typing that expires after 5 s; throttles own typing to 2 s', async () => {
    const { c } = await connected({ deadAfterMs: 60_000, pingIntervalMs: 60_000 });
    const s = FakeSocket.last;
    const carol = { id: 'm-carol', name: 'Carol' };
    s.receive({ type: 'presence', event: 'join', member: carol });
    s.receive({ type: 'typing', member: carol });
    expect(c.typingMembers).toEqual([carol]);
    expect(c.members.find((m) => m.id === 'm-carol')?.typing).toBe(true);
    clock.advance(4999);
    expect(c.typingMembers).toEqual([carol]);
    clock.advance(1);
    expect(c.typingMembers).toEqual([]);
    s.receive({ type: 'presence', event: 'leave', member: bob });
    expect(c.members.map((m) => m.name)).toEqual(['Me', 'Carol']);
    c.typing();
    c.typing();
    clock.advance(1999);
    c.typing();
    clock.advance(1);
    c.typing();
    expect(s.sentOf('typing')).toHaveLength(2);
  });
});
