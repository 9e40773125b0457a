/**
 * What comes back from Redis is network input: anyone who can write to the Redis (a misconfigured
 * ACL, another program, a bug in another version) can put anything there. Every message and
 * member read from it passes the same checks as a client's frame before it reaches a socket. A
 * stored message that fails them keeps its seq (the log must stay gap-free) but is shown as
 * unreadable; a member whose id or name fails them is dropped.
 */
import { checkName } from '../../src-shared/codec.ts';
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

/** A stored message body (`[id, fromId, fromName, text, ts]`) parsed and checked like a frame. */
export function validMessage(seq: number, body: string): ChatMessage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return unreadable(seq);
  }
  if (!Array.isArray(parsed) || parsed.length !== 5) return unreadable(seq);
  const [id, fromId, name, text, ts] = parsed as unknown[];
  const from = validMember(fromId, name);
  const textOk = typeof text === 'string' && text.length <= MAX_TEXT && text.trim() !== '' && !CONTROL.test(text);
  if (!from || typeof id !== 'string' || !SEND_ID_PATTERN.test(id) || !textOk || !Number.isFinite(ts)) {
    return unreadable(seq);
  }
  return { type: 'message', seq, id, from, text: text as string, ts: ts as number };
}
