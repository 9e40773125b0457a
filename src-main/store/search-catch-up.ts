/**
 * What the search index lacks, read from the history: the entries of each room above the seq the
 * index is complete up to (the host stopped before the indexer caught up, a data folder from
 * before the index had its own file, a new or rebuilt index). The `messages` table holds each
 * text entry in its current state, so the catch-up indexes a message by its current text, skips
 * one deleted since, and for a change above the index's seq whose target is below it, sets the
 * target to its current state: the index ends where it would be had it seen every entry.
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { IndexOp } from './search-indexer.ts';

interface LogRow {
  seq: number;
  kind: string | null;
  target: number | null;
  text: string;
  extra: string | null;
}

const isDeleted = (extra: string | null) => extra !== null && (JSON.parse(extra) as { deleted?: boolean }).deleted;

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
  const after = history.prepare(
    'SELECT seq, kind, target, text, extra FROM messages WHERE room = ? AND seq > ? ORDER BY seq',
  );
  const one = history.prepare('SELECT seq, kind, target, text, extra FROM messages WHERE room = ? AND seq = ?');
  for (const [room, latest] of roomsOf(history)) {
    const from = indexed.get(room) ?? 0;
    if (latest <= from) continue;
    for (const row of after.iterate(room, from) as Iterable<LogRow>) yield opOf(room, row, from, one);
    yield [room, latest, 0, null]; // the room's last entries may have been pruned or be reactions
  }
}

function opOf(room: string, row: LogRow, from: number, one: StatementSync): IndexOp {
  if (row.kind === null) return isDeleted(row.extra) ? [room, row.seq, 0, null] : [room, row.seq, row.seq, row.text];
  const target = row.target;
  if ((row.kind !== 'edit' && row.kind !== 'delete') || target === null || target > from) {
    return [room, row.seq, 0, null]; // a later target is indexed in its current state by its own row
  }
  const current = one.get(room, target) as LogRow | undefined;
  const gone = !current || current.kind !== null || isDeleted(current.extra);
  return [room, row.seq, target, gone ? null : current.text];
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
