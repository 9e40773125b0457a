/**
 * Limits per peer address: what one machine on the LAN may hold of the host at once (sockets,
 * sockets that have not said hello) and how fast it may knock (hellos a second, new rooms a
 * minute). A global limit alone lets one peer take every slot; these keep one misbehaving or
 * hostile machine from crowding out the others. Each refusal is an error code and a sentence.
 */
import type { ErrorCode } from '../../../src-shared/protocol.ts';
import { TokenBucket } from '../../platform/token-bucket.ts';
import { AddressTable } from './address-table.ts';

export interface AddressLimitOptions {
  /** Live sockets per address (default 64). */
  socketsPerAddress: number;
  /** Sockets per address that have not said hello yet (default 16). */
  unjoinedPerAddress: number;
  /** Hellos per second per address, burst three times that (default 10). */
  hellosPerSecond: number;
  /** Rooms per minute an address may bring to life that have no log yet (default 20). */
  newRoomsPerMinute: number;
}

/** Why a peer was refused: the error code and the sentence it is told. */
export interface Refusal {
  code: ErrorCode;
  message: string;
  /** Whole seconds before asking again is worth it (sent as the error's `retryAfter`). */
  retryAfter?: number;
}

interface Entry {
  sockets: number;
  unjoined: number;
  hellos: TokenBucket;
  /** When each of the last new rooms was made, oldest first (at most `newRoomsPerMinute`). */
  rooms: number[];
  lastSeen: number;
}

const MINUTE = 60_000;

export class AddressLimits extends AddressTable<Entry> {
  readonly #o: AddressLimitOptions;

  /**
   * @param exempt addresses no limit applies to (the host's own machine, see docs/security.md)
   * @param now the clock, injectable for tests
   */
  constructor(options: AddressLimitOptions, exempt: (address: string) => boolean, now: () => number = Date.now) {
    super(exempt, now);
    this.#o = options;
  }

  /** A socket from `address` was accepted. @returns a refusal when it is one too many (it is then not counted). */
  open(address: string): Refusal | undefined {
    if (this.exempt(address)) return undefined;
    const e = this.#seen(address);
    if (e.sockets >= this.#o.socketsPerAddress) {
      return {
        code: 'too_many_sockets',
        message: `This computer already has ${this.#o.socketsPerAddress} connections to this host, its limit: close some windows or tabs, then try again.`,
      };
    }
    if (e.unjoined >= this.#o.unjoinedPerAddress) {
      return {
        code: 'too_many_unjoined',
        message: `This computer has ${this.#o.unjoinedPerAddress} connections that have not joined a room yet, its limit: try again in a moment.`,
      };
    }
    e.sockets++;
    e.unjoined++;
    return undefined;
  }

  /** A counted socket sent its hello. @returns a refusal when the address says hello too often. */
  hello(address: string): Refusal | undefined {
    if (this.exempt(address)) return undefined;
    const e = this.#seen(address);
    if (e.unjoined > 0) e.unjoined--;
    if (e.hellos.take()) return undefined;
    return {
      code: 'too_many_hellos',
      message: `This computer is joining more than ${this.#o.hellosPerSecond} times a second: wait a moment, then try again.`,
    };
  }

  /** A counted socket closed; `saidHello` tells whether {@link hello} was called for it. */
  close(address: string, saidHello: boolean): void {
    const e = this.existing(address);
    if (!e) return;
    if (e.sockets > 0) e.sockets--;
    if (!saidHello && e.unjoined > 0) e.unjoined--;
    e.lastSeen = this.now();
  }

  /** The address brings a room with no log to life. @returns a refusal when it did so too often. */
  newRoom(address: string): Refusal | undefined {
    if (this.exempt(address)) return undefined;
    const e = this.#seen(address);
    const now = this.now();
    while (e.rooms.length > 0 && now - e.rooms[0]! >= MINUTE) e.rooms.shift();
    if (e.rooms.length >= this.#o.newRoomsPerMinute) {
      return {
        code: 'too_many_rooms',
        message: `This computer has opened ${this.#o.newRoomsPerMinute} new rooms in the last minute, its limit: wait a minute, or join a room that exists.`,
      };
    }
    e.rooms.push(now);
    return undefined;
  }

  /** Idle: no socket, and its rate windows have run out. */
  protected idle(e: Entry): boolean {
    return e.sockets === 0 && this.now() - e.lastSeen >= MINUTE;
  }

  protected fresh(): Entry {
    const rate = this.#o.hellosPerSecond;
    return { sockets: 0, unjoined: 0, hellos: new TokenBucket(rate, rate * 3, this.now), rooms: [], lastSeen: 0 };
  }

  #seen(address: string): Entry {
    const e = this.entry(address);
    e.lastSeen = this.now();
    return e;
  }
}
