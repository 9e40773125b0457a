/**
 * Discovery for one host: announce it (unless told not to), browse for the others, remember
 * peers learned by hand, and answer `/api/nearby`. Started by ChatHost once it listens, stopped
 * (goodbye first) before it closes.
 */
import type { Diagnosis, NearbyReply } from '../../src-shared/nearby.ts';
import { diagnose } from './diagnose.ts';
import { lanAddresses, reachableInterfaces } from '../platform/lan-addresses.ts';
import { Announcer } from './announcer.ts';
import { LearnLimits } from './learn-limits.ts';
import { MdnsBrowser } from './mdns-browser.ts';
import { Nearby } from './nearby.ts';
import { PeerBook, normalizePeer } from './peer-book.ts';
import { fetchPeerInfo } from './peer-info.ts';
import { peerRequest } from './peer-request.ts';

export interface DiscoveryOptions {
  /** Announce this host with DNS-SD (`--no-announce` turns it off). Default true. */
  announce?: boolean;
  /** Browse for other hosts. Default true. */
  browse?: boolean;
  /** Where remembered peers are kept; undefined keeps them in memory. */
  dataDir?: string;
  /** How often hosts in view are asked for their rooms again. Default 15 s. */
  refreshMs?: number;
  log?: (line: string) => void;
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
  readonly #book: PeerBook;
  readonly #log: (line: string) => void;
  #announcer: Announcer | undefined;
  #browser: MdnsBrowser | undefined;
  #nearby: Nearby | undefined;
  #own: string[] = [];
  #refresh: NodeJS.Timeout | undefined;
  #learning = 0;
  readonly #limits = new LearnLimits();
  #started: DiscoveryStart | undefined;

  constructor(options: DiscoveryOptions = {}) {
    this.#o = options;
    this.#book = new PeerBook(options.dataDir);
    this.#log = options.log ?? (() => {});
  }

  /** Whether this host announces itself (after start: false too when it listens on loopback only). */
  get announcing(): boolean {
    return this.#announcer !== undefined;
  }

  async start(s: DiscoveryStart): Promise<void> {
    this.#started = s;
    await this.#book.load();
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
    const changed = () => void this.#nearby?.refreshNew();
    if (this.#o.browse !== false) {
      this.#browser = new MdnsBrowser({ interfaces: ipv4(), changed, log: this.#log });
      this.#browser.start();
    }
    const self = this.#announcer?.fqdn;
    this.#nearby = new Nearby({
      sightings: () => this.#browser?.list(self) ?? [],
      book: this.#book,
      own: () => this.#own,
    });
    this.#refresh = setInterval(() => void this.#nearby?.refresh(), this.#o.refreshMs ?? 15_000);
    this.#refresh.unref();
    void this.#nearby.refresh();
  }

  /** Goodbye packets out, sockets closed, the peer book saved. */
  async stop(): Promise<void> {
    clearInterval(this.#refresh);
    await Promise.all([this.#announcer?.stop(), this.#browser?.stop(), this.#book.flush()]);
    this.#announcer = undefined;
    this.#browser = undefined;
  }

  /** What `GET /api/nearby` answers. */
  async nearby(): Promise<NearbyReply> {
    const hosts = this.#nearby?.list() ?? [];
    return { browsing: this.#browser !== undefined, announcing: this.announcing, hosts };
  }

  /** What `GET /api/nearby/why` answers. */
  async why(): Promise<Diagnosis> {
    const s = this.#started ?? { port: 0, bind: undefined };
    const hostsSeen = this.#nearby?.list().length ?? 0;
    return diagnose({ port: s.port, bind: s.bind, announcing: this.announcing, browsing: !!this.#browser, hostsSeen });
  }

  /**
   * A guest used this host and `input` too: check that it is a LAN Chat host, remember it, and
   * introduce ourselves to it so that it remembers us. One check at a time: a page that posts
   * addresses in a loop cannot make this host fetch without bound, and each address has a
   * budget of checks (learn-limits.ts).
   * @param from the address of the machine that asks (its budget; the book's teacher)
   * @returns a sentence for the caller: what was done or why not; `limited` when over budget
   */
  async learn(input: unknown, from = ''): Promise<{ ok: boolean; message: string; limited?: true }> {
    const address = normalizePeer(input);
    if (!address) return { ok: false, message: 'Not a host address.' };
    if (this.#own.includes(address)) return { ok: true, message: 'That is this host.' };
    if (this.#book.has(address)) return { ok: true, message: 'Already known.' };
    if (!this.#limits.take(from)) {
      return { ok: false, limited: true, message: 'Too many hosts checked for this computer: try again in a minute.' };
    }
    if (this.#learning > 0) return { ok: false, message: 'Busy checking another host; try again shortly.' };
    this.#learning++;
    let fingerprint: string | undefined;
    try {
      ({ fingerprint } = await fetchPeerInfo(address));
    } catch (err) {
      return { ok: false, message: `No LAN Chat host answers at ${address}: ${(err as Error).message}.` };
    } finally {
      this.#learning--;
    }
    this.#book.remember(address, from);
    void this.#nearby?.refreshNew();
    void this.#introduce(address, fingerprint);
    return { ok: true, message: 'Remembered.' };
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
