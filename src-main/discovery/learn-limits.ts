/**
 * How often one machine may ask this host to check and remember another (`POST /api/peers`):
 * each check fetches from the network, and each remembered peer is fetched every refresh, so a
 * peer that posts in a loop must neither keep this host busy nor push every other peer out of
 * its book (the book also caps what one teacher may put in it: peer-book.ts).
 */
import { TokenBucket } from '../platform/token-bucket.ts';

export interface LearnLimitOptions {
  /** Checks one address may ask for at once before it has to wait (default 10). */
  burst?: number;
  /** Checks a minute an address earns back (default 2). */
  perMinute?: number;
  /** Addresses tracked at most; the one heard from longest ago is forgotten first (default 256). */
  maxAddresses?: number;
  now?: () => number;
}

/** Per-address budget of peer checks. */
export class LearnLimits {
  readonly #buckets = new Map<string, TokenBucket>();
  readonly #burst: number;
  readonly #rate: number;
  readonly #max: number;
  readonly #now: () => number;

  constructor(o: LearnLimitOptions = {}) {
    this.#burst = o.burst ?? 10;
    this.#rate = (o.perMinute ?? 2) / 60;
    this.#max = o.maxAddresses ?? 256;
    this.#now = o.now ?? Date.now;
  }

  /** Addresses tracked (bounded by `maxAddresses`). */
  get size(): number {
    return this.#buckets.size;
  }

  /** Takes one check for `address`. @returns false when it asked too often */
  take(address: string): boolean {
    let bucket = this.#buckets.get(address);
    if (bucket)
      this.#buckets.delete(address); // re-inserted below: Map order is recency
    else {
      bucket = new TokenBucket(this.#rate, this.#burst, this.#now);
      if (this.#buckets.size >= this.#max) this.#buckets.delete(this.#buckets.keys().next().value!);
    }
    this.#buckets.set(address, bucket);
    return bucket.take();
  }
}
