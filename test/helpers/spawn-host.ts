/** Runs `npm run host`'s entry point as a real child process, the way people start it. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src-main/platform/paths.ts';
import { HOST_V8_FLAGS } from '../../src-main/platform/v8-flags.ts';
import { CPU_BUDGET_MS, CpuDeadline, settleWithin } from './cpu-deadline.ts';

export const HOST_CLI = join(PROJECT_ROOT, 'src-main', 'cli', 'host.mjs');

export interface SpawnedHost {
  child: ChildProcess;
  port: number;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** The host prints its banner in the terminal's language: English here, whatever the machine's. */
const ENGLISH = { ...process.env, LANG: 'C.UTF-8', LC_ALL: '', LC_MESSAGES: '', LANGUAGE: '' };

/**
 * Spawns the host CLI and resolves once it has printed its whole greeting.
 * @param cpuMs the CPU the child may use before it counts as not starting (a start costs ~1 s);
 *   counted in CPU, not on the clock, so a busy machine does not fail it (see cpu-deadline.ts)
 * @param wrap a command that runs it, e.g. `['ip', 'netns', 'exec', NS]` for another network namespace
 * @param cli the entry point (the benchmark can run another checkout's host beside this one)
 */
export function spawnHost(
  args: string[],
  cpuMs = CPU_BUDGET_MS,
  wrap: string[] = [],
  cli = HOST_CLI,
): Promise<SpawnedHost> {
  const argv = [...wrap, process.execPath, ...HOST_V8_FLAGS, cli, ...args];
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], env: ENGLISH });
  let out = '';
  let err = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = new CpuDeadline({ pids: [child.pid], cpuMs });
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (!deadline.expired()) return;
      clearInterval(timer);
      child.kill('SIGKILL'); // no caller holds it yet: it must not outlive the test
      reject(new Error(`host did not start ${deadline.describe()}: ${out}${err}`));
    }, 50);
    child.stderr!.on('data', (d) => (err += d));
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /running on port (\d+)/.exec(out);
      if (m && out.includes('Press Ctrl+C to stop.')) {
        clearInterval(timer);
        resolve({ child, port: Number(m[1]), stdout: () => out, stderr: () => err, exited });
      }
    });
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`host exited with ${code} before starting: ${out}${err}`));
    });
  });
}

/** Runs the host CLI to completion (for flags that make it exit at once), under a CPU deadline. */
export function runHostCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [...HOST_V8_FLAGS, HOST_CLI, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: ENGLISH,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once('exit', (code) => resolve({ code, stdout, stderr })),
  );
  return settleWithin(done, `the host CLI (${args.join(' ')}) to exit`, { pids: [child.pid] }).catch((e: Error) => {
    child.kill('SIGKILL');
    throw new Error(`${e.message}: ${stdout}${stderr}`);
  });
}
