/**
 * The protocol 1.1 parts of a stored message's row: edited / deleted, reactions with the names
 * of who reacted, the message it answers, and "Seen by" under the person's latest message.
 */
import type { TimelineMessage } from '../../src-shared/client/types.ts';
import type { Member, ReadState } from '../../src-shared/protocol.ts';
import { t } from '../state/i18n.svelte.ts';
import { firstLine } from './markdown.ts';

/** One emoji under a message: how many, who (names), and whether the person is among them. */
export interface ReactionView {
  emoji: string;
  count: number;
  names: string[];
  mine: boolean;
}

/** What a row shows of the room log. */
export interface LogRowView {
  edited?: boolean;
  deleted?: boolean;
  reactions?: ReactionView[];
  /** The message it answers: who wrote it and its first line (undefined text: not loaded). */
  reply?: { seq: number; name?: string; text?: string; deleted?: boolean };
  /** Under the person's own latest message: the others who have read it. */
  seenBy?: string[];
}

/** What the log view needs besides the message. */
export interface LogContext {
  bySeq: Map<number, TimelineMessage>;
  /** Member id → name, from the messages, the read positions and who is here. */
  names: Map<string, string>;
  you: string | undefined;
  reads: readonly ReadState[];
  /** The seq of the person's own latest message that is not deleted. */
  lastOwn: number | undefined;
}

/** Collects what {@link logView} needs, once per build of the rows. */
export function logContext(
  messages: readonly TimelineMessage[],
  reads: readonly ReadState[],
  members: readonly Member[],
  you: string | undefined,
): LogContext {
  const names = new Map<string, string>();
  for (const m of messages) names.set(m.from.id, m.from.name);
  for (const r of reads) names.set(r.member.id, r.member.name);
  for (const m of members) names.set(m.id, m.name);
  return {
    bySeq: new Map(messages.map((m) => [m.seq, m])),
    names,
    you,
    reads,
    lastOwn: messages.findLast((m) => m.own && !m.deleted)?.seq,
  };
}

/** The 1.1 view of one stored message. */
export function logView(m: TimelineMessage, c: LogContext): LogRowView {
  const v: LogRowView = {};
  if (m.edited !== undefined) v.edited = true;
  if (m.deleted) v.deleted = true;
  if (m.reactions) {
    v.reactions = Object.entries(m.reactions).map(([emoji, ids]) => ({
      emoji,
      count: ids.length,
      names: ids.map((id) => (id === c.you ? t('room.you') : (c.names.get(id) ?? t('actions.someone')))),
      mine: c.you !== undefined && ids.includes(c.you),
    }));
  }
  if (m.replyTo !== undefined) {
    const q = c.bySeq.get(m.replyTo);
    v.reply = q
      ? { seq: q.seq, name: q.from.name, text: firstLine(q.text), deleted: q.deleted === true }
      : { seq: m.replyTo };
  }
  if (m.seq === c.lastOwn) {
    v.seenBy = c.reads.filter((r) => r.seq >= m.seq && r.member.id !== c.you).map((r) => r.member.name);
  }
  return v;
}
