/**
 * What DNS-SD responses say about `_lanchat._tcp` services, kept as a bounded table: an entry
 * per service instance, refreshed by every response that names it, removed by its goodbye
 * (TTL 0) or when its records' TTL runs out. Everything read is validated; a hostile LAN can
 * neither grow the table past its bound nor put anything but checked values in it, and one
 * machine (one source address) holds at most `perSource` instances, so it cannot crowd out the rest.
 */
import { isIP } from 'node:net';
import type { Answer } from 'dns-packet';

export const SERVICE_TYPE = '_lanchat._tcp.local';

/** One service instance seen on the network. */
export interface Sighting {
  fqdn: string;
  port: number;
  name: string | undefined;
  fingerprint: string | undefined;
  /** The packet's source address first, then the A/AAAA records of its target (bounded). */
  addresses: string[];
  /** The address of the packet that first named it: its share of the table is counted against it. */
  source: string;
  /** When its records expire unless refreshed (ms since the epoch). */
  expires: number;
  seen: number;
}

export interface SightingsOptions {
  /** At most this many instances are kept; others are ignored until one goes. */
  max?: number;
  /** At most this many instances per source address (default 8). */
  perSource?: number;
  /** TTLs longer than this are cut to it, so a crashed host leaves in bounded time. */
  maxTtlS?: number;
  now?: () => number;
}

const MAX_ADDRESSES = 8;
const MAX_NAME = 64;
const FINGERPRINT = /^[0-9A-Fa-f]{64}$/;

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Reads `key=value` strings out of a TXT record's data (Buffers or strings, bounded). */
export function parseTxt(data: unknown): Map<string, string> {
  const out = new Map<string, string>();
  const items = Array.isArray(data) ? data.slice(0, 32) : [data];
  for (const item of items) {
    const text = Buffer.isBuffer(item) ? item.toString('utf8') : typeof item === 'string' ? item : '';
    const eq = text.indexOf('=');
    if (eq > 0 && text.length <= 255) out.set(text.slice(0, eq).toLowerCase(), text.slice(eq + 1));
  }
  return out;
}

/** A host name fit to show: control characters out, trimmed, at most 64 characters. */
export function cleanName(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  // eslint-disable-next-line no-control-regex
  const clean = name.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '').trim();
  return clean === '' ? undefined : [...clean].slice(0, MAX_NAME).join('');
}

/** The table of `_lanchat._tcp` instances seen. */
export class Sightings {
  readonly #byFqdn = new Map<string, Sighting>();
  readonly #max: number;
  readonly #perSource: number;
  readonly #maxTtlMs: number;
  readonly #now: () => number;

  constructor(options: SightingsOptions = {}) {
    this.#max = options.max ?? 64;
    this.#perSource = options.perSource ?? 8;
    this.#maxTtlMs = (options.maxTtlS ?? 120) * 1000;
    this.#now = options.now ?? Date.now;
  }

  /** The instances whose records are still valid, minus `self` (this host's own instance). */
  list(self?: string): Sighting[] {
    this.expire();
    return [...this.#byFqdn.values()].filter((s) => s.port > 0 && (self === undefined || !same(s.fqdn, self)));
  }

  /** Drops the instances whose TTL has run out; returns whether any went. */
  expire(): boolean {
    const now = this.#now();
    let gone = false;
    for (const [k, s] of this.#byFqdn) {
      if (s.expires <= now) gone = this.#byFqdn.delete(k);
    }
    return gone;
  }

  /**
   * Applies one response packet's records (answers and additionals together).
   * @returns whether the table changed (an instance came, went or changed its port or TXT)
   */
  apply(records: Answer[], from: string): boolean {
    let changed = false;
    const now = this.#now();
    for (const rr of records) {
      if (rr.type !== 'PTR' || !same(rr.name, SERVICE_TYPE) || typeof rr.data !== 'string') continue;
      if (rr.data.length > 255) continue;
      if (rr.ttl === 0) changed = this.#byFqdn.delete(rr.data.toLowerCase()) || changed;
      else changed = this.#touch(rr.data, rr.ttl ?? 0, now, from) || changed;
    }
    for (const rr of records) {
      if (rr.type !== 'SRV' && rr.type !== 'TXT') continue;
      const s = this.#byFqdn.get(rr.name.toLowerCase());
      if (!s) continue;
      if (rr.ttl === 0) {
        changed = this.#byFqdn.delete(s.fqdn.toLowerCase()) || changed;
      } else if (rr.type === 'SRV') {
        const { port, target } = rr.data;
        if (!Number.isInteger(port) || port < 1 || port > 65535) continue;
        changed ||= s.port !== port;
        s.port = port;
        s.expires = Math.max(s.expires, now + Math.min((rr.ttl ?? 0) * 1000, this.#maxTtlMs));
        s.addresses = addressesOf(records, target, from);
      } else {
        const txt = parseTxt(rr.data);
        if (txt.get('v')?.startsWith('1.') === false) continue;
        const name = cleanName(txt.get('name'));
        const fp = txt.get('fp');
        const fingerprint = fp !== undefined && FINGERPRINT.test(fp) ? fp.toUpperCase() : undefined;
        changed ||= s.name !== name || s.fingerprint !== fingerprint;
        s.name = name;
        s.fingerprint = fingerprint;
      }
    }
    return changed;
  }

  #touch(fqdn: string, ttl: number, now: number, from: string): boolean {
    const key = fqdn.toLowerCase();
    const expires = now + Math.min(ttl * 1000, this.#maxTtlMs);
    const known = this.#byFqdn.get(key);
    if (known) {
      known.expires = Math.max(known.expires, expires);
      known.seen = now;
      return false;
    }
    this.expire();
    if (this.#byFqdn.size >= this.#max) return false;
    let theirs = 0;
    for (const s of this.#byFqdn.values()) if (s.source === from) theirs++;
    if (theirs >= this.#perSource) return false;
    this.#byFqdn.set(key, {
      fqdn,
      port: 0,
      name: undefined,
      fingerprint: undefined,
      addresses: [],
      source: from,
      expires,
      seen: now,
    });
    return true;
  }
}

/** The source address, then the target's A/AAAA records: valid IPs only, no duplicates, bounded. */
function addressesOf(records: Answer[], target: string, from: string): string[] {
  const out = new Set<string>();
  if (isIP(from)) out.add(from);
  for (const rr of records) {
    if ((rr.type === 'A' || rr.type === 'AAAA') && same(rr.name, target) && rr.ttl !== 0 && isIP(String(rr.data))) {
      out.add(String(rr.data));
    }
    if (out.size >= MAX_ADDRESSES) break;
  }
  return [...out];
}
