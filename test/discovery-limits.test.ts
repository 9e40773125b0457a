/**
 * A hostile machine on the LAN must not fill this host's nearby list or its remembered peers
 * without bound, nor crowd out other machines' entries; and `/api/nearby` and `/api/peers`
 * follow the host's Origin and CORS rules (never `*`, no other site's page may post).
 */
import type { Answer } from 'dns-packet';
import { afterEach, describe, expect, it } from 'vitest';
import { Discovery } from '../src-main/discovery/discovery.ts';
import { LearnLimits } from '../src-main/discovery/learn-limits.ts';
import { PeerBook } from '../src-main/discovery/peer-book.ts';
import { SERVICE_TYPE, Sightings } from '../src-main/discovery/sightings.ts';
import { cleanupFolders, startHost, type TestHost } from './helpers/host.ts';

const ptr = (instance: string): Answer[] => {
  const fqdn = `${instance}.${SERVICE_TYPE}`;
  return [
    { type: 'PTR', name: SERVICE_TYPE, ttl: 120, data: fqdn },
    { type: 'SRV', name: fqdn, ttl: 120, data: { port: 47800, target: `${instance}.local` } },
  ];
};

describe('one machine cannot crowd out the others', () => {
  it('sightings: one source address holds at most `perSource` instances; another still fits', () => {
    const s = new Sightings({ max: 64, perSource: 8 });
    for (let i = 0; i < 1000; i++) s.apply(ptr(`spam${i}`), '10.0.0.66');
    expect(s.list()).toHaveLength(8);
    s.apply(ptr('real'), '10.0.0.7');
    expect(s.list().map((x) => x.fqdn)).toContain(`real.${SERVICE_TYPE}`);
  });

  it('peer book: a teacher that teaches in a loop only replaces its own entries', () => {
    const book = new PeerBook(undefined, 32, 8);
    book.remember('10.0.0.7:47800', '10.0.0.7');
    book.remember('10.0.0.8:47800', '10.0.0.8');
    for (let i = 0; i < 500; i++) book.remember(`10.9.${i >> 8}.${i & 255}:47800`, '10.0.0.66');
    expect(book.peers).toHaveLength(10);
    expect(book.peers).toContain('10.0.0.7:47800');
    expect(book.peers).toContain('10.0.0.8:47800');
    expect(book.peers[0]).toBe('10.9.1.243:47800'); // the newest of the loop first
  });

  it('learn limits: a burst, then one check per 30 s; the table of addresses is bounded', () => {
    let now = 0;
    const limits = new LearnLimits({ burst: 3, perMinute: 2, maxAddresses: 4, now: () => now });
    expect([1, 2, 3, 4].map(() => limits.take('a'))).toEqual([true, true, true, false]);
    expect(limits.take('b')).toBe(true); // another machine has its own budget
    now += 30_000;
    expect(limits.take('a')).toBe(true);
    for (let i = 0; i < 100; i++) limits.take(`x${i}`);
    expect(limits.size).toBe(4);
  });
});

describe('/api/nearby and /api/peers follow the host’s Origin and CORS rules', () => {
  const hosts: TestHost[] = [];
  afterEach(async () => {
    for (const h of hosts.splice(0)) await h.stop();
    cleanupFolders();
  });
  const start = async () => {
    const h = await startHost({ discovery: new Discovery({ announce: false, browse: false }) });
    hosts.push(h);
    return h;
  };

  it('answers the desktop app’s page with CORS, and another site’s page without it', async () => {
    const h = await start();
    for (const path of ['/api/nearby', '/api/nearby/why']) {
      const app = await fetch(`http://127.0.0.1:${h.port}${path}`, { headers: { Origin: 'app://lanchat' } });
      expect(app.headers.get('access-control-allow-origin'), path).toBe('app://lanchat');
      const evil = await fetch(`http://127.0.0.1:${h.port}${path}`, { headers: { Origin: 'https://evil.example' } });
      expect(evil.headers.get('access-control-allow-origin'), path).toBeNull();
      expect(evil.headers.get('vary'), path).toBe('Origin');
    }
  });

  it('refuses a post from another site’s page (403) and one past the budget (429)', async () => {
    const h = await start();
    const post = (address: string, origin?: string) =>
      fetch(`http://127.0.0.1:${h.port}/api/peers`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(origin ? { Origin: origin } : {}) },
        body: JSON.stringify({ address }),
      });
    const evil = await post('127.0.0.1:1', 'https://evil.example');
    expect(evil.status).toBe(403);
    const statuses: number[] = [];
    // Nothing answers at these ports: each is a real check, refused with 400, until the budget is gone.
    for (let i = 0; i < 12; i++) statuses.push((await post(`127.0.0.1:${i + 1}`, `http://127.0.0.1:${h.port}`)).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(400));
    expect(statuses.slice(10)).toEqual([429, 429]);
  });
});
