/**
 * A real host whose SQLite runs on its own thread (as `npm run host` runs it), over real
 * sockets: with batches pipelined (the next one committing while the last is fanned out),
 * every member still sees every seq once, in order, and each sender's messages in the order it
 * sent them; and when the store's thread dies in the middle of a flood — before a commit or
 * after one that was never answered — the host goes on with no gap and no message twice.
 */
import { describe, expect, it } from 'vitest';
import { SqliteWorkerStore, type SqliteWorkerStoreOptions } from '../src-main/store/sqlite-worker-store.ts';
import { useHosts } from './helpers/fixtures.ts';
import { tempDataDir, type TestHost } from './helpers/host.ts';
import type { RawClient } from './helpers/ws-client.ts';

const t = useHosts();

async function threadHost(options: Partial<SqliteWorkerStoreOptions> = {}): Promise<TestHost> {
  const dataDir = tempDataDir();
  const store = await SqliteWorkerStore.open({ dataDir, durability: 'normal', ...options });
  return t.host({ dataDir, store, rate: 0 });
}

/** Seqs 1..n, each once, in order: what every member of a room must see. */
const oneToN = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/**
 * Floods from every sender at once, in `waves` (each waits for the last to arrive, so that there
 * are at least that many batches), waits until `watchers` have everything, and checks it all.
 */
async function flood(h: TestHost, senders: RawClient[], watchers: RawClient[], each: number, waves = 1): Promise<void> {
  const perWave = each / waves;
  for (let wave = 0; wave < waves; wave++) {
    senders.forEach((s, i) => {
      for (let k = wave * perWave; k < (wave + 1) * perWave; k++)
        s.sendJson({ type: 'send', id: `s${i}-${k}`, text: `${k}` });
    });
    for (const w of watchers) await w.waitForMessages((wave + 1) * perWave * senders.length, 60_000);
  }
  const total = senders.length * each;
  const stored = await h.host.options.store.history('general', 0, 10_000);
  expect(stored.messages.map((m) => m.seq)).toEqual(oneToN(total));
  const byId = new Map(stored.messages.map((m) => [m.id, m.seq]));
  expect(byId.size).toBe(total);
  for (const w of watchers) {
    const seen = w.messages();
    expect(seen.map((m) => m.seq)).toEqual(oneToN(total)); // once each, in order, no gap
    expect(seen.map((m) => m.id)).toEqual(stored.messages.map((m) => m.id));
  }
  // Each sender's messages in the order it sent them.
  senders.forEach((_, i) => {
    const seqs = Array.from({ length: each }, (_, k) => byId.get(`s${i}-${k}`)!);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });
}

describe('SQLite on its own thread, under a real host', () => {
  it('keeps seq order, once each, while batches commit on the thread and fan out here at the same time', async () => {
    const logs: string[] = [];
    const h = await threadHost({ log: (l) => logs.push(l) });
    const watchers = [await t.join(h.url()), await t.join(h.url())];
    const senders = await Promise.all(Array.from({ length: 5 }, () => t.join(h.url())));
    await flood(h, senders, watchers, 200);
    expect([...h.logs, ...logs].join('\n')).not.toMatch(/store append failed|store thread/);
  }, 120_000);

  for (const when of ['before', 'after'] as const) {
    it(`goes on with no gap and nothing twice when the store's thread dies ${when} a commit mid-flood`, async () => {
      const logs: string[] = [];
      const h = await threadHost({ exitAt: { append: 3, when }, log: (l) => logs.push(l) });
      const watcher = await t.join(h.url());
      const senders = await Promise.all(Array.from({ length: 3 }, () => t.join(h.url())));
      await flood(h, senders, [watcher], 150, 5);
      expect(logs.join('\n')).toMatch(/store thread stopped \(exit code 1\)/);
      // Nobody was told "unavailable": the thread's death cost time, not messages.
      for (const s of senders) expect(s.frames.filter((f) => f.type === 'error')).toEqual([]);
      // The sender's own copy is its acknowledgement: each got every one of its messages once.
      senders.forEach((s, i) => {
        const own = s.messages().filter((m) => String(m.id).startsWith(`s${i}-`));
        expect(own).toHaveLength(150);
        expect(new Set(own.map((m) => m.id)).size).toBe(150);
      });
    }, 120_000);
  }
});
