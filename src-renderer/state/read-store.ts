/**
 * Where the person left off in each room (the highest seq seen on screen, with the epoch of the
 * room's log it belongs to), kept in localStorage so that the "New messages" marker is still
 * where it was after a reload of the page or a restart of the app.
 */
const PREFIX = 'lanchat.read.v1:';

/** A room's read position. */
export interface ReadPosition {
  epoch: string;
  seq: number;
  /** Where "New messages" was shown on this visit (it stays there across a reload). */
  marker?: number | null;
}

/** The stored read position of a room (keyed by its address), if any and well-formed. */
export function loadReadPosition(room: string): ReadPosition | undefined {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(PREFIX + room) ?? 'null');
    if (typeof v !== 'object' || v === null) return undefined;
    const { epoch, seq, marker } = v as Record<string, unknown>;
    if (typeof epoch !== 'string' || !Number.isSafeInteger(seq)) return undefined;
    return { epoch, seq: seq as number, marker: Number.isSafeInteger(marker) ? (marker as number) : null };
  } catch {
    return undefined;
  }
}

/** Stores a room's read position. */
export function saveReadPosition(room: string, position: ReadPosition): void {
  try {
    localStorage.setItem(PREFIX + room, JSON.stringify(position));
  } catch {
    // Storage full or disabled: the marker still works for this run.
  }
}

/**
 * Where unread starts when a room is first welcomed (or its log was reset): where the person
 * left off in an earlier run of the same log (what came since is unread), else at the newest
 * message (the history found on joining is not news; a new epoch counts from its start), or
 * after `unreadAfter` (a DM opened by the notice of its message).
 */
export function readFrom(
  saved: ReadPosition | undefined,
  welcome: { epoch: string; latestSeq: number },
  now: { epochChanged: boolean; lastReadSeq: number; unreadAfter?: number | undefined },
): number {
  if (saved?.epoch === welcome.epoch && saved.seq <= welcome.latestSeq) return saved.seq;
  const start = now.unreadAfter ?? welcome.latestSeq;
  return now.epochChanged ? start : Math.max(now.lastReadSeq, start);
}
