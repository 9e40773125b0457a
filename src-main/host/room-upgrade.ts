/**
 * Which room an HTTP upgrade asks for. Only `/room/<id>` becomes a WebSocket, only while the host
 * runs, and only from a page whose Origin may connect; anything else gets a short HTTP answer and
 * its socket is ended. The room id itself is checked once the socket is open (so that the client
 * hears why, as an `error` frame).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Peer } from './limits/guard.ts';

const ROOM_PATH = /^\/room\/([^/]*)\/?$/;
const FORBIDDEN = 'This page may not connect to this LAN Chat host (its Origin is not allowed).\n';

/**
 * @param peer the Origin check (HostGuard.upgrade): the peer, or undefined for a page that may not connect
 * @returns the room and the peer's address, or undefined once the refusal is written
 */
export function roomOfUpgrade(
  req: IncomingMessage,
  socket: Duplex,
  running: boolean,
  peer: (req: IncomingMessage) => Peer | undefined,
): { roomId: string; remote: string } | undefined {
  const match = ROOM_PATH.exec((req.url ?? '/').split('?')[0]!);
  if (!match || !running) {
    const status = match ? '503 Service Unavailable' : '404 Not Found';
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    return undefined;
  }
  const allowed = peer(req);
  if (!allowed) {
    socket.end(
      `HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(FORBIDDEN)}\r\n\r\n${FORBIDDEN}`,
    );
    return undefined;
  }
  let roomId: string;
  try {
    roomId = decodeURIComponent(match[1]!);
  } catch {
    roomId = match[1]!;
  }
  return { roomId, remote: allowed.address };
}
