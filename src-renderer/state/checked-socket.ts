/**
 * A WebSocket for the desktop window that asks the main process to check the host's key before
 * every connection attempt, the reconnections included, and opens the real socket only when the
 * check says exactly what the room was opened with (the same key, or plain for a host that
 * never encrypted). So a host that changed its key, or an impostor that took its address while
 * the window was away, gets no byte from the window: not the upgrade request, not the hello.
 *
 * It is also why a changed key is found by the main process's own handshake and not by
 * Chromium's certificate hook, whose refusals Chromium caches (docs/security.md): a key the
 * person then accepts works at once.
 */
import type { WebSocketConstructor, WebSocketLike } from '../../src-shared/client/types.ts';
import type { TlsCheck } from '../../src-shared/host-key-check.ts';

/** What a room was opened with: the host's key, or no encryption (a host that never had a key). */
export type ExpectedKey = { state: 'encrypted'; fingerprint: string } | { state: 'plain' };

export interface CheckedSocketOptions {
  /** The main process's check of the room's host (bridge `tls.check`). */
  check(): Promise<TlsCheck>;
  expected: ExpectedKey;
  /** A check said something else than `expected` or `unreachable`: the attempt fails, the app decides. */
  onVerdict(check: TlsCheck): void;
  /** The real WebSocket (the browser's). */
  inner: WebSocketConstructor;
  /** The key was checked a moment ago (the room is being opened): the first attempt skips it. */
  checkedNow?: boolean;
}

/** Whether a check lets an attempt go ahead. */
export function goesAhead(check: TlsCheck, expected: ExpectedKey): boolean {
  if (expected.state === 'plain') return check.state === 'plain';
  return check.state === 'encrypted' && check.fingerprint === expected.fingerprint;
}

/** The WebSocket constructor a room's client gets: every `new` checks the key first. */
export function checkedSockets(o: CheckedSocketOptions): WebSocketConstructor {
  let skip = o.checkedNow === true;
  return class CheckedSocket implements WebSocketLike {
    onopen: WebSocketLike['onopen'] = null;
    onmessage: WebSocketLike['onmessage'] = null;
    onclose: WebSocketLike['onclose'] = null;
    onerror: WebSocketLike['onerror'] = null;
    #ws: WebSocketLike | undefined;
    /** Before the real socket exists: 0 while checking, 3 once refused or closed. */
    #state = 0;

    constructor(url: string) {
      if (skip) {
        skip = false;
        this.#open(url);
        return;
      }
      o.check()
        .catch((): TlsCheck => ({ state: 'unreachable' }))
        .then((check) => this.#decided(url, check))
        .catch(() => this.#fail());
    }

    get readyState(): number {
      return this.#ws?.readyState ?? this.#state;
    }

    send(data: string): void {
      this.#ws?.send(data);
    }

    close(code?: number, reason?: string): void {
      if (this.#ws) this.#ws.close(code, reason);
      this.#state = 3;
    }

    #decided(url: string, check: TlsCheck): void {
      if (this.#state === 3) return; // closed while the check ran
      if (goesAhead(check, o.expected)) return this.#open(url);
      if (check.state !== 'unreachable') o.onVerdict(check);
      this.#fail();
    }

    #open(url: string): void {
      const ws = new o.inner(url);
      this.#ws = ws;
      ws.onopen = (ev) => this.onopen?.(ev);
      ws.onmessage = (ev) => this.onmessage?.(ev);
      ws.onclose = (ev) => this.onclose?.(ev);
      ws.onerror = (ev) => this.onerror?.(ev);
    }

    /** The attempt failed as a connection that never opened does (the client backs off and retries). */
    #fail(): void {
      if (this.#state === 3) return;
      this.#state = 3;
      this.onerror?.({});
      this.onclose?.({ code: 1006, reason: '' });
    }
  };
}
