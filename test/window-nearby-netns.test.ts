/**
 * The desktop app browses while it does not host: its main process's list for the window
 * (Browsing + WindowNearby, the modules main.ts wires) runs on one machine of a LAN made of
 * network namespaces and finds a host on another with real multicast DNS, is told at once when
 * it goes, lends the same browsing to the room it then hosts, and, on a machine the switch sends
 * no multicast to, still lists a host it was given by address.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { NearbyReply } from '../src-shared/nearby.ts';
import type { Diagnosis } from '../src-shared/nearby.ts';
import type { HostStatus } from '../src-shared/bridge.ts';
import { PROJECT_ROOT } from '../src-main/platform/paths.ts';
import { cleanupFolders, tempDataDir } from './helpers/host.ts';
import { Lan, LanHosts, fetchFrom, netnsUnavailable, type Machine } from './helpers/netns-lan.ts';

const CHILD = join(PROJECT_ROOT, 'test', 'helpers', 'window-nearby-child.ts');

type Line =
  | { event: 'ready' | 'change'; reply: NearbyReply }
  | { event: 'why'; diagnosis: Diagnosis }
  | { event: 'learned'; ok: boolean }
  | { event: 'hosting'; status: HostStatus }
  | { event: 'log'; line: string }
  | { event: 'bye' };

/** The app's main-process side of the network, running on one machine, and what it said. */
class App {
  readonly lines: Line[] = [];
  readonly #child: ChildProcess;
  readonly #waiters = new Set<() => void>();
  readonly exited: Promise<number | null>;

