/**
 * The embedded history store on Node's built-in `node:sqlite`: no native addon to rebuild for
 * Electron, one file under the data folder, WAL journaling so readers never block the writer.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { statfsSync } from 'node:fs';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { ChatMessage, ReadState } from '../../src-shared/protocol.ts';
import { COLUMNS, extraOf, migrate, SqliteLog, toMessage, type Row } from './sqlite-log.ts';
import { openDatabase } from './open-database.ts';
import { dropOldIndex, indexable } from './search-catch-up.ts';
import { SearchIndexClient } from './search-index-client.ts';
import type { IndexOp } from './search-indexer.ts';
import { fold } from './sqlite-search.ts';
import {
  DEFAULT_RETENTION,
  entryOf,
  StorageFullError,
  type AppendRequest,
  type AppendResult,
  type HistoryPage,
  type HistoryStore,
  type MessagePage,
  type RoomLog,
} from './store.ts';

export interface SqliteStoreOptions {
  /** The data folder; the database is `history.sqlite` inside it. `:memory:` for throwaway use. */
  dataDir: string;
  /** Messages kept per room; older ones are pruned. */
  maxMessagesPerRoom?: number;
  /**
   * `full` (default) syncs every commit to the disk: a message survives a power cut too.
   * `normal` survives a crash of the process (SIGKILL) but may lose the last commits on power loss.
   */
  durability?: 'full' | 'normal';
  /** The database's size limit in bytes (default 1 GiB): past it, sends are refused with `storage_full`. */
  maxBytes?: number;
  /**
   * The search index (`search.sqlite`) on a thread of its own (true), or written on the store's
   * thread after the commits (default): search-index-client.ts says why.
   */
  searchThread?: boolean;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS rooms (
  id TEXT PRIMARY KEY, epoch TEXT NOT NULL, latest_seq INTEGER NOT NULL, created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS messages (
  room TEXT NOT NULL, seq INTEGER NOT NULL, client_id TEXT NOT NULL, send_id TEXT NOT NULL,
  member_id TEXT NOT NULL, member_name TEXT NOT NULL, text TEXT NOT NULL, ts INTEGER NOT NULL,
  PRIMARY KEY (room, seq)) WITHOUT ROWID;
CREATE UNIQUE INDEX IF NOT EXISTS messages_dedup ON messages (room, client_id, send_id);
`;

/** SQLite's result code for “database or disk is full”. */
const SQLITE_FULL = 13;
/** Less free space than this on the disk means SQLITE_FULL is the disk's, not our size limit's. */
const DISK_FULL_BELOW = 8 * 1024 * 1024;

/** A {@link HistoryStore} in one SQLite file. Every call runs synchronously under the hood. */
export class SqliteStore implements HistoryStore {
  readonly #db: DatabaseSync;
  readonly #cap: number;
  readonly #latest = new Map<string, number>();
  readonly #log: SqliteLog;
  /** The data folder (undefined in memory). */
  readonly #dir: string | undefined;
  readonly #search: SearchIndexClient;
  readonly #q: Record<
    | 'getRoom'
    | 'addRoom'
    | 'setLatest'
    | 'insert'
    | 'dedup'
    | 'since'
    | 'newest'
    | 'older'
    | 'one'
    | 'first'
    | 'prune'
    | 'rooms',
    StatementSync
  >;

  constructor(options: SqliteStoreOptions) {
    this.#cap = options.maxMessagesPerRoom ?? DEFAULT_RETENTION;
    const synchronous = options.durability === 'normal' ? 'NORMAL' : 'FULL';
    const maxBytes = options.maxBytes ?? 1024 ** 3;
    this.#dir = options.dataDir === ':memory:' ? undefined : options.dataDir;
    if (options.dataDir === ':memory:') {
      this.#db = new DatabaseSync(':memory:');
      this.#db.exec(SCHEMA);
    } else {
      this.#db = openDatabase(options.dataDir, synchronous, SCHEMA);
    }
    // secure_delete: what a delete erases is overwritten in the file, not just unlinked (sqlite-log.ts).
    this.#db.exec('PRAGMA secure_delete = ON;');
    const pageSize = Number((this.#db.prepare('PRAGMA page_size').get() as { page_size: number }).page_size);
    this.#db.exec(`PRAGMA max_page_count = ${Math.max(16, Math.floor(maxBytes / pageSize))}`);
    migrate(this.#db);
    this.#log = new SqliteLog(this.#db);
    dropOldIndex(this.#db);
    const p = (sql: string) => this.#db.prepare(sql);
    this.#q = {
      getRoom: p('SELECT epoch, latest_seq FROM rooms WHERE id = ?'),
      addRoom: p('INSERT INTO rooms (id, epoch, latest_seq, created_at) VALUES (?, ?, 0, ?)'),
      setLatest: p('UPDATE rooms SET latest_seq = ? WHERE id = ?'),
      insert: p(`INSERT INTO messages
                 (room, seq, client_id, send_id, member_id, member_name, text, ts, kind, target, extra)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      dedup: p(`SELECT ${COLUMNS} FROM messages WHERE room = ? AND client_id = ? AND send_id = ?`),
      since: p(`SELECT ${COLUMNS} FROM messages WHERE room = ? AND seq > ? ORDER BY seq DESC LIMIT ?`),
      newest: p(`SELECT ${COLUMNS} FROM messages WHERE room = ? ORDER BY seq DESC LIMIT ?`),
      one: p(`SELECT ${COLUMNS} FROM messages WHERE room = ? AND seq = ?`),
      older: p(`SELECT ${COLUMNS} FROM messages WHERE room = ? AND seq < ? ORDER BY seq DESC LIMIT ?`),
      first: p('SELECT min(seq) AS first FROM messages WHERE room = ?'),
      prune: p('DELETE FROM messages WHERE room = ? AND seq <= ?'),
      rooms: p('SELECT id FROM rooms ORDER BY id'),
    };
    const folder = createHmac('sha256', this.#secretSync()).update('search-index').digest('base64url');
    try {
      this.#search = new SearchIndexClient(
        { dataDir: options.dataDir, folder, retention: this.#cap, thread: options.searchThread },
        this.#db,
      );
    } catch (err) {
      this.#db.close(); // the data folder is not held by a store that failed to open
      throw err;
    }
  }

  async secret(): Promise<Uint8Array> {
    return this.#secretSync();
  }

  #secretSync(): Uint8Array {
    const row = this.#db.prepare("SELECT value FROM meta WHERE key = 'member-secret'").get();
    if (row) return row.value as Uint8Array;
    const secret = randomBytes(32);
    this.#db.prepare("INSERT INTO meta (key, value) VALUES ('member-secret', ?)").run(secret);
    return secret;
  }

  async openRoom(room: string): Promise<RoomLog> {
    return this.#openRoomSync(room);
  }

  /**
   * The room's log; a room without one is not written down: its record is made with its first
   * message, so that joining made-up room names costs no disk. Until then its epoch is derived
   * from the folder's secret, so it is the same before and after that first message.
   */
  #openRoomSync(room: string): RoomLog {
    const row = this.#q.getRoom.get(room) as { epoch: string; latest_seq: number } | undefined;
    if (row) {
      this.#latest.set(room, row.latest_seq);
      return { epoch: row.epoch, latestSeq: row.latest_seq };
    }
    return { epoch: this.#epochFor(room), latestSeq: 0 };
  }

  /** The latest seq of a room, its record made now (inside the append's transaction) if it has none. */
  #latestForAppend(room: string): number {
    const cached = this.#latest.get(room);
    if (cached !== undefined) return cached;
    const row = this.#q.getRoom.get(room) as { latest_seq: number } | undefined;
    if (!row) this.#q.addRoom.run(room, this.#epochFor(room), Date.now());
    const latest = row?.latest_seq ?? 0;
    this.#latest.set(room, latest);
    return latest;
  }

  #epochFor(room: string): string {
    return createHmac('sha256', this.#secretSync())
      .update(`epoch\n${room}`)
      .digest()
      .subarray(0, 12)
      .toString('base64url');
  }

  async append(batch: readonly AppendRequest[]): Promise<AppendResult[]> {
    if (batch.length === 0) return [];
    const results: AppendResult[] = [];
    const touched = new Set<string>();
    const indexOps: IndexOp[] = [];
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      for (const r of batch) {
        const old = this.#q.dedup.get(r.room, r.clientId, r.id) as Row | undefined;
        if (old) {
          results.push({ message: toMessage(old), duplicate: true });
          continue;
        }
        const refused = this.#log.check(r);
        if (refused) {
          results.push({ message: entryOf(r, 0), duplicate: false, refused });
          continue;
        }
        const latest = this.#latestForAppend(r.room); // a refused change makes no room record
        touched.add(r.room);
        const message = entryOf(r, latest + 1);
        const { kind = null, target = null } = message;
        this.#q.insert.run(
          r.room,
          message.seq,
          r.clientId,
          r.id,
          r.from.id,
          r.from.name,
          r.text,
          message.ts,
          kind,
          target,
          extraOf(message),
        );
        if (kind !== null) this.#log.apply(r.room, message);
        // Search finds text entries by their current text: an edit re-indexes, a delete removes.
        if (kind === null) indexOps.push([r.room, message.seq, message.seq, r.text]);
        else if (kind === 'edit' || kind === 'delete')
          indexOps.push([r.room, message.seq, target!, kind === 'edit' ? r.text : null]);
        else indexOps.push([r.room, message.seq, 0, null]);
        this.#latest.set(r.room, message.seq);
        results.push({ message, duplicate: false });
      }
      for (const room of touched) {
        const latest = this.#latest.get(room)!;
        this.#q.setLatest.run(latest, room);
        if (latest > this.#cap) this.#q.prune.run(room, latest - this.#cap);
      }
      this.#db.exec('COMMIT');
    } catch (err) {
      // After some errors (a full disk) SQLite has rolled back already: a second ROLLBACK would
      // throw, hide the real error and skip resetting the cached seqs, leaving a gap in seq.
      for (const room of touched) this.#latest.delete(room); // reload the true values next time
      if (this.#db.isTransaction) this.#db.exec('ROLLBACK');
      throw this.#atSizeLimit(err) ? new StorageFullError(err) : err;
    }
    this.#log.afterCommit();
    this.#search.handOff(indexOps); // committed: the index may have them now
    return results;
  }

  get retention(): number {
    return this.#cap;
  }

  async history(room: string, since: number | undefined, limit: number): Promise<HistoryPage> {
    const latestSeq = this.#latest.get(room) ?? this.#openRoomSync(room).latestSeq;
    const rows = (since === undefined
      ? this.#q.newest.all(room, limit + 1)
      : this.#q.since.all(room, since, limit + 1)) as unknown as Row[];
    const truncated = rows.length > limit;
    if (truncated) rows.pop();
    return { messages: rows.reverse().map(toMessage), latestSeq, truncated };
  }

  async older(room: string, before: number, limit: number): Promise<MessagePage> {
    const rows = this.#q.older.all(room, before, limit + 1) as unknown as Row[];
    const more = rows.length > limit;
    if (more) rows.pop();
    return { messages: rows.reverse().map(toMessage), more };
  }

  async saveReads(room: string, reads: readonly ReadState[]): Promise<void> {
    if (reads.length > 0) this.#log.saveReads(room, reads);
  }

  async reads(room: string): Promise<ReadState[]> {
    return this.#log.reads(room);
  }

  async search(room: string, q: string, limit: number, before?: number): Promise<MessagePage> {
    const { first } = this.#q.first.get(room) as { first: number | null };
    const page = await this.#search.search(room, q, limit, before, first ?? 0);
    if (!this.#db.isOpen) throw new Error('The history store is closed.');
    // Entries committed while the indexer answered may have edited or deleted a result: each is
    // checked against its current state, so a result is always what the protocol promises.
    const folded = fold(q);
    const messages: ChatMessage[] = [];
    for (const seq of page.seqs) {
      const row = this.#q.one.get(room, seq) as Row | undefined;
      const m = row && toMessage(row);
      if (indexable(m) && fold(m.text).includes(folded)) messages.push(m);
    }
    return { messages, more: page.more };
  }

  async rooms(): Promise<string[]> {
    return (this.#q.rooms.all() as { id: string }[]).map((r) => r.id);
  }

  async close(): Promise<void> {
    try {
      await this.#search.close();
    } finally {
      if (this.#db.isOpen) this.#db.close();
    }
  }

  /**
   * Whether a failed append met the database's own size limit (`max_page_count`) rather than a
   * full disk: SQLite says SQLITE_FULL for both, but only a full disk has no space left.
   */
  #atSizeLimit(err: unknown): boolean {
    if ((err as { errcode?: number }).errcode !== SQLITE_FULL || !this.#dir) return false;
    try {
      const fs = statfsSync(this.#dir);
      return fs.bavail * fs.bsize > DISK_FULL_BELOW;
    } catch {
      return false;
    }
  }
}
