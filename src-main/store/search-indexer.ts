/**
 * The search index's own database, `search.sqlite` beside `history.sqlite`, and the one writer of
 * it. The history's transaction no longer indexes: after each commit the store hands the
 * committed entries over as {@link IndexOp}s (search-index-client.ts), and the indexer applies
 * whatever has arrived since its last transaction in one transaction, in the order it came, with
 * each room's `indexed` seq (search_rooms) in that same transaction. So the index is always the
 * index of a prefix of each room's log, and a search that first applies everything handed over
 * before it sees every edit and delete committed before it, as when the index was written in the
 * history's own transaction.
 *
 * The file holds nothing that is not in the history: it is rebuilt from there when it is missing,
 * damaged, from another data folder, or behind (search-catch-up.ts). So it syncs only at WAL
 * checkpoints (`synchronous = NORMAL`): losing its last transactions to a power cut only leaves it
 * further behind. What it erases it overwrites (`secure_delete`, the WAL truncated after a delete),
 * as the history does.
 *
 * Pruning lags on purpose: rows below a room's retention floor are deleted {@link PRUNE_SLACK} at a
 * time (one 40-message prune per batch cost 45 µs a message, a chunk of 1000 27 µs), and a search
 * never looks below the room's oldest message in the history.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { createPrivate, makePrivate } from '../platform/private-file.ts';
import { openError } from './open-database.ts';
import { SEARCH_SCHEMA, SqliteSearchIndex, type SeqPage } from './sqlite-search.ts';

export const SEARCH_FILE = 'search.sqlite';
/** Rows below a room's floor that may wait before they are pruned (see the file comment). */
export const PRUNE_SLACK = 1000;
/**
 * How long committed entries may wait to be handed over and applied together (a search sends and
 * applies them at once): the trigram index costs ~2.5× less per message in transactions of 1000
 * than of 40, and the indexer's thread wakes once per delay instead of once per batch.
 */
export const FLUSH_DELAY_MS = 20;
/** Ops waiting at which they are applied without waiting longer (bounds memory and one transaction). */
export const FLUSH_AT = 4000;
/** The highest seq a room's rowid range can hold (sqlite-search.ts). */
const ROOM_LAST_SEQ = 2 ** 32 - 1;

/**
 * One committed entry as the index sees it: in `room`, entry `seq` sets the text of entry
 * `target` (its own seq for a new message, the edited one's for an edit) to `text`, or removes it
 * from the index (`text` null: a delete); `target` 0 changes nothing (a reaction) but still
 * counts towards the room's `indexed` seq.
 */
export type IndexOp = [room: string, seq: number, target: number, text: string | null];

export interface IndexerOptions {
  /** The data folder (`search.sqlite` inside it), or `:memory:`. */
  dataDir: string;
  /**
   * Names the history this index is of (derived from its folder's secret): an index of another
   * one (a history.sqlite replaced, search.sqlite copied) is thrown away and made anew.
   */
  folder: string;
  /** Messages the history keeps per room: older ones are pruned from the index too. */
  retention: number;
}

/** SQLite's primary result codes for a file that is not a (readable) database. */
const CORRUPT = 11;
const NOTADB = 26;

export class SearchIndexer {
  readonly #db: DatabaseSync;
  readonly #index: SqliteSearchIndex;
  readonly #retention: number;
  /** Each room's `indexed` seq, as in the file. */
  readonly #indexed: Map<string, number>;
  /** Each room's highest seq pruned from the index in this run (0: maybe none yet). */
  readonly #pruned = new Map<string, number>();
  #pending: IndexOp[] = [];

  /** Opens (creating, or re-creating when damaged) the index of a data folder. */
  constructor(options: IndexerOptions) {
    this.#retention = options.retention;
    this.#db = openIndexFile(options.dataDir, options.folder);
    this.#index = new SqliteSearchIndex(this.#db);
    this.#indexed = this.#index.indexed();
  }

  /** Each room's seq the index is complete up to. */
  indexed(): ReadonlyMap<string, number> {
    return this.#indexed;
  }

  /** Keeps ops to apply at the next {@link flush} (or before the next search). */
  add(ops: readonly IndexOp[]): void {
    for (const op of ops) this.#pending.push(op);
  }

  /** How many ops wait to be applied. */
  get waiting(): number {
    return this.#pending.length;
  }