  constructor(m: Machine) {
    this.#child = spawn(m.wrap[0]!, [...m.wrap.slice(1), process.execPath, CHILD, tempDataDir()], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    this.exited = new Promise((resolve) => this.#child.once('exit', resolve));
    createInterface({ input: this.#child.stdout! }).on('line', (text) => {
      this.lines.push(JSON.parse(text) as Line);
      for (const wake of this.#waiters) wake();
    });
  }

  send(cmd: object): void {
    this.#child.stdin!.write(`${JSON.stringify(cmd)}\n`);
  }

  /** The newest list the window was given (the ready one or the latest push). */
  get latest(): NearbyReply | undefined {
    for (let i = this.lines.length - 1; i >= 0; i--) {
      const l = this.lines[i]!;
      if (l.event === 'ready' || l.event === 'change') return l.reply;
    }
    return undefined;
  }

  /** Waits (without polling) for a line that `check` accepts, from index `from` on. */
  async until<T>(check: (l: Line) => T | undefined, what: string, from = 0, ms = 40_000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      for (const l of this.lines.slice(from)) {
        const hit = check(l);
        if (hit !== undefined) return hit;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; said: ${JSON.stringify(this.lines.slice(-5))}`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.#waiters.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, left);
        this.#waiters.add(wake);
      });
    }
  }

  /** The first push from index `from` on whose list `check` accepts. */
  pushed(check: (r: NearbyReply) => boolean, what: string, from = 0): Promise<NearbyReply> {
    return this.until(
      (l) => ((l.event === 'change' || l.event === 'ready') && check(l.reply) ? l.reply : undefined),
      what,
      from,
    );
  }

  async quit(): Promise<void> {
    this.send({ cmd: 'quit' });
    await this.exited;
  }
}

const why = netnsUnavailable();
if (why) console.warn(`window-nearby-netns: skipped: ${why}`);

describe.skipIf(why !== undefined)('the desktop app browses without hosting (namespace LAN)', () => {
  let lan: Lan;
  const hosts = new LanHosts();
  const apps: App[] = [];

  beforeAll(async () => {
    lan = await new Lan().create(3);
  }, 60_000);
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((a) => a.quit()));
    await hosts.stopAll();
    cleanupFolders();
  });
  afterAll(async () => {
    await lan?.destroy();
  });

  const start = (m: Machine, ...args: string[]) => hosts.start(m, ...args);
  const app = (m: Machine) => {
    const a = new App(m);
    apps.push(a);
    return a;
  };
  const named = (name: string) => (r: NearbyReply) => r.hosts.some((h) => h.name === name);

  it('lists a host of another machine with its rooms while not hosting, and is told at once when it goes', async () => {
    const [a, b] = lan.machines as [Machine, Machine];
    const alpha = await start(a, '--name', 'Alpha', '--password', 'board=pw');
    const desk = app(b);
    const seen = await desk.pushed(named('Alpha'), 'Alpha pushed to the window');
    expect(seen).toMatchObject({ browsing: true, announcing: false });
    expect(seen.hosts.find((h) => h.name === 'Alpha')).toMatchObject({
      addresses: [`${a.ip}:${alpha.port}`],
      rooms: [{ id: 'board', members: 0, locked: true }],
      via: 'mdns',
    });

    desk.send({ cmd: 'why' });
    const d = await desk.until((l) => (l.event === 'why' ? l.diagnosis : undefined), 'the diagnosis');
    expect(d).toMatchObject({ hosting: false, port: 0, announcing: false, browsing: true, loopbackOnly: false });
    expect(d.addresses).toEqual([{ interface: 'eth0', address: b.ip }]);
    expect(d.hostsSeen).toBe(1);

    const mark = desk.lines.length;
    alpha.child.kill('SIGINT');
    expect(await alpha.exited).toBe(0);
    const t0 = Date.now();
    await desk.pushed((r) => !named('Alpha')(r), 'Alpha gone from the window after its goodbye', mark);
    expect(Date.now() - t0).toBeLessThan(40_000); // its TTL was 120 s: the goodbye was heard
  }, 150_000);

  it('hosting, the app lends the same browsing to its host: one list, its own room left out, seen by others', async () => {
    const [a, b] = lan.machines as [Machine, Machine];
    const alpha = await start(a, '--name', 'Alpha');
    const desk = app(b);
    await desk.pushed(named('Alpha'), 'Alpha pushed to the window');
    desk.send({ cmd: 'host' });
    const status = await desk.until((l) => (l.event === 'hosting' ? l.status : undefined), 'hosting');
    expect(status.state).toBe('running');
    const port = status.state === 'running' ? status.port : 0;
    await desk.pushed((r) => r.announcing && named('Alpha')(r), 'the window told the app announces');
    // The hosted room's /api/nearby is the window's list: the same hosts, and never itself.
    const viaHttp = JSON.parse(await fetchFrom(b, `http://${b.ip}:${port}/api/nearby`)) as NearbyReply;
    expect(viaHttp.hosts.map((h) => h.name)).toEqual(desk.latest!.hosts.map((h) => h.name));
    expect(viaHttp.hosts.map((h) => h.name)).toEqual(['Alpha']);
    // Alpha's side sees the app's room on the network.
    const deadline = Date.now() + 40_000;
    let fromA: NearbyReply | undefined;
    while (!fromA?.hosts.some((h) => h.addresses.includes(`${b.ip}:${port}`))) {
      if (Date.now() > deadline) throw new Error(`Alpha never saw the app's room: ${JSON.stringify(fromA)}`);
      fromA = JSON.parse(await fetchFrom(a, `http://${a.ip}:${alpha.port}/api/nearby`)) as NearbyReply;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(fromA.hosts.find((h) => h.addresses.includes(`${b.ip}:${port}`))).toMatchObject({
      name: 'Desk',
      via: 'mdns',
    });
  }, 150_000);

  it('where the switch passes no multicast, a host given by address is remembered and listed', async () => {
    const [a, , c] = lan.machines as [Machine, Machine, Machine];
    await lan.blockMulticastTo(3);
    const alpha = await start(a, '--name', 'Alpha');
    const cut = app(c);
    await cut.until((l) => (l.event === 'ready' ? true : undefined), 'ready');
    // A fresh app on a normal port of the same LAN sees Alpha: the block is what keeps it from c.
    const control = app(lan.machines[1]!);
    await control.pushed(named('Alpha'), 'Alpha on the unblocked machine');
    expect(cut.latest?.hosts).toEqual([]);

    const mark = cut.lines.length;
    cut.send({ cmd: 'learn', address: `${a.ip}:${alpha.port}` });
    expect(await cut.until((l) => (l.event === 'learned' ? l.ok : undefined), 'learned', mark)).toBe(true);
    const listed = await cut.pushed(named('Alpha'), 'Alpha listed after it was given', mark);
    expect(listed.hosts).toEqual([
      expect.objectContaining({ name: 'Alpha', addresses: [`${a.ip}:${alpha.port}`], via: 'remembered' }),
    ]);
  }, 150_000);
});
