/**
 * Discovery between machines: hosts in separate network namespaces on one bridge (a LAN of our
 * own, nothing else on it) find each other with real multicast DNS, drop a host at its goodbye,
 * never see one started with --no-announce, and read a --tls-only host over TLS.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fingerprintMatches } from '../src-shared/fingerprint.ts';
import type { NearbyReply } from '../src-shared/nearby.ts';
import { cleanupFolders } from './helpers/host.ts';
import { Lan, LanHosts, fetchFrom, netnsUnavailable, type Machine } from './helpers/netns-lan.ts';
import type { SpawnedHost } from './helpers/spawn-host.ts';

/** Runs a Node script on a machine of the LAN; its stdout. */
async function runIn(m: Machine, script: string): Promise<string> {
  const { stdout } = await promisify(execFile)(m.wrap[0]!, [...m.wrap.slice(1), process.execPath, '-e', script], {
    timeout: 10_000,
  });
  return stdout;
}

const why = netnsUnavailable();
if (why) console.warn(`discovery-netns: skipped: ${why}`);

describe.skipIf(why !== undefined)('LAN discovery across network namespaces', () => {
  let lan: Lan;
  const hosts = new LanHosts();

  beforeAll(async () => {
    lan = await new Lan().create(3);
  }, 60_000);
  afterEach(async () => {
    await hosts.stopAll();
    cleanupFolders();
  });
  afterAll(async () => {
    await lan?.destroy();
  });

  const start = (m: Machine, ...args: string[]) => hosts.start(m, ...args);
  const nearby = async (m: Machine, h: SpawnedHost) =>
    JSON.parse(await fetchFrom(m, `http://${m.ip}:${h.port}/api/nearby`)) as NearbyReply;
  /** Asks until `check` holds; the last answer is in the error when it never does. */
  const until = async (m: Machine, h: SpawnedHost, check: (r: NearbyReply) => boolean, what: string) => {
    const deadline = Date.now() + 40_000;
    let last: NearbyReply | undefined;
    while (Date.now() < deadline) {
      last = await nearby(m, h);
      if (check(last)) return last;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`timed out waiting for ${what}; last /api/nearby: ${JSON.stringify(last)}`);
  };

  it('finds a host on another machine with its rooms, and drops it within seconds of its goodbye', async () => {
    const [a, b] = lan.machines as [Machine, Machine];
    const alpha = await start(a, '--name', 'Alpha', '--password', 'secret=pw');
    const beta = await start(b, '--name', 'Beta');
    const seen = await until(b, beta, (r) => r.hosts.some((h) => h.name === 'Alpha'), 'Alpha on Beta');
    const host = seen.hosts.find((h) => h.name === 'Alpha')!;
    expect(seen).toMatchObject({ browsing: true, announcing: true });
    expect(host.addresses).toEqual([`${a.ip}:${alpha.port}`]);
    expect(host.rooms).toEqual([{ id: 'secret', members: 0, locked: true }]);
    expect(host.via).toBe('mdns');
    // Beta, announced too, is seen from Alpha's side; and neither lists itself.
    const fromA = await until(a, alpha, (r) => r.hosts.some((h) => h.name === 'Beta'), 'Beta on Alpha');
    expect(fromA.hosts.map((h) => h.name)).toEqual(['Beta']);

    alpha.child.kill('SIGINT');
    expect(await alpha.exited).toBe(0);
    const t0 = Date.now();
    await until(b, beta, (r) => !r.hosts.some((h) => h.name === 'Alpha'), 'Alpha gone after its goodbye');
    // Its records had a TTL of 120 s: gone this soon means the goodbye was heard.
    expect(Date.now() - t0).toBeLessThan(40_000);
  }, 120_000);

  it('a host started before its network was up announces itself once it is', async () => {
    const [, b, c] = lan.machines as [Machine, Machine, Machine];
    await lan.setLink(3, false); // the laptop's Wi-Fi is not connected yet
    try {
      const late = await start(c, '--name', 'Late');
      expect(late.stdout()).toContain('as soon as this machine is connected');
      const early = await start(b, '--name', 'Early');
      await lan.setLink(3, true);
      const seen = await until(b, early, (r) => r.hosts.some((h) => h.name === 'Late'), 'Late on Early');
      expect(seen.hosts.find((h) => h.name === 'Late')).toMatchObject({
        addresses: [`${c.ip}:${late.port}`],
        via: 'mdns',
      });
    } finally {
      await lan.setLink(3, true);
    }
  }, 120_000);

  it('never lists a host started with --no-announce, while it lists one that announces', async () => {
    const [a, b, c] = lan.machines as [Machine, Machine, Machine];
    const [quiet] = await Promise.all([start(a, '--name', 'Quiet', '--no-announce'), start(c, '--name', 'Loud')]);
    expect(quiet.stdout()).toContain('does not announce itself');
    const watcher = await start(b, '--name', 'Watcher');
    // Watcher asked the whole LAN at start; Loud answered it, so Quiet had the same chance.
    const r = await until(b, watcher, (x) => x.hosts.some((h) => h.name === 'Loud'), 'Loud on Watcher');
    expect(r.hosts.map((h) => h.name)).toEqual(['Loud']);
    const fromQuiet = await until(a, quiet, (x) => x.hosts.some((h) => h.name === 'Loud'), 'Loud on Quiet');
    expect(fromQuiet.announcing).toBe(false); // it still browses
  }, 120_000);

  it('lists a --tls-only host with its key (read over TLS pinned to TXT fp), and learns back over TLS', async () => {
    const [a, b] = lan.machines as [Machine, Machine];
    const vault = await start(a, '--name', 'Vault', '--tls-only');
    const short = /\b([0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4})\b/.exec(vault.stdout())?.[1];
    expect(short, vault.stdout()).toBeDefined();
    // Watch does not announce: Vault can only learn of it by its introduction.
    const watch = await start(b, '--name', 'Watch', '--no-announce');
    const seen = await until(b, watch, (r) => r.hosts.some((h) => h.name === 'Vault'), 'Vault on Watch');
    const listed = seen.hosts.find((h) => h.name === 'Vault')!;
    expect(listed.addresses).toEqual([`${a.ip}:${vault.port}`]);
    expect(fingerprintMatches(short!, listed.fingerprint ?? '')).toBe(true);
    expect(listed.via).toBe('mdns');

    // A guest of Watch used Vault too: Watch checks it, remembers it, and introduces itself
    // to it over TLS (Vault refuses plain requests); Vault then lists Watch.
    const told = await runIn(
      b,
      `fetch('http://${b.ip}:${watch.port}/api/peers', { method: 'POST',
      headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ address: '${a.ip}:${vault.port}' }) })
      .then((r) => r.text()).then((t) => process.stdout.write(t))`,
    );
    expect(JSON.parse(told)).toMatchObject({ ok: true });
    const deadline = Date.now() + 40_000;
    let back: NearbyReply | undefined;
    while (!back?.hosts.some((h) => h.name === 'Watch')) {
      if (Date.now() > deadline) throw new Error(`Vault never listed Watch: ${JSON.stringify(back)}`);
      // Vault answers only TLS: ask it over https (its key is self-signed; the check here is the list).
      back = JSON.parse(
        await runIn(
          a,
          `require('node:https').get('https://${a.ip}:${vault.port}/api/nearby',
          { rejectUnauthorized: false }, (r) => r.pipe(process.stdout))`,
        ),
      ) as NearbyReply;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(back.hosts.find((h) => h.name === 'Watch')).toMatchObject({
      addresses: [`${b.ip}:${watch.port}`],
      via: 'remembered',
    });
  }, 120_000);
});
