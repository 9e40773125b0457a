/**
 * The room-log part of the SQLite store (protocol 1.1): change entries (`edit`, `delete`,
 * `react`) checked against their target and applied to it in the same transaction, replies, read
 * positions, and the erase that a delete demands. Each row of `messages` holds its entry in its
 * current state: a text entry's `text` is its latest version, and `extra` (JSON) carries
 * `replyTo`, `edited`, `deleted`, `reactions`, `rev`, `files`, or a change's `emoji`/`on`.
 *
 * Erasing: `secure_delete` makes SQLite overwrite freed space with zeros, so an old version of a
 * row is not left in the file; after a delete the WAL is checkpointed and truncated, so no old
 * page image of it is left there either.
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { ChatMessage, ReadState } from '../../src-shared/protocol.ts';
import { applyChange, checkChange } from '../../src-shared/room-log.ts';
import type { AppendRequest, Refusal } from './store.ts';

/** A row of `messages`. */
export interface Row {
  seq: number;
  send_id: string;
  member_id: string;
  member_name: string;
  text: string;
  ts: number;
  kind: string | null;
  target: number | null;
  extra: string | null;
}

export const COLUMNS = 'seq, send_id, member_id, member_name, text, ts, kind, target, extra';

type Extra = Pick<ChatMessage, 'replyTo' | 'edited' | 'deleted' | 'reactions' | 'rev' | 'emoji' | 'on' | 'files'>;
const EXTRA_KEYS = ['replyTo', 'edited', 'deleted', 'reactions', 'rev', 'emoji', 'on', 'files'] as const;

/** The message of a row, in its stored (current) state. */
export function toMessage(r: Row): ChatMessage {
  const m: ChatMessage = {
    type: 'message',
    seq: r.seq,
    id: r.send_id,
    from: { id: r.member_id, name: r.member_name },
    text: r.text,
    ts: r.ts,
  };
  if (r.kind !== null) m.kind = r.kind as NonNullable<ChatMessage['kind']>;
  if (r.target !== null) m.target = r.target;
  if (r.extra !== null) Object.assign(m, JSON.parse(r.extra) as Extra);
  return m;
}

/** The `extra` column of a message: null when it has none of those fields. */
export function extraOf(m: ChatMessage): string | null {
  const extra: Record<string, unknown> = {};
  for (const k of EXTRA_KEYS) if (m[k] !== undefined) extra[k] = m[k];
  return Object.keys(extra).length > 0 ? JSON.stringify(extra) : null;
}

/** Adds the 1.1 columns to a database made by an older version, and the read positions table. */
export function migrate(db: DatabaseSync): void {
  const columns = new Set((db.prepare('PRAGMA table_info(messages)').all() as { name: string }[]).map((c) => c.name));
  for (const [name, type] of [
    ['kind', 'TEXT'],
    ['target', 'INTEGER'],
    ['extra', 'TEXT'],
  ] as const) {
    if (!columns.has(name)) db.exec(`ALTER TABLE messages ADD COLUMN ${name} ${type}`);
  }
  db.exec(`CREATE INDEX IF NOT EXISTS messages_target ON messages (room, target) WHERE target IS NOT NULL;
    CREATE TABLE IF NOT EXISTS reads (
      room TEXT NOT NULL, member_id TEXT NOT NULL, member_name TEXT NOT NULL, seq INTEGER NOT NULL,
      PRIMARY KEY (room, member_id)) WITHOUT ROWID;`);
}

/** The statements and steps of the room log that run inside the store's append transaction. */
export class SqliteLog {
  readonly #db: DatabaseSync;
  readonly #q: Record<'get' | 'update' | 'blankEdits' | 'saveRead' | 'reads', StatementSync>;
  /** A delete was committed since the last checkpoint: the WAL still holds the erased text. */
  #erased = false;

  constructor(db: DatabaseSync) {
    this.#db = db;
    const p = (sql: string) => db.prepare(sql);
    this.#q = {
      get: p(`SELECT ${COLUMNS} FROM messages WHERE room = ? AND seq = ?`),
      update: p('UPDATE messages SET text = ?, extra = ? WHERE room = ? AND seq = ?'),
      blankEdits: p("UPDATE messages SET text = '' WHERE room = ? AND target = ? AND kind = 'edit'"),
      // Clamped to the room's latest seq; nothing for a room without messages (no record).
      saveRead: p(`INSERT INTO reads (room, member_id, member_name, seq)
        SELECT ?1, ?2, ?3, min(?4, latest_seq) FROM rooms WHERE id = ?1 AND latest_seq > 0
        ON CONFLICT (room, member_id) DO UPDATE SET seq = max(seq, excluded.seq), member_name = excluded.member_name`),
      reads: p('SELECT member_id, member_name, seq FROM reads WHERE room = ? ORDER BY seq DESC, member_id'),
    };
  }

  /** The entry with that seq in its current state. */
  get(room: string, seq: number): ChatMessage | undefined {
    const row = this.#q.get.get(room, seq) as Row | undefined;
    return row && toMessage(row);
  }

  /**
   * Checks a request against the entry it names (a change's target, a reply's original).
   * @returns why it cannot be stored, or null
   */
  check(r: AppendRequest): Refusal | null {
    if (r.change) {
      const { kind, emoji, on } = r.change;
      return checkChange({ kind, memberId: r.from.id, emoji, on }, this.get(r.room, r.change.target));
    }
    if (r.replyTo !== undefined)
      return checkChange({ kind: 'react', memberId: r.from.id }, this.get(r.room, r.replyTo));
    return null;
  }

  /** Applies a stored change entry to its target (already checked, in the same transaction). */
  apply(room: string, change: ChatMessage): void {
    const target = this.get(room, change.target!)!;
    const next = applyChange(target, change);
    this.#q.update.run(next.text, extraOf(next), room, target.seq);
    if (change.kind === 'delete') {
      this.#q.blankEdits.run(room, target.seq);
      this.#erased = true;
    }
  }

  /** After the commit: a delete's text must not survive in the WAL either. */
  afterCommit(): void {
    if (!this.#erased) return;
    this.#erased = false;
    this.#db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  }

  saveReads(room: string, reads: readonly ReadState[]): void {
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      for (const r of reads) this.#q.saveRead.run(room, r.member.id, r.member.name, r.seq);
      this.#db.exec('COMMIT');
    } catch (err) {
      this.#db.exec('ROLLBACK');
      throw err;
    }
  }

  reads(room: string): ReadState[] {
    return (this.#q.reads.all(room) as { member_id: string; member_name: string; seq: number }[]).map((r) => ({
      member: { id: r.member_id, name: r.member_name },
      seq: r.seq,
    }));
  }
}
