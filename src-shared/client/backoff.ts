/**
 * Reconnect delays: the first retry within `initialMs`, then exponential growth to `maxMs`, each
 * delay jittered so that a room of clients that lost the same host does not return in lockstep.
 * A connection that stayed healthy for `resetAfterMs` starts the next series from the beginning.
 * Randomness and the clock are injectable, so the tests are exact.
 */
import type { BackoffOptions } from './types.ts';

/** The contract's defaults: first retry within 1 s, cap 30 s, reset after 10 s healthy. */
export const DEFAULT_BACKOFF: Readonly<BackoffOptions> = Object.freeze({
  initialMs: 1000,
  maxMs: 30_000,
  factor: 2,
  jitter: 0.5,
  resetAfterMs: 10_000,
  random: Math.random,
  now: Date.now,
});

export class Backoff {
  readonly options: Readonly<BackoffOptions>;
  #attempt = 0;
  #healthySince: number | undefined;

  /** @throws RangeError on options that cannot make sense (negative, jitter outside 0..1). */
  constructor(options: Partial<BackoffOptions> = {}) {
    const o = { ...DEFAULT_BACKOFF, ...options };
    if (!(o.initialMs > 0) || !(o.maxMs >= o.initialMs) || !(o.factor >= 1) || !(o.jitter >= 0 && o.jitter <= 1)) {
      throw new RangeError('Backoff needs 0 < initialMs ≤ maxMs, factor ≥ 1 and 0 ≤ jitter ≤ 1.');
    }
    this.options = Object.freeze(o);
  }

  /** How many delays were handed out since the last reset. */
  get attempt(): number {
    return this.#attempt;
  }

  /**
   * The delay before the next attempt, in ms. The upper bound grows `initialMs · factor^n` up to
   * `maxMs`; the delay is drawn from `[bound · (1 − jitter), bound)`.
   */
  next(): number {
    const { initialMs, maxMs, factor, jitter, random, now, resetAfterMs } = this.options;
    if (this.#healthySince !== undefined && now() - this.#healthySince >= resetAfterMs) this.#attempt = 0;
    this.#healthySince = undefined;
    const bound = Math.min(maxMs, initialMs * factor ** Math.min(this.#attempt, 64));
    this.#attempt++;
    return Math.round(bound * (1 - jitter * random()));
  }

  /** A connection became healthy (the welcome arrived): if it lasts, the series starts over. */
  healthy(): void {
    this.#healthySince = this.options.now();
  }

  /** Starts over at once (e.g. the network came back). */
  reset(): void {
    this.#attempt = 0;
    this.#healthySince = undefined;
  }
}
