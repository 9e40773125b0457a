/**
 * The fallback where multicast is filtered: other hosts this one has learned of (a guest who
 * used both told it), kept in `peers.json` in the data folder so they survive restarts. Bounded:
 * the most recently learned `max` addresses are kept, the oldest forgotten; and one teacher (the
 * address that told us) holds at most `perTeacher` of them, so a hostile machine that teaches in
 * a loop only ever replaces its own entries, never the ones others taught.
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

/** One remembered peer and who taught it (an IP address; '' when unknown, e.g. an old file). */
interface Entry {
  address: string;
  from: string;
}

/** Reads one saved entry: a string (older files) or `{address, from}`. */
function entryOf(value: unknown): Entry | undefined {
  const raw = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : { address: value };
  const address = normalizePeer(raw.address);
  const from = typeof raw.from === 'string' && raw.from.length <= 64 ? raw.from : '';
  return address ? { address, from } : undefined;
}

/** Remembered peers, newest first. */
export class PeerBook {
  readonly #file: AtomicJsonFile | undefined;
  readonly #max: number;
  readonly #perTeacher: number;
  #entries: Entry[] = [];

  /** @param dataDir where `peers.json` lives; undefined keeps the book in memory only */
  constructor(dataDir: string | undefined, max = 32, perTeacher = 8) {
    this.#file = dataDir === undefined ? undefined : new AtomicJsonFile(join(dataDir, 'peers.json'));
    this.#max = max;
    this.#perTeacher = perTeacher;
  }

  /** Reads the saved book; a missing or damaged file is an empty book. */
  async load(): Promise<void> {
    if (!this.#file) return;
    const read = await readJson(this.#file.path).catch(() => undefined);
    const list: unknown[] = typeof read === 'object' && Array.isArray(read.value) ? read.value : [];
    this.#entries = list
      .slice(0, this.#max)
      .map(entryOf)
      .filter((e): e is Entry => e !== undefined);
  }

  get peers(): readonly string[] {
    return this.#entries.map((e) => e.address);
  }

  has(address: string): boolean {
    return this.#entries.some((e) => e.address === address);
  }

  /**
   * Puts `address` first (saved in the background); returns whether it is new.
   * @param from the address of whoever told us (their entries beyond `perTeacher` go first)
   */
  remember(address: string, from = ''): boolean {
    const known = this.has(address);
    let rest = this.#entries.filter((e) => e.address !== address);
    const theirs = rest.filter((e) => from !== '' && e.from === from);
    if (theirs.length >= this.#perTeacher) {
      const drop = new Set(theirs.slice(this.#perTeacher - 1));
      rest = rest.filter((e) => !drop.has(e));
    }
    this.#entries = [{ address, from }, ...rest].slice(0, this.#max);
    void this.#file?.write(this.#entries).catch(() => {});
    return !known;
  }

  async flush(): Promise<void> {
    await this.#file?.flush();
  }
}
