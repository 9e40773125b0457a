/**
 * What one member may do per second in a room, whatever number of sockets it has open: a member
 * with six windows gets one budget, not six. Every frame type that does work on the host takes
 * from it through {@link MemberBudget.take}, so a new frame type needs only to name its kind.
 */
import { TokenBucket } from '../../platform/token-bucket.ts';

/**
 * What a frame costs:
 * - `entry`: it adds an entry to the room's log (send, edit, delete, react) — `rate` a second, burst 2×;
 * - `query`: it reads the log (history, search) — its own bucket of the same size (at most 4 in
 *   flight per socket besides: connection.ts);
 * - `typing`: relayed to everyone — at most once a second, the rest dropped silently.
 * Read positions are not here: the host coalesces them per room (room-reads.ts), and dropping one
 * could lose the newest.
 */
export type BudgetKind = 'entry' | 'query' | 'typing';

/** Relays of typing per member are spaced at least this far apart. */
export const RELAY_INTERVAL_MS = 1000;

export class MemberBudget {
  readonly #entries: TokenBucket;
  readonly #queries: TokenBucket;
  readonly #now: () => number;
  #lastTyping = -Infinity;
  /** Sockets holding this budget. */
  holders = 0;
  /** When the last holder let go (kept a while: a reconnect must not bring a fresh burst). */
  releasedAt = 0;

  /** @param rate entries per second; 0 lifts every limit but the relay spacing */
  constructor(rate: number, now: () => number = Date.now) {
    this.#now = now;
    this.#entries = new TokenBucket(rate, rate * 2, now);
    this.#queries = new TokenBucket(rate, rate * 2, now);
  }

  /** Takes one frame of `kind` from the budget. @returns false when the member is over it */
  take(kind: BudgetKind): boolean {
    switch (kind) {
      case 'entry':
        return this.#entries.take();
      case 'query':
        return this.#queries.take();
      case 'typing': {
        const now = this.#now();
        if (now - this.#lastTyping < RELAY_INTERVAL_MS) return false;
        this.#lastTyping = now;
        return true;
      }
    }
  }
}

/**
 * A budget outlives its last socket by this much: longer than a bucket takes to fill up again, so
 * that closing and reopening sockets never buys a member more than waiting would.
 */
const KEEP_AFTER_RELEASE_MS = 5000;

/** Every member's budget, shared by its sockets, forgotten a while after its last socket closes. */
export class MemberBudgets {
  readonly #rate: number;
  readonly #now: () => number;
  readonly #budgets = new Map<string, MemberBudget>();

  constructor(rate: number, now: () => number = Date.now) {
    this.#rate = rate;
    this.#now = now;
  }

  /** Budgets held (it follows the number of present members). */
  get size(): number {
    return this.#budgets.size;
  }

  /** The member's budget in the room; each call must be matched by one {@link release}. */
  acquire(room: string, memberId: string): MemberBudget {
    const key = `${room}\n${memberId}`;
    let budget = this.#budgets.get(key);
    if (!budget) {
      budget = new MemberBudget(this.#rate, this.#now);
      this.#budgets.set(key, budget);
    }
    budget.holders++;
    return budget;
  }

  release(room: string, memberId: string): void {
    const key = `${room}\n${memberId}`;
    const budget = this.#budgets.get(key);
    if (budget && --budget.holders <= 0) budget.releasedAt = this.#now();
  }

  /** Forgets the budgets no socket has held for a while (call now and then). */
  sweep(): void {
    const now = this.#now();
    for (const [key, b] of this.#budgets) {
      if (b.holders <= 0 && now - b.releasedAt >= KEEP_AFTER_RELEASE_MS) this.#budgets.delete(key);
    }
  }
}
