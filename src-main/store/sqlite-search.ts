/**
 * The search index of the SQLite store: any substring of a message's current text, ignoring
 * case, newest first, from an index rather than a scan of the room.
 *
 * One FTS5 table with the `trigram` tokenizer holds each message's folded text (lower case, by
 * JavaScript's Unicode rules, so that the host and the clients agree on what "ignoring case"
 * means). Its rowid is `roomNumber · 2³² + seq`: a room's messages are one rowid range, in seq
 * order, so "newest first, seq < before, in this room" is a range that FTS5 walks backwards and
 * stops after `limit`.
 *
 * Trigrams match queries of 3+ characters. Shorter ones take their own path. First the newest
 * {@link SCAN_WINDOW} messages of the range are scanned: a common query (`e`) has its page
 * there. If not, the rest comes from the index: every indexed text ends with two sentinel
 * characters, so each occurrence of a 1- or 2-character query starts some trigram of its
 * message; those trigrams are read from the index's vocabulary (a range read: the terms that
 * start with the query) and matched with OR, which is cheap exactly because the query is rare.
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';

/** Ends every indexed text (and is replaced inside texts): see the file comment. */
const SENTINEL = '\u0001';
const END = SENTINEL + SENTINEL;
/** A room's rowid range is [n · 2³², (n + 1) · 2³²): seq stays below 2³², n below 2²¹. */
const ROOM_SPAN = 2 ** 32;
/** A short query first scans this many of the newest messages (see the file comment). */
const SCAN_WINDOW = 2000;
/** Above this many vocabulary terms, a short query scans the rest of the room instead. */
const MAX_OR_TERMS = 256;

/**
 * `search_rooms.indexed`: the room's seq the index has applied every entry up to (edits and
 * deletes included), written in the same transaction as those entries (search-indexer.ts).
 */
export const SEARCH_SCHEMA = `
CREATE TABLE IF NOT EXISTS search_rooms (
  room TEXT PRIMARY KEY, n INTEGER NOT NULL UNIQUE, indexed INTEGER NOT NULL DEFAULT 0);
CREATE VIRTUAL TABLE IF NOT EXISTS search USING fts5(folded, tokenize = 'trigram case_sensitive 1');
CREATE VIRTUAL TABLE IF NOT EXISTS search_terms USING fts5vocab(search, 'row');
`;

/** How text is compared: lower case by Unicode rules, the sentinel kept out. */
export function fold(text: string): string {
  return text.toLowerCase().replaceAll(SENTINEL, '\ufffd');
}

/** Counts code points. */
const chars = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

/** FTS5 query syntax for one literal string. */
const phrase = (s: string) => `"${s.replaceAll('"', '""')}"`;

/** A page of matches: seqs, newest first, and whether older matches exist. */
export interface SeqPage {
  seqs: number[];
  more: boolean;
}

export class SqliteSearchIndex {
  readonly #numbers = new Map<string, number>();
  readonly #q: Record<
    | 'number'
    | 'addRoom'
    | 'insert'
    | 'remove'
    | 'present'
    | 'match'
    | 'terms'
    | 'top'
    | 'scan'
    | 'indexed'
    | 'setIndexed',
    StatementSync
  >;

