/**
 * Discovery's parts without the network: the sightings table (validation, bound, goodbye, TTL),
 * another host's /api/info checked, peers remembered over real HTTP between two real hosts.
 */
import type { Answer } from 'dns-packet';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Discovery } from '../src-main/discovery/discovery.ts';
import { normalizePeer } from '../src-main/discovery/peer-book.ts';
import { validatePeerInfo } from '../src-main/discovery/peer-info.ts';
import { SERVICE_TYPE, Sightings, cleanName } from '../src-main/discovery/sightings.ts';
import type { NearbyReply } from '../src-shared/nearby.ts';
import { waitFor } from './helpers/chat-client.ts';
import { cleanupFolders, startHost, tempDataDir, type TestHost } from './helpers/host.ts';

const FP = 'ab'.repeat(32);
function announce(instance: string, port: number, opts: { ttl?: number; txt?: string[]; a?: string[] } = {}): Answer[] {
  const fqdn = `${instance}.${SERVICE_TYPE}`;
  const ttl = opts.ttl ?? 120;
  return [
    { type: 'PTR', name: SERVICE_TYPE, ttl, data: fqdn },
    { type: 'SRV', name: fqdn, ttl, data: { port, target: `${instance}.local` } },
    { type: 'TXT', name: fqdn, ttl, data: (opts.txt ?? ['v=1.1', `name=${instance}`]).map((t) => Buffer.from(t)) },
    ...(opts.a ?? []).map((ip): Answer => ({ type: 'A', name: `${instance}.local`, ttl, data: ip })),
  ];
}

describe('sightings', () => {
  it('keeps a checked entry per instance, and drops it at its goodbye', () => {
    const s = new Sightings();
    expect(
      s.apply(
        announce('alpha', 47800, { txt: ['v=1.1', 'name=Alpha\u0007 Lab', `fp=${FP}`], a: ['10.0.0.9', 'nope'] }),
        '10.0.0.5',
      ),
    ).toBe(true);
    expect(s.list()).toMatchObject([
      { port: 47800, name: 'Alpha Lab', fingerprint: FP.toUpperCase(), addresses: ['10.0.0.5', '10.0.0.9'] },
    ]);
    expect(s.apply(announce('alpha', 47800), '10.0.0.5')).toBe(true); // TXT changed: no fp now
    expect(s.apply(announce('alpha', 47800, { ttl: 0 }), '10.0.0.5')).toBe(true);
    expect(s.list()).toEqual([]);
  });

  it('refuses a bad port, an unknown major version, and skips itself', () => {
    const s = new Sightings();
    s.apply(announce('bad', 70000), '10.0.0.5');
    s.apply(announce('future', 1, { txt: ['v=2.0', 'name=x'] }), '10.0.0.6');
    s.apply(announce('me', 5), '10.0.0.7');
    expect(s.list(`me.${SERVICE_TYPE}`).map((x) => x.port)).toEqual([1]);
    expect(s.list()[0]!.name).toBeUndefined(); // the v=2 TXT was not taken in
  });

  it('is bounded: a flood of instances keeps at most `max`, and TTLs are capped', () => {
    let now = 1_000;
    const s = new Sightings({ max: 16, maxTtlS: 120, now: () => now });
    const from = (i: number) => `10.0.${i >> 8}.${i & 255}`; // many machines: the per-source cap is not what bounds
    for (let i = 0; i < 5000; i++) s.apply(announce(`flood${i}`, 1000 + (i % 60000), { ttl: 4500 }), from(i));
    expect(s.list()).toHaveLength(16);
    now += 121_000; // past the capped TTL, with no refresh
    expect(s.list()).toEqual([]);
    s.apply(announce('late', 2000), '10.0.0.5'); // room again once the flood expired
    expect(s.list()).toHaveLength(1);
  });

  it('cleans names of control and bidi characters, and bounds them', () => {
    expect(cleanName('\u202eevil\u0000 ')).toBe('evil');
    expect(cleanName('x'.repeat(500))).toHaveLength(64);
    expect(cleanName('\u0001')).toBeUndefined();
  });
});

