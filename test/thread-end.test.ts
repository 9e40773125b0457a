/**
 * How the store's threads end (thread-end.ts), with real threads: one that has said its last word
 * ends by itself and is never terminated; only a stuck one is, after its grace. The stores' own
 * threads are looked up by name among this process's threads (/proc/self/task), so "no thread
 * left behind" is the system's word, not the store's.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SqliteWorkerStore } from '../src-main/store/sqlite-worker-store.ts';
import { SqliteStore } from '../src-main/store/sqlite-store.ts';
import { SEARCH_THREAD, STORE_THREAD, threadEnd, threadEnded } from '../src-main/store/thread-end.ts';
import { cleanupFolders, tempDataDir } from './helpers/host.ts';

/** The names of this process's threads, as the system has them. */
function threadNames(): string[] {
  return readdirSync('/proc/self/task').flatMap((tid) => {
    try {
      return [readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim()];
    } catch {
      return []; // ended while we looked
    }
  });
}

afterEach(() => {
  vi.restoreAllMocks();
  cleanupFolders();
});

describe('threadEnd', () => {
  it('waits for a thread that ends by itself, and does not terminate it', async () => {
    const terminate = vi.spyOn(Worker.prototype, 'terminate');
    const worker = new Worker('setTimeout(() => {}, 300)', { eval: true });
    expect(await threadEnd(worker, 10_000)).toBe('ended');
    expect(threadEnded(worker)).toBe(true);
    expect(terminate).not.toHaveBeenCalled();
    expect(await threadEnd(worker)).toBe('ended'); // already ended: at once
  });

  it('terminates a thread that does not end within its grace', async () => {
    const worker = new Worker('for (;;) {}', { eval: true });
    expect(await threadEnd(worker, 200)).toBe('terminated');
    expect(threadEnded(worker)).toBe(true);
  });
});

const hi = { room: 'r', clientId: 'c', id: '1', from: { id: 'm', name: 'Ana' }, text: 'hi' };

describe('the store on its own thread', () => {
  it('runs in a thread named for it, which ends by itself on close: not terminated, none left', async () => {
    const terminate = vi.spyOn(Worker.prototype, 'terminate');
    const store = await SqliteWorkerStore.open({ dataDir: tempDataDir() });
    expect(threadNames()).toContain(STORE_THREAD);
    await store.append([hi]);
    await store.close();
    expect(terminate).not.toHaveBeenCalled();
    expect(threadNames()).not.toContain(STORE_THREAD);
  });

  it('leaves no thread behind when it cannot open the folder (held by another store)', async () => {
    const dataDir = tempDataDir();
    const holder = await SqliteWorkerStore.open({ dataDir });
    for (let i = 0; i < 5; i++) {
      await expect(SqliteWorkerStore.open({ dataDir })).rejects.toMatchObject({ reason: 'locked' });
      expect(threadNames().filter((n) => n === STORE_THREAD)).toHaveLength(1); // the holder's only
    }
    await holder.close();
    expect(threadNames()).not.toContain(STORE_THREAD);
  });
});

describe('the search index on its own thread', () => {
  it('runs in a thread named for it, which ends by itself on close: not terminated, none left', async () => {
    const terminate = vi.spyOn(Worker.prototype, 'terminate');
    const store = new SqliteStore({ dataDir: tempDataDir(), searchThread: true });
    await store.append([hi]);
    expect((await store.search('r', 'hi', 10)).messages.map((m) => m.id)).toEqual(['1']);
    expect(threadNames()).toContain(SEARCH_THREAD); // it answered: it runs, and has named itself
    await store.close();
    expect(terminate).not.toHaveBeenCalled();
    expect(threadNames()).not.toContain(SEARCH_THREAD);
  });
});
