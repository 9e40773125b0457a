/**
 * A raw protocol client for host tests: a real `ws` socket that records every frame, with
 * helpers to wait for the next frame of a kind. It speaks JSON by hand on purpose, so that tests
 * check the wire format itself, not our own client library.
 */
import WebSocket from 'ws';
import { newClientId } from '../../src-shared/ids.ts';
import { waitFor } from './wait.ts';

export type Frame = Record<string, unknown> & { type: string };

export interface Closed {
  code: number;
  reason: string;
}

/** A valid random client id: the project's one helper. */
export { newClientId };

export class RawClient {
  readonly ws: WebSocket;
  readonly frames: Frame[] = [];
  readonly closed: Promise<Closed>;
  readonly opened: Promise<void>;
  #waiters: { match: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
  #cursor = 0;

  constructor(url: string, options: WebSocket.ClientOptions = {}) {
    this.ws = new WebSocket(url, { perMessageDeflate: false, ...options });
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
    this.closed = new Promise((resolve) =>
      this.ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    this.ws.on('error', () => {});
    this.ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as Frame;
      this.frames.push(frame);
      this.#waiters = this.#waiters.filter((w) => {
        if (!w.match(frame)) return true;
        w.resolve(frame);
        return false;
      });
    });
  }

  /** Opens a socket and sends a hello; resolves with the welcome (or throws with the error). */
  static async join(
    url: string,
    hello: Record<string, unknown> = {},
    options: WebSocket.ClientOptions = {},
  ): Promise<RawClient> {
    const c = new RawClient(url, options);
    await c.opened;
    c.sendJson({ type: 'hello', protocol: 1, clientId: newClientId(), name: 'Tester', ...hello });
    const first = await c.next(['welcome', 'error']);
    if (first.type === 'error') throw new Error(`join failed: ${JSON.stringify(first)}`);
    return c;
  }

  sendJson(value: unknown): void {
    this.ws.send(JSON.stringify(value));
  }

  /** Resolves with the next not-yet-consumed frame whose type is one of `types` (and that matches). */
  next(types: string | string[], match: (f: Frame) => boolean = () => true, timeoutMs = 5000): Promise<Frame> {
    const list = Array.isArray(types) ? types : [types];
    const ok = (f: Frame) => list.includes(f.type) && match(f);
    for (let i = this.#cursor; i < this.frames.length; i++) {
      if (ok(this.frames[i]!)) {
        this.#cursor = i + 1;
        return Promise.resolve(this.frames[i]!);
      }
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `no ${list.join('/')} frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames.slice(-3))}`,
            ),
          ),
        timeoutMs,
      );
      this.#waiters.push({
        match: ok,
        resolve: (f) => {
          clearTimeout(timer);
          this.#cursor = this.frames.length;
          resolve(f);
        },
      });
    });
  }

  /** Every `message` frame received so far. */
  messages(): Frame[] {
    return this.frames.filter((f) => f.type === 'message');
  }

  /** Waits until `n` message frames have arrived in total. */
  async waitForMessages(n: number, timeoutMs = 10_000): Promise<Frame[]> {
    await waitFor(
      () => this.messages().length >= n,
      timeoutMs,
      () => `${n} messages (have ${this.messages().length})`,
    );
    return this.messages();
  }

  close(code = 1000): Promise<Closed> {
    this.ws.close(code);
    return this.closed;
  }
}
