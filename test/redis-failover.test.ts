import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseHostArgs, UsageError } from '../src-main/cli/host-args.ts';
import { sendMany, sleep, useHosts, waitFor } from './helpers/fixtures.ts';
import { startRedisHost } from './helpers/host.ts';
import { freePort, HAVE_REDIS, noRedis, startRedis, testPrefix, type TestRedis } from './helpers/redis.ts';
import { runHostCli, spawnHost, type SpawnedHost } from './helpers/spawn-host.ts';
import { RawClient, type Frame } from './helpers/ws-client.ts';
import { SPAWNING_TEST_MS } from './helpers/cpu-deadline.ts';

let redis: TestRedis;
beforeAll(async () => {
  if (HAVE_REDIS) redis = await startRedis();
});
afterAll(() => redis?.destroy());

const t = useHosts();
const children: SpawnedHost[] = [];
afterEach(() => children.splice(0).forEach((c) => c.child.kill('SIGKILL')));

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Sends until the host acknowledges (its own copy comes back), re-sending after `unavailable`. */
async function reliableSend(c: RawClient, id: string): Promise<Frame> {
  for (;;) {
    c.sendJson({ type: 'send', id, text: `text ${id}` });
    const f = await c.next(['message', 'error'], (f) => f.id === id || f.ref === id, 8000);
    if (f.type === 'message') return f;
    expect(f.code).toBe('unavailable');
    await sleep(100);
  }
}

