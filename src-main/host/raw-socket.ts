/**
 * The one place that reaches under `ws` to its TCP socket. Why: `ws.send` frames every message
 * per socket (a header allocation, a cork/uncork, a writev each time); a broadcast framed once
 * (frame.ts) is written as is, and the messages of one tick reach a socket in a single write.
 * `ws` keeps the socket as the private `_socket`; if a future `ws` drops or renames it, this
 * returns undefined and the connection falls back to `ws.send`, slower but the same bytes.
 *
 * Writing beside `ws` is safe because, with permessage-deflate off, `ws.send` writes to the same
 * socket synchronously: the two kinds of writes stay in call order, and `ws.bufferedAmount`
 * (the socket's writable length) counts both.
 */
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';

/** The socket under `ws`, if this version of `ws` exposes it as expected. */
export function rawSocketOf(ws: WebSocket): Socket | undefined {
  const socket = (ws as unknown as { _socket?: unknown })._socket;
  if (typeof socket !== 'object' || socket === null) return undefined;
  const s = socket as Partial<Socket>;
  return typeof s.write === 'function' && typeof s.destroyed === 'boolean' ? (socket as Socket) : undefined;
}
