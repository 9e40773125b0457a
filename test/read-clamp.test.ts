/**
 * Read positions (protocol 1.1 `read`) never go past the log: a peer that says it has read a seq
 * the room does not have gets its position clamped to the room's latest seq, and a read in a room
 * without messages keeps nothing (no row outside the stored-rooms cap). On SQLite and on Redis,
 * through a real socket and in the store itself (the store clamps too, atomically).
 */
import { describe, expect, it } from 'vitest';
import { useEngines } from './helpers/engines.ts';
import { useHosts } from './helpers/fixtures.ts';

const t = useHosts();
const engines = useEngines(t);

const positions = (reads: unknown) =>
  (reads as { member: { name: string }; seq: number }[]).map((r) => [r.member.name, r.seq]);

describe.each(engines)('read positions on $name', (engine) => {
  it.skipIf(engine.skip)(
    'clamps a read beyond the log to its latest seq, and keeps none in an empty room',
    async () => {
      const h = await engine.host();
      const alice = await t.join(h.url('clamp'), { name: 'Alice' });
      const bob = await t.join(h.url('clamp'), { name: 'Bob' });
      bob.sendJson({ type: 'read', seq: 5 }); // nothing to read yet
      alice.sendJson({ type: 'send', id: 'a1', text: 'first' });
      await bob.next('message', (m) => m.id === 'a1');
      bob.sendJson({ type: 'read', seq: 1_000_000 });
      // The first position the room hears of is the clamped one, and it is what the store keeps.
      expect(await alice.next('read')).toMatchObject({ member: { name: 'Bob' }, seq: 1 });
      expect(positions(await h.host.options.store.reads('clamp'))).toEqual([['Bob', 1]]);
      // A real next message can still be marked read: the bogus position did not stay behind.
      alice.sendJson({ type: 'send', id: 'a2', text: 'second' });
      await bob.next('message', (m) => m.id === 'a2');
      bob.sendJson({ type: 'read', seq: 2 });
      expect(await alice.next('read')).toMatchObject({ member: { name: 'Bob' }, seq: 2 });

      // In a room without messages a read is not kept, not even while waiting to be stored
      // (a welcome lists pending positions too). The pong proves the read was handled first.
      const carol = await t.join(h.url('empty'), { name: 'Carol' });
      carol.sendJson({ type: 'read', seq: 7 });
      carol.sendJson({ type: 'ping', t: 1 });
      await carol.next('pong');
      const dave = await t.join(h.url('empty'), { name: 'Dave' });
      expect(dave.frames[0]!.reads).toEqual([]);
    },
  );

  it.skipIf(engine.skip)('the store itself never keeps a position past the log', async () => {
    const h = await engine.host();
    const store = h.host.options.store;
    const from = { id: 'm-x', name: 'X' };
    await store.openRoom('stored');
    await store.append([{ room: 'stored', clientId: 'client0001', id: 's1', from, text: 'one' }]);
    await store.saveReads('stored', [{ member: { id: 'm-y', name: 'Y' }, seq: 99 }]);
    expect(positions(await store.reads('stored'))).toEqual([['Y', 1]]);
    await store.openRoom('never-written');
    await store.saveReads('never-written', [{ member: { id: 'm-y', name: 'Y' }, seq: 3 }]);
    expect(await store.reads('never-written')).toEqual([]);
  });
});
