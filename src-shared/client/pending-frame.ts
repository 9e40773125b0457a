/**
 * The frame that carries a pending outbox entry: a `send` (with its `replyTo` and `files`), or, for a
 * change (1.1), an `edit`, `delete` or `react`. The same id every time, so the host stores it once.
 */
import type { ClientFrame } from '../protocol.ts';
import type { PendingMessage } from './types.ts';

/** The frame to write for a pending entry. */
export function frameOf(p: PendingMessage): ClientFrame {
  const a = p.action;
  if (!a)
    return {
      type: 'send',
      id: p.id,
      text: p.text,
      ...(p.replyTo !== undefined && { replyTo: p.replyTo }),
      ...(p.files && { files: [...p.files] }),
    };
  switch (a.kind) {
    case 'edit':
      return { type: 'edit', id: p.id, target: a.target, text: p.text };
    case 'delete':
      return { type: 'delete', id: p.id, target: a.target };
    case 'react':
      return { type: 'react', id: p.id, target: a.target, emoji: a.emoji, on: a.on };
  }
}
