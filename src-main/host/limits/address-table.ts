/**
 * What a per-address limit keeps: one entry per peer address that is not exempt, made on first
 * use and forgotten by `sweep()` once it holds nothing worth remembering, so that a peer cycling
 * through addresses cannot make the table grow without bound.
 */
export abstract class AddressTable<Entry> {
  protected readonly exempt: (address: string) => boolean;
  protected readonly now: () => number;
  readonly #entries = new Map<string, Entry>();

  /**
   * @param exempt addresses no limit applies to (the host's own machine, see docs/security.md)
   * @param now the clock, injectable for tests
   */
  constructor(exempt: (address: string) => boolean, now: () => number = Date.now) {
    this.exempt = exempt;
    this.now = now;
  }

  /** Addresses tracked (for tests and the soak benchmark: it must not grow without bound). */
  get size(): number {
    return this.#entries.size;
  }

  /** Forgets the addresses whose entries are idle (call now and then). */
  sweep(): void {
    for (const [address, e] of this.#entries) if (this.idle(e)) this.#entries.delete(address);
  }

  /** A new entry for an address first seen. */
  protected abstract fresh(): Entry;

  /** Whether an entry holds nothing worth remembering. */
  protected abstract idle(entry: Entry): boolean;

  /** The address's entry, made when it has none. */
  protected entry(address: string): Entry {
    let e = this.#entries.get(address);
    if (!e) {
      e = this.fresh();
      this.#entries.set(address, e);
    }
    return e;
  }

  /** The address's entry if it has one. */
  protected existing(address: string): Entry | undefined {
    return this.#entries.get(address);
  }
}
