/**
 * A child process driven over IPC by request and reply: the runner's handle on a server under
 * test or a load worker. Replies come back in order; a reply of type `error`, or the child's
 * death, rejects what is pending.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Clock ticks per second of /proc's CPU times. */
const TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));

/**
 * What Linux says of a process that does not answer `stats` itself (a host spawned as
 * `npm run host`): its CPU time so far (user + system, µs) and its resident memory (bytes).
 */
export function procUsage(pid: number): { cpuMicros: number; rss: number } {
  // Fields after the command name (which may hold spaces): state is the 1st, utime the 12th, stime the 13th.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const rssKiB = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return {
    cpuMicros: ((Number(fields[11]) + Number(fields[12])) * 1e6) / TICKS,
    rss: Number(rssKiB) * 1024,
  };
}

/**
 * CPU time the hypervisor took from this machine so far (ms, summed over its CPUs: /proc/stat's
 * `steal`). On a virtual machine a vCPU can stop for tens of milliseconds while the host runs
 * someone else: every thread of the process under test stops with it, which no code can avoid, so
 * a benchmark reports it beside the latencies it may have spoiled.
 */
export function stolenMs(): number {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/);
  return (Number(cpu[8] ?? 0) * 1000) / TICKS;
}

export class Proc<Command, Reply extends { type: string }> {
  readonly child: ChildProcess;
  readonly #pending: { resolve: (r: Reply) => void; reject: (e: Error) => void }[] = [];
  #exited = false;

  /**
   * Forks `bench/<script>` with `args` (under `execPath` when given: Bun speaks Node's JSON IPC
   * too); the first reply (e.g. `ready`) is awaited with {@link next}.
   */
  constructor(script: string, args: string[], execArgv: string[] = [], execPath?: string) {
    const path = fileURLToPath(new URL(script, import.meta.url));
    this.child = fork(path, args, { execArgv, execPath, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (r: Reply) => {
      const p = this.#pending.shift();
      if (!p) return;
      if (r.type === 'error') p.reject(new Error(`${script}: ${(r as unknown as { message: string }).message}`));
      else p.resolve(r);
    });
    this.child.on('exit', (code) => {
      this.#exited = true;
      for (const p of this.#pending.splice(0)) p.reject(new Error(`${script} exited (${code})`));
    });
  }

  /** The next reply, without sending anything. */
  next(): Promise<Reply> {
    if (this.#exited) return Promise.reject(new Error('process has exited'));
    return new Promise((resolve, reject) => this.#pending.push({ resolve, reject }));
  }

  /** Sends a command; resolves with its reply. */
  ask(cmd: Command): Promise<Reply> {
    const reply = this.next();
    this.child.send(cmd as object);
    return reply;
  }

  /** Resolves once the process has exited (killing it after `graceMs`). */
  async exit(graceMs = 3000): Promise<void> {
    if (this.#exited || this.child.exitCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    if (this.child.connected) this.child.disconnect();
    await exited;
    clearTimeout(timer);
  }
}
