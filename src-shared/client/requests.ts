/**
 * Requests on the socket, client side: each gets a fresh `ref`, and its promise settles once,
 * with the reply that repeats the ref, the `error` that names it, a timeout, or the end of the
 * socket it was written to (a reply can only come back on that socket).
 */
import type { ReplyFrame, RequestType } from '../protocol.ts';
import type { Timers } from './types.ts';

/** Why a request failed: a host `error` code, or `client_timeout` / `client_closed` / `client_offline` / `client_unsupported`. */
export class RequestFailed extends Error {
  readonly code: string;
  readonly ref: string | undefined;
  constructor(code: string, message: string, ref?: string) {
    super(message);
    this.name = 'RequestFailed';
    this.code = code;
    this.ref = ref;
  }
}

interface Waiter {
  type: RequestType;
  resolve(reply: ReplyFrame): void;
  reject(error: RequestFailed): void;
  timer: unknown;
}

/** The requests in progress on the current socket, by ref. */
export class PendingRequests {
  readonly #timers: Timers;
  readonly #waiting = new Map<string, Waiter>();
  /** Refs are `q` + a counter: distinct from send ids (random), and unique per client. */
  #next = 0;

  constructor(timers: Timers) {
    this.#timers = timers;
  }

  /** How many requests wait for their reply. */
  get size(): number {
    return this.#waiting.size;
  }

  /**
   * Registers a request about to be written.
   * @returns its ref, and a promise of its reply (rejected with {@link RequestFailed})
   */
  start(type: RequestType, timeoutMs: number): { ref: string; reply: Promise<ReplyFrame> } {
    const ref = `q${(this.#next++).toString(36)}`;
    const reply = new Promise<ReplyFrame>((resolve, reject) => {
      const timer = this.#timers.setTimeout(
        () =>
          this.reject(ref, new RequestFailed('client_timeout', `No reply from the host within ${timeoutMs} ms.`, ref)),
        timeoutMs,
      );
      this.#waiting.set(ref, { type, resolve, reject, timer });
    });
    return { ref, reply };
  }

  /** Settles the request a reply answers. @returns false when no request waits for that ref */
  resolve(reply: ReplyFrame): boolean {
    const w = this.#take(reply.ref);
    if (w?.type === reply.type) w.resolve(reply);
    else w?.reject(new RequestFailed('client_bad_frame', `The host answered ${w.type} with ${reply.type}.`, reply.ref));
    return w !== undefined;
  }

  /** Fails one request. @returns false when no request waits for that ref */
  reject(ref: string, error: RequestFailed): boolean {
    const w = this.#take(ref);
    w?.reject(error);
    return w !== undefined;
  }

  /** Fails every request (the socket is gone: no reply can come). */
  rejectAll(code: string, message: string): void {
    for (const ref of [...this.#waiting.keys()]) this.reject(ref, new RequestFailed(code, message, ref));
  }

  #take(ref: string): Waiter | undefined {
    const w = this.#waiting.get(ref);
    if (!w) return undefined;
    this.#waiting.delete(ref);
    this.#timers.clearTimeout(w.timer);
    return w;
  }
}
