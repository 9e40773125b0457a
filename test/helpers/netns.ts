/**
 * A second machine on the LAN for tests where the peer's address matters: a Linux network
 * namespace joined to this one by a veth pair. The host listens on this side's address; code
 * run with {@link NetNs.run} connects from the other side, with its own address. Needs root
 * (as in CI); {@link netnsAvailable} says whether the tests can run.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { PROJECT_ROOT } from '../../src-main/platform/paths.ts';

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });

/** Whether network namespaces can be made here (root and iproute2). */
export function netnsAvailable(): boolean {
  try {
    return process.getuid?.() === 0 && execFileSync('ip', ['-V']).length > 0;
  } catch {
    return false;
  }
}

export interface NetNs {
  /** The host's address, on this side. */
  hostAddress: string;
  /** The other machine's address. */
  peerAddress: string;
  /** Runs a Node script (path from the project root) in the namespace. */
  run(script: string, args: string[]): Attacker;
  remove(): void;
}

/** A process on the other machine that prints one JSON object per line. */
export interface Attacker {
  child: ChildProcess;
  /** The next JSON line it prints. */
  next(timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Closes its stdin (it ends) and waits for it. */
  end(): Promise<void>;
}

let counter = 0;

/** Makes the namespace `lc-hard-<pid>-<n>` with a /30 between it and this one. */
export function createNetNs(): NetNs {
  const n = counter++;
  const name = `lc-hard-${process.pid % 10000}-${n}`;
  const veth = `lch${process.pid % 10000}x${n}`;
  const subnet = `10.${100 + (process.pid % 100)}.${n * 4}`;
  const hostAddress = `${subnet}.1`;
  const peerAddress = `${subnet}.2`;
  const remove = () => {
    try {
      ip('netns', 'del', name);
    } catch {
      /* already gone */
    }
    try {
      ip('link', 'del', `${veth}a`);
    } catch {
      /* went with the namespace */
    }
  };
  remove();
  try {
    ip('netns', 'add', name);
    ip('link', 'add', `${veth}a`, 'type', 'veth', 'peer', 'name', `${veth}b`);
    ip('link', 'set', `${veth}b`, 'netns', name);
    ip('addr', 'add', `${hostAddress}/30`, 'dev', `${veth}a`);
    ip('link', 'set', `${veth}a`, 'up');
    ip('netns', 'exec', name, 'ip', 'addr', 'add', `${peerAddress}/30`, 'dev', `${veth}b`);
    ip('netns', 'exec', name, 'ip', 'link', 'set', `${veth}b`, 'up');
    ip('netns', 'exec', name, 'ip', 'link', 'set', 'lo', 'up');
  } catch (err) {
    remove();
    throw err;
  }
  return {
    hostAddress,
    peerAddress,
    remove,
    run(script, args) {
      const child = spawn('ip', ['netns', 'exec', name, process.execPath, script, ...args], {
        cwd: PROJECT_ROOT,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let err = '';
      child.stderr!.on('data', (d) => (err += d));
      const lines: string[] = [];
      const waiters: ((line: string) => void)[] = [];
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const w = waiters.shift();
        if (w) w(line);
        else lines.push(line);
      });
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      return {
        child,
        next(timeoutMs = 30_000) {
          const line = lines.shift();
          if (line !== undefined) return Promise.resolve(JSON.parse(line) as Record<string, unknown>);
          return new Promise((resolve, reject) => {
            const timer = setTimeout(
              () => reject(new Error(`the attacker printed nothing within ${timeoutMs} ms: ${err}`)),
              timeoutMs,
            );
            waiters.push((l) => {
              clearTimeout(timer);
              resolve(JSON.parse(l) as Record<string, unknown>);
            });
            void exited.then(() => reject(new Error(`the attacker exited: ${err}`)));
          });
        },
        async end() {
          child.stdin!.end();
          await exited;
        },
      };
    },
  };
}