describe('--redis flags', { timeout: SPAWNING_TEST_MS }, () => {
  it('parses the Redis flags and refuses what does not fit', () => {
    expect(parseHostArgs(['--redis', 'redis://10.0.0.2:6379/2', '--redis-prefix', 'lab:'])).toMatchObject({
      redis: 'redis://10.0.0.2:6379/2',
      redisPrefix: 'lab:',
    });
    for (const argv of [
      ['--redis', 'http://x'],
      ['--redis', 'redis://x:99999'],
      ['--redis-prefix', 'x:'],
    ]) {
      expect(() => parseHostArgs(argv)).toThrow(UsageError);
    }
    // With Redis, --data holds only this host's TLS key (each host has its own).
    expect(parseHostArgs(['--redis', 'redis://x', '--data', '/tmp/d'])).toMatchObject({ data: '/tmp/d' });
  });

  it('exits 1 with a sentence when Redis cannot be reached', async () => {
    const r = await runHostCli(['--port', '0', '--redis', `redis://127.0.0.1:${await freePort()}`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+/);
  });
});

describe.skipIf(noRedis())('failures with several hosts on Redis', () => {
  // The host that dies is a real process (the CLI, as people run it); the survivor runs in this
  // process. Under load, a CLI start is what takes longest on the clock (8–15 s and more at load
  // 18–24): its deadline counts the CPU it gets (cpu-deadline.ts), and only one is spawned.
  it(
    'a host killed with SIGKILL: its clients resume on another host losing nothing, its members leave',
    async () => {
      const prefix = testPrefix();
      const heartbeatMs = 300;
      const flags = ['--port', '0', '--bind', '127.0.0.1', '--rate', '0', '--redis', redis.url];
      const redisFlags = ['--redis-prefix', prefix, '--redis-heartbeat', String(heartbeatMs)];
      const [one, two] = await Promise.all([
        spawnHost([...flags, ...redisFlags]).then((h) => (children.push(h), h)),
        startRedisHost(redis.url, prefix, { heartbeatMs }).then((h) => t.track(h)),
      ]);
      const observer = await t.join(`ws://127.0.0.1:${one.port}/room/flood`, { name: 'Observer' });
      const sender = await t.join(`ws://127.0.0.1:${one.port}/room/flood`, { name: 'Sender' });
      const bob = await t.join(two.url('flood'), { name: 'Bob' });
      const other = await t.join(two.url('flood'), { name: 'Other' });
      sendMany(sender, 400, 's');
      sendMany(other, 400, 'o');
      await observer.waitForMessages(100);
      one.child.kill('SIGKILL');
      await observer.closed;
      const seen = observer.messages();
      const last = seen.at(-1)!.seq as number;
      expect(seen.map((m) => m.seq)).toEqual(range(1, last));

      // The observer moves to the other host and resumes by seq.
      const moved = await t.join(two.url('flood'), { name: 'Observer', since: last, epoch: observer.frames[0]!.epoch });
      const history = moved.frames[0]!.history as Frame[];
      expect(moved.frames[0]!.truncated).toBe(false);
      const after = () => [...history, ...moved.messages()];
      // The other host's sender is done when its last message is in; nothing is sent after it, so
      // the log's latest seq then (a fresh welcome says it) is the last the observer must get. On
      // a fast, idle machine both floods may be over before the kill: then the observer saw it
      // all on the first host and the move brings nothing new.
      const got = () => `: the moved observer has ${after().length} messages, up to seq ${after().at(-1)?.seq}`;
      await waitFor(
        () => [...seen, ...after()].some((m) => m.id === 'o399'),
        20_000,
        () => `the other sender’s last message${got()}`,
      );
      const page = await t.join(two.url('flood'), { since: 0 });
      const total = page.frames[0]!.latestSeq as number;
      await waitFor(
        () => (after().at(-1)?.seq ?? last) === total,
        20_000,
        () => `seq ${total}${got()}`,
      );
      expect(after().map((m) => m.seq)).toEqual(range(last + 1, total));
      // Everything the observer saw before the crash is stored, as it was seen.
      const stored = new Map((page.frames[0]!.history as Frame[]).map((m) => [m.seq, m.id]));
      for (const m of seen) expect(stored.get(m.seq as number)).toBe(m.id);

      // The dead host's members leave Bob's room within a few heartbeats (30 s by default).
      const leaves = () =>
        bob.frames.filter((f) => f.type === 'presence' && f.event === 'leave').map((f) => (f.member as Frame).name);
      await waitFor(() => leaves().length >= 2, 15_000, 'the dead host’s two members to leave');
      expect(leaves().sort()).toEqual(['Observer', 'Sender']);
    },
    // Above the spawn's hang cap and the sum of the later waits: a slow phase fails with its own message.
    SPAWNING_TEST_MS + 6 * 5000 + 10_000 + 20_000 + 20_000 + 15_000,
  );

  it('stops cleanly and quickly while Redis is away', async () => {
    const h = await startRedisHost(redis.url, testPrefix());
    const c = await RawClient.join(h.url(), { name: 'Alice' });
    await redis.stop('SIGKILL');
    try {
      const started = Date.now();
      await h.stop();
      expect(Date.now() - started).toBeLessThan(5000);
      expect((await c.closed).code).toBe(1001);
    } finally {
      await redis.start();
    }
  });

  it('a leave that happens while Redis is away reaches the other hosts once it is back', async () => {
    const prefix = testPrefix();
    const [a, b] = [await startRedisHost(redis.url, prefix), await startRedisHost(redis.url, prefix)];
    [a, b].forEach((h) => t.track(h));
    const alice = await t.join(a.url(), { name: 'Alice' });
    const bob = await t.join(b.url(), { name: 'Bob' });
    await redis.stop('SIGKILL');
    await alice.close();
    // The host tried the leave while Redis was away and kept it for later.
    await waitFor(() => a.logs.some((l) => l.includes('presence leave deferred')), 15_000, 'the deferred leave');
    await redis.start();
    // Within the contract's 30 s for a vanished member; a busy machine may need more than 5 s.
    const leave = await bob.next('presence', (p) => p.event === 'leave', 15_000);
    expect(leave.member).toEqual(alice.frames[0]!.you);
    // And presence works as before: a newcomer on A is announced to Bob.
    const carol = await t.join(a.url(), { name: 'Carol' });
    expect(await bob.next('presence', (p) => p.event === 'join', 5000)).toMatchObject({
      member: carol.frames[0]!.you,
    });
    // Told once, and Alice not brought back (a reconcile reading the presence before the deferred
    // leave was applied did that on a loaded machine).
    expect(
      bob.frames.filter((f) => f.type === 'presence').map((f) => `${f.event} ${(f.member as Frame).name}`),
    ).toEqual(['leave Alice', 'join Carol']);
  }, 40_000);

  it('a leave published while another host was not subscribed reaches its sockets once it is back', async () => {
    const prefix = testPrefix();
    const [a, b] = [await startRedisHost(redis.url, prefix), await startRedisHost(redis.url, prefix)];
    [a, b].forEach((h) => t.track(h));
    const alice = await t.join(a.url(), { name: 'Alice' });
    const bob = await t.join(b.url(), { name: 'Bob' });
    const sub = b.redis.fanout.subscriber;
    sub.disconnect(); // B hears nothing now: pub/sub keeps nothing for it
    // Closed, not closing: until then B may still hear the leave, and connect() refuses to start
    // ("already connecting/connected"), as CI saw once.
    await waitFor(() => sub.status === 'end', 5000, 'the subscriber to close');
    await alice.close();
    const presence = `${prefix}room:general:presence`;
    for (let i = 0; Object.keys(await a.redis.store.redis.hgetall(presence)).length !== 1; i++) {
      if (i > 1000) throw new Error('A did not remove Alice from the presence hash');
      await sleep(10);
    }
    await sub.connect();
    const leave = await bob.next('presence', (p) => p.event === 'leave', 10_000);
    expect(leave.member).toEqual(alice.frames[0]!.you);
    // And presence goes on as before, the leave told once: a newcomer on A is announced to Bob.
    const carol = await t.join(a.url(), { name: 'Carol' });
    expect(await bob.next('presence', (p) => p.event === 'join', 5000)).toMatchObject({ member: carol.frames[0]!.you });
    expect(bob.frames.filter((f) => f.type === 'presence' && f.event === 'leave')).toHaveLength(1);
  }, 30_000);

  it('a leave heard while a reconcile reads the presence is not undone by that older read', async () => {
    const prefix = testPrefix();
    const [a, b] = [await startRedisHost(redis.url, prefix), await startRedisHost(redis.url, prefix)];
    [a, b].forEach((h) => t.track(h));
    const alice = await t.join(a.url(), { name: 'Alice' });
    const bob = await t.join(b.url(), { name: 'Bob' });
    // B's read of the presence hash answers only when the test says: the read shows Alice, and
    // her leave is published and heard before B goes by what it read.
    const commands = b.redis.store.redis;
    const hgetall = commands.hgetall.bind(commands);
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let reads = 0;
    commands.hgetall = (async (key: string) => {
      const hash = await hgetall(key);
      if (key.endsWith(':presence')) {
        reads++;
        await released;
      }
      return hash;
    }) as typeof commands.hgetall;
    const sub = b.redis.fanout.subscriber;
    sub.disconnect();
    await waitFor(() => sub.status === 'end', 5000, 'the subscriber to close');
    await sub.connect(); // B resyncs: it registers Bob again and reconciles what it missed
    await waitFor(() => reads > 0, 10_000, 'B to read the presence after resubscribing');
    await alice.close();
    const leave = await bob.next('presence', (p) => p.event === 'leave', 10_000);
    expect(leave.member).toEqual(alice.frames[0]!.you);
    release();
    const carol = await t.join(a.url(), { name: 'Carol' });
    await bob.next('presence', (p) => p.event === 'join', 5000);
    expect(
      bob.frames.filter((f) => f.type === 'presence').map((f) => `${f.event} ${(f.member as Frame).name}`),
    ).toEqual(['leave Alice', 'join Carol']);
    expect(carol.frames[0]!.members).not.toContainEqual(alice.frames[0]!.you);
  }, 30_000);

  it('Redis restarted mid-run: sends get `unavailable`, sockets stay, nothing acknowledged is lost, hosts recover', async () => {
    const prefix = testPrefix();
    const [a, b] = [t.track(await startRedisHost(redis.url, prefix)), t.track(await startRedisHost(redis.url, prefix))];
    const watchers = [await t.join(a.url(), { name: 'WA' }), await t.join(b.url(), { name: 'WB' })];
    const senders = [await t.join(a.url(), { name: 'SA' }), await t.join(b.url(), { name: 'SB' })];
    const perSender = 60;
    const acked: Frame[] = [];
    const run = senders.map(async (s, i) => {
      for (let k = 0; k < perSender; k++) acked.push(await reliableSend(s, `s${i}-${k}`));
    });
    await waitFor(() => acked.length >= 20, 20_000, '20 acknowledged sends');
    await redis.stop('SIGKILL');
    // While Redis is away: the sockets stay open, a send is refused, a new join fails cleanly.
    const refused = await (async () => {
      senders[0]!.sendJson({ type: 'send', id: 'probe', text: 'probe' });
      return senders[0]!.next('error', (f) => f.ref === 'probe');
    })();
    expect(refused).toMatchObject({ code: 'unavailable' });
    const late = new RawClient(a.url());
    await late.opened;
    late.sendJson({ type: 'hello', protocol: 1, clientId: 'latecomer01', name: 'Late' });
    expect(await late.next('error')).toMatchObject({ code: 'unavailable' });
    expect((await late.closed).code).toBe(1011);
    await sleep(800); // Redis stays away a while: the senders keep meeting `unavailable`
    await redis.start();
    await Promise.all(run);
    expect(acked).toHaveLength(2 * perSender);
    for (const s of [...watchers, ...senders]) expect(s.ws.readyState).toBe(s.ws.OPEN);

    // Probe resent later is a new message; everything acknowledged is stored once, seq gap-free.
    const page = await t.join(b.url(), { since: 0 });
    const history = page.frames[0]!.history as Frame[];
    const ids = history.map((m) => m.id);
    expect(history.map((m) => m.seq)).toEqual(range(1, history.length));
    for (const m of acked) expect(history[(m.seq as number) - 1]!.id).toBe(m.id);
    expect(new Set(ids).size).toBe(ids.length);
    // Every watcher, on either host, saw the whole log in order without gaps.
    for (const w of watchers) {
      const seqs = (await w.waitForMessages(history.length, 10_000)).map((m) => m.seq);
      expect(seqs).toEqual(range(1, history.length));
    }
  }, 40_000);
});
