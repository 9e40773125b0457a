/**
 * The host's defences against one peer taking more than its share, in one place: the Origin
 * check at the upgrade, the per-address limits on sockets and hellos and new rooms, the
 * password backoff, and the per-member budgets. ChatHost calls it at each step of a socket's
 * life; the rules themselves live in the files beside this one. See docs/security.md.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { HostLimits } from '../options.ts';
import { clientAddress, isLoopback, normalizeAddress } from './client-address.ts';
import { MemberBudgets } from './member-budget.ts';
import { originAllowed } from './origin-check.ts';
import { PasswordBackoff } from './password-backoff.ts';
import { AddressLimits, type Refusal } from './per-address.ts';
import { UploadLimits, type UploadRefusal } from './upload-limits.ts';

export type { Refusal };

export interface GuardOptions {
  limits: HostLimits;
  rate: number;
  trustProxy: ReadonlySet<string>;
  allowedOrigins: ReadonlySet<string>;
}

/** Where an upgrade comes from, once it passed the Origin check. */
export interface Peer {
  address: string;
}

interface Tracked {
  address: string;
  counted: boolean;
  saidHello: boolean;
}

export class HostGuard {
  readonly budgets: MemberBudgets;
  readonly #options: GuardOptions;
  readonly #addresses: AddressLimits;
  readonly #uploads: UploadLimits;
  readonly #passwords: PasswordBackoff;
  readonly #sockets = new WeakMap<object, Tracked>();

  constructor(options: GuardOptions) {
    this.#options = options;
    // Loopback is this machine: whoever is on it can read the data folder anyway (docs/security.md).
    this.#addresses = new AddressLimits(options.limits, isLoopback);
    this.#uploads = new UploadLimits(options.limits, isLoopback);
    this.budgets = new MemberBudgets(options.rate);
    const { freePasswordAttempts: freeAttempts, passwordDelayMs: firstDelayMs } = options.limits;
    this.#passwords = new PasswordBackoff({ freeAttempts, firstDelayMs });
  }

  /** Checks an upgrade request. @returns the peer, or undefined when its page may not connect (403) */
  upgrade(req: IncomingMessage): Peer | undefined {
    const direct = normalizeAddress(req.socket.remoteAddress ?? '?');
    const viaTrustedProxy = this.#options.trustProxy.has(direct);
    if (!originAllowed(req, { allowedOrigins: this.#options.allowedOrigins, viaTrustedProxy })) return undefined;
    return { address: clientAddress(req, this.#options.trustProxy) };
  }

  /** A socket was accepted from `address`. @returns a refusal when the address has too many */
  accepted(socket: object, address: string): Refusal | undefined {
    const refusal = this.#addresses.open(address);
    this.#sockets.set(socket, { address, counted: refusal === undefined, saidHello: false });
    return refusal;
  }

  /** The socket sent its hello. @returns a refusal when its address says hello too often */
  hello(socket: object): Refusal | undefined {
    const t = this.#sockets.get(socket);
    if (!t?.counted || t.saidHello) return undefined;
    t.saidHello = true;
    return this.#addresses.hello(t.address);
  }

  /** The socket brings a room without a log to life. @returns a refusal when its address did so too often */
  newRoom(socket: object): Refusal | undefined {
    const t = this.#sockets.get(socket);
    return t ? this.#addresses.newRoom(t.address) : undefined;
  }

  /**
   * Checks a locked room's password, with the backoff per address and room: after a few wrong
   * ones, the next is not even looked at before its time (password-backoff.ts).
   * @returns undefined when it is right, else the refusal (`bad_password`)
   */
  password(socket: { roomId: string }, expected: string, given: string | undefined): Refusal | undefined {
    if (given === undefined) return { code: 'bad_password', message: 'This room needs a password.' };
    const address = this.#sockets.get(socket)?.address ?? '?';
    const wait = this.#passwords.wait(address, socket.roomId);
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      return {
        code: 'bad_password',
        message: `Too many wrong passwords from this computer: wait ${seconds} s, then try again.`,
        retryAfter: seconds,
      };
    }
    if (passwordMatches(expected, given)) {
      this.#passwords.succeeded(address, socket.roomId);
      return undefined;
    }
    this.#passwords.failed(address, socket.roomId);
    return { code: 'bad_password', message: 'That password is not right.' };
  }

  /**
   * An upload request begins (files-service.ts): the creation of one of `newBytes` bytes, or a PATCH.
   * @returns the function to call when it ends, or the refusal (429) for its address
   */
  upload(req: IncomingMessage, newBytes: number | undefined): (() => void) | UploadRefusal {
    return this.#uploads.begin(clientAddress(req, this.#options.trustProxy), newBytes);
  }

  closed(socket: object): void {
    const t = this.#sockets.get(socket);
    if (!t) return;
    this.#sockets.delete(socket);
    if (t.counted) this.#addresses.close(t.address, t.saidHello);
  }

  /** Forgets what has expired (the heartbeat calls it). */
  sweep(): void {
    this.#addresses.sweep();
    this.#uploads.sweep();
    this.budgets.sweep();
  }
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Compares in constant time (over digests, so lengths leak nothing either). */
function passwordMatches(expected: string, given: string): boolean {
  return timingSafeEqual(digest(expected), digest(given));
}
