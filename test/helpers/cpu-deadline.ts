/**
 * Deadlines for tests that spawn programs, counted in the CPU time those programs were given.
 *
 * A wall-clock deadline says how busy the machine was, not whether the program is slow: a host
 * start costs ~1 s of CPU, which is 10 s of wall time when ten other processes share two cores.
 * So a wait here gives up when the watched processes (a spawned child with its descendants, and
 * this test process, which runs the in-process hosts and clients) have burnt `cpuMs` of CPU
 * without the awaited thing happening: a statement about the program, true at any load. A
 * generous wall cap (`HANG_MS`) catches the other failure, a program that waits forever.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** How long a wait may take on the wall clock before it counts as a hang, however busy the machine. */
export const HANG_MS = 120_000;
/** The vitest timeout of a test that waits on spawned programs: above the hang cap, so the wait's own message wins. */
export const SPAWNING_TEST_MS = HANG_MS + 60_000;
/** The default CPU budget of one wait: ten times what a host start costs. */
export const CPU_BUDGET_MS = 10_000;

/** USER_HZ: the unit of utime/stime in /proc/PID/stat; 100 on every Linux this runs on. */
const TICK_MS = 10;

/** CPU (user + system) a process and its reaped children have used so far, in ms; 0 once it is gone. */
function cpuOfProcess(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime, stime, cutime, cstime: fields 14–17 of the line, 12–15 after the name (1-based). A
    // child that exits and is waited for moves its CPU into its parent's cutime/cstime.
    return (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) * TICK_MS;
  } catch {
    return 0;
  }
}

/** The live children of a process (every thread's), from /proc/PID/task/TID/children. */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const list = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
      if (list) out.push(...list.split(' ').map(Number));
    }
  } catch {
    // gone meanwhile
  }
  return out;
}

/** CPU used by a process and all its live descendants (npm → sh → node counts as one program). */
export function cpuOfTree(pid: number): number {
  let total = cpuOfProcess(pid);
  for (const child of childrenOf(pid)) total += cpuOfTree(child);
  return total;
}

export interface CpuDeadlineOptions {
  /** The spawned programs whose CPU counts, besides this test process. */
  pids?: Array<number | undefined>;
  /** CPU the watched processes may burn, together, before the wait gives up. */
  cpuMs?: number;
  /** The wall-clock cap for a hang. */
  wallMs?: number;
}

/** One wait's budget: started when made, asked with `expired()`, described for the failure message. */
export class CpuDeadline {
  readonly #pids: number[];
  readonly #cpuMs: number;
  readonly #wallEnd: number;
  readonly #start = Date.now();
  // Per process and never less than before: a descendant that exits unreaped drops out of the tree.
  readonly #spent = new Map<number, number>();
  readonly #base: Map<number, number>;

  constructor({ pids = [], cpuMs = CPU_BUDGET_MS, wallMs = HANG_MS }: CpuDeadlineOptions = {}) {
    this.#pids = [process.pid, ...pids.filter((p): p is number => p !== undefined)];
    this.#cpuMs = cpuMs;
    this.#wallEnd = this.#start + wallMs;
    this.#base = new Map(this.#pids.map((p) => [p, cpuOfTree(p)]));
  }

  /** CPU the watched processes have used since this deadline was made. */
  spent(): number {
    let total = 0;
    for (const pid of this.#pids) {
      const now = cpuOfTree(pid) - (this.#base.get(pid) ?? 0);
      const most = Math.max(now, this.#spent.get(pid) ?? 0);
      this.#spent.set(pid, most);
      total += most;
    }
    return total;
  }

  expired(): boolean {
    return this.spent() > this.#cpuMs || Date.now() > this.#wallEnd;
  }

  /** "after 10.2 s of CPU (31.0 s on the clock)", for the message of a wait that gave up. */
  describe(): string {
    const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    return `after ${s(this.spent())} of CPU (${s(Date.now() - this.#start)} on the clock)`;
  }
}

/**
 * Polls `check` every 50 ms until it is true; throws naming `what` once the watched processes
 * have used their CPU budget, or at the hang cap.
 */
export async function waitWithin(
  check: () => boolean,
  what: string | (() => string),
  options: CpuDeadlineOptions = {},
): Promise<void> {
  const deadline = new CpuDeadline(options);
  while (!check()) {
    if (deadline.expired()) {
      throw new Error(`gave up ${deadline.describe()} waiting for ${typeof what === 'function' ? what() : what}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Awaits `promise` under a CPU deadline (for an exit, an answer) with the same message rule. */
export async function settleWithin<T>(promise: Promise<T>, what: string, options: CpuDeadlineOptions = {}): Promise<T> {
  let settled = false;
  const watched = promise.finally(() => (settled = true));
  watched.catch(() => {}); // the caller gets the rejection through the await below
  await waitWithin(() => settled, what, options);
  return watched;
}
