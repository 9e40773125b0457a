/**
 * A child process driven over IPC by request and reply: the runner's handle on a server under
 * test or a load worker. Replies come back in order; a reply of type `error`, or the child's
 * death, rejects what is pending.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

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
