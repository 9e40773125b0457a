/**
 * The recent entries a room keeps for welcomes (src-main/host/recent-entries.ts), against a real
 * SQLite store: whatever it answers must be, byte for byte, what the store answers for the same
 * resume point (read, byte-capped and encoded as a welcome does it), through sends, replies,
 * edits, deletes and reactions, with its window and byte bound pushing entries out.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { encodeFrame } from '../src-shared/codec.ts';
import type { ChatMessage, Member } from '../src-shared/protocol.ts';
import { capHistoryBytes } from '../src-main/host/limits/welcome-history.ts';
import { encodeHistory, RecentEntries, type EncodedHistory } from '../src-main/host/recent-entries.ts';
import { SqliteStore } from '../src-main/store/sqlite-store.ts';
import type { AppendRequest, LogChange } from '../src-main/store/store.ts';

const ROOM = 'r';
const people: Member[] = [
  { id: 'alice-id', name: 'Alice' },
  { id: 'bob-id', name: 'Bob' },
];
const stores: SqliteStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

/** A deterministic pseudo-random sequence (mulberry32). */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A store, a cache filled from it, and a way to store requests and hand the new entries over as the host does. */
async function setUp(window: number, maxBytes: number) {
  const store = new SqliteStore({ dataDir: ':memory:' });
  stores.push(store);
  await store.openRoom(ROOM);
  const recent = new RecentEntries(window, maxBytes);
  await recent.fill((n) => store.history(ROOM, undefined, n));
  let n = 0;
  const texts: ChatMessage[] = [];
  const append = async (requests: Omit<AppendRequest, 'room' | 'clientId' | 'id'>[]) => {
    const results = await store.append(requests.map((r) => ({ ...r, room: ROOM, clientId: 'c', id: `x${n++}` })));
    const stored = results.filter((r) => !r.refused && !r.duplicate).map((r) => r.message);
    recent.delivered(
      stored,
      stored.map((m) => Buffer.from(encodeFrame(m))),
    );
    for (const m of stored) if (m.kind === undefined) texts.push(m);
    return stored;
  };
  /** What a welcome would list without the cache. */
  const expected = async (since: number | undefined, limit: number, cap: number): Promise<EncodedHistory> =>
    encodeHistory(capHistoryBytes(await store.history(ROOM, since, limit), cap));
  return { store, recent, append, texts, expected };
}

const text = (rnd: () => number) => 'word '.repeat(1 + Math.floor(rnd() * 30));
const plain = (p: EncodedHistory) => ({ json: p.json.toString(), latestSeq: p.latestSeq, truncated: p.truncated });

describe('recent entries for welcomes', () => {
  it('answers byte for byte what the store answers, through every kind of change', async () => {
    const rnd = random(18);
    const { recent, append, texts, expected, store } = await setUp(60, 64 * 1024);
    let checks = 0;
    let answered = 0;
    for (let step = 0; step < 400; step++) {
      const from = people[Math.floor(rnd() * 2)]!;
      const target = texts[Math.floor(rnd() * texts.length)];
      const roll = rnd();
      const change = (c: LogChange) =>
        append([{ from: target!.from, text: c.kind === 'edit' ? text(rnd) : '', change: c }]);
      if (!target || roll < 0.5)
        await append([{ from, text: text(rnd) }, ...(rnd() < 0.2 ? [{ from, text: 'two' }] : [])]);
      else if (roll < 0.6) await append([{ from, text: text(rnd), replyTo: target.seq }]);
      else if (roll < 0.75) await change({ kind: 'edit', target: target.seq });
      else if (roll < 0.85) await change({ kind: 'delete', target: target.seq });
      else await change({ kind: 'react', target: target.seq, emoji: rnd() < 0.5 ? '👍' : '🎉', on: rnd() < 0.7 });
      const latest = (await store.history(ROOM, undefined, 1)).latestSeq;
      const points = [undefined, latest, latest - 1, latest - 7, latest - 59, latest - 60, latest - 80, 0];
      for (const since of points.filter((s) => s === undefined || s >= 0)) {
        for (const [limit, cap] of [
          [since === undefined ? 50 : 1000, 256 * 1024],
          [since === undefined ? 50 : 1000, 1500],
        ] as const) {
          checks++;
          let page = recent.page(since, limit, cap);
          if (!page) {
            await recent.fill((n) => store.history(ROOM, undefined, n));
            page = recent.page(since, limit, cap);
          }
          if (!page) continue;
          answered++;
          expect(plain(page), `step ${step}, since ${since}, cap ${cap}`).toEqual(
            plain(await expected(since, limit, cap)),
          );
        }
      }
    }
    // Most welcomes are answered from memory (after a fill at worst): it is not the store answering.
    expect(answered / checks).toBeGreaterThan(0.6);
    expect(recent.held.entries).toBeLessThanOrEqual(60);
  });

  it('keeps within its byte bound, and answers a resume from below it when the byte cap cuts inside', async () => {
    const { recent, append, expected } = await setUp(1000, 20_000);
    for (let i = 0; i < 100; i++) await append([{ from: people[0]!, text: `${i} ${'y'.repeat(600)}` }]);
    expect(recent.held.bytes).toBeLessThanOrEqual(20_000);
    expect(recent.held.entries).toBeLessThan(100);
    const page = recent.page(3, 1000, 8000);
    expect(page?.truncated).toBe(true);
    expect(plain(page!)).toEqual(plain(await expected(3, 1000, 8000)));
    // A cap wider than what is held cannot be answered from memory.
    expect(recent.page(3, 1000, 100_000)).toBeUndefined();
  });

  it('applies what arrived during a fill after it, and starts over after a gap', async () => {
    const { recent, append, expected, store } = await setUp(1000, 1 << 20);
    await append([
      { from: people[0]!, text: 'one' },
      { from: people[1]!, text: 'two' },
    ]);
    // A fill whose read answers late: entries stored meanwhile arrive before its answer.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const filling = recent.fill(async (n) => {
      const page = await store.history(ROOM, undefined, n);
      await gate;
      return page;
    });
    expect(recent.page(0, 1000, 1 << 20)).toBeUndefined(); // no answer while filling
    await append([{ from: people[0]!, text: 'three' }]);
    release();
    await filling;
    expect(plain(recent.page(0, 1000, 1 << 20)!)).toEqual(plain(await expected(0, 1000, 1 << 20)));
    // Seq 5 without 4 (several hosts, a lost notice): what came before is not known any more.
    const gap: ChatMessage = { type: 'message', seq: 5, id: 'g', from: people[0]!, text: 'five', ts: 1 };
    recent.delivered([gap], [Buffer.from(encodeFrame(gap))]);
    expect(recent.page(0, 1000, 1 << 20)).toBeUndefined();
    expect(recent.page(4, 1000, 1 << 20)?.json.toString()).toBe(encodeFrame(gap));
  });
});
