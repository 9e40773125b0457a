/**
 * The search index in its own file, written after the history's commit (search-index-client.ts),
 * on its own thread and on the store's: real SQLite files, real threads. A search sees every
 * entry committed before it (an edit or delete right away too), the retention cap is honoured
 * and the pruned rows leave the index, and an index left behind (the host killed before the
 * indexer caught up), damaged, or of another data folder is caught up from the history.
 */
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreOpenError } from '../src-main/store/open-database.ts';
import { PRUNE_SLACK, SEARCH_FILE } from '../src-main/store/search-indexer.ts';
import { SqliteStore, type SqliteStoreOptions } from '../src-main/store/sqlite-store.ts';
import type { AppendRequest } from '../src-main/store/store.ts';
import { cleanupFolders, tempDataDir } from './helpers/host.ts';

afterEach(cleanupFolders);

const from = { id: 'm-x', name: 'X' };
let ids = 0;
const send = (text: string, room = 'r'): AppendRequest => ({ room, clientId: 'c1234567', id: `i${ids++}`, from, text });
const change = (kind: 'edit' | 'delete', target: number, text = '', room = 'r'): AppendRequest => ({
  ...send(text, room),
  change: { kind, target },
});
const seqsOf = async (store: SqliteStore, q: string, limit = 100, room = 'r') =>
  (await store.search(room, q, limit)).messages.map((m) => m.seq);

describe.each([
  ['its own thread', true],
  ['the store thread', false],
])('the search index on %s', (_, searchThread) => {
  const open = (dataDir: string, o: Partial<SqliteStoreOptions> = {}) =>
    new SqliteStore({ dataDir, durability: 'normal', searchThread, ...o });

  it('sees an edit and a delete in the very next search', async () => {
    const store = open(tempDataDir());
    await store.append([send('alpha meeting'), send('beta meeting'), send('gamma')]);
    expect(await seqsOf(store, 'meeting')).toEqual([2, 1]);
    await store.append([change('delete', 2)]);
    expect(await seqsOf(store, 'meeting')).toEqual([1]);
    expect(await seqsOf(store, 'beta')).toEqual([]);
    await store.append([change('edit', 1, 'alpha lunch')]);
    expect(await seqsOf(store, 'meeting')).toEqual([]);
    expect(await seqsOf(store, 'lunch')).toEqual([1]);
    expect(await seqsOf(store, 'l')).toEqual([1]); // the short-query paths too
    await store.close();
  });

  it('never returns an entry deleted while the search was on its way', async () => {
    const store = open(tempDataDir());
    await store.append([send('one secret'), send('two secret')]);
    const asked = store.search('r', 'secret', 10); // handed to the index before the delete
    await store.append([change('delete', 1), change('edit', 2, 'two public')]);
    expect((await asked).messages).toEqual([]);
    await store.close();
  });

  it('looks only at the kept messages, and prunes the index past the cap', async () => {
    const dataDir = tempDataDir();
    const cap = 50;
    const store = open(dataDir, { maxMessagesPerRoom: cap });
    const total = 2 * PRUNE_SLACK + 500;
    for (let i = 1; i <= total; i += 40) {
      await store.append(Array.from({ length: Math.min(40, total - i + 1) }, (_, k) => send(`needle ${i + k}`)));
    }
    const kept = Array.from({ length: cap }, (_, i) => total - i);
    expect(await seqsOf(store, 'needle')).toEqual(kept);
    expect(await seqsOf(store, 'ne')).toEqual(kept);
    expect((await store.search('r', 'needle', cap)).more).toBe(false);
    await store.close();
    const rows = new DatabaseSync(join(dataDir, SEARCH_FILE), { readOnly: true });
    const { n, low } = rows.prepare('SELECT count(*) AS n, min(id) % 4294967296 AS low FROM search_content').get() as {
      n: number;
      low: number;
    };
    rows.close();
    expect(n).toBeLessThanOrEqual(cap + PRUNE_SLACK); // pruned rows are gone, not only hidden
    expect(low).toBeGreaterThan(total - cap - PRUNE_SLACK);
  });

  it('catches up what the indexer had not applied when the host died', async () => {
    const dataDir = tempDataDir();
    let store = open(dataDir);
    await store.append([send('old apple'), send('old banana'), send('old cherry')]);
    await store.close();
    // The index as it was when the host was killed: everything after this point not yet applied.
    copyFileSync(join(dataDir, SEARCH_FILE), join(dataDir, 'behind'));
    store = open(dataDir);
    await store.append([change('edit', 1, 'new apricot'), change('delete', 2), send('new damson')]);
    await store.append([change('edit', 6, 'new elderberry'), send('new fig'), change('delete', 8)]);
    await store.close();
    copyFileSync(join(dataDir, 'behind'), join(dataDir, SEARCH_FILE));
    store = open(dataDir);
    expect(await seqsOf(store, 'new')).toEqual([6, 1]);
    expect(await seqsOf(store, 'elderberry')).toEqual([6]);
    expect(await seqsOf(store, 'old')).toEqual([3]);
    for (const gone of ['apple', 'banana', 'damson', 'fig', 'ig']) expect(await seqsOf(store, gone), gone).toEqual([]);
    await store.append([send('new grape')]);
    expect(await seqsOf(store, 'new')).toEqual([10, 6, 1]);
    await store.close();
  });

  it('makes a damaged or missing index anew from the history', async () => {
    const dataDir = tempDataDir();
    let store = open(dataDir);
    await store.append([send('kiwi one'), send('kiwi two')]);
    await store.close();
    writeFileSync(join(dataDir, SEARCH_FILE), 'not a database, not at all'.repeat(200));
    rmSync(join(dataDir, `${SEARCH_FILE}-wal`), { force: true });
    store = open(dataDir);
    expect(await seqsOf(store, 'kiwi')).toEqual([2, 1]);
    await store.close();
    rmSync(join(dataDir, SEARCH_FILE));
    store = open(dataDir);
    expect(await seqsOf(store, 'kiwi')).toEqual([2, 1]);
    await store.close();
    expect(existsSync(join(dataDir, SEARCH_FILE))).toBe(true);
  });

  it('throws away an index of another history', async () => {
    const a = tempDataDir();
    const b = tempDataDir();
    let store = open(a);
    await store.append([send('only in a'), send('only in a too')]);
    await store.close();
    store = open(b);
    await store.append([send('in b')]);
    await store.close();
    copyFileSync(join(a, SEARCH_FILE), join(b, SEARCH_FILE));
    store = open(b);
    expect(await seqsOf(store, 'only')).toEqual([]);
    expect(await seqsOf(store, 'in b')).toEqual([1]);
    await store.close();
  });
});

describe('a search index that cannot be opened', () => {
  it('stops the store with a sentence naming search.sqlite, and leaves the data folder free', async () => {
    const dataDir = tempDataDir();
    mkdirSync(join(dataDir, SEARCH_FILE)); // not a file: no database can be made there
    expect(() => new SqliteStore({ dataDir })).toThrow(StoreOpenError);
    expect(() => new SqliteStore({ dataDir })).toThrow(/search\.sqlite/);
    rmSync(join(dataDir, SEARCH_FILE), { recursive: true });
    await new SqliteStore({ dataDir }).close(); // the history's lock went with the failed store
  });
});
