/**
 * The baseline: a bare `ws` relay. A room is a Set of sockets (from the path /room/<id>), and
 * every text frame is re-sent as is to every socket of its room, the sender's included. Nothing
 * else: no history, no validation, no presence. This is the floor a chat host is measured against.
 */
import { createServer, type Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

/** Starts the relay on 127.0.0.1:`port` (0 picks one). */
export async function startBareRelay(port: number): Promise<Server> {
  const rooms = new Map<string, Set<WebSocket>>();
  const http = createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ server: http, perMessageDeflate: false, clientTracking: false });
  wss.on('connection', (ws, req) => {
    const id = (req.url ?? '/').split('/')[2] ?? '';
    let room = rooms.get(id);
    if (!room) rooms.set(id, (room = new Set()));
    const members = room;
    members.add(ws);
    ws.on('message', (data, binary) => {
      for (const peer of members) peer.send(data, { binary });
    });
    ws.on('error', () => {});
    ws.on('close', () => {
      members.delete(ws);
      if (members.size === 0) rooms.delete(id);
    });
  });
  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
  return http;
}
