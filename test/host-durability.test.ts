import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../src-main/store/sqlite-store.ts';
import { sendMany, sleep, useHosts } from './helpers/fixtures.ts';
import { tempDataDir } from './helpers/host.ts';
import { spawnHost } from './helpers/spawn-host.ts';
import { newClientId, RawClient, type Frame } from './helpers/ws-client.ts';
import { SPAWNING_TEST_MS } from './helpers/cpu-deadline.ts';

const t = useHosts();

describe('restart on the same data', () => {
  it('continues seq, keeps history, epoch and member ids', async () => {
    const h = await t.host({ rate: 0 });
    const clientId = newClientId();
    const a = await t.join(h.url(), { clientId, name: 'Alice' });
    const before = a.frames[0]!;
    sendMany(a, 5);
    await a.waitForMessages(5);
    await h.stop();
    expect((await a.closed).code).toBe(1001);

    const h2 = t.track(await h.restart());
    const b = await t.join(h2.url(), { clientId, name: 'Alice', since: 2, epoch: before.epoch });
    const welcome = b.frames[0]!;
    expect(welcome.epoch).toBe(before.epoch);
    expect(welcome.you).toEqual(before.you);
    expect((welcome.history as Frame[]).map((m) => m.seq)).toEqual([3, 4, 5]);
    b.sendJson({ type: 'send', id: 'after', text: 'after restart' });
    expect((await b.waitForMessages(1))[0]).toMatchObject({ seq: 6 });
    // A re-send from before the restart is still recognised.
    b.sendJson({ type: 'send', id: 'm0', text: 'm 0' });
    expect((await b.next('message', (m) => m.id === 'm0')).seq).toBe(1);
  });

  it('gives a new epoch to a new data folder', async () => {
    const a = await t.join((await t.host()).url());
    const b = await t.join((await t.host()).url());
    expect(a.frames[0]!.epoch).not.toBe(b.frames[0]!.epoch);
  });

  it('prunes each room to its cap without reusing seq', async () => {
    const store = new SqliteStore({ dataDir: tempDataDir(), maxMessagesPerRoom: 10 });
    const h = await t.host({ rate: 0, store });
    const a = await t.join(h.url());
    sendMany(a, 25);
    await a.waitForMessages(25);
    const page = await store.history('general', 0, 1000);
    expect(page.messages.map((m) => m.seq)).toEqual(Array.from({ length: 10 }, (_, i) => i + 16));
    expect(page.truncated).toBe(false);
    expect(page.latestSeq).toBe(25);
  });
});

// As people run it, and with SQLite on its own thread (--store-thread): answered only once committed.
describe.each([[], ['--store-thread']])('crash (npm run host %s)', (...flags: string[]) => {
  it(
    'loses no message that any client saw when killed with SIGKILL mid-flood',
    async () => {
      const dataDir = tempDataDir();
      const first = await spawnHost(['--port', '0', '--bind', '127.0.0.1', '--data', dataDir, '--rate', '0', ...flags]);
      const url = `ws://127.0.0.1:${first.port}/room/flood`;
      const observer = await RawClient.join(url, { name: 'Observer' });
      const senders = await Promise.all([1, 2, 3].map((i) => RawClient.join(url, { name: `S${i}` })));
      senders.forEach((s, i) => sendMany(s, 3000, `s${i}-`));
      while (observer.messages().length < 400) await sleep(5);
      first.child.kill('SIGKILL');
      await first.exited;
      const seen = new Map<number, Frame>();
      for (const c of [observer, ...senders]) {
        await c.closed;
        for (const m of c.messages()) seen.set(m.seq as number, m);
      }
      expect(seen.size).toBeGreaterThanOrEqual(400);

      // Every message any client saw is on disk, identical, and the log has no holes.
      const store = new SqliteStore({ dataDir });
      const stored = await store.history('flood', 0, 100_000);
      await store.close();
      const bySeq = new Map(stored.messages.map((m) => [m.seq, m]));
      for (const [seq, m] of seen) expect(bySeq.get(seq)).toEqual(m);
      expect(stored.messages.map((m) => m.seq)).toEqual(stored.messages.map((_, i) => i + 1));

      // And the host starts again on the same data, continuing the seq.
      const second = await spawnHost(['--port', '0', '--bind', '127.0.0.1', '--data', dataDir]);
      try {
        const c = await RawClient.join(url.replace(String(first.port), String(second.port)), {
          since: stored.latestSeq,
        });
        expect(c.frames[0]).toMatchObject({ latestSeq: stored.latestSeq, history: [] });
        c.sendJson({ type: 'send', id: 'again', text: 'back' });
        expect((await c.waitForMessages(1))[0]!.seq).toBe(stored.latestSeq + 1);
        c.ws.terminate();
      } finally {
        second.child.kill('SIGTERM');
        await second.exited;
      }
    },
    SPAWNING_TEST_MS,
  );
});
