/**
 * A token bucket: `rate` tokens a second, up to `burst` saved. Used per socket for sends.
 * The clock is injectable so that tests need not wait.
 */
export class TokenBucket {
  readonly #rate: number;
  readonly #burst: number;
  readonly #now: () => number;
  #tokens: number;
  #last: number;

  /**
   * @param rate tokens per second; 0 or less means unlimited
   * @param burst the most tokens saved up
   */
  constructor(rate: number, burst: number, now: () => number = Date.now) {
    this.#rate = rate;
    this.#burst = burst;
    this.#now = now;
    this.#tokens = burst;
    this.#last = now();
  }

  /** Takes one token. @returns false when the bucket is empty (the caller is over the rate). */
  take(): boolean {
    if (this.#rate <= 0) return true;
    const now = this.#now();
    this.#tokens = Math.min(this.#burst, this.#tokens + ((now - this.#last) * this.#rate) / 1000);
    this.#last = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}
