/**
 * Exponential backoff on wrong room passwords, per address and room. The first few mistakes are
 * answered at once (people mistype); after that each answer waits twice as long as the one
 * before, up to a minute, so a guesser gets about one answer a second at first and far fewer
 * later. It is per room: an address that guesses at one room still joins the others at once.
 * A right password clears the record.
 */

export interface PasswordBackoffOptions {
  /** Wrong passwords answered without waiting (default 3). */
  freeAttempts: number;
  /** The wait after the first failure beyond the free ones, doubled after each further one. */
  firstDelayMs: number;
  /** The longest wait. */
  maxDelayMs: number;
  /** Records kept at most (the oldest go first): a flood of addresses cannot grow it without bound. */
  maxEntries: number;
}

export const PASSWORD_BACKOFF_DEFAULTS: PasswordBackoffOptions = {
  freeAttempts: 3,
  firstDelayMs: 1000,
  maxDelayMs: 60_000,
  maxEntries: 10_000,
};

interface Entry {
  failures: number;
  /** No password is checked for this key before this time. */
  until: number;
}

/** A record untouched this long is forgotten: the guesser gets a clean slate. */
const FORGET_AFTER_MS = 15 * 60_000;

export class PasswordBackoff {
  readonly #o: PasswordBackoffOptions;
  readonly #now: () => number;
  /** Insertion-ordered: re-inserted on each failure, so the first entry is the oldest. */
  readonly #entries = new Map<string, Entry>();

  constructor(options: Partial<PasswordBackoffOptions> = {}, now: () => number = Date.now) {
    this.#o = { ...PASSWORD_BACKOFF_DEFAULTS, ...options };
    this.#now = now;
  }

  /** How many ms before a password from `address` for `room` will be checked again; 0 = now. */
  wait(address: string, room: string): number {
    const e = this.#entries.get(key(address, room));
    if (!e) return 0;
    const now = this.#now();
    if (now - e.until > FORGET_AFTER_MS) {
      this.#entries.delete(key(address, room));
      return 0;
    }
    return Math.max(0, e.until - now);
  }

  /** Records a wrong password. @returns the wait now imposed, in ms */
  failed(address: string, room: string): number {
    const k = key(address, room);
    const e = this.#entries.get(k) ?? { failures: 0, until: 0 };
    this.#entries.delete(k);
    e.failures++;
    const beyond = e.failures - this.#o.freeAttempts;
    const delay = beyond <= 0 ? 0 : Math.min(this.#o.maxDelayMs, this.#o.firstDelayMs * 2 ** (beyond - 1));
    e.until = this.#now() + delay;
    this.#entries.set(k, e);
    if (this.#entries.size > this.#o.maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
    return delay;
  }

  /** A right password: the address starts afresh for this room. */
  succeeded(address: string, room: string): void {
    this.#entries.delete(key(address, room));
  }
}

const key = (address: string, room: string) => `${address}\n${room}`;
