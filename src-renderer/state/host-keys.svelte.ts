/**
 * The desktop window's side of host keys. Before a room opens, the main process checks its host
 * (bridge `tls.check`: one TLS handshake, nothing sent): the room then joins with `wss://` and
 * the host's key (its clientId derived from that key), or with `ws://` for a host that never had
 * a key; and every later connection attempt is checked again ({@link checkedSockets}). A key that
 * is not the expected one stops everything before a byte is sent, and {@link problem} holds what
 * the person is told (HostKeyWarning.svelte) until they close it or trust a new key.
 */
import { SvelteSet } from 'svelte/reactivity';
import { formatAddress, hostForUrl, type RoomAddress } from '../../src-shared/address.ts';
import type { LanchatBridge } from '../../src-shared/bridge.ts';
import type { WebSocketConstructor } from '../../src-shared/client/types.ts';
import type { CertRefusal, TlsCheck } from '../../src-shared/host-key-check.ts';
import { checkedSockets, type ExpectedKey } from './checked-socket.ts';

/** A check that stops a room: another key, or plain where a key was expected. */
export type KeyTrouble = Extract<TlsCheck, { state: 'mismatch' | 'plainRefused' }>;

/** What the person is told: the trouble, and the room it stopped (to open once a new key is trusted). */
export interface KeyProblem {
  trouble: KeyTrouble;
  address: RoomAddress;
  name: string;
}

/** Where a room may go after its host's check. */
export type Prepared =
  /** Open it: `address` is pinned (`secure`, the full fingerprint) or plain. */
  | { kind: 'open'; address: RoomAddress; checkedNow: boolean }
  | { kind: 'trouble'; trouble: KeyTrouble }
  /** No answer, and no key known to wait for. */
  | { kind: 'unreachable' };

/** The address as the bridge takes it: with the fingerprints it carries, or `wss://` when it asks for TLS. */
export function bridgeAddress(a: RoomAddress): string {
  if (a.fingerprints?.length) return `${formatAddress(a)}#${a.fingerprints.join(',')}`;
  return `${a.secure ? 'wss://' : ''}${formatAddress(a)}`;
}

/** `host:port` of an address, as rooms of one host are grouped. */
export const hostOf = (a: Pick<RoomAddress, 'host' | 'port'>) => `${hostForUrl(a.host.toLowerCase())}:${a.port}`;

/** What a room was opened with, read back from its address. */
export function expectedOf(a: RoomAddress): ExpectedKey {
  const fingerprint = a.fingerprints?.find((fp) => fp.length === 64);
  return a.secure && fingerprint ? { state: 'encrypted', fingerprint } : { state: 'plain' };
}

export class HostKeys {
  /** The warning on screen, or null. */
  problem = $state.raw<KeyProblem | null>(null);
  /** Rooms (by key) stopped by a key problem: their status says so, "Retry" checks again. */
  readonly halted = new SvelteSet<string>();
  readonly #tls: LanchatBridge['tls'];
  readonly #inner: () => WebSocketConstructor;

  /** @param inner the real WebSocket (the page's, unless a test gives another) */
  constructor(tls: LanchatBridge['tls'], inner: () => WebSocketConstructor = () => globalThis.WebSocket) {
    this.#tls = tls;
    this.#inner = inner;
  }

  /** Checks the host of `address` (learning its key on a first visit). */
  async prepare(address: RoomAddress): Promise<Prepared> {
    let check: TlsCheck;
    try {
      check = await this.#tls.check(bridgeAddress(address));
    } catch {
      check = { state: 'unreachable' };
    }
    switch (check.state) {
      case 'encrypted':
        return { kind: 'open', address: pinned(address, check.fingerprint), checkedNow: true };
      case 'plain':
        return { kind: 'open', address: { ...unpinned(address), secure: false }, checkedNow: true };
      case 'unreachable':
        // A host met before: open the room with its key and keep trying (each attempt checked).
        return check.known
          ? { kind: 'open', address: pinned(address, check.known), checkedNow: false }
          : { kind: 'unreachable' };
      default:
        return { kind: 'trouble', trouble: check };
    }
  }

  /** The WebSocket constructor of a room opened at `address` (as {@link prepare} gave it). */
  socketFor(address: RoomAddress, checkedNow: boolean, onVerdict: (check: TlsCheck) => void): WebSocketConstructor {
    // Without the address's own pins: a later check compares with the remembered key.
    const text = bridgeAddress(unpinned(address));
    return checkedSockets({
      check: () => this.#tls.check(text),
      expected: expectedOf(address),
      onVerdict,
      inner: this.#inner(),
      checkedNow,
    });
  }

  /** Shows the warning for a room (or a join) that a key problem stopped. */
  show(problem: KeyProblem, roomKey?: string): void {
    this.problem = problem;
    if (roomKey) this.halted.add(roomKey);
  }

  /** A room runs (again) or is gone: no longer stopped by a key problem. */
  resumed(roomKey: string): void {
    this.halted.delete(roomKey);
  }

  /** Calls `fn` when Chromium refused a pinned host's certificate (bridge `tls.onRefused`). */
  onRefused(fn: (refusal: CertRefusal) => void): void {
    this.#tls.onRefused(fn);
  }

  /**
   * The person confirmed the new key the warning showed: the host must present exactly that key
   * (checked again, as an address with `#KEY`), which is then remembered instead of the old one.
   */
  async trustNewKey(): Promise<Prepared | null> {
    const p = this.problem;
    if (p?.trouble.state !== 'mismatch' || p.trouble.source !== 'known') return null;
    return this.prepare({ ...p.address, secure: true, fingerprints: [p.trouble.actual] });
  }
}

/** The address without the keys it carries (a later check compares with the remembered key). */
export const unpinned = (a: RoomAddress): RoomAddress => ({ ...a, fingerprints: undefined });

/** The trouble of a room whose host Chromium refused (the main process's hook), or null when not its host. */
export function refusalTrouble(refusal: CertRefusal, a: RoomAddress): KeyTrouble | null {
  if (!a.secure || a.host.toLowerCase() !== refusal.host) return null;
  const { expected, actual = '' } = refusal;
  return { state: 'mismatch', host: a.host, port: a.port, expected, actual, source: 'known' };
}

/** The address pinned to the host's full key (`wss://`). */
function pinned(address: RoomAddress, fingerprint: string): RoomAddress {
  return { ...address, secure: true, fingerprints: [fingerprint] };
}
