/**
 * A LAN made of Linux network namespaces: each "machine" is a namespace with one veth into a
 * bridge that lives in a namespace of its own (the switch), so nothing of this machine's real
 * network takes part, and no other process's multicast reaches it. Needs root and `ip`
 * (iproute2), as CI has; {@link netnsUnavailable} says why not otherwise.
 */
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { tempDataDir } from './host.ts';
import { spawnHost, type SpawnedHost } from './spawn-host.ts';

const run = promisify(execFile);

/** Why namespaces cannot be used here, or undefined when they can. */
export function netnsUnavailable(): string | undefined {
  if (process.platform !== 'linux') return 'network namespaces are Linux only';
  if (process.getuid?.() !== 0) return 'network namespaces need root';
  const probe = `lc-disc-probe-${randomBytes(3).toString('hex')}`;
  try {
    execFileSync('ip', ['netns', 'add', probe], { stdio: 'pipe' });
    execFileSync('ip', ['netns', 'del', probe], { stdio: 'pipe' });
    return undefined;
  } catch (err) {
    return `cannot create a network namespace (${(err as Error).message.split('\n')[0]}); is iproute2 installed?`;
  }
}

export interface Machine {
  ns: string;
  ip: string;
  /** The command prefix that runs a program on this machine. */
  wrap: string[];
}

/** A LAN of `count` machines on one bridge; {@link Lan.destroy} removes every namespace it made. */
export class Lan {
  readonly machines: Machine[] = [];
  readonly #tag = randomBytes(3).toString('hex');
  readonly #switch = `lc-disc-${this.#tag}-sw`;
  readonly #made: string[] = [];

  async create(count: number): Promise<this> {
    const ip = (cmd: string[], ns?: string) => run('ip', ns ? ['-n', ns, ...cmd] : cmd);
    const subnet = `10.${200 + (parseInt(this.#tag.slice(0, 2), 16) % 50)}.${parseInt(this.#tag.slice(2, 4), 16)}`;
    await ip(['netns', 'add', this.#switch]);
    this.#made.push(this.#switch);
    await ip(['link', 'add', 'br0', 'type', 'bridge'], this.#switch);
    await ip(['link', 'set', 'br0', 'up'], this.#switch);
    for (let i = 1; i <= count; i++) {
      const ns = `lc-disc-${this.#tag}-${i}`;
      await ip(['netns', 'add', ns]);
      this.#made.push(ns);
      // Both ends are made inside the machine's namespace, then one is moved to the switch.
      await ip(['link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', `p${i}`], ns);
      await ip(['link', 'set', `p${i}`, 'netns', this.#switch], ns);
      await ip(['link', 'set', `p${i}`, 'master', 'br0', 'up'], this.#switch);
      const addr = `${subnet}.${i}`;
      await ip(['addr', 'add', `${addr}/24`, 'dev', 'eth0'], ns);
      await ip(['link', 'set', 'eth0', 'up'], ns);
      await ip(['link', 'set', 'lo', 'up'], ns);
      this.machines.push({ ns, ip: addr, wrap: ['ip', 'netns', 'exec', ns] });
    }
    for (const m of this.machines) await linkUp(m.ns);
    return this;
  }

  /**
   * Unplugs (`up` false) or plugs in machine `index`'s cable (1-based); plugged in, it resolves
   * once the kernel says the link runs, as a host reading its interfaces would see it.
   */
  async setLink(index: number, up: boolean): Promise<void> {
    const m = this.machines[index - 1]!;
    await run('ip', ['-n', m.ns, 'link', 'set', 'eth0', up ? 'up' : 'down']);
    if (up) await linkUp(m.ns);
  }

  /**
   * The switch stops passing multicast to machine `index` (1-based), as many office Wi-Fis do:
   * it still gets unicast (and ARP), but no DNS-SD announcement or answer reaches it.
   */
  async blockMulticastTo(index: number): Promise<void> {
    await run('ip', ['-n', this.#switch, 'link', 'set', `p${index}`, 'type', 'bridge_slave', 'mcast_flood', 'off']);
  }

  /** Removes every namespace this LAN made (their veths and the bridge go with them). */
  async destroy(): Promise<void> {
    for (const ns of this.#made.reverse()) await run('ip', ['netns', 'del', ns]).catch(() => {});
    this.#made.length = 0;
  }
}

/**
 * Waits until `eth0` of namespace `ns` runs (carrier on, `state UP`): the kernel turns a veth on
 * up to a second after `ip link set up`, and until then a program sees no address on it.
 */
async function linkUp(ns: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { stdout } = await run('ip', ['-n', ns, '-o', 'link', 'show', 'eth0']);
    if (/\bstate UP\b/.test(stdout)) return;
    if (Date.now() > deadline) throw new Error(`eth0 of ${ns} is not up after 10 s: ${stdout}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** GETs a URL from inside a machine (a Node child in its namespace); the body as text. */
export async function fetchFrom(m: Machine, url: string): Promise<string> {
  const script = `fetch(${JSON.stringify(url)},{signal:AbortSignal.timeout(4000)}).then(r=>r.text()).then(t=>process.stdout.write(t))`;
  const { stdout } = await run(m.wrap[0]!, [...m.wrap.slice(1), process.execPath, '-e', script]);
  return stdout;
}

/** `npm run host` processes on machines of a LAN, each with its own data folder; {@link stopAll} after each test. */
export class LanHosts {
  readonly #running: SpawnedHost[] = [];

  /** Starts a host on machine `m` (port 0) with more CLI `args`; resolves once it listens. */
  async start(m: Machine, ...args: string[]): Promise<SpawnedHost> {
    const h = await spawnHost(['--port', '0', '--data', tempDataDir(), ...args], undefined, m.wrap);
    this.#running.push(h);
    return h;
  }

  /** Stops every host still running (SIGINT: goodbye packets, a clean exit). */
  async stopAll(): Promise<void> {
    for (const h of this.#running.splice(0)) {
      h.child.kill('SIGINT');
      await h.exited;
    }
  }
}
