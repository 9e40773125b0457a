/**
 * Decoding of the room-log frames of protocol 1.1 (`edit`, `delete`, `react`, `read`, and the
 * optional fields of `message`), kept apart from codec.ts, which dispatches to it.
 */
import type { CodecLimits, Decoded, DecodeError } from './codec.ts';
import { SEND_ID_PATTERN, type ClientFrame } from './protocol.ts';
import { isEmoji } from './room-log.ts';

type Obj = Record<string, unknown>;

const isSeq = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isPositiveSeq = (v: unknown): v is number => isSeq(v) && v > 0;
const fail = (message: string, ref?: string): Decoded<never> => ({
  ok: false,
  error: ref === undefined ? { code: 'bad_request', message } : { code: 'bad_request', message, ref },
});

/** Checks the id shared by every request that becomes a log entry. */
function idOf(o: Obj): string | undefined {
  return typeof o.id === 'string' && SEND_ID_PATTERN.test(o.id) ? o.id : undefined;
}

/**
 * Decodes `edit`, `delete` and `react`.
 * @param checkText the text check of `send` (codec.ts), so that an edit obeys the same rules
 */
export function decodeChange(
  o: Obj,
  limits: CodecLimits,
  checkText: (text: unknown, ref: string, max: number) => DecodeError | null,
): Decoded<ClientFrame> {
  const type = o.type as 'edit' | 'delete' | 'react';
  const id = idOf(o);
  if (id === undefined) return fail(`${type}.id must be 1–64 characters of A–Z, a–z, 0–9, _ and -.`);
  if (!isPositiveSeq(o.target)) return fail(`${type}.target must be the seq of a message (a whole number ≥ 1).`, id);
  if (type === 'delete') return { ok: true, frame: { type, id, target: o.target } };
  if (type === 'edit') {
    const bad = checkText(o.text, id, limits.maxTextChars);
    if (bad) return { ok: false, error: bad };
    return { ok: true, frame: { type, id, target: o.target, text: o.text as string } };
  }
  if (!isEmoji(o.emoji)) return fail('react.emoji must be 1–32 UTF-8 bytes without spaces or control characters.', id);
  if (typeof o.on !== 'boolean') return fail('react.on must be true or false.', id);
  return { ok: true, frame: { type, id, target: o.target, emoji: o.emoji, on: o.on } };
}

/** Decodes the optional `send.replyTo`; undefined when absent, null when malformed. */
export function decodeReplyTo(o: Obj): number | undefined | null {
  if (o.replyTo === undefined) return undefined;
  return isPositiveSeq(o.replyTo) ? o.replyTo : null;
}

/** Decodes a client's `read`. */
export function decodeRead(o: Obj): Decoded<ClientFrame> {
  if (!isSeq(o.seq)) return fail('read.seq must be a whole number ≥ 0.');
  return { ok: true, frame: { type: 'read', seq: o.seq } };
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const KINDS = new Set(['edit', 'delete', 'react']);

function isReactions(v: unknown): boolean {
  if (!isObj(v)) return false;
  return Object.values(v).every((ids) => Array.isArray(ids) && ids.every((id) => typeof id === 'string'));
}

/** Whether the 1.1 fields of a host's `message`, where present, are well formed. */
export function logFieldsValid(m: Obj): boolean {
  if (m.kind !== undefined && !(typeof m.kind === 'string' && KINDS.has(m.kind) && isPositiveSeq(m.target))) {
    return false;
  }
  if (m.kind === 'react' && !(typeof m.emoji === 'string' && typeof m.on === 'boolean')) return false;
  if (m.replyTo !== undefined && !isPositiveSeq(m.replyTo)) return false;
  if (m.edited !== undefined && typeof m.edited !== 'number') return false;
  if (m.deleted !== undefined && m.deleted !== true) return false;
  if (m.rev !== undefined && !isSeq(m.rev)) return false;
  return m.reactions === undefined || isReactions(m.reactions);
}

/** Whether a value is a well-formed `read` state (`{member, seq}`). */
export function isReadState(v: unknown, isMember: (m: unknown) => boolean): boolean {
  return isObj(v) && isMember(v.member) && isSeq(v.seq);
}
