import { describe, expect, it } from 'vitest';
import { sendMany, useRedisCluster } from './helpers/fixtures.ts';
import { startRedisHost } from './helpers/host.ts';
import { noRedis, testPrefix } from './helpers/redis.ts';
import { newClientId, type Frame } from './helpers/ws-client.ts';

const t = useRedisCluster();
const { cluster } = t;

const seqs = (frames: Frame[]) => frames.map((m) => m.seq as number);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe.skipIf(noRedis())('several hosts on one Redis', () => {
  it('lets clients on different hosts chat in one room', async () => {
    const [a, b] = await cluster(2);
    const alice = await t.join(a!.url(), { name: 'Alice' });
    const bob = await t.join(b!.url(), { name: 'Bob' });
    alice.sendJson({ type: 'send', id: 'a1', text: 'hello from A' });
    expect(await bob.next('message')).toMatchObject({
      seq: 1,
      id: 'a1',
      text: 'hello from A',
      from: { name: 'Alice' },
    });
    bob.sendJson({ type: 'send', id: 'b1', text: 'hello from B' });
    expect(await alice.next('message', (m) => m.id === 'b1')).toMatchObject({ seq: 2, from: { name: 'Bob' } });
    expect(alice.frames[0]!.epoch).toBe(bob.frames[0]!.epoch);
  });

  it('keeps one gap-free seq, identical on every host, under concurrent senders on every host', async () => {
    const hosts = await cluster(3);
    const observers = await Promise.all(hosts.map((h) => t.join(h.url('busy'), { name: 'Observer' })));
    const senders = await Promise.all(hosts.map((h, i) => t.join(h.url('busy'), { name: `S${i}` })));
    const perSender = 300;
    senders.forEach((s, i) => sendMany(s, perSender, `s${i}-`));
    const total = perSender * senders.length;
    for (const c of [...observers, ...senders]) {
      expect(seqs(await c.waitForMessages(total, 20_000))).toEqual(range(1, total));
    }
    const reference = observers[0]!.messages().map((m) => `${m.seq}:${m.id}`);
    for (const c of [...observers.slice(1), ...senders]) {
      expect(c.messages().map((m) => `${m.seq}:${m.id}`)).toEqual(reference);
    }
    // Each sender's own messages keep their order.
    for (let i = 0; i < senders.length; i++) {
      const mine = observers[0]!.messages().filter((m) => (m.id as string).startsWith(`s${i}-`));
      expect(mine.map((m) => m.id)).toEqual(range(0, perSender - 1).map((k) => `s${i}-${k}`));
    }
  }, 40_000);

  it('never delivers a seq before an earlier one stored by another host, even when pub/sub lags', async () => {
    const prefix = testPrefix();
    const [a, b] = [await startRedisHost(t.url(), prefix), await startRedisHost(t.url(), prefix)];
    [a, b].forEach((h) => t.track(h));
    const onA = await t.join(a.url(), { name: 'OnA' });
    const onB = await t.join(b.url(), { name: 'OnB' });
    // B stops hearing the other hosts' messages: it must not deliver its own 6–8 before 1–5.
    b.redis.fanout.subscriber.stream.pause();
    sendMany(onA, 5, 'a');
    await onA.waitForMessages(5);
    sendMany(onB, 3, 'b');
    const got = await onB.waitForMessages(8); // the gap is filled from the log
    expect(seqs(got)).toEqual(range(1, 8));
    expect(got.map((m) => m.id)).toEqual(['a0', 'a1', 'a2', 'a3', 'a4', 'b0', 'b1', 'b2']);
    b.redis.fanout.subscriber.stream.resume();
    // A later message proves the late pub/sub copies were not repeated: they would come before it.
    onA.sendJson({ type: 'send', id: 'a5', text: 'later' });
    expect(seqs(await onB.waitForMessages(9))).toEqual(range(1, 9));
    expect(seqs(onB.messages())).toEqual(range(1, 9));
  });

  it('dedups a re-send on another host, and serves history and resume from any host', async () => {
    const [a, b, c] = await cluster(3);
    const clientId = newClientId();
    const alice = await t.join(a!.url(), { clientId, name: 'Alice' });
    const watcher = await t.join(c!.url(), { name: 'Watcher' });
    sendMany(alice, 5);
    await alice.waitForMessages(5);
    await watcher.waitForMessages(5);
    const epoch = alice.frames[0]!.epoch;
    await alice.close();

    const bob = await t.join(b!.url(), { name: 'Bob' });
    sendMany(bob, 3, 'b');
    await watcher.waitForMessages(8);

    const back = await t.join(c!.url(), { clientId, name: 'Alice', since: 5, epoch });
    expect(back.frames[0]).toMatchObject({ latestSeq: 8, truncated: false, epoch, you: alice.frames[0]!.you });
    expect(seqs(back.frames[0]!.history as Frame[])).toEqual([6, 7, 8]);
    // The re-send of m2 from host C is recognised: stored once, answered to its sender only.
    back.sendJson({ type: 'send', id: 'm2', text: 'm 2' });
    expect(await back.next('message')).toMatchObject({ seq: 3, id: 'm2' });
    back.sendJson({ type: 'send', id: 'new', text: 'after' });
    expect(await watcher.next('message', (m) => m.id === 'new')).toMatchObject({ seq: 9 });
    expect(watcher.messages().filter((m) => m.id === 'm2')).toHaveLength(1);
  });

  it('shows the presence of the whole room: names unique room-wide, a member on two hosts counts once', async () => {
    const [a, b] = await cluster(2);
    const alice = await t.join(a!.url(), { name: 'Alice' });
    const clientId = newClientId();
    const bob1 = await t.join(b!.url(), { clientId, name: 'Bob' });
    expect(bob1.frames[0]!.members).toEqual([alice.frames[0]!.you]);
    expect(await alice.next('presence')).toEqual({ type: 'presence', event: 'join', member: bob1.frames[0]!.you });

    const otherAlice = await t.join(b!.url('general'), { name: 'Alice' });
    expect((otherAlice.frames[0]!.you as Frame).name).toBe('Alice (2)');
    await alice.next('presence', (p) => (p.member as Frame).name === 'Alice (2)');

    // Bob's second window, on the other host: no second join; closing one window: no leave.
    const bob2 = await t.join(a!.url(), { clientId, name: 'Bob' });
    expect(bob2.frames[0]!.you).toEqual(bob1.frames[0]!.you);
    await bob1.close();
    otherAlice.sendJson({ type: 'typing' });
    expect(await alice.next('typing')).toMatchObject({ member: { name: 'Alice (2)' } });
    expect(alice.frames.filter((f) => f.type === 'presence' && (f.member as Frame).name === 'Bob')).toHaveLength(1);
    await bob2.close();
    expect(await otherAlice.next('presence', (p) => p.event === 'leave')).toMatchObject({ member: { name: 'Bob' } });
    expect(await alice.next('presence', (p) => p.event === 'leave')).toMatchObject({ member: { name: 'Bob' } });
  });
  it('makes names unique room-wide on their confusable skeleton, as a single host does', async () => {
    const [a, b] = await cluster(2);
    const alice = await t.join(a!.url('look-alike'), { name: 'Alice' });
    // A Cyrillic А on the other host: it looks like Alice, so it is told apart.
    const fake = await t.join(b!.url('look-alike'), { name: '\u0410lice' });
    expect(fake.frames[0]!.you).toMatchObject({ name: '\u0410lice (2)' });
    await alice.next('presence', (p) => (p.member as Frame).name === '\u0410lice (2)');
    // A third look-alike, back on the first host, gets the next number.
    const third = await t.join(a!.url('look-alike'), { name: 'A\u200blice' }); // zero-width space: Alice
    expect(third.frames[0]!.you).toMatchObject({ name: 'Alice (3)' });
    // Once the real Alice has left the whole room, her name (and its skeleton) is free again.
    await alice.close();
    await fake.next('presence', (p) => p.event === 'leave' && (p.member as Frame).name === 'Alice');
    const back = await t.join(b!.url('look-alike'), { name: '\u0391lice' }); // a Greek Alpha
    expect(back.frames[0]!.you).toMatchObject({ name: '\u0391lice' });
  });
  it('numbers a crowd of one name past the first batch of candidates the script is offered', async () => {
    const [a, b] = await cluster(2);
    const names: string[] = [];
    for (let i = 0; i < 10; i++) {
      const c = await t.join((i % 2 ? b : a)!.url('crowd'), { name: 'Bob' });
      names.push((c.frames[0]!.you as Frame).name as string);
    }
    expect(names).toEqual(['Bob', ...Array.from({ length: 9 }, (_, i) => `Bob (${i + 2})`)]);
  });
});
