/**
 * The client's outbox, presence and typing against a scripted host: sends one at a time, the same
 * id after a reconnect, refusals, local checks, a restored outbox, and typing that expires.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryOutboxStore } from '../../src-shared/client/outbox.ts';
import type { ChatClientOptions } from '../../src-shared/client/types.ts';
import { FakeSocket, ManualClock } from '../helpers/fake-socket.ts';
import { bob, connected as connectedOn, message, welcome } from '../helpers/scripted-client.ts';

let clock: ManualClock;
const connected = (extra: Partial<ChatClientOptions> = {}) => connectedOn(clock, extra);

beforeEach(() => {
  clock = new ManualClock();
  FakeSocket.all = [];
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
