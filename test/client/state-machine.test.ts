/**
 * The client's connection state machine against a scripted host: attempts, backoff, liveness,
 * close codes, stop() and listeners (the outbox is in client-outbox.test.ts).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { ChatClientOptions } from '../../src-shared/client/types.ts';
import { FakeSocket, ManualClock } from '../helpers/fake-socket.ts';
import { bob, connected as connectedOn, message, scriptedClient, welcome, you } from '../helpers/scripted-client.ts';

let clock: ManualClock;
const client = (extra: Partial<ChatClientOptions> = {}) => scriptedClient(clock, extra);
const connected = (extra: Partial<ChatClientOptions> = {}) => connectedOn(clock, extra);

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
    expect(s1.sent[0]).toEqual({
      type: 'hello',
      protocol: 1,
      clientId: 'client-0001',
      name: 'Me',
      features: ['rename'],
    });
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
