/**
 * What one socket may send, whatever the frame: a cap on frames a second (pings, typing and
 * frames the host does not know included: each costs a decode and often an answer), and strikes
 * for every refusal. A client that keeps going after being told no is closed: refusals are
 * writes too, and a peer must not be able to make the host write for it without end.
 */
import { TokenBucket } from '../../platform/token-bucket.ts';

/** A strike is forgiven after this long: a client that waits a second after each refusal (as ours do) is never closed. */
const STRIKE_FORGIVEN_MS = 1000;

export class SocketBudget {
  readonly #frames: TokenBucket;
  readonly #maxStrikes: number;
  readonly #now: () => number;
  #strikes = 0;
  /** Forgiveness is counted from here. */
  #since = 0;

  /**
   * @param rate the host's sends a second per member (0 = no limit); a socket may send any
   *   frame at twice that plus 10 a second, in bursts twice as large
   * @param maxStrikes refusals (less those forgiven) after which the socket is closed
   */
  constructor(rate: number, maxStrikes: number, now: () => number = Date.now) {
    const frames = rate <= 0 ? 0 : rate * 2 + 10;
    this.#frames = new TokenBucket(frames, frames * 2, now);
    this.#maxStrikes = maxStrikes;
    this.#now = now;
  }

  /** Counts one incoming frame. @returns false when the socket sends faster than allowed */
  frame(): boolean {
    return this.#frames.take();
  }

  /** Counts one refusal. @returns true when the socket has been refused too often: close it */
  strike(): boolean {
    const now = this.#now();
    const forgiven = Math.floor((now - this.#since) / STRIKE_FORGIVEN_MS);
    this.#strikes = Math.max(0, this.#strikes - forgiven);
    this.#since = this.#strikes === 0 ? now : this.#since + forgiven * STRIKE_FORGIVEN_MS;
    this.#strikes++;
    return this.#strikes >= this.#maxStrikes;
  }
}
