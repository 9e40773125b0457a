/**
 * The room log of protocol 1.1 over real sockets, on the embedded SQLite store and on Redis:
 * replies, edits, deletes and reactions as entries with their own seq; the refusals; dedup;
 * current state in history; resume with `since` across a host restart; read positions.
 */
import { describe, expect, it } from 'vitest';
import { useEngines } from './helpers/engines.ts';
import { entry, useHosts } from './helpers/fixtures.ts';
import { newClientId, type Frame, type RawClient } from './helpers/ws-client.ts';

const t = useHosts();
const engines = useEngines(t);

/** Sends a frame and waits for its refusal. */
async function refusal(c: RawClient, frame: Record<string, unknown>): Promise<Frame> {
  c.sendJson(frame);
  return c.next('error', (e) => e.ref === frame.id);
}

describe.each(engines)('room log on $name', (engine) => {
  it.skipIf(engine.skip)('stores replies, edits, deletes and reactions as entries, each with its own seq', async () => {
    const h = await engine.host();
    const alice = await t.join(h.url(), { name: 'Alice' });
    const bob = await t.join(h.url(), { name: 'Bob' });
    const bobId = (bob.frames[0]!.you as { id: string }).id;
    expect(alice.frames[0]!.features).toEqual(expect.arrayContaining(['edit', 'delete', 'react', 'reply', 'read']));

    expect(await entry(alice, { type: 'send', id: 'a1', text: 'lunch at noon?' })).toMatchObject({ seq: 1 });
    const reply = await entry(bob, { type: 'send', id: 'b1', text: 'yes!', replyTo: 1 });
    expect(reply).toMatchObject({ seq: 2, replyTo: 1, text: 'yes!' });
    expect(reply.kind).toBeUndefined();
    const edit = await entry(alice, { type: 'edit', id: 'a2', target: 1, text: 'lunch at one?' });
    expect(edit).toMatchObject({ seq: 3, kind: 'edit', target: 1, text: 'lunch at one?', from: { name: 'Alice' } });
    const react = await entry(bob, { type: 'react', id: 'b2', target: 1, emoji: '👍', on: true });
    expect(react).toMatchObject({ seq: 4, kind: 'react', target: 1, emoji: '👍', on: true, text: '' });
    // Everyone gets every entry, in order.
    expect((await alice.waitForMessages(4)).map((m) => m.seq)).toEqual([1, 2, 3, 4]);

    // A newcomer sees the text entries in their current state, and the change entries too.
    const carol = await t.join(h.url(), { name: 'Carol' });
    const history = carol.frames[0]!.history as Frame[];
    expect(history.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    expect(history[0]).toMatchObject({ text: 'lunch at one?', edited: edit.ts, reactions: { '👍': [bobId] }, rev: 4 });
    expect(history[1]).toMatchObject({ replyTo: 1 });

    // Taking a reaction back, then deleting.
    await entry(bob, { type: 'react', id: 'b3', target: 1, emoji: '👍', on: false });
    const del = await entry(alice, { type: 'delete', id: 'a3', target: 1 });
    expect(del).toMatchObject({ seq: 6, kind: 'delete', target: 1, text: '' });
    const dave = await t.join(h.url(), { name: 'Dave' });
    const after = dave.frames[0]!.history as Frame[];
    expect(after[0]).toMatchObject({ seq: 1, text: '', deleted: true, rev: 6 });
    expect(after[0]!.reactions).toBeUndefined();
    expect(after[2]).toMatchObject({ seq: 3, kind: 'edit', text: '' }); // the edit keeps its place, not its text
    expect(JSON.stringify(after)).not.toContain('lunch');
  });

  it.skipIf(engine.skip)('refuses with not_found, forbidden and bad_request, each with ref', async () => {
    const h = await engine.host();
    const alice = await t.join(h.url(), { name: 'Alice' });
    const bob = await t.join(h.url(), { name: 'Bob' });
    await entry(alice, { type: 'send', id: 'a1', text: 'mine' });
    await entry(alice, { type: 'react', id: 'a2', target: 1, emoji: '🎉', on: true });

    const cases: [RawClient, Record<string, unknown>, string][] = [
      [bob, { type: 'edit', id: 'x1', target: 1, text: 'not yours' }, 'forbidden'],
      [bob, { type: 'delete', id: 'x2', target: 1 }, 'forbidden'],
      [alice, { type: 'edit', id: 'x3', target: 99, text: 'nothing there' }, 'not_found'],
      [alice, { type: 'react', id: 'x4', target: 2, emoji: '👍', on: true }, 'not_found'], // a change, not a text
      [bob, { type: 'send', id: 'x5', text: 'to nothing', replyTo: 42 }, 'not_found'],
      [alice, { type: 'edit', id: 'x6', target: 1, text: '   ' }, 'bad_request'],
      [alice, { type: 'react', id: 'x7', target: 1, emoji: 'two words', on: true }, 'bad_request'],
      [alice, { type: 'react', id: 'x8', target: 1, emoji: '👍'.repeat(9), on: true }, 'bad_request'],
      [alice, { type: 'react', id: 'x9', target: 1, emoji: '👍' }, 'bad_request'],
      [alice, { type: 'delete', id: 'x10', target: 0 }, 'bad_request'],
      [alice, { type: 'edit', id: 'x11', target: 1, text: 'x'.repeat(4001) }, 'too_large'],
    ];
    for (const [who, frame, code] of cases) {
      expect(await refusal(who, frame), JSON.stringify(frame)).toMatchObject({ type: 'error', code, ref: frame.id });
    }
    await entry(alice, { type: 'delete', id: 'a3', target: 1 });
    expect(await refusal(alice, { type: 'edit', id: 'x12', target: 1, text: 'back' })).toMatchObject({
      code: 'not_found',
    });
    expect(await refusal(bob, { type: 'react', id: 'x13', target: 1, emoji: '👍', on: true })).toMatchObject({
      code: 'not_found',
    });
    expect(await refusal(alice, { type: 'delete', id: 'x14', target: 1 })).toMatchObject({ code: 'not_found' });
    // Nothing refused was stored: the log holds the send, the react and the delete.
    const fresh = await t.join(h.url(), { name: 'Eve' });
    expect((fresh.frames[0]!.history as Frame[]).map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(fresh.frames[0]!.latestSeq).toBe(3);
  });

  it.skipIf(engine.skip)('stores a change re-sent with the same id once, and answers the sender again', async () => {
    const h = await engine.host();
    const clientId = newClientId();
    const alice = await t.join(h.url(), { name: 'Alice', clientId });
    const bob = await t.join(h.url(), { name: 'Bob' });
    await entry(alice, { type: 'send', id: 'a1', text: 'one' });
    const first = await entry(alice, { type: 'edit', id: 'e1', target: 1, text: 'uno' });
    await entry(alice, { type: 'react', id: 'r1', target: 1, emoji: '👍', on: true });
    // Another socket of the same member (a reconnect) sends both again.
    const again = await t.join(h.url(), { name: 'Alice', clientId });
    expect(await entry(again, { type: 'edit', id: 'e1', target: 1, text: 'uno' })).toMatchObject({ seq: first.seq });
    expect(await entry(again, { type: 'react', id: 'r1', target: 1, emoji: '👍', on: true })).toMatchObject({ seq: 3 });
    await entry(alice, { type: 'send', id: 'a2', text: 'two' });
    await bob.next('message', (m) => m.id === 'a2');
    expect(bob.messages().map((m) => m.seq)).toEqual([1, 2, 3, 4]); // nothing twice
    const history = (await t.join(h.url(), { name: 'C' })).frames[0]!.history as Frame[];
    expect(history[0]!.reactions).toEqual({ '👍': [(alice.frames[0]!.you as { id: string }).id] });
  });

  it.skipIf(engine.skip)('counts changes against the rate limit like sends', async () => {
    if (engine.name !== 'SQLite') return; // the limit is per socket, the same code on both engines
    const h = await t.host({ rate: 2 });
    const alice = await t.join(h.url(), { name: 'Alice' });
    for (let i = 0; i < 10; i++)
      alice.sendJson({ type: 'react', id: `r${i}`, target: 1, emoji: '👍', on: i % 2 === 0 });
    expect(await alice.next('error', (e) => e.code === 'rate_limited')).toMatchObject({ ref: expect.any(String) });
  });

  it.skipIf(engine.skip)('keeps read positions per member, relays them and lists them in the welcome', async () => {
    const h = await engine.host();
    const alice = await t.join(h.url(), { name: 'Alice' });
    const bob = await t.join(h.url(), { name: 'Bob' });
    for (let i = 1; i <= 3; i++) await entry(alice, { type: 'send', id: `a${i}`, text: `m${i}` });
    bob.sendJson({ type: 'read', seq: 2 });
    expect(await alice.next('read')).toMatchObject({ type: 'read', member: { name: 'Bob' }, seq: 2 });
    bob.sendJson({ type: 'read', seq: 1 }); // lower: ignored
    bob.sendJson({ type: 'read', seq: 3 });
    expect(await alice.next('read')).toMatchObject({ seq: 3 });
    expect(bob.frames.some((f) => f.type === 'read')).toBe(false); // not told of its own
    await bob.close();
    alice.sendJson({ type: 'read', seq: 3 });
    const carol = await t.join(h.url(), { name: 'Carol' });
    const reads = carol.frames[0]!.reads as { member: { name: string }; seq: number }[];
    expect(reads.map((r) => [r.member.name, r.seq]).sort()).toEqual([
      ['Alice', 3],
      ['Bob', 3],
    ]);
  });
});

describe('room log across a host restart (SQLite)', () => {
  it('resumes with since: every change once, in order, then the current state', async () => {
    const h = await t.host({ rate: 0 });
    const clientId = newClientId();
    const alice = await t.join(h.url(), { name: 'Alice', clientId });
    await entry(alice, { type: 'send', id: 'a1', text: 'first' });
    await entry(alice, { type: 'send', id: 'a2', text: 'second' });
    const epoch = alice.frames[0]!.epoch;
    const bobId = newClientId();
    const bob = await t.join(h.url(), { name: 'Bob', clientId: bobId });
    bob.sendJson({ type: 'read', seq: 2 });
    await alice.next('read');
    // Alice drops after seq 2; changes happen while she is away; the host restarts.
    await alice.close();
    await entry(bob, { type: 'react', id: 'b1', target: 1, emoji: '❤️', on: true });
    await h.stop();
    const h2 = t.track(await h.restart());
    const bob2 = await t.join(h2.url(), { name: 'Bob', clientId: bobId, since: 3, epoch });
    expect(bob2.frames[0]!.history).toEqual([]);
    await entry(bob2, { type: 'react', id: 'b2', target: 1, emoji: '❤️', on: false });
    const back = await t.join(h2.url(), { name: 'Alice', clientId, since: 2, epoch });
    const w = back.frames[0]!;
    expect((w.history as Frame[]).map((m) => [m.seq, m.kind, m.on])).toEqual([
      [3, 'react', true],
      [4, 'react', false],
    ]);
    expect((w.reads as { member: { name: string }; seq: number }[]).find((r) => r.member.name === 'Bob')?.seq).toBe(2);
    await entry(back, { type: 'edit', id: 'a3', target: 2, text: 'second, edited' });
    const fresh = (await t.join(h2.url(), { name: 'Carol' })).frames[0]!.history as Frame[];
    expect(fresh[0]).toMatchObject({ seq: 1, text: 'first', rev: 4 });
    expect(fresh[0]!.reactions).toBeUndefined();
    expect(fresh[1]).toMatchObject({ seq: 2, text: 'second, edited', rev: 5 });
  });
});
