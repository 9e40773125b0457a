/**
 * Discovery for one host: announce it (unless told not to), browse for the others (its own
 * {@link Browsing}, or the one the desktop app lends it), remember peers learned by hand, and
 * answer `/api/nearby`. Started by ChatHost once it listens, stopped (goodbye first) before it
 * closes.
 */
import type { Diagnosis, NearbyReply } from '../../src-shared/nearby.ts';
import { diagnose } from './diagnose.ts';
import { lanAddresses, reachableInterfaces } from '../platform/lan-addresses.ts';
import { Announcer } from './announcer.ts';
import { Browsing, type BrowsingOptions, type LearnResult } from './browsing.ts';
import { peerRequest } from './peer-request.ts';

export interface DiscoveryOptions extends BrowsingOptions {
  /** Announce this host with DNS-SD (`--no-announce` turns it off). Default true. */
  announce?: boolean;
  /**
   * A browsing that outlives this host (the desktop app's): used, never started or stopped
   * here. Without it the host browses on its own, as long as it runs.
   */
  browsing?: Browsing;
}

/** What the host tells discovery when it starts listening. */
export interface DiscoveryStart {
  port: number;
  name: string;
  bind: string | undefined;
  /** The host's key fingerprint (TXT `fp`, 64 hex digits), when it serves TLS. */
  fingerprint?: string | undefined;
}

const ipv4 = (bind?: string) =>
  reachableInterfaces(bind)
    .filter((a) => a.family === 'IPv4')
    .map((a) => a.address);

/** The discovery side of one host. */
export class Discovery {
  readonly #o: DiscoveryOptions;
  readonly #browsing: Browsing;
  /** Whether {@link #browsing} is this host's own, started and stopped with it. */
  readonly #owned: boolean;
  readonly #log: (line: string) => void;
  #announcer: Announcer | undefined;
  #own: string[] = [];
  #started: DiscoveryStart | undefined;

  constructor(options: DiscoveryOptions = {}) {
    this.#o = options;
    this.#owned = options.browsing === undefined;
    this.#browsing = options.browsing ?? new Browsing(options);
    this.#log = options.log ?? (() => {});
  }

  /** Whether this host announces itself (after start: false too when it listens on loopback only). */
  get announcing(): boolean {
    return this.#announcer !== undefined;
  }

  async start(s: DiscoveryStart): Promise<void> {
    this.#started = s;
    this.#own = lanAddresses(s.port, undefined, s.bind);
    const announceOn = ipv4(s.bind); // none when bound to loopback: nobody else could reach us
    if (this.#o.announce !== false && announceOn.length > 0) {
      this.#announcer = new Announcer({
        name: s.name,
        port: s.port,
        fingerprint: s.fingerprint,
        interfaces: announceOn,
        log: this.#log,
      });
      this.#announcer.start();
    }
    if (this.#owned) await this.#browsing.start();
    this.#browsing.setSelf({
      fqdn: this.#announcer?.fqdn,
      own: this.#own,
      introduce: (peer, fingerprint) => void this.#introduce(peer, fingerprint),
    });
  }

  /** Goodbye packets out; its own browsing stopped (sockets closed, the peer book saved). */
  async stop(): Promise<void> {
    this.#browsing.setSelf(undefined);
    await Promise.all([this.#announcer?.stop(), this.#owned ? this.#browsing.stop() : undefined]);
    this.#announcer = undefined;
  }

  /** What `GET /api/nearby` answers. */
  async nearby(): Promise<NearbyReply> {
    return this.#browsing.reply(this.announcing);
  }

  /** What `GET /api/nearby/why` answers. */
  async why(): Promise<Diagnosis> {
    const s = this.#started ?? { port: 0, bind: undefined };
    return diagnose({
      port: s.port,
      bind: s.bind,
      announcing: this.announcing,
      browsing: this.#browsing.browsing,
      hostsSeen: this.#browsing.list().length,
    });
  }

  /**
   * A guest used this host and `input` too: check that it is a LAN Chat host, remember it, and
   * introduce ourselves to it so that it remembers us (see {@link Browsing.learn}).
   * @param from the address of the machine that asks (its budget; the book's teacher)
   */
  learn(input: unknown, from = ''): Promise<LearnResult> {
    return this.#browsing.learn(input, from);
  }

  /**
   * Tells a newly learned peer our own first address, so the remembering goes both ways; over
   * TLS, pinned to its key, when it has one (a `--tls-only` host refuses plain requests).
   */
  async #introduce(peer: string, fingerprint: string | undefined): Promise<void> {
    const mine = this.#own[0];
    if (!mine) return;
    await peerRequest(peer, '/api/peers', {
      method: 'POST',
      json: { address: mine },
      transport: fingerprint ? { tls: true, fingerprint } : { tls: false },
      timeoutMs: 3000,
    }).catch(() => {});
  }
}
