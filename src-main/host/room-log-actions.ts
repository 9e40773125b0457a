/**
 * The room-log requests of protocol 1.1 on the host: `send` with `replyTo`, `edit`, `delete` and
 * `react` become store requests (checked and applied by the store, in the group commit's
 * transaction), and a refusal goes back to the sender alone as an `error` with `ref`.
 */
import type { ChangeFrame, Member, SendFrame } from '../../src-shared/protocol.ts';
import type { AppendRequest } from '../store/store.ts';

/** The features of protocol 1.1 that this part of the host serves (for `welcome.features`). */
export const LOG_FEATURES = ['edit', 'delete', 'react', 'reply', 'read'] as const;

/** The store request for a client's `send`, `edit`, `delete` or `react`. */
export function appendRequestOf(
  room: string,
  clientId: string,
  from: Member,
  frame: SendFrame | ChangeFrame,
): AppendRequest {
  const base = { room, clientId, id: frame.id, from };
  switch (frame.type) {
    case 'send':
      return frame.replyTo === undefined
        ? { ...base, text: frame.text }
        : { ...base, text: frame.text, replyTo: frame.replyTo };
    case 'edit':
      return { ...base, text: frame.text, change: { kind: 'edit', target: frame.target } };
    case 'delete':
      return { ...base, text: '', change: { kind: 'delete', target: frame.target } };
    case 'react':
      return { ...base, text: '', change: { kind: 'react', target: frame.target, emoji: frame.emoji, on: frame.on } };
  }
}
