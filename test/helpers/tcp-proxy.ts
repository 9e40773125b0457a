/**
 * A TCP proxy on loopback for network-failure tests, between a client and a host:
 * - `cut()` destroys every connection (both sides see a reset, like a cable pulled and the OS
 *   noticing);
 * - `blackhole()` silently stops forwarding without closing anything: a half-open connection,
 *   as when a peer vanishes without a FIN (Wi-Fi gone, laptop asleep). New connections are
 *   accepted and then hang, like SYNs into a dead network;
 * - `restore()` forwards again for new connections (blackholed ones stay dead, as they would).
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

interface Link {
  client: Socket;
  upstream: Socket | undefined;
  /** Set when blackholed: data is dropped and closes are not passed on. */
  dead: boolean;
}

export class TcpProxy {
  readonly #server: Server;
  readonly #links = new Set<Link>();
  #blackholed = false;
  /** Connections accepted since the start. */
  accepted = 0;

  readonly targetPort: number;
  readonly targetHost: string;

  private constructor(targetPort: number, targetHost: string) {
    this.targetPort = targetPort;
    this.targetHost = targetHost;
    this.#server = createServer((client) => this.#accept(client));
  }

  /** Starts a proxy on 127.0.0.1, port 0, forwarding to `targetPort`. */
  static async start(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
    const proxy = new TcpProxy(targetPort, targetHost);
    await new Promise<void>((resolve) => proxy.#server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }

  /** `ws://127.0.0.1:PORT/room/ROOM` through this proxy. */
  url(room = 'general'): string {
    return `ws://127.0.0.1:${this.port}/room/${room}`;
  }

  /** Live connections (including blackholed ones). */
  get connections(): number {
    return this.#links.size;
  }

  /** Destroys every connection on both sides. */
  cut(): void {
    for (const link of this.#links) this.#end(link);
  }

  /** Stops forwarding in both directions, closing nothing: every current link is half-open. */
  blackhole(): void {
    this.#blackholed = true;
    for (const link of this.#links) link.dead = true;
  }

  /** Forwards new connections again. */
  restore(): void {
    this.#blackholed = false;
  }

  async stop(): Promise<void> {
    for (const link of this.#links) this.#end(link);
    await new Promise((resolve) => this.#server.close(resolve));
  }

  #accept(client: Socket): void {
    this.accepted++;
    const link: Link = { client, upstream: undefined, dead: this.#blackholed };
    this.#links.add(link);
    client.on('error', () => {});
    client.on('close', () => {
      if (!link.dead) this.#end(link);
      this.#links.delete(link);
    });
    client.on('data', (data) => {
      if (!link.dead) link.upstream?.write(data);
    });
    if (link.dead) return; // accepted, then silence
    client.pause(); // hold the client's first bytes until the upstream connection is up
    const upstream = connect(this.targetPort, this.targetHost, () => client.resume());
    link.upstream = upstream;
    upstream.on('error', () => {});
    upstream.on('data', (data) => {
      if (!link.dead) client.write(data);
    });
    upstream.on('close', () => {
      if (!link.dead) this.#end(link);
    });
  }

  #end(link: Link): void {
    link.client.destroy();
    link.upstream?.destroy();
    this.#links.delete(link);
  }
}
