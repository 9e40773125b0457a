/**
 * Direct messages reach the other member's sockets in the other rooms of this host as a `dm`
 * notice, so that a client not in the DM room yet can open it (protocol §10, feature `dm`).
 */
import { dmPeer, isDmRoom } from '../../src-shared/dm.ts';
import type { ChatMessage, HostFrame } from '../../src-shared/protocol.ts';

/** What a notice needs of a socket. */
export interface NoticeTarget {
  member: { id: string } | undefined;
  roomId: string;
  phase: string;
  send(frame: HostFrame): void;
}

/** Sends each message of a DM room to the other member's sockets outside it; nothing for other rooms. */
export function sendDmNotices(conns: Iterable<NoticeTarget>, roomId: string, messages: readonly ChatMessage[]): void {
  if (!isDmRoom(roomId)) return;
  for (const message of messages) {
    const to = dmPeer(roomId, message.from.id);
    if (!to) continue;
    for (const conn of conns) {
      if (conn.member?.id === to && conn.roomId !== roomId && conn.phase === 'joined') {
        conn.send({ type: 'dm', room: roomId, message });
      }
    }
  }
}
