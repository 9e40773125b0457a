/**
 * The Socket.IO comparison: a room broadcast as Socket.IO users write it. Clients join the room
 * named in the handshake query; every `m` event is emitted to the whole room, the sender's
 * included. WebSocket transport only (no long-polling), permessage-deflate off (its default).
 */
import { createServer, type Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';

/** Starts the Socket.IO relay on 127.0.0.1:`port` (0 picks one). */
export async function startSocketIoRelay(port: number): Promise<HttpServer> {
  const http = createServer();
  const io = new Server(http, { transports: ['websocket'], serveClient: false, perMessageDeflate: false });
  io.on('connection', (socket) => {
    const room = String(socket.handshake.query['room'] ?? 'general');
    void socket.join(room);
    socket.on('m', (text: string) => {
      io.to(room).emit('m', text);
    });
  });
  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
  return http;
}
