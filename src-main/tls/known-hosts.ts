/**
 * The hosts this install has met and the key each had (trust on first use, like SSH's
 * known_hosts): `known-hosts.json` in the user-data folder, owner-only, written atomically.
 * A host is `host:port` as the client reached it; its key is the full fingerprint.
 */
import { join } from 'node:path';
import { FULL_FINGERPRINT } from '../../src-shared/fingerprint.ts';
import { hostPortKey } from '../../src-shared/client-identity.ts';
import { AtomicJsonFile, readJson } from '../platform/atomic-file.ts';

export const KNOWN_HOSTS_FILE = 'known-hosts.json';
/** More than anyone meets; a file grown past it (by hand) keeps the most recent. */
const MAX_HOSTS = 10_000;

interface Entry {
  fingerprint: string;
  /** When the key was first trusted (ISO time). */
  since: string;
}

/** `host:port` as the store names it (IPv6 in brackets, host names in lower case). */
export const hostKey = (host: string, port: number) => hostPortKey({ host, port });

export class KnownHosts {
  readonly #file: AtomicJsonFile;
  readonly #hosts: Map<string, Entry>;

  private constructor(file: AtomicJsonFile, hosts: Map<string, Entry>) {
    this.#file = file;
    this.#hosts = hosts;
  }

  /** Reads `<dir>/known-hosts.json` (missing or damaged: none known; a damaged file is replaced on the next write). */
  static async open(dir: string): Promise<KnownHosts> {
    const path = join(dir, KNOWN_HOSTS_FILE);
    const read = await readJson(path);
    const hosts = new Map<string, Entry>();
    const raw = read && read !== 'corrupt' ? (read.value as { hosts?: unknown }).hosts : undefined;
    if (raw && typeof raw === 'object') {
      for (const [key, value] of Object.entries(raw as Record<string, unknown>).slice(-MAX_HOSTS)) {
        const v = value as Partial<Entry> | null;
        if (typeof v?.fingerprint === 'string' && FULL_FINGERPRINT.test(v.fingerprint)) {
          hosts.set(key, { fingerprint: v.fingerprint, since: typeof v.since === 'string' ? v.since : '' });
        }
      }
    }
    return new KnownHosts(new AtomicJsonFile(path), hosts);
  }

  /** The full fingerprint trusted for this host, if any. */
  get(host: string, port: number): string | undefined {
    return this.#hosts.get(hostKey(host, port))?.fingerprint;
  }

  /** Every key trusted for a host name, whatever the port (lower case, IPv6 without brackets). */
  fingerprintsFor(hostname: string): string[] {
    const out: string[] = [];
    for (const [key, entry] of this.#hosts) {
      if (key.slice(0, key.lastIndexOf(':')).replace(/^\[|\]$/g, '') === hostname) out.push(entry.fingerprint);
    }
    return out;
  }

  /** Trusts `fingerprint` for this host from now on (first use, or a confirmed new key). */
  async remember(host: string, port: number, fingerprint: string): Promise<void> {
    if (!FULL_FINGERPRINT.test(fingerprint)) throw new TypeError('remember() takes a full fingerprint');
    const key = hostKey(host, port);
    if (this.#hosts.get(key)?.fingerprint === fingerprint) return;
    this.#hosts.delete(key);
    this.#hosts.set(key, { fingerprint, since: new Date().toISOString() });
    await this.#file.write({ hosts: Object.fromEntries(this.#hosts) });
  }

  /** Forgets a host's key (the person accepted that the host has a new one). */
  async forget(host: string, port: number): Promise<void> {
    if (this.#hosts.delete(hostKey(host, port))) await this.#file.write({ hosts: Object.fromEntries(this.#hosts) });
  }
}
