/**
 * Coalescing: everything written to one socket within one turn of the event loop leaves in a
 * single writev. The first write of a turn corks the socket; one `setImmediate` for all sockets
 * uncorks them after the turn's I/O callbacks have run. A join storm (each arrival's presence goes
 * to every other member) or a busy room then costs one system call per socket per turn, not one
 * per frame. Order is kept: corking only delays, within the socket's own stream.
 */
import type { Socket } from 'node:net';

const corked: Socket[] = [];
let scheduled = false;

function uncorkAll(): void {
  scheduled = false;
  // A socket is uncorked as often as it was corked here: once per turn.
  for (const socket of corked.splice(0)) socket.uncork();
}

/** Corks `socket` until the end of this turn of the event loop (no-op if already done this turn). */
export function corkForTick(socket: Socket): void {
  if (socket.writableCorked > 0 || socket.destroyed) return;
  socket.cork();
  corked.push(socket);
  if (!scheduled) {
    scheduled = true;
    setImmediate(uncorkAll);
  }
}
