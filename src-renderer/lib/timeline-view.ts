/**
 * Turns the client's timeline into the rows the message list shows: day separators, a marker
 * where an earlier history ends, consecutive messages of one person grouped under one header,
 * and this client's unacknowledged messages at the end, marked as sending or failed.
 */
import type { ArchivedTimeline, PendingMessage, TimelineGap, TimelineMessage } from '../../src-shared/client/types.ts';
import type { Member, ReadState } from '../../src-shared/protocol.ts';
import { firstLine } from './markdown.ts';
import { dayKey, dayLabel } from './time.ts';

/** Messages of one person closer together than this share one header. */
export const GROUP_WINDOW_MS = 5 * 60_000;

/** How one message row looks. */
export interface MessageRow {
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
  /** 1.1, stored messages: its seq, and its current state. */
  seq?: number;
  edited?: boolean;
  deleted?: boolean;
  reactions?: ReactionView[];
  /** The message it answers: who wrote it and its first line (undefined text: not loaded). */
  reply?: { seq: number; name?: string; text?: string; deleted?: boolean };
  /** Under the person's own latest message: the others who have read it. */
  seenBy?: string[];
}

/** One emoji under a message: how many, who (names), and whether the person is among them. */
export interface ReactionView {
  emoji: string;
  count: number;
  names: string[];
  mine: boolean;
}

/** A row of the message list. */
export type Row =
  MessageRow | { kind: 'day'; key: string; label: string } | { kind: 'note'; key: string; label: string };

/** What the view needs of a room's timeline. */
export interface TimelineInput {
  messages: readonly TimelineMessage[];
  pending: readonly PendingMessage[];
  archived?: readonly ArchivedTimeline[];
  gaps?: readonly TimelineGap[];
  /** The local person, for pending messages. */
  you: Member | null;
  /** 1.1: read positions, for "Seen by" under the person's latest message. */
  reads?: readonly ReadState[];
  /** Names of members who are not in the messages (present now). */
  members?: readonly Member[];
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

  message(row: Omit<MessageRow, 'kind' | 'head'>): void {
    const day = dayKey(row.ts);
    if (day !== this.#lastDay) {
      this.rows.push({ kind: 'day', key: `d${row.key}`, label: dayLabel(row.ts, this.#now) });
      this.#lastDay = day;
      this.#last = null;
    }
    const prev = this.#last;
    const head =
      !prev || prev.from.id !== row.from.id || row.ts - prev.ts > GROUP_WINDOW_MS || prev.status === 'failed';
    const full: MessageRow = { kind: 'message', head, ...row };
    this.rows.push(full);
    this.#last = full;
  }
}

function stored(m: TimelineMessage, prefix: string): Omit<MessageRow, 'kind' | 'head'> {
  return { key: `${prefix}s${m.seq}`, from: m.from, text: m.text, ts: m.ts, own: m.own, status: 'sent', id: m.id };
}

/** The 1.1 parts of a stored message's row: state, reactions with names, the quoted reply. */
function logView(
  m: TimelineMessage,
  bySeq: Map<number, TimelineMessage>,
  names: Map<string, string>,
  you: string | undefined,
): Partial<MessageRow> {
  const v: Partial<MessageRow> = { seq: m.seq };
  if (m.edited !== undefined) v.edited = true;
  if (m.deleted) v.deleted = true;
  if (m.reactions) {
    v.reactions = Object.entries(m.reactions).map(([emoji, ids]) => ({
      emoji,
      count: ids.length,
      names: ids.map((id) => (id === you ? 'You' : (names.get(id) ?? 'someone'))),
      mine: you !== undefined && ids.includes(you),
    }));
  }
  if (m.replyTo !== undefined) {
    const q = bySeq.get(m.replyTo);
    v.reply = q
      ? { seq: q.seq, name: q.from.name, text: firstLine(q.text), deleted: q.deleted === true }
      : { seq: m.replyTo };
  }
  return v;
}

/**
 * Why a message that is still being sent waits, after a transient refusal. The host's own
 * sentence says "try again", but the client retries by itself: say what is happening instead.
 */
function waitReason(code: string | undefined): string | undefined {
  if (code === undefined) return undefined;
  if (code === 'rate_limited') return 'the host asked to slow down';
  if (code === 'unavailable') return 'the host is busy';
  return 'retrying';
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
    b.note('archived-end', 'The host’s history was reset: the messages above are from before.');
  }
  const gaps = [...(input.gaps ?? [])].sort((x, y) => x.from - y.from);
  let g = 0;
  const bySeq = new Map(input.messages.map((m) => [m.seq, m]));
  const names = new Map<string, string>();
  for (const m of input.messages) names.set(m.from.id, m.from.name);
  for (const r of input.reads ?? []) names.set(r.member.id, r.member.name);
  for (const m of input.members ?? []) names.set(m.id, m.name);
  const youId = input.you?.id;
  const lastOwn = input.messages.findLast((m) => m.own && !m.deleted)?.seq;
  for (const m of input.messages) {
    while (g < gaps.length && gaps[g]!.to < m.seq) {
      const gap = gaps[g++]!;
      const n = gap.to - gap.from + 1;
      b.note(`g${gap.from}`, `${n} earlier ${n === 1 ? 'message was' : 'messages were'} too many to load.`);
    }
    const row = { ...stored(m, ''), ...logView(m, bySeq, names, youId) };
    if (m.seq === lastOwn) {
      row.seenBy = (input.reads ?? []).filter((r) => r.seq >= m.seq && r.member.id !== youId).map((r) => r.member.name);
    }
    b.message(row);
  }
  const you = input.you ?? { id: 'you', name: 'You' };
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
          ? (p.error?.message ?? 'The host did not accept this message.')
          : waitReason(p.error?.code),
    });
  }
  return b.rows;
}
