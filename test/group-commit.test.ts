/**
 * GroupCommit's order of events, with a store whose answers the test releases one by one: with a
 * store off this thread the next batch is handed over before the last one's results are handled
 * (pipelining), with one on this thread after; either way results are handled in batch order,
 * one batch is in the store at a time, and a failed batch does not hold up the next.
 */
import { describe, expect, it } from 'vitest';
import { GroupCommit } from '../src-main/host/group-commit.ts';
import { SqliteStore } from '../src-main/store/sqlite-store.ts';
import type { AppendRequest, AppendResult, HistoryStore } from '../src-main/store/store.ts';
import { waitFor } from './helpers/wait.ts';

/** A real in-memory store whose appends answer only when the test says so. */
class HeldStore extends SqliteStore {
  readonly held: { batch: string[]; release(fail?: boolean): void }[] = [];
  readonly concurrent: boolean;

  constructor(concurrent: boolean) {
    super({ dataDir: ':memory:' });
    this.concurrent = concurrent;
  }

  override append(batch: readonly AppendRequest[]): Promise<AppendResult[]> {
    return new Promise((resolve, reject) => {
      this.held.push({
        batch: batch.map((r) => r.id),
        release: (fail) => (fail ? reject(new Error('disk full')) : resolve(super.append(batch))),
      });
    });
  }
}

const request = (id: string): AppendRequest => ({
  room: 'r',
  clientId: 'c',
  id,
  from: { id: 'm', name: 'M' },
  text: id,
});

function setup(concurrent: boolean) {
  const store = new HeldStore(concurrent);
  const events: string[] = [];
  /** How many batches had gone to the store when each batch was handled. */
  const handedOver: number[] = [];
  const ids = (batch: { context: string }[]) => batch.map((p) => p.context).join(',');
  const commit = new GroupCommit<string>(store as HistoryStore, {
    stored: (results, batch) => {
      handedOver.push(store.held.length);
      events.push(`stored ${ids(batch)} seq ${results.map((r) => r.message.seq).join(',')}`);
    },
    failed: (_error, batch) => {
      handedOver.push(store.held.length);
      events.push(`failed ${ids(batch)}`);
    },
  });
  const push = (...ids: string[]) => ids.forEach((id) => commit.push(request(id), id));
  const appended = (n: number) => waitFor(() => store.held.length >= n, 5000, `${n} batches in the store`);
  return { store, events, handedOver, commit, push, appended };
}

describe('group commit', () => {
  it('off this thread: hands the next batch over before handling the last one’s results, in order', async () => {
    const { store, events, handedOver, push, appended } = setup(true);
    push('a', 'b');
    await appended(1);
    push('c'); // arrives while a, b commit: waits for them, then goes as one batch
    push('d');
    await new Promise((r) => setImmediate(r));
    expect(store.held).toHaveLength(1); // one batch in the store at a time
    store.held[0]!.release();
    await appended(2);
    expect(store.held[1]!.batch).toEqual(['c', 'd']);
    await waitFor(() => events.length === 1, 5000, 'the first batch handled');
    expect(events).toEqual(['stored a,b seq 1,2']);
    expect(handedOver).toEqual([2]); // c, d were in the store before a, b were fanned out
    push('e');
    store.held[1]!.release(true); // c, d fail (nothing stored)
    await appended(3);
    store.held[2]!.release();
    await waitFor(() => events.length === 3, 5000, 'every batch handled');
    expect(events).toEqual(['stored a,b seq 1,2', 'failed c,d', 'stored e seq 3']);
  });

  it('on this thread: handles a batch’s results before the next batch goes to the store', async () => {
    const { store, events, handedOver, push, appended } = setup(false);
    push('a');
    await appended(1);
    push('b');
    store.held[0]!.release();
    await appended(2);
    expect(handedOver).toEqual([1]); // b went to the store only after a was handled
    store.held[1]!.release();
    await waitFor(() => events.length === 2, 5000, 'the second batch handled');
    expect(events).toEqual(['stored a seq 1', 'stored b seq 2']);
  });

  it('drain waits for every batch, queued or in the store, pipelined or not', async () => {
    for (const concurrent of [true, false]) {
      const { store, events, commit, push, appended } = setup(concurrent);
      push('a');
      await appended(1);
      push('b');
      const drained = commit.drain();
      store.held[0]!.release();
      await appended(2);
      store.held[1]!.release();
      await drained;
      expect(events).toEqual(['stored a seq 1', 'stored b seq 2']);
    }
  });
});
