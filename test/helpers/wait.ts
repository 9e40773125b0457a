/**
 * Waiting in tests, one way for all: wait for the event (or state) that proves a thing, never a
 * fixed time; every poll has a deadline and says what it was waiting for when it gives up.
 */

/** A pause: only to let time pass in a scenario (a host down for a while), never before an assert. */
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls `check` every 10 ms until it is true; throws after `timeoutMs`, naming `what` (a function
 * is asked at the deadline, so the message can say what was there instead).
 */
export async function waitFor(
  check: () => boolean,
  timeoutMs = 10_000,
  what: string | (() => string) = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'function' ? what() : what}`);
    }
    await sleep(10);
  }
}
