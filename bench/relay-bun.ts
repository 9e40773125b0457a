/**
 * The native peer: Bun's built-in WebSocket pub/sub (uWebSockets in native code), the fastest
 * room relay a JavaScript developer can pick. Same job as the bare `ws` relay: a room is a topic
 * named by the path /room/<id>, every text frame is published as is to every socket of its room,
 * the sender's included (`server.publish`, not `ws.publish`, which would skip the sender).
 * Nothing is stored. Runs under Bun (`bun bench/relay-bun.ts [port]`), forked by the runner with
 * Node's IPC channel, and answers the same commands as server.ts.
 */
import type { ServerCommand, ServerReply } from './server.ts';

/** The little of Bun's API this file uses (the project type-checks against Node's types). */
interface BunSocket {
  data: { room: string };
  subscribe(topic: string): void;
}
interface BunServer {
  port: number;
  publish(topic: string, data: string | Uint8Array): number;
  upgrade(req: Request, options: { data: { room: string } }): boolean;
  stop(closeActive?: boolean): void;
}
interface BunRuntime {
  serve(options: {
    port: number;
    hostname: string;
    fetch(req: Request, server: BunServer): Response | undefined;
    websocket: {
      perMessageDeflate: boolean;
      open(ws: BunSocket): void;
      message(ws: BunSocket, data: string | Uint8Array): void;
    };
  }): BunServer;
  gc(force: boolean): void;
}
const Bun = (globalThis as unknown as { Bun?: BunRuntime }).Bun;
if (!Bun) throw new Error('relay-bun.ts runs under Bun');

const reply = (r: ServerReply) => process.send!(r);

const server = Bun.serve({
  port: Number(process.argv[2] ?? 0),
  hostname: '127.0.0.1',
  fetch(req, srv) {
    const room = new URL(req.url).pathname.split('/')[2] ?? '';
    return srv.upgrade(req, { data: { room } }) ? undefined : new Response(null, { status: 404 });
  },
  websocket: {
    perMessageDeflate: false,
    open(ws) {
      ws.subscribe(ws.data.room);
    },
    message(ws, data) {
      server.publish(ws.data.room, data);
    },
  },
});

process.on('message', (cmd: ServerCommand) => {
  if (cmd.type === 'stats') {
    if (cmd.gc) for (let i = 0; i < 3; i++) Bun.gc(true);
    const cpu = process.cpuUsage();
    const { rss, heapUsed, external } = process.memoryUsage();
    reply({ type: 'stats', cpuMicros: cpu.user + cpu.system, rss, heapUsed, external });
  } else if (cmd.type === 'stop') {
    server.stop(true);
    reply({ type: 'stopped' });
    process.exit(0);
  }
});
reply({ type: 'ready', port: server.port });
