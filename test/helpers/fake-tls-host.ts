/**
 * Hosts that are not ours, for the pinning tests: a TLS server with its own key that records
 * every byte it decrypts (an impostor: it must receive nothing), and a TLS WebSocket server that
 * records the hellos it gets (to see which clientId a client sends to which host).
 */
import { createServer as createHttpsServer } from 'node:https';
import { createServer, type Server } from 'node:tls';
import { WebSocketServer } from 'ws';
import { loadOrCreateHostIdentity, type HostIdentity } from '../../src-main/tls/host-identity.ts';
import { tempDataDir } from './host.ts';

export interface Impostor {
  port: number;
  identity: HostIdentity;
  /** Every byte of application data any client sent it, decrypted. */
  received(): string;
  /** TCP connections it accepted (proves the client did reach it). */
  connections(): number;
  close(): Promise<void>;
}

/** A TLS server with a key of its own (or `key`), on `port` (0: any) of 127.0.0.1. */
export async function startImpostor(port = 0, key?: HostIdentity): Promise<Impostor> {
  const identity = key ?? (await loadOrCreateHostIdentity(tempDataDir()));
  let received = '';
  let connections = 0;
  const server: Server = createServer({ key: identity.key, cert: identity.cert }, (socket) => {
    socket.on('data', (d: Buffer) => (received += d.toString('latin1')));
    socket.on('error', () => {});
  });
  server.on('tlsClientError', () => {});
  server.on('connection', () => connections++);
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return {
    port: (server.address() as { port: number }).port,
    identity,
    received: () => received,
    connections: () => connections,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

export interface RecordingHost {
  port: number;
  identity: HostIdentity;
  /** The hello frames received, in order. */
  hellos: { clientId: string; name: string }[];
  close(): Promise<void>;
}

/** A TLS WebSocket server that records hellos and answers nothing (the client just waits). */
export async function startRecordingHost(): Promise<RecordingHost> {
  const identity = await loadOrCreateHostIdentity(tempDataDir());
  const https = createHttpsServer({ key: identity.key, cert: identity.cert });
  const wss = new WebSocketServer({ server: https });
  const hellos: RecordingHost['hellos'] = [];
  wss.on('connection', (ws) =>
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { type: string; clientId: string; name: string };
      if (frame.type === 'hello') hellos.push({ clientId: frame.clientId, name: frame.name });
    }),
  );
  await new Promise<void>((r) => https.listen(0, '127.0.0.1', r));
  return {
    port: (https.address() as { port: number }).port,
    identity,
    hellos,
    close: async () => {
      for (const c of wss.clients) c.terminate();
      wss.close();
      await new Promise((r) => https.close(r));
    },
  };
}
