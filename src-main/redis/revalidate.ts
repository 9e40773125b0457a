/**
 * What comes back from Redis is network input: anyone who can write to the Redis (a misconfigured
 * ACL, another program, a bug in another version) can put anything there. Every message and
 * member read from it passes the same checks as a client's frame before it reaches a socket. A
 * stored message that fails them keeps its seq (the log must stay gap-free) but is shown as
 * unreadable; a member whose id or name fails them is dropped.
 */
import { checkName, isChatMessage } from '../../src-shared/codec.ts';
import { SEND_ID_PATTERN, type ChatMessage, type Member } from '../../src-shared/protocol.ts';

const MEMBER_ID = /^m-[A-Za-z0-9_-]{1,64}$/;
/** The texts a host may have stored (its limit is configurable): anything longer is not ours. */
const MAX_TEXT = 64 * 1024;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/u;

/** The unreadable stand-in for a stored message that fails the checks. */
const unreadable = (seq: number): ChatMessage => ({
  type: 'message',
  seq,
  id: `unreadable-${seq}`,
  from: { id: 'm-unknown', name: '?' },
  text: '[This message could not be read back from storage.]',
  ts: 0,
});

/** A member read from Redis, checked: undefined when its id or name is not one a host would make. */
export function validMember(id: unknown, name: unknown): Member | undefined {
  if (typeof id !== 'string' || !MEMBER_ID.test(id)) return undefined;
  const checked = checkName(name);
  return checked.ok ? { id, name: checked.name } : undefined;
}

/**
 * A stored message, parsed by `parse` (which may throw on a damaged body) and checked like a
 * frame: the member, the send id, the text (empty only for a change entry, a deleted message or
 * one that carries files) and the 1.1 fields.
 */
export function validMessage(seq: number, parse: () => ChatMessage): ChatMessage {
  let m: ChatMessage;
  try {
    m = parse();
  } catch {
    return unreadable(seq);
  }
  if (!isChatMessage(m)) return unreadable(seq);
  const from = validMember(m.from.id, m.from.name);
  const mayBeEmpty = m.kind !== undefined || m.deleted === true || (m.files?.length ?? 0) > 0;
  const textOk = m.text.length <= MAX_TEXT && !CONTROL.test(m.text) && (mayBeEmpty || m.text.trim() !== '');
  if (!from || !SEND_ID_PATTERN.test(m.id) || !textOk || !Number.isFinite(m.ts)) return unreadable(seq);
  return { ...m, from };
}
