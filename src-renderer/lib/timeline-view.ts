/**
 * Turns the client's timeline into the rows the message list shows: day separators, a marker
 * where an earlier history ends, consecutive messages of one person under one name grouped
 * under one header, and this client's unacknowledged messages at the end, marked as sending or
 * failed.
 */
import type { ArchivedTimeline, PendingMessage, TimelineGap, TimelineMessage } from '../../src-shared/client/types.ts';
import type { FileInfo, Member, ReadState } from '../../src-shared/protocol.ts';
import { day as dayLabel, hostError, t } from '../state/i18n.svelte.ts';
import { logContext, logView, type LogRowView } from './log-view.ts';
import { dayKey } from './time.ts';

/** Messages of one person closer together than this share one header. */
export const GROUP_WINDOW_MS = 5 * 60_000;

/** How one message row looks (with its room-log state, 1.1). */
export interface MessageRow extends LogRowView {
  kind: 'message';
  /** Stable across re-renders: `s<seq>` once stored, `p<id>` while pending. */
  key: string;
  from: Member;
  text: string;
  ts: number;
  own: boolean;
  /** The first of a group: shows the name and time. */
  head: boolean;
  status: 'sent' | 'sending' | 'failed';
  /** The send id (to retry a failed one). */
  id: string;
  /** Why it failed (or, while sending, why it is waiting), in words. */
  error?: string;
  /** The files it carries (stored messages). */
  files?: readonly FileInfo[];
  /** The stored message's seq (none while pending). */
  seq?: number;
  /** The message a search result points at. */
  highlight?: boolean;
}

/** A row of the message list. */
export type Row =
  | MessageRow
  | { kind: 'day'; key: string; label: string }
  | { kind: 'note'; key: string; label: string }
  /** "New messages": where the person had left off. */
  | { kind: 'unread'; key: string }
  /** The first message of the room is above: nothing older exists. */
  | { kind: 'start'; key: string };

/** What the view needs of a room's timeline. */
export interface TimelineInput {
  messages: readonly TimelineMessage[];
  pending: readonly PendingMessage[];
  archived?: readonly ArchivedTimeline[];
  gaps?: readonly TimelineGap[];
  /** The local person, for pending messages. */
  you: Member | null;
  /** The timeline holds the room's first message (a "start of the room" row goes first). */
  atStart?: boolean;
  /** "New messages" goes before the first message from someone else after this seq. */
  markerSeq?: number | null;
  /** The message to highlight. */
  highlightSeq?: number | null;
  /** 1.1: read positions, for "Seen by" under the person's latest message. */
  reads?: readonly ReadState[];
  /** Who is here (names for reactions by people who wrote nothing loaded). */
  members?: readonly Member[];
}

/**
 * Whether a message after `prev` shows its own header: another person, a pause longer than the
 * window, a failed message before it, or the same person shown under another name (a rename:
 * messages keep the name they were sent under, so the ones after it must not sit under the old
 * header). One's own messages are all headed "You", so a rename of one's own does not break.
 */
export function startsGroup(
  prev: Pick<MessageRow, 'from' | 'ts' | 'status'>,
  row: Pick<MessageRow, 'from' | 'ts' | 'own'>,
): boolean {
  return (
    prev.from.id !== row.from.id ||
    (!row.own && prev.from.name !== row.from.name) ||
    row.ts - prev.ts > GROUP_WINDOW_MS ||
    prev.status === 'failed'
  );
}

class RowBuilder {
  readonly rows: Row[] = [];
  #lastDay = '';
  #last: MessageRow | null = null;
  readonly #now: number;

  constructor(now: number) {
    this.#now = now;
  }

  note(key: string, label: string): void {
    this.rows.push({ kind: 'note', key, label });
    this.#last = null;
    this.#lastDay = '';
  }

  /** A row that breaks a group (the next message shows its header again). */
  marker(row: Extract<Row, { kind: 'unread' | 'start' }>): void {
    this.rows.push(row);
    this.#last = null;
  }

  message(row: Omit<MessageRow, 'kind' | 'head'>): void {
    const day = dayKey(row.ts);
    if (day !== this.#lastDay) {
      this.rows.push({ kind: 'day', key: `d${row.key}`, label: dayLabel(row.ts, this.#now) });
      this.#lastDay = day;
      this.#last = null;
    }
    const prev = this.#last;
    const full: MessageRow = { kind: 'message', head: !prev || startsGroup(prev, row), ...row };
    this.rows.push(full);
    this.#last = full;
  }
}

function stored(m: TimelineMessage, prefix: string, highlight = false): Omit<MessageRow, 'kind' | 'head'> {
  const row: Omit<MessageRow, 'kind' | 'head'> = {
    key: `${prefix}s${m.seq}`,
    from: m.from,
    text: m.text,
    ts: m.ts,
    own: m.own,
    status: 'sent',
    id: m.id,
    seq: m.seq,
  };
  if (highlight) row.highlight = true;
  if (m.files) row.files = m.files;
  return row;
}

/**
 * Why a message that is still being sent waits, after a transient refusal. The host's own
 * sentence says "try again", but the client retries by itself: say what is happening instead.
 */
function waitReason(code: string | undefined): string | undefined {
  if (code === undefined) return undefined;
  if (code === 'rate_limited') return t('room.waitSlowDown');
  if (code === 'unavailable') return t('room.waitBusy');
  return t('room.waitRetrying');
}

/**
 * Builds the rows of the message list.
 * @param now the current time, for "Today" and "Yesterday"
 */
export function buildRows(input: TimelineInput, now: number): Row[] {
  const b = new RowBuilder(now);
  const archived = input.archived ?? [];
  archived.forEach((a, i) => {
    if (a.messages.length === 0) return;
    for (const m of a.messages) b.message(stored(m, `a${i}-`));
  });
  if (archived.some((a) => a.messages.length > 0)) {
    b.note('archived-end', t('room.archivedEnd'));
  }
  const gaps = [...(input.gaps ?? [])].sort((x, y) => x.from - y.from);
  let g = 0;
  if (input.atStart && input.messages.length > 0) b.marker({ kind: 'start', key: 'start' });
  // The marker goes in only where the timeline reaches back to the read position (else the
  // first unread message is older than what is loaded, and the list offers to load it).
  const firstSeq = input.messages[0]?.seq;
  let marker = input.markerSeq ?? null;
  if (marker !== null && firstSeq !== undefined && firstSeq > marker + 1 && !input.atStart) marker = null;
  const log = logContext(input.messages, input.reads ?? [], input.members ?? [], input.you?.id);
  for (const m of input.messages) {
    while (g < gaps.length && gaps[g]!.to < m.seq) {
      const gap = gaps[g++]!;
      b.note(`g${gap.from}`, t('room.gap', { count: gap.to - gap.from + 1 }));
    }
    if (marker !== null && m.seq > marker && !m.own) {
      b.marker({ kind: 'unread', key: 'unread' });
      marker = null;
    }
    b.message({ ...stored(m, '', m.seq === input.highlightSeq), ...logView(m, log) });
  }
  const you = input.you ?? { id: 'you', name: t('room.you') };
  for (const p of input.pending) {
    if (p.state === 'sent') continue;
    b.message({
      key: `p${p.id}`,
      from: you,
      text: p.text,
      ts: p.createdAt,
      own: true,
      status: p.state,
      id: p.id,
      error:
        p.state === 'failed'
          ? p.error
            ? hostError(p.error.code, p.error.message)
            : t('room.notAccepted')
          : waitReason(p.error?.code),
    });
  }
  return b.rows;
}
