/**
 * The embedded history store on Node's built-in `node:sqlite`: no native addon to rebuild for
 * Electron, one file under the data folder, WAL journaling so readers never block the writer.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { ChatMessage } from '../../src-shared/protocol.ts';
import { SEARCH_SCHEMA, SqliteSearchIndex } from './sqlite-search.ts';
import type { AppendRequest, AppendResult, HistoryPage, HistoryStore, MessagePage, RoomLog } from './store.ts';

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

interface Row {
  seq: number;
  send_id: string;
  member_id: string;
  member_name: string;
  text: string;
  ts: number;
}

const toMessage = (r: Row): ChatMessage => ({
  type: 'message',
  seq: r.seq,
  id: r.send_id,
  from: { id: r.member_id, name: r.member_name },
  text: r.text,
  ts: r.ts,
});

const COLUMNS = 'seq, send_id, member_id, member_name, text, ts';

/** A {@link HistoryStore} in one SQLite file. Every call runs synchronously under the hood. */
export class SqliteStore implements HistoryStore {
  readonly #db: DatabaseSync;
  readonly #cap: number;
  readonly #latest = new Map<string, number>();
  readonly #search: SqliteSearchIndex;
  readonly #q: Record<
    'getRoom' | 'addRoom' | 'setLatest' | 'insert' | 'dedup' | 'since' | 'newest' | 'older' | 'one' | 'prune' | 'rooms',
    StatementSync
  >;

  constructor(options: SqliteStoreOptions) {
    this.#cap = options.maxMessagesPerRoom ?? 10_000;
    const memory = options.dataDir === ':memory:';
    if (!memory) mkdirSync(options.dataDir, { recursive: true });
    this.#db = new DatabaseSync(memory ? ':memory:' : join(options.dataDir, 'history.sqlite'));
    this.#db.exec(`PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000;
      PRAGMA synchronous = ${options.durability === 'normal' ? 'NORMAL' : 'FULL'};`);
    this.#db.exec(SCHEMA);
    this.#db.exec(SEARCH_SCHEMA);
    this.#search = new SqliteSearchIndex(this.#db);
    const p = (sql: string) => this.#db.prepare(sql);
    this.#q = {
      getRoom: p('SELECT epoch, latest_seq FROM rooms WHERE id = ?'),
      addRoom: p('INSERT INTO rooms (id, epoch, latest_seq, created_at) VALUES (?, ?, 0, ?)'),
      setLatest: p('UPDATE rooms SET latest_seq = ? WHERE id = ?'),
      insert: p(`INSERT INTO messages (room, seq, client_id, send_id, member_id, member_name, text, ts)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
      dedup: p(`SELECT ${COLUMNS} FROM messages WHERE room = ? AND client_id = ? AND send_id = ?`),
      since: p(`SELECT ${COLUMNS} FROM messages WHERE room = ? AND seq > ? ORDER BY seq DESC LIMIT ?`),
      newest: p(`SELECT ${COLUMNS} FROM messages WHERE room = ? ORDER BY seq DESC LIMIT ?`),
      one: p(`SELECT ${COLUMNS} FROM messages WHERE room = ? AND seq = ?`),
      older: p(`SELECT ${COLUMNS} FROM messages WHERE room = ? AND seq < ? ORDER BY seq DESC LIMIT ?`),
      prune: p('DELETE FROM messages WHERE room = ? AND seq <= ?'),
      rooms: p('SELECT id FROM rooms ORDER BY id'),
    };
    this.#indexOldMessages();
  }

  /** A data folder from before search existed: index what it holds, once. */
  #indexOldMessages(): void {
    if (this.#db.prepare("SELECT 1 FROM meta WHERE key = 'search-index'").get()) return;
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      const rows = this.#db.prepare('SELECT room, seq, text FROM messages').iterate();
      this.#search.rebuild(rows as Iterable<{ room: string; seq: number; text: string }>);
      this.#db.prepare("INSERT INTO meta (key, value) VALUES ('search-index', '1')").run();
      this.#db.exec('COMMIT');
    } catch (err) {
      this.#db.exec('ROLLBACK');
      throw err;
    }
  }

  async secret(): Promise<Uint8Array> {
    const row = this.#db.prepare("SELECT value FROM meta WHERE key = 'member-secret'").get();
    if (row) return row.value as Uint8Array;
    const secret = randomBytes(32);
    this.#db.prepare("INSERT INTO meta (key, value) VALUES ('member-secret', ?)").run(secret);
    return secret;
  }

  async openRoom(room: string): Promise<RoomLog> {
    return this.#openRoomSync(room);
  }

  #openRoomSync(room: string): RoomLog {
    const row = this.#q.getRoom.get(room) as { epoch: string; latest_seq: number } | undefined;
    if (row) {
      this.#latest.set(room, row.latest_seq);
      return { epoch: row.epoch, latestSeq: row.latest_seq };
    }
    const epoch = randomBytes(12).toString('base64url');
    this.#q.addRoom.run(room, epoch, Date.now());
    this.#latest.set(room, 0);
    return { epoch, latestSeq: 0 };
  }

  async append(batch: readonly AppendRequest[]): Promise<AppendResult[]> {
    if (batch.length === 0) return [];
    const results: AppendResult[] = [];
    const touched = new Set<string>();
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      for (const r of batch) {
        const old = this.#q.dedup.get(r.room, r.clientId, r.id) as Row | undefined;
        if (old) {
          results.push({ message: toMessage(old), duplicate: true });
          continue;
        }
        const latest = this.#latest.get(r.room) ?? this.#openRoomSync(r.room).latestSeq;
        const message: ChatMessage = {
          type: 'message',
          seq: latest + 1,
          id: r.id,
          from: r.from,
          text: r.text,
          ts: Date.now(),
        };
        this.#q.insert.run(r.room, message.seq, r.clientId, r.id, r.from.id, r.from.name, r.text, message.ts);
        this.#search.index(r.room, message.seq, r.text);
        this.#latest.set(r.room, message.seq);
        touched.add(r.room);
        results.push({ message, duplicate: false });
      }
      for (const room of touched) {
        const latest = this.#latest.get(room)!;
        this.#q.setLatest.run(latest, room);
        if (latest > this.#cap) {
          this.#q.prune.run(room, latest - this.#cap);
          this.#search.prune(room, latest - this.#cap);
        }
      }
      this.#db.exec('COMMIT');
    } catch (err) {
      this.#db.exec('ROLLBACK');
      for (const room of touched) this.#latest.delete(room); // reload the true value next time
      throw err;
    }
    return results;
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

  async search(room: string, q: string, limit: number, before?: number): Promise<MessagePage> {
    const page = this.#search.search(room, q, limit, before);
    const messages: ChatMessage[] = [];
    for (const seq of page.seqs) {
      const row = this.#q.one.get(room, seq) as Row | undefined;
      if (row) messages.push(toMessage(row));
    }
    return { messages, more: page.more };
  }

  async rooms(): Promise<string[]> {
    return (this.#q.rooms.all() as { id: string }[]).map((r) => r.id);
  }

  async close(): Promise<void> {
    if (this.#db.isOpen) this.#db.close();
  }
}
