/**
 * Discovery for one host: announce it (unless told not to), browse for the others (its own
 * {@link Browsing}, or the one the desktop app lends it), remember peers learned by hand, and
 * answer `/api/nearby`. Started by ChatHost once it listens, stopped (goodbye first) before it
 * closes.
 *
 * The host's addresses are read again every few seconds: a host started before its network was
 * up (a laptop that joins the Wi-Fi after the app started) announces itself once it is, and one
 * that moves to another network says goodbye on the old addresses and announces the new ones.
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
  /** How often the host's addresses are read again (ms; default 3000). */
  watchMs?: number;
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
  /** The interfaces {@link #announcer} announces on, as a key ('' for none). */
  #announcedOn = '';
  /** Announcers replaced by a change of addresses, still sending their goodbye. */
  readonly #leaving = new Set<Promise<void>>();
  #watch: NodeJS.Timeout | undefined;
  /** Whether browsing has been told who this host is (since the last start). */
  #selfSet = false;
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
    if (this.#owned) await this.#browsing.start();
    this.#readAddresses();
    this.#watch = setInterval(() => this.#readAddresses(), this.#o.watchMs ?? 3000);
    this.#watch.unref();
  }

  /** Goodbye packets out; its own browsing stopped (sockets closed, the peer book saved). */
  async stop(): Promise<void> {
    clearInterval(this.#watch);
    this.#watch = undefined;
    this.#selfSet = false;
    this.#browsing.setSelf(undefined);
    const announcer = this.#announcer;
    this.#announcer = undefined;
    this.#announcedOn = '';
    await Promise.all([announcer?.stop(), ...this.#leaving, this.#owned ? this.#browsing.stop() : undefined]);
  }

  /**
   * Reads the host's addresses and, when the interfaces to announce on changed, replaces the
   * announcement: goodbye on the old ones, the host under a new instance name on the new ones (a
   * new name, so that a late goodbye in someone's cache cannot remove the new records).
   */
  #readAddresses(): void {
    const s = this.#started;
    if (!s) return;
    const own = lanAddresses(s.port, undefined, s.bind);
    const ownChanged = own.join(',') !== this.#own.join(',');
    this.#own = own;
    const on = this.#o.announce === false ? [] : ipv4(s.bind); // none on loopback: nobody could reach us
    const key = on.join(',');
    const announceChanged = key !== this.#announcedOn;
    if (announceChanged) {
      this.#announcedOn = key;
      const old = this.#announcer;
      this.#announcer = undefined;
      if (old) {
        const leaving: Promise<void> = old.stop().finally(() => this.#leaving.delete(leaving));
        this.#leaving.add(leaving);
      }
      if (on.length > 0) {
        if (this.#selfSet) this.#log(`discovery: the addresses changed; announcing on ${on.join(', ')}`);
        this.#announcer = new Announcer({
          name: s.name,
          port: s.port,
          fingerprint: s.fingerprint,
          interfaces: on,
          log: this.#log,
        });
        this.#announcer.start();
      } else if (old) this.#log('discovery: no network interface is up; announcing again once one is');
    }
    if (!announceChanged && !ownChanged && this.#selfSet) return;
    this.#selfSet = true;
    this.#browsing.setSelf({
      fqdn: this.#announcer?.fqdn,
      own: this.#own,
      introduce: (peer, fingerprint) => void this.#introduce(peer, fingerprint),
    });
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
