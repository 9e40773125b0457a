/**
 * A token bucket: `rate` tokens a second, up to `burst` saved. Used per socket for sends, per
 * address for hellos and peer checks, and counted in bytes for uploads. The clock is injectable
 * so that tests need not wait.
 */
export class TokenBucket {
  readonly #rate: number;
  readonly #burst: number;
  readonly #now: () => number;
  #tokens: number;
  #last: number;

  /**
   * @param rate tokens per second; 0 or less means unlimited
   * @param burst the most tokens saved up (a full bucket to start with)
   */
  constructor(rate: number, burst: number, now: () => number = Date.now) {
    this.#rate = rate;
    this.#burst = burst;
    this.#now = now;
    this.#tokens = burst;
    this.#last = now();
  }

  /** Takes `n` tokens. @returns false when there are fewer (nothing is taken: the caller is over the rate). */
  take(n = 1): boolean {
    if (this.#rate <= 0) return true;
    this.#refill();
    if (this.#tokens < n) return false;
    this.#tokens -= n;
    return true;
  }

  /** Whole seconds until `n` tokens (at most a full bucket) are there; 0 when they are now. */
  secondsUntil(n: number): number {
    if (this.#rate <= 0) return 0;
    this.#refill();
    return Math.max(0, Math.ceil((Math.min(n, this.#burst) - this.#tokens) / this.#rate));
  }

  /** Whether it has refilled completely (nothing about its past is left to remember). */
  get full(): boolean {
    if (this.#rate <= 0) return true;
    this.#refill();
    return this.#tokens >= this.#burst;
  }

  #refill(): void {
    const now = this.#now();
    this.#tokens = Math.min(this.#burst, this.#tokens + ((now - this.#last) * this.#rate) / 1000);
    this.#last = now;
  }
}
