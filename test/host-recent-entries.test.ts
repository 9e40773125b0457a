/**
 * Welcomes served from a room's recent entries (src-main/host/recent-entries.ts), over real
 * sockets on every engine: the history bytes are those the store serves, through edits, deletes,
 * reactions and replies; and a crowd resuming at once into a room just come back to life (its
 * recent entries empty, as after a restart), while messages keep coming, gets every seq exactly
 * once, with no gap.
 */
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { capHistoryBytes } from '../src-main/host/limits/welcome-history.ts';
import { encodeHistory } from '../src-main/host/recent-entries.ts';
import type { TestHost } from './helpers/host.ts';
import { useEngines } from './helpers/engines.ts';
import { entry, sendMany, useHosts, waitFor } from './helpers/fixtures.ts';
import { newClientId, type Frame } from './helpers/ws-client.ts';

const t = useHosts();
const engines = useEngines(t);

/** Joins with a hello and resolves with the welcome's raw text. */
function rawWelcome(url: string, hello: Record<string, unknown>): Promise<string> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.on('open', () =>
      ws.send(JSON.stringify({ type: 'hello', protocol: 1, clientId: newClientId(), name: 'R', ...hello })),
    );
    ws.once('message', (data) => {
      resolve(data.toString());
      ws.terminate();
    });
    ws.on('error', reject);
  });
}

/** Counts the host's store reads of welcome history. */
function countHistoryReads(h: TestHost): () => number {
  const store = h.host.options.store;
  const history = store.history.bind(store);
  let n = 0;
  store.history = (...args) => {
    n++;
    return history(...args);
  };
  return () => n;
}

describe.each(engines)('welcomes from recent entries on $name', (engine) => {
  it.skipIf(engine.skip)('lists the bytes the store serves, changes applied, from one read', async () => {
    const h = await engine.host();
    const alice = await t.join(h.url(), { name: 'Alice' });
    const bob = await t.join(h.url(), { name: 'Bob' });
    for (let i = 1; i <= 12; i++) await entry(i % 3 ? alice : bob, { type: 'send', id: `s${i}`, text: `message ${i}` });
    await entry(bob, { type: 'send', id: 'r1', text: 'a reply', replyTo: 2 });
    await entry(alice, { type: 'edit', id: 'e1', target: 1, text: 'message 1, edited' });
    await entry(bob, { type: 'react', id: 'k1', target: 1, emoji: '👍', on: true });
    await entry(alice, { type: 'edit', id: 'e2', target: 4, text: 'soon gone' });
    await entry(alice, { type: 'delete', id: 'd1', target: 4 });
    await entry(bob, { type: 'react', id: 'k2', target: 6, emoji: '🎉', on: true });
    await entry(bob, { type: 'react', id: 'k3', target: 6, emoji: '🎉', on: false });
    const latest = 19;
    const reads = countHistoryReads(h);
    const store = h.host.options.store;
    const { maxWelcomeHistoryBytes } = h.host.options.limits;
    for (const since of [undefined, 0, 3, 13, 18, latest]) {
      const text = await rawWelcome(h.url(), since === undefined ? {} : { since });
      const limit = since === undefined ? 50 : 1000;
      const expected = encodeHistory(
        capHistoryBytes(await store.history('general', since, limit), maxWelcomeHistoryBytes),
      );
      expect(text, `since ${since}`).toContain(`"history":[${expected.json.toString()}],"latestSeq":${latest},`);
    }
    // Every welcome above read the store once between them (the first filled the cache); the rest
    // of the reads are this test's own.
    expect(reads() - 6).toBe(1);
  });

  it.skipIf(engine.skip)(
    'gives a crowd resuming into a cold room every seq once while messages keep coming',
    async () => {
      const h = await engine.host();
      const writer = await t.join(h.url(), { name: 'Writer' });
      sendMany(writer, 60, 'a');
      await writer.waitForMessages(60);
      const epoch = writer.frames[0]!.epoch;
      // Everyone leaves: the room unloads, and its recent entries with it (as after a restart).
      await writer.close();
      await waitFor(
        () => h.host.memberCount === 0,
        5000,
        () => 'the room to empty',
      );
      const writer2 = await t.join(h.url(), { name: 'Writer', since: 60, epoch });
      sendMany(writer2, 40, 'b'); // 61..100 before anyone is back
      await writer2.waitForMessages(40);
      // 30 members come back at once, from different points, while 60 more are sent.
      const crowd = Array.from({ length: 30 }, (_, i) =>
        t.join(h.url(), { since: (i * 7) % 100, epoch, name: `m${i}` }),
      );
      sendMany(writer2, 60, 'c');
      const members = await Promise.all(crowd);
      await writer2.waitForMessages(100);
      for (const [i, m] of members.entries()) {
        const since = (i * 7) % 100;
        await waitFor(
          () => m.messages().some((f) => f.seq === 160) || (m.frames[0]!.history as Frame[]).some((f) => f.seq === 160),
          10_000,
          () => `member ${i} to reach seq 160`,
        );
        const seqs = [...(m.frames[0]!.history as Frame[]), ...m.messages()].map((f) => f.seq as number);
        expect(seqs, `member ${i} from ${since}`).toEqual(Array.from({ length: 160 - since }, (_, k) => since + 1 + k));
      }
    },
  );
});