describe('peer info and addresses', () => {
  it('keeps only valid rooms and never a direct-message room', () => {
    const rooms = [
      { id: 'general', members: 2, locked: false },
      { id: 'dm.m-a.m-b', members: 2, locked: false },
      { id: '../x', members: 1 },
      { id: 'dev', members: -4, locked: 'yes' },
    ];
    expect(validatePeerInfo({ app: 'lanchat', name: 'H', rooms })).toEqual({
      name: 'H',
      fingerprint: undefined,
      rooms: [
        { id: 'general', members: 2, locked: false },
        { id: 'dev', members: 0, locked: false },
      ],
    });
    expect(validatePeerInfo({ app: 'other', rooms: [] })).toBeUndefined();
    expect(validatePeerInfo('x')).toBeUndefined();
  });

  it('normalizes typed addresses, refusing link-local IPv6 and junk', () => {
    expect(normalizePeer('192.168.1.20/general')).toBe('192.168.1.20:47800');
    expect(normalizePeer('host.local:47801')).toBe('host.local:47801');
    expect(normalizePeer('[fe80::1]:47800')).toBeUndefined();
    expect(normalizePeer('not an address!')).toBeUndefined();
    expect(normalizePeer(42)).toBeUndefined();
  });
});

describe('remembered peers over HTTP', () => {
  const hosts: TestHost[] = [];
  afterEach(async () => {
    for (const h of hosts.splice(0)) await h.stop();
    cleanupFolders();
  });
  const discovery = (dataDir?: string) => new Discovery({ announce: false, browse: false, dataDir, refreshMs: 200 });
  const post = (port: number, body: string, type = 'application/json') =>
    fetch(`http://127.0.0.1:${port}/api/peers`, { method: 'POST', headers: { 'Content-Type': type }, body });
  const nearby = async (port: number) =>
    (await (await fetch(`http://127.0.0.1:${port}/api/nearby`)).json()) as NearbyReply;
  /** Asks until the list has a host (the check of a new peer runs in the background). */
  const listed = async (port: number) => {
    const deadline = Date.now() + 5000;
    for (;;) {
      const reply = await nearby(port);
      if (reply.hosts.length > 0) return reply;
      if (Date.now() > deadline) throw new Error(`no host listed in time: ${JSON.stringify(reply)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  it('a host told of another checks it, lists it with its rooms, and remembers it across a restart', async () => {
    const b = await startHost({ name: 'Bravo', passwords: { team: 'pw' } });
    hosts.push(b);
    const dataDir = tempDataDir();
    const a = await startHost({ name: 'Alpha', dataDir, discovery: discovery(dataDir) });
    hosts.push(a);
    expect((await post(a.port, '{"address":"x"}', 'text/plain')).status).toBe(415);
    const refused = await post(a.port, JSON.stringify({ address: '127.0.0.1:1' }));
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { message: string }).message).toContain(
      'No LAN Chat host answers at 127.0.0.1:1',
    );

    expect((await post(a.port, JSON.stringify({ address: `127.0.0.1:${b.port}/team` }))).status).toBe(200);
    const reply = await listed(a.port);
    expect(reply).toEqual({
      browsing: false,
      announcing: false,
      hosts: [
        {
          name: 'Bravo',
          addresses: [`127.0.0.1:${b.port}`],
          rooms: [{ id: 'team', members: 0, locked: true }],
          via: 'remembered',
          seen: expect.any(Number),
        },
      ],
    });
    const file = join(a.dataDir, 'peers.json');
    await waitFor(() => existsSync(file), 5000, 'peers.json');
    expect(JSON.parse(readFileSync(join(a.dataDir, 'peers.json'), 'utf8'))).toEqual([
      { address: `127.0.0.1:${b.port}`, from: '127.0.0.1' },
    ]);

    await a.stop();
    hosts.splice(hosts.indexOf(a), 1);
    const again = await a.restart({ discovery: discovery(a.dataDir) });
    hosts.push(again);
    const after = await listed(again.port);
    expect(after.hosts.map((h) => h.name)).toEqual(['Bravo']);
  });

  it('a host without discovery answers /api/nearby with an empty list', async () => {
    const h = await startHost();
    hosts.push(h);
    expect(await nearby(h.port)).toEqual({ browsing: false, announcing: false, hosts: [] });
  });
});
