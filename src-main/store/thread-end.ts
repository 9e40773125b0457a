/**
 * How the store's threads end (sqlite-worker-store.ts, search-index-client.ts): a thread that has
 * answered its last call closes its port and ends by itself; the host waits for that instead of
 * calling `terminate()` at the same moment. Stopping a thread from outside while it is already
 * tearing itself down is a race inside Node that we have no need to enter: one CI run lost its
 * whole test process to a V8 check failing in such a thread (docs/architecture.md,
 * "SQLite on its own thread"). `terminate()` stays for a thread that does not end within its grace,
 * which only a thread stuck in a call can be.
 */
import type { Worker } from 'node:worker_threads';

/**
 * The threads' names, which the system shows (`/proc/PID/task/N/comm`, the kernel's log of a
 * crash, `top -H`): at most 15 characters.
 */
export const STORE_THREAD = 'lanchat-store';
export const SEARCH_THREAD = 'lanchat-search';

/** How long a thread that said its last word may take to end before it is stopped. */
export const THREAD_END_GRACE_MS = 5000;

/** Whether `worker` has ended (Node sets its threadId to -1 then). */
export function threadEnded(worker: Worker): boolean {
  return worker.threadId === -1;
}

/**
 * Resolves once `worker` has ended: by itself, or, after `graceMs`, because it was terminated.
 * @returns how it ended, for the caller's log and the tests
 */
export async function threadEnd(worker: Worker, graceMs = THREAD_END_GRACE_MS): Promise<'ended' | 'terminated'> {
  if (threadEnded(worker)) return 'ended';
  let stopped = false;
  const timer = setTimeout(() => {
    stopped = true;
    void worker.terminate();
  }, graceMs);
  await new Promise((resolve) => worker.once('exit', resolve));
  clearTimeout(timer);
  return stopped ? 'terminated' : 'ended';
}
