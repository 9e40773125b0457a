/**
 * The checkers of the outbox as it crosses the desktop bridge (`settings.getOutbox`/`setOutbox`):
 * every unsent message, edit, delete or reaction the renderer asks the main process to keep.
 * Part of src-shared/bridge.ts (which uses them), apart only for its size.
 */
import type { PendingAction } from './client/types.ts';
import { BRIDGE_LIMITS, type OutboxEntry } from './bridge.ts';
import { checkText } from './codec.ts';
import { FILE_ID_PATTERN, FILE_LIMITS } from './files.ts';
import { LIMITS, SEND_ID_PATTERN } from './protocol.ts';
import { isEmoji } from './room-log.ts';
import { bool, int, object, refuse, str } from './value-checks.ts';

function fileIds(v: unknown, what: string): string[] {
  if (!Array.isArray(v) || v.length === 0 || v.length > FILE_LIMITS.perMessage) {
    refuse(`${what} must be a list of 1–${FILE_LIMITS.perMessage} file ids.`);
  }
  return (v as unknown[]).map((id, i) => str(id, `${what}[${i}]`, 24, FILE_ID_PATTERN));
}

function outboxAction(v: unknown, what: string): PendingAction {
  const o = object(v, what, ['kind', 'target', 'emoji', 'on']);
  const target = int(o.target, `${what}.target`, 1, Number.MAX_SAFE_INTEGER);
  if (o.kind === 'edit' || o.kind === 'delete') return { kind: o.kind, target };
  if (o.kind !== 'react') return refuse(`${what}.kind must be "edit", "delete" or "react".`);
  if (!isEmoji(o.emoji)) refuse(`${what}.emoji is not an emoji.`);
  return { kind: 'react', target, emoji: o.emoji as string, on: bool(o.on, `${what}.on`) };
}

/** Checks one kept unsent entry (its text by the protocol's rules, its action, files and error). */
export function outboxEntry(v: unknown, what: string): OutboxEntry {
  const o = object(v, what, ['id', 'text', 'files', 'createdAt', 'state', 'error', 'replyTo', 'action']);
  const text = str(o.text, `${what}.text`, 2 * LIMITS.maxTextChars);
  const action = o.action === undefined ? undefined : outboxAction(o.action, `${what}.action`);
  const files = o.files === undefined ? undefined : fileIds(o.files, `${what}.files`);
  const bad =
    action && action.kind !== 'edit'
      ? text === ''
        ? null
        : { message: 'must be empty.' }
      : files && text.trim() === ''
        ? null
        : checkText(text);
  if (bad) refuse(`${what}.text: ${bad.message}`);
  if (o.state !== 'sending' && o.state !== 'failed') refuse(`${what}.state must be "sending" or "failed".`);
  const entry: OutboxEntry = {
    id: str(o.id, `${what}.id`, 64, SEND_ID_PATTERN),
    text,
    createdAt: int(o.createdAt, `${what}.createdAt`, 0, Number.MAX_SAFE_INTEGER),
    state: o.state as OutboxEntry['state'],
  };
  if (files) entry.files = files;
  if (action) entry.action = action;
  if (o.replyTo !== undefined) entry.replyTo = int(o.replyTo, `${what}.replyTo`, 1, Number.MAX_SAFE_INTEGER);
  if (o.error !== undefined) {
    const e = object(o.error, `${what}.error`, ['code', 'message']);
    entry.error = {
      code: str(e.code, `${what}.error.code`, 64),
      message: str(e.message, `${what}.error.message`, BRIDGE_LIMITS.errorChars),
    };
  }
  return entry;
}

/** The key of a room's outbox: the address the client knows the room by. */
export const outboxRoom = (v: unknown) => str(v, 'room', BRIDGE_LIMITS.addressChars, /^\S+$/);
