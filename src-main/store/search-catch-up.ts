/**
 * What the search index lacks, read from the history: the entries of each room above the seq the
 * index is complete up to (the host stopped before the indexer caught up, a data folder from
 * before the index had its own file, a new or rebuilt index). The `messages` table holds each
 * text entry in its current state, so the catch-up indexes a message by its current text, skips
 * one deleted since, and for a change above the index's seq whose target is below it, sets the
 * target to its current state: the index ends where it would be had it seen every entry.
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { ChatMessage } from '../../src-shared/protocol.ts';
import type { IndexOp } from './search-indexer.ts';
import { COLUMNS, toMessage, type Row } from './sqlite-log.ts';

/** A text entry that is still there (not deleted) in its current state: what the index should hold. */
export const indexable = (m: ChatMessage | undefined): m is ChatMessage =>
  m !== undefined && m.kind === undefined && !m.deleted;

/**
 * The rooms whose index cannot be caught up and must be made anew: a room the history does not
 * have, or whose index is ahead of its history (a history that lost its last commits, `normal`
 * durability and a power cut, has given those seqs to other messages since).
 */
export function staleRooms(history: DatabaseSync, indexed: ReadonlyMap<string, number>): string[] {
  const latest = roomsOf(history);
  return [...indexed].filter(([room, seq]) => seq > 0 && seq > (latest.get(room) ?? 0)).map(([room]) => room);
}

/** Every room of the history and its latest seq. */
function roomsOf(history: DatabaseSync): Map<string, number> {
  const rows = history.prepare('SELECT id, latest_seq FROM rooms').all() as { id: string; latest_seq: number }[];
  return new Map(rows.map((r) => [r.id, r.latest_seq]));
}

/** The ops that bring the index from `indexed` to the history's latest seqs, room by room, in seq order. */
export function* catchUp(history: DatabaseSync, indexed: ReadonlyMap<string, number>): Generator<IndexOp> {
  const after = history.prepare(`SELECT ${COLUMNS} FROM messages WHERE room = ? AND seq > ? ORDER BY seq`);
  const one = history.prepare(`SELECT ${COLUMNS} FROM messages WHERE room = ? AND seq = ?`);
  for (const [room, latest] of roomsOf(history)) {
    const from = indexed.get(room) ?? 0;
    if (latest <= from) continue;
    for (const row of after.iterate(room, from) as Iterable<Row>) yield opOf(room, toMessage(row), from, one);
    yield [room, latest, 0, null]; // the room's last entries may have been pruned or be reactions
  }
}

function opOf(room: string, m: ChatMessage, from: number, one: StatementSync): IndexOp {
  if (m.kind === undefined) return m.deleted ? [room, m.seq, 0, null] : [room, m.seq, m.seq, m.text];
  const target = m.target;
  if ((m.kind !== 'edit' && m.kind !== 'delete') || target === undefined || target > from) {
    return [room, m.seq, 0, null]; // a later target is indexed in its current state by its own row
  }
  const row = one.get(room, target) as Row | undefined;
  const current = row && toMessage(row);
  return [room, m.seq, target, indexable(current) ? current.text : null];
}

/**
 * A data folder from before the index had its own file kept it in the history: its tables are
 * dropped once (search.sqlite is caught up from the messages instead, as for any new index).
 */
export function dropOldIndex(history: DatabaseSync): void {
  if (!history.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'search_rooms'").get()) return;
  history.exec('BEGIN IMMEDIATE');
  try {
    history.exec(`DROP TABLE IF EXISTS search_terms; DROP TABLE IF EXISTS search; DROP TABLE search_rooms;
      DELETE FROM meta WHERE key = 'search-index';`);
    history.exec('COMMIT');
  } catch (err) {
    if (history.isTransaction) history.exec('ROLLBACK');
    throw err;
  }
}
