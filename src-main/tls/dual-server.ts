/**
 * One port, two doors: TLS (`https://`, `wss://`) and plain HTTP/WebSocket. Each new TCP
 * connection is handed, after its first byte, to an `https.Server` (a TLS record starts with
 * 0x16, a handshake) or to an `http.Server` (an HTTP request starts with a letter). Both run the
 * same request and upgrade handlers, so everything the host serves is served on both.
 *
 * Why the first byte and not two ports: people type one address, and a client that pinned a
 * key (docs/security.md) simply asks for TLS on the port it already knows. The plain path pays
 * one extra 'data' event per connection, at its start, and nothing after.
 *
 * `tlsOnly` refuses plain: a browser's GET is redirected to the same URL over https, anything
 * else (a plain WebSocket upgrade included) gets 403 with a sentence.
 */
import { EventEmitter } from 'node:events';
import { createServer as createHttpServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { HostIdentity } from './host-identity.ts';

/** A TLS record of type handshake (the ClientHello) starts with this byte. */
const TLS_HANDSHAKE = 0x16;
/** A connection that sends nothing for this long is closed before it reaches either server. */
const FIRST_BYTE_TIMEOUT_MS = 30_000;
/**
 * Connections the kernel may hold for us before we accept them (it caps this at
 * net.core.somaxconn, 4096 on current Linux). Node's default is 511: when a whole room reconnects
 * after a restart, the connections beyond it are dropped and their clients try again only after
 * TCP's one-second retransmission timeout (seen in a storm of 1000: docs/performance.md).
 */
const LISTEN_BACKLOG = 4096;

export type UpgradeListener = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

export interface DualServerOptions {
  handler: RequestListener;
  /** The key and certificate; without one, the port speaks plain HTTP only. */
  identity?: Pick<HostIdentity, 'key' | 'cert'>;
  /** Refuse plain connections (redirect browsers to https). */
  tlsOnly?: boolean;
}

/** The host's listening port; emits `upgrade` for WebSocket upgrades on either door. */
export class DualServer extends EventEmitter<{ upgrade: Parameters<UpgradeListener> }> {
  readonly #net;
  readonly #plain: Server;
  readonly #secure: Server | undefined;

  constructor(o: DualServerOptions) {
    super();
    if (o.tlsOnly && !o.identity) throw new TypeError('tlsOnly needs a TLS identity');
    const upgrade: UpgradeListener = (req, socket, head) => this.emit('upgrade', req, socket, head);
    this.#plain = createHttpServer(o.tlsOnly ? redirectToHttps : o.handler);
    this.#plain.on('upgrade', o.tlsOnly ? refusePlainUpgrade : upgrade);
    if (o.identity) {
      this.#secure = createHttpsServer({ key: o.identity.key, cert: o.identity.cert }, o.handler);
      this.#secure.on('upgrade', upgrade);
      // A client that gives up on our certificate (a browser before its warning is accepted) is not an error.
      this.#secure.on('tlsClientError', () => {});
    }
    this.#net = createNetServer((socket) => this.#sniff(socket));
  }

  /** Whether the port answers TLS. */
  get secure(): boolean {
    return this.#secure !== undefined;
  }

  /** Listens; rejects with the listen error (EADDRINUSE…). */
  listen(port: number, host: string | undefined): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#net.once('error', reject);
      this.#net.listen({ port, host, backlog: LISTEN_BACKLOG }, () => {
        this.#net.off('error', reject);
        resolve();
      });
    });
  }

  address(): AddressInfo | null {
    return this.#net.address() as AddressInfo | null;
  }

  /** Stops accepting; resolves once every connection has ended (see {@link closeAllConnections}). */
  close(): Promise<void> {
    const servers = [this.#plain, this.#secure].filter((s) => s !== undefined);
    const netClosed = new Promise<void>((r) => this.#net.close(() => r()));
    for (const s of servers) s.close();
    return netClosed;
  }

  /** Ends every connection of both doors at once (after the WebSockets had their close). */
  closeAllConnections(): void {
    this.#plain.closeAllConnections();
    this.#secure?.closeAllConnections();
    // Every socket the port accepted, whichever door took it: a keep-alive socket handed to a
    // door between its requests is not always among that server's own (a host polled by another
    // host's discovery every few seconds never finished stopping).
    for (const socket of this.#accepted) socket.destroy();
  }

  readonly #undecided = new Set<Socket>();
  readonly #accepted = new Set<Socket>();

  #sniff(socket: Socket): void {
    this.#accepted.add(socket);
    socket.once('close', () => this.#accepted.delete(socket));
    this.#undecided.add(socket);
    socket.setTimeout(FIRST_BYTE_TIMEOUT_MS, () => socket.destroy());
    socket.on('error', noop); // until a server takes it; a reset before the first byte is nobody's business
    socket.once('close', () => this.#undecided.delete(socket));
    socket.once('data', (chunk: Buffer) => {
      socket.pause();
      socket.setTimeout(0);
      socket.off('error', noop);
      this.#undecided.delete(socket);
      socket.unshift(chunk);
      if (chunk[0] === TLS_HANDSHAKE && this.#secure) {
        // The TLS socket reads what is buffered (the ClientHello) from the paused socket itself.
        this.#secure.emit('connection', socket);
      } else {
        this.#plain.emit('connection', socket);
        socket.resume();
      }
    });
  }
}

function noop(): void {}

const PLAIN_REFUSED =
  'This host accepts encrypted connections only: use https:// or wss:// (the app does this itself).\n';

/** `--tls-only`: a browser asking over plain HTTP is sent to the same place over https. */
function redirectToHttps(req: IncomingMessage, res: import('node:http').ServerResponse): void {
  const host = req.headers.host;
  if ((req.method === 'GET' || req.method === 'HEAD') && host && /^[A-Za-z0-9.:[\]-]{1,300}$/.test(host)) {
    res.writeHead(308, {
      Location: `https://${host}${req.url ?? '/'}`,
      'Content-Length': 0,
      'Cache-Control': 'no-store',
    });
    res.end();
    return;
  }
  res.writeHead(403, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(PLAIN_REFUSED),
  });
  res.end(PLAIN_REFUSED);
}

function refusePlainUpgrade(_req: IncomingMessage, socket: Duplex): void {
  socket.end(
    `HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(PLAIN_REFUSED)}\r\n\r\n${PLAIN_REFUSED}`,
  );
}
