/**
 * The SQLite store on its own thread, as a store: the same answers as SqliteStore (seq, dedup,
 * errors of the right class), the folder's lock, and what happens when the thread dies — before
 * a commit, after a commit that was never answered, and again and again (the store gives up).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { StoreOpenError } from '../src-main/store/open-database.ts';
import { SqliteStore } from '../src-main/store/sqlite-store.ts';
import { MAX_DEATHS, SqliteWorkerStore, type SqliteWorkerStoreOptions } from '../src-main/store/sqlite-worker-store.ts';
import { StorageFullError, type AppendRequest } from '../src-main/store/store.ts';
import { cleanupFolders, tempDataDir } from './helpers/host.ts';

const open: SqliteWorkerStore[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  cleanupFolders();
});

async function store(
  options: Partial<SqliteWorkerStoreOptions> = {},
): Promise<SqliteWorkerStore & { logs: string[]; dataDir: string }> {
  const logs: string[] = [];
  const dataDir = options.dataDir ?? tempDataDir();
  const s = await SqliteWorkerStore.open({ dataDir, log: (l) => logs.push(l), ...options });
  open.push(s);
  return Object.assign(s, { logs, dataDir });
}

const from = { id: 'member-a', name: 'Ana' };
const send = (id: string, room = 'r'): AppendRequest => ({ room, clientId: 'client-a', id, from, text: `text ${id}` });

describe('SQLite on its own thread', () => {
  it('stores with seq +1 per room, answers a re-send as a duplicate, and reads what it stored', async () => {
    const s = await store();
    await s.openRoom('r');
    const first = await s.append([send('1'), send('2'), send('1'), send('1', 'other')]);
    expect(first.map((r) => [r.message.seq, r.duplicate])).toEqual([
      [1, false],
      [2, false],
      [1, true],
      [1, false],
    ]);
    const again = await s.append([send('2'), send('3')]);
    expect(again.map((r) => [r.message.seq, r.duplicate])).toEqual([
      [2, true],
      [3, false],
    ]);
    const page = await s.history('r', 0, 10);
    expect(page.messages.map((m) => m.id)).toEqual(['1', '2', '3']);
    expect(page.latestSeq).toBe(3);
    expect(await s.rooms()).toEqual(['other', 'r']);
    expect((await s.search('r', 'text 3', 10)).messages.map((m) => m.seq)).toEqual([3]);
    // The index is written after the commits on this thread: a delete is seen by the very next search.
    await s.append([{ ...send('d3'), text: '', change: { kind: 'delete', target: 3 } }]);
    expect((await s.search('r', 'text', 10)).messages.map((m) => m.seq)).toEqual([2, 1]);
  });

  it('holds the data folder: a second store, on a thread or not, gets the sentence of a locked folder', async () => {
    const holder = await store();
    const dir = holder.dataDir;
    await expect(SqliteWorkerStore.open({ dataDir: dir })).rejects.toBeInstanceOf(StoreOpenError);
    await expect(SqliteWorkerStore.open({ dataDir: dir })).rejects.toMatchObject({ reason: 'locked' });
    expect(() => new SqliteStore({ dataDir: dir })).toThrow(StoreOpenError);
    await holder.close();
    open.splice(open.indexOf(holder), 1);
    await new SqliteStore({ dataDir: dir }).close(); // released on close
  });

  it('says a full history with StorageFullError, its cause SQLite’s, and stores again once there is room', async () => {
    const s = await store({ maxBytes: 128 * 1024, maxMessagesPerRoom: 100_000 });
    await s.openRoom('r');
    let error: unknown;
    let stored = 0;
    for (let i = 0; i < 400 && !error; i++) {
      const batch = Array.from({ length: 10 }, (_, j) => ({ ...send(`${i}-${j}`), text: 'x'.repeat(2000) }));
      await s.append(batch).then(
        () => (stored += batch.length),
        (err: unknown) => (error = err),
      );
    }
    expect(error).toBeInstanceOf(StorageFullError);
    expect((error as StorageFullError).cause).toMatchObject({ errcode: 13 });
    // The refused batch left no gap: a small message still fits, with the next seq.
    const [next] = await s.append([send('small')]);
    expect(next!.message.seq).toBe(stored + 1);
  });

  for (const when of ['before', 'after'] as const) {
    it(`recovers when its thread dies ${when} a commit: the batch is answered once, as new, with no gap`, async () => {
      const s = await store({ exitAt: { append: 2, when } });
      await s.openRoom('r');
      await s.append([send('1')]);
      // The batch the thread dies on, with a message sent twice and a re-send of an old one.
      const results = await s.append([send('2'), send('3'), send('2'), send('1')]);
      expect(results.map((r) => [r.message.seq, r.duplicate])).toEqual([
        [2, false],
        [3, false],
        [2, true],
        [1, true],
      ]);
      expect(s.logs.join('\n')).toMatch(/store thread stopped \(exit code 1\); 1 unanswered calls go to a new one/);
      expect((await s.append([send('4')]))[0]!.message.seq).toBe(4);
      expect((await s.history('r', 0, 10)).messages.map((m) => m.id)).toEqual(['1', '2', '3', '4']);
      // The new thread's search index caught up from the history what the dead one had not written.
      expect((await s.search('r', 'text', 10)).messages.map((m) => m.id)).toEqual(['4', '3', '2', '1']);
    });
  }

  it('gives up after dying again and again: every call fails and onFatal says so', async () => {
    const fatal: Error[] = [];
    const s = await store({ exitAt: { append: 1, when: 'before', again: true }, onFatal: (e) => fatal.push(e) });
    await s.openRoom('r');
    await expect(s.append([send('1')])).rejects.toThrow(`stopped ${MAX_DEATHS} times in a row`);
    expect(fatal).toHaveLength(1);
    await expect(s.rooms()).rejects.toThrow(`stopped ${MAX_DEATHS} times`);
    // Its last thread is gone: the folder is free for the next start, which finds nothing stored.
    const next = await store({ dataDir: s.dataDir });
    expect(await next.rooms()).toEqual([]);
  });
});
