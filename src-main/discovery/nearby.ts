/**
 * The list behind `GET /api/nearby`: every host seen by DNS-SD, and every remembered peer, with
 * the addresses of it that answered `/api/info` from here and the rooms it listed. A host leaves
 * the list as soon as its sighting goes (goodbye or TTL); remembered peers are listed while they
 * answer.
 */
import { hostForUrl } from '../../src-shared/address.ts';
import type { NearbyHost } from '../../src-shared/nearby.ts';
import { fetchPeerInfo, type PeerInfo } from './peer-info.ts';
import type { PeerBook } from './peer-book.ts';
import type { Sighting } from './sightings.ts';

/** Addresses tried per host; more would let one announcement make us fetch without bound. */
const MAX_TRIED = 4;

type FetchInfo = (address: string, fingerprint?: string) => Promise<PeerInfo>;

interface Checked {
  info: PeerInfo;
  addresses: string[];
  at: number;
}

export interface NearbyOptions {
  sightings: () => Sighting[];
  book: PeerBook;
  /** `host:port` addresses of this host itself, never listed. */
  own: () => string[];
  /** Reads a host's info; over TLS pinned to `fingerprint` when one was announced. */
  fetchInfo?: FetchInfo;
}

/** Candidate `host:port` addresses of a sighting: IPv4 first, no link-local IPv6, bounded. */
export function candidates(s: Sighting): string[] {
  const ips = s.addresses.filter((a) => !/^fe[89ab]/i.test(a));
  ips.sort((a, b) => Number(a.includes(':')) - Number(b.includes(':')));
  return ips.slice(0, MAX_TRIED).map((ip) => `${hostForUrl(ip)}:${s.port}`);
}

/** Tries every address at once; the info comes from the first that answers (with the announced key). */
async function check(addresses: string[], fp: string | undefined, fetchInfo: FetchInfo): Promise<Checked | undefined> {
  const results = await Promise.allSettled(addresses.map((a) => fetchInfo(a, fp)));
  const ok = addresses.filter((_, i) => results[i]!.status === 'fulfilled');
  const first = results.find((r) => r.status === 'fulfilled');
  return first ? { info: first.value, addresses: ok, at: Date.now() } : undefined;
}

/** Keeps the checked state of every host in view. */
export class Nearby {
  readonly #o: NearbyOptions;
  readonly #fetch: FetchInfo;
  readonly #checked = new Map<string, Checked | undefined>();
  readonly #running = new Map<string, Promise<void>>();

  constructor(options: NearbyOptions) {
    this.#o = options;
    this.#fetch = options.fetchInfo ?? ((a, fp) => fetchPeerInfo(a, fp));
  }

  /** Checks every host in view again (the ones already being checked are not asked twice). */
  refresh(): Promise<void> {
    const jobs: Promise<void>[] = [];
    for (const s of this.#o.sightings())
      jobs.push(this.#run(`mdns:${s.fqdn.toLowerCase()}`, candidates(s), s.fingerprint));
    for (const p of this.#o.book.peers) jobs.push(this.#run(`peer:${p}`, [p]));
    return Promise.all(jobs).then(() => {});
  }

  /** Checks the hosts not checked yet (a new sighting, a newly remembered peer). */
  refreshNew(): Promise<void> {
    const jobs: Promise<void>[] = [];
    for (const s of this.#o.sightings()) {
      const key = `mdns:${s.fqdn.toLowerCase()}`;
      if (!this.#checked.has(key)) jobs.push(this.#run(key, candidates(s), s.fingerprint));
    }
    for (const p of this.#o.book.peers) if (!this.#checked.has(`peer:${p}`)) jobs.push(this.#run(`peer:${p}`, [p]));
    return Promise.all(jobs).then(() => {});
  }

  #run(key: string, addresses: string[], fingerprint?: string): Promise<void> {
    const running = this.#running.get(key);
    if (running) return running;
    const job = check(addresses, fingerprint, this.#fetch).then((c) => void this.#checked.set(key, c));
    this.#running.set(key, job);
    return job.finally(() => this.#running.delete(key));
  }

  /** The hosts in view that answered, mDNS ones first, then remembered peers not seen otherwise. */
  list(): NearbyHost[] {
    const own = new Set(this.#o.own());
    const out: NearbyHost[] = [];
    const live = new Set<string>();
    for (const s of this.#o.sightings()) {
      const key = `mdns:${s.fqdn.toLowerCase()}`;
      live.add(key);
      const c = this.#checked.get(key);
      const addresses = (c?.addresses ?? []).filter((a) => !own.has(a));
      if (!c || addresses.length === 0) continue;
      const fingerprint = s.fingerprint ?? c.info.fingerprint;
      out.push({
        name: s.name ?? c.info.name,
        ...(fingerprint ? { fingerprint } : {}),
        addresses,
        rooms: c.info.rooms,
        via: 'mdns',
        seen: s.seen,
      });
    }
    for (const p of this.#o.book.peers) {
      const key = `peer:${p}`;
      live.add(key);
      const c = this.#checked.get(key);
      if (!c || own.has(p) || out.some((h) => h.addresses.includes(p) || sameKey(h, c.info))) continue;
      const fp = c.info.fingerprint;
      out.push({
        name: c.info.name,
        ...(fp ? { fingerprint: fp } : {}),
        addresses: [p],
        rooms: c.info.rooms,
        via: 'remembered',
        seen: c.at,
      });
    }
    for (const key of this.#checked.keys()) if (!live.has(key)) this.#checked.delete(key); // gone: forget
    return out.sort((a, b) => a.name.localeCompare(b.name));
  }
}

const sameKey = (h: NearbyHost, info: PeerInfo) => h.fingerprint !== undefined && h.fingerprint === info.fingerprint;
