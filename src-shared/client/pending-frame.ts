/**
 * The frame that carries a pending outbox entry: a `send` (with its `replyTo`), or, for a
 * change (1.1), an `edit`, `delete` or `react`. The same id every time, so the host stores it once.
 */
import type { ChangeFrame, SendFrame } from '../protocol.ts';
import type { PendingMessage } from './types.ts';

/** The frame to write for a pending entry. */
export function frameOf(p: PendingMessage): SendFrame | ChangeFrame {
  const a = p.action;
  if (!a)
    return p.replyTo === undefined
      ? { type: 'send', id: p.id, text: p.text }
      : { type: 'send', id: p.id, text: p.text, replyTo: p.replyTo };
  switch (a.kind) {
    case 'edit':
      return { type: 'edit', id: p.id, target: a.target, text: p.text };
    case 'delete':
      return { type: 'delete', id: p.id, target: a.target };
    case 'react':
      return { type: 'react', id: p.id, target: a.target, emoji: a.emoji, on: a.on };
  }
}