  /** @param db an open database where {@link SEARCH_SCHEMA} has been applied */
  constructor(db: DatabaseSync) {
    const p = (sql: string) => db.prepare(sql);
    this.#q = {
      number: p('SELECT n FROM search_rooms WHERE room = ?'),
      addRoom: p(
        'INSERT INTO search_rooms (room, n) VALUES (?, (SELECT coalesce(max(n), 0) + 1 FROM search_rooms)) RETURNING n',
      ),
      insert: p('INSERT OR REPLACE INTO search (rowid, folded) VALUES (?, ?)'),
      remove: p('DELETE FROM search WHERE rowid = ?'),
      // The rows of a rowid range, read from the content table (its integer primary key): a range
      // DELETE on the FTS5 table itself walks the whole index, 55 µs a message at the retention cap.
      present: p('SELECT id FROM search_content WHERE id >= ? AND id <= ?'),
      match: p(
        'SELECT rowid FROM search WHERE search MATCH ? AND rowid >= ? AND rowid < ? ORDER BY rowid DESC LIMIT ?',
      ),
      terms: p('SELECT term FROM search_terms WHERE term >= ? AND term < ? LIMIT ?'),
      top: p('SELECT max(id) AS top FROM search_content WHERE id >= ? AND id < ?'),
      // The content table, not the virtual table: through FTS5 the rowid range is not used as an
      // index and every row of every room is read; `search_content.id` is an integer primary key.
      scan: p(
        'SELECT id AS rowid FROM search_content WHERE id >= ? AND id < ? AND instr(c0, ?) > 0 ORDER BY id DESC LIMIT ?',
      ),
      indexed: p('SELECT room, indexed FROM search_rooms'),
      setIndexed: p('UPDATE search_rooms SET indexed = ? WHERE room = ?'),
    };
  }

  /** Indexes a new message's text. Call inside a transaction. */
  index(room: string, seq: number, text: string): void {
    this.#q.insert.run(this.#base(room) + seq, fold(text) + END);
  }

  /** Removes a message from the index (deleted: it must never be found again). */
  remove(room: string, seq: number): void {
    this.#q.remove.run(this.#base(room) + seq);
  }

  /**
   * Removes every message of the room with seq ≤ `upTo` (pruned from the log), one rowid at a
   * time: a rowid-range DELETE on the FTS5 table walks the whole index (55 µs a message at the
   * retention cap), while the content table's integer primary key finds the present rows.
   */
  prune(room: string, upTo: number): void {
    const base = this.#base(room);
    const rows = this.#q.present.all(base, base + upTo) as unknown as { id: number }[];
    for (const { id } of rows) this.#q.remove.run(id);
  }

  /** Each room's seq the index is complete up to (see {@link SEARCH_SCHEMA}). */
  indexed(): Map<string, number> {
    const rows = this.#q.indexed.all() as { room: string; indexed: number }[];
    return new Map(rows.map((r) => [r.room, r.indexed]));
  }

  /** Records that the room is indexed up to `seq`. Call in the transaction that got it there. */
  setIndexed(room: string, seq: number): void {
    this.#base(room); // the room's row exists
    this.#q.setIndexed.run(seq, room);
  }

  /**
   * The seqs of the room's messages whose text contains `q` (ignoring case), newest first, below
   * `before` when given, not below `from` (the oldest seq still kept: pruning here may lag the
   * log's), at most `limit`.
   */
  search(room: string, q: string, limit: number, before?: number, from = 0): SeqPage {
    const base = this.#base(room);
    const hi = base + (before === undefined ? ROOM_SPAN : Math.min(before, ROOM_SPAN));
    const folded = fold(q);
    const rows = this.#matches(folded, base + Math.max(0, from), hi, limit + 1);
    const more = rows.length > limit;
    if (more) rows.pop();
    return { seqs: rows.map((r) => Number(r.rowid) - base), more };
  }

  #matches(folded: string, lo: number, hi: number, limit: number): { rowid: number }[] {
    const all = <T>(s: StatementSync, ...args: (string | number)[]) => s.all(...args) as unknown as T[];
    if (chars(folded) >= 3) return all(this.#q.match, phrase(folded), lo, hi, limit);
    // The window ends at the newest indexed message below `hi`, not at `hi` itself: without a
    // `before`, `hi` is the end of the room's rowid range, far above its newest seq.
    const top = (this.#q.top.get(lo, hi) as { top: number | null }).top;
    if (top === null) return [];
    hi = top + 1;
    const mid = Math.max(lo, hi - SCAN_WINDOW);
    const recent = all<{ rowid: number }>(this.#q.scan, mid, hi, folded, limit);
    if (recent.length >= limit || mid === lo) return recent;
    const rest = limit - recent.length;
    const terms = all<{ term: string }>(this.#q.terms, folded, folded + '\u{10ffff}', MAX_OR_TERMS + 1);
    if (terms.length === 0) return recent;
    if (terms.length > MAX_OR_TERMS) return recent.concat(all(this.#q.scan, lo, mid, folded, rest));
    return recent.concat(all(this.#q.match, terms.map((t) => phrase(t.term)).join(' OR '), lo, mid, rest));
  }

  /** The first rowid of a room's range (its number allocated on first use). */
  #base(room: string): number {
    let n = this.#numbers.get(room);
    if (n === undefined) {
      const row = (this.#q.number.get(room) ?? this.#q.addRoom.get(room)) as { n: number };
      n = row.n;
      this.#numbers.set(room, n);
    }
    return n * ROOM_SPAN;
  }
}
