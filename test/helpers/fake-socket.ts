/**
 * A scripted WebSocket and a manual clock for the client's state-machine unit tests: the test
 * plays the host frame by frame and moves time by hand. Integration tests use the real host.
 */
import type { Timers, WebSocketLike } from '../../src-shared/client/types.ts';

export class FakeSocket implements WebSocketLike {
  static all: FakeSocket[] = [];
  static get last(): FakeSocket {
    return FakeSocket.all.at(-1)!;
  }
  readyState = 0;
  sent: Record<string, unknown>[] = [];
  closedWith: { code?: number; reason?: string } | undefined;
  terminated = false;
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code: number; reason: string }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;

  readonly url: string;
  constructor(url: string) {
    this.url = url;
    FakeSocket.all.push(this);
  }
  send(data: string): void {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }
  close(code?: number, reason?: string): void {
    this.closedWith = { code, reason };
    this.readyState = 2;
  }
  terminate(): void {
    this.terminated = true;
    this.readyState = 3;
  }
  /** The host accepted the upgrade. */
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(frame: Record<string, unknown>): void {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  /** The socket closed (by the host or the network). */
  drop(code = 1006, reason = ''): void {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
  sentOf(type: string): Record<string, unknown>[] {
    return this.sent.filter((f) => f.type === type);
  }
}

/** Timers on a clock that moves only when the test says so. */
export class ManualClock implements Timers {
  now = 1_000_000;
  #queue: { at: number; fn: () => void; id: number }[] = [];
  #ids = 0;
  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.#ids;
    this.#queue.push({ at: this.now + ms, fn, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.#queue = this.#queue.filter((t) => t.id !== handle);
  }
  /** Moves time forward, running every timer that falls due, in order. */
  advance(ms: number): void {
    const end = this.now + ms;
    for (;;) {
      this.#queue.sort((a, b) => a.at - b.at || a.id - b.id);
      const next = this.#queue[0];
      if (!next || next.at > end) break;
      this.#queue.shift();
      this.now = Math.max(this.now, next.at); // a late timer runs at the present, not in the past
      next.fn();
    }
    this.now = end;
  }
  /**
   * Moves time forward first and then runs what fell due, all late: how a browser runs the
   * timers of a background tab (one wake-up a minute) or a machine that slept.
   */
  jump(ms: number): void {
    this.now += ms;
    this.advance(0);
  }
  get pending(): number {
    return this.#queue.length;
  }
}
