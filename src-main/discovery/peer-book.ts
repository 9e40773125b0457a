/**
 * The fallback where multicast is filtered: other hosts this one has learned of (a guest who
 * used both told it), kept in `peers.json` in the data folder so they survive restarts. Bounded:
 * the most recently learned `max` addresses are kept, the oldest forgotten.
 */
import { join } from 'node:path';
import { parseAddress, hostForUrl } from '../../src-shared/address.ts';
import { AtomicJsonFile, readJson } from '../platform/atomic-file.ts';

/** `host:port` of what someone typed (`192.168.1.20`, `host.local:47801/room`); undefined when it is none. */
export function normalizePeer(input: unknown): string | undefined {
  if (typeof input !== 'string' || input.length > 300) return undefined;
  const parsed = parseAddress(input);
  if (!parsed.ok || /^fe[89ab]/i.test(parsed.host)) return undefined; // link-local: no zone, no use
  return `${hostForUrl(parsed.host)}:${parsed.port}`;
}

/** Remembered peers, newest first. */
export class PeerBook {
  readonly #file: AtomicJsonFile | undefined;
  readonly #max: number;
  #peers: string[] = [];

  /** @param dataDir where `peers.json` lives; undefined keeps the book in memory only */
  constructor(dataDir: string | undefined, max = 32) {
    this.#file = dataDir === undefined ? undefined : new AtomicJsonFile(join(dataDir, 'peers.json'));
    this.#max = max;
  }

  /** Reads the saved book; a missing or damaged file is an empty book. */
  async load(): Promise<void> {
    if (!this.#file) return;
    const read = await readJson(this.#file.path).catch(() => undefined);
    const list = typeof read === 'object' && Array.isArray(read.value) ? read.value : [];
    this.#peers = list
      .map(normalizePeer)
      .filter((p): p is string => p !== undefined)
      .slice(0, this.#max);
  }

  get peers(): readonly string[] {
    return this.#peers;
  }

  has(address: string): boolean {
    return this.#peers.includes(address);
  }

  /** Puts `address` first (saved in the background); returns whether it is new. */
  remember(address: string): boolean {
    const known = this.has(address);
    this.#peers = [address, ...this.#peers.filter((p) => p !== address)].slice(0, this.#max);
    void this.#file?.write(this.#peers).catch(() => {});
    return !known;
  }

  async flush(): Promise<void> {
    await this.#file?.flush();
  }
}