  /** Applies every waiting op in one transaction, with the rooms' `indexed` seqs and their prune. */
  flush(): void {
    if (this.#pending.length === 0) return;
    const ops = this.#pending;
    this.#pending = [];
    const touched = new Map<string, number>();
    let removed = false;
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      for (const [room, seq, target, text] of ops) {
        // An op the index has already (handed over twice: the catch-up read it from the log).
        if (seq <= (touched.get(room) ?? this.#indexed.get(room) ?? 0)) continue;
        touched.set(room, seq);
        if (target === 0) continue;
        if (target !== seq) {
          this.#index.remove(room, target); // an edit re-indexes, a delete removes
          removed ||= text === null;
        }
        if (text !== null) this.#index.index(room, target, text);
      }
      for (const [room, seq] of touched) {
        this.#index.setIndexed(room, seq);
        const floor = seq - this.#retention;
        if (floor - (this.#pruned.get(room) ?? 0) >= PRUNE_SLACK) {
          this.#index.prune(room, floor);
          this.#pruned.set(room, floor);
        }
      }
      this.#db.exec('COMMIT');
    } catch (err) {
      if (this.#db.isTransaction) this.#db.exec('ROLLBACK');
      throw err;
    }
    for (const [room, seq] of touched) this.#indexed.set(room, seq);
    // A delete's text must not survive in the WAL either (as in the history: sqlite-log.ts).
    if (removed) this.#db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  }

  /**
   * A page of seqs matching `q` in `room`, newest first, after applying everything handed over
   * so far; none below `from`, the room's oldest message in the history (pruning here lags).
   */
  search(room: string, q: string, limit: number, before: number | undefined, from: number): SeqPage {
    this.flush();
    return this.#index.search(room, q, limit, before, from);
  }

  /** Forgets a room entirely (its history is not the one indexed): it is indexed anew. */
  reset(room: string): void {
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      this.#index.prune(room, ROOM_LAST_SEQ);
      this.#index.setIndexed(room, 0);
      this.#db.exec('COMMIT');
    } catch (err) {
      if (this.#db.isTransaction) this.#db.exec('ROLLBACK');
      throw err;
    }
    this.#indexed.set(room, 0);
    this.#db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  }

  /** Applies what waits, then closes the file. */
  close(): void {
    if (!this.#db.isOpen) return;
    try {
      this.flush();
    } finally {
      this.#db.close();
    }
  }
}

/**
 * Opens `search.sqlite` private (0600, as the history) and alone (exclusive locking: its WAL index
 * in this connection's memory, no -shm file). A damaged file is deleted and made again: it only
 * holds what the history holds; so is one of another history (see {@link IndexerOptions.folder}).
 */
function openIndexFile(dataDir: string, folder: string): DatabaseSync {
  if (dataDir === ':memory:') return setUp(new DatabaseSync(':memory:'), folder)!;
  const file = join(dataDir, SEARCH_FILE);
  try {
    return openOrMakeAnew(dataDir, file, folder);
  } catch (err) {
    throw openError(err, dataDir, file); // a sentence that names the file, as for the history
  }
}

function openOrMakeAnew(dataDir: string, file: string, folder: string): DatabaseSync {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  for (let attempt = 0; ; attempt++) {
    createPrivate(file);
    makePrivate(file);
    const db = new DatabaseSync(file, { timeout: 5000 });
    let ours = false;
    try {
      db.exec('PRAGMA locking_mode = EXCLUSIVE; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
      ours = setUp(db, folder) !== undefined;
    } catch (err) {
      const code = ((err as { errcode?: number }).errcode ?? 0) & 0xff;
      if (attempt > 0 || (code !== CORRUPT && code !== NOTADB)) {
        db.close();
        throw err;
      }
    }
    if (ours) return db;
    db.close();
    if (attempt > 0) throw new Error(`${file} could not be made anew.`);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  }
}

/** The schema, and the folder check: undefined when the file indexes another history. */
function setUp(db: DatabaseSync, folder: string): DatabaseSync | undefined {
  db.exec('PRAGMA secure_delete = ON;');
  db.exec(SEARCH_SCHEMA);
  db.exec('CREATE TABLE IF NOT EXISTS search_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);');
  const row = db.prepare("SELECT value FROM search_meta WHERE key = 'folder'").get() as { value: string } | undefined;
  if (row) return row.value === folder ? db : undefined;
  db.prepare("INSERT INTO search_meta (key, value) VALUES ('folder', ?)").run(folder);
  return db;
}
