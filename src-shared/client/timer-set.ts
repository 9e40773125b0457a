/**
 * Named one-shot timers: scheduling a name again replaces its timer, so that no timer of the
 * client can ever run twice or outlive `stop()`. The timer functions are injectable for tests.
 */
import type { Timers } from './types.ts';

const globalTimers = globalThis as unknown as Timers;

/** The platform's `setTimeout`/`clearTimeout` (browser and Node alike). */
export const defaultTimers: Timers = {
  setTimeout: (fn, ms) => globalTimers.setTimeout(fn, ms),
  clearTimeout: (handle) => globalTimers.clearTimeout(handle),
};

export class TimerSet<Name extends string> {
  readonly #timers: Timers;
  readonly #handles = new Map<Name, unknown>();

  constructor(timers: Timers = defaultTimers) {
    this.#timers = timers;
  }

  /** Runs `fn` after `ms`, replacing the timer of that name if one is pending. */
  schedule(name: Name, ms: number, fn: () => void): void {
    this.clear(name);
    const handle = this.#timers.setTimeout(() => {
      this.#handles.delete(name);
      fn();
    }, ms);
    this.#handles.set(name, handle);
  }

  /** Whether a timer of that name is pending. */
  has(name: Name): boolean {
    return this.#handles.has(name);
  }

  clear(name: Name): void {
    if (!this.#handles.has(name)) return;
    this.#timers.clearTimeout(this.#handles.get(name));
    this.#handles.delete(name);
  }

  clearAll(): void {
    for (const name of [...this.#handles.keys()]) this.clear(name);
  }
}
