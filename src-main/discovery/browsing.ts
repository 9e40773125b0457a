/**
 * Browsing the LAN for LAN Chat hosts: DNS-SD over multicast (MdnsBrowser), the remembered peers
 * of the fallback (PeerBook), and the checked list of hosts in view (Nearby). One per process:
 * the headless host owns its own (through Discovery); the desktop app keeps one for as long as it
 * runs, hosting or not, and lends it to the host it starts, so that the window's "On this
 * network" and the hosted room's `/api/nearby` are the same list from the same sockets.
 */
import type { NearbyHost, NearbyReply } from '../../src-shared/nearby.ts';
import { reachableInterfaces } from '../platform/lan-addresses.ts';
import { LearnLimits } from './learn-limits.ts';
import { MdnsBrowser } from './mdns-browser.ts';
import { Nearby } from './nearby.ts';
import { PeerBook, normalizePeer } from './peer-book.ts';
import { fetchPeerInfo } from './peer-info.ts';

export interface BrowsingOptions {
  /** Browse with multicast DNS. Default true; false leaves the remembered peers only. */
  browse?: boolean;
  /** Where remembered peers are kept (`peers.json`); undefined keeps them in memory. */
  dataDir?: string;
  /** How often hosts in view are asked for their rooms again. Default 15 s. */
  refreshMs?: number;
  /** IPv4 addresses of the interfaces to ask on. Default: every LAN interface, read again at each refresh. */
  interfaces?: () => string[];
  log?: (line: string) => void;
}

/** The host this process runs, when it runs one: never listed, and introduced to peers it learns. */
export interface BrowsingSelf {
  /** Its own DNS-SD instance, when it announces. */
  fqdn?: string | undefined;
  /** `host:port` addresses of it. */
  own: string[];
  /** Tells a newly learned peer about this host (so that the remembering goes both ways). */
  introduce?: (peer: string, fingerprint: string | undefined) => void;
}

/** What {@link Browsing.learn} did, in one sentence for the caller. */
export interface LearnResult {
  ok: boolean;
  message: string;
  /** Over the asking address's budget (HTTP 429). */
  limited?: true;
}

const lanIpv4 = () =>
  reachableInterfaces()
    .filter((a) => a.family === 'IPv4')
    .map((a) => a.address);

/** Everything a list is compared on, `seen` aside (it moves at every answer, nothing shown changes). */
const shown = (hosts: NearbyHost[]) => JSON.stringify(hosts.map(({ seen: _seen, ...h }) => h));

/** The browsing side of discovery, shared by whoever shows the network. */
export class Browsing {
  readonly #o: BrowsingOptions;
  readonly #book: PeerBook;
  readonly #log: (line: string) => void;
  readonly #limits = new LearnLimits();
  readonly #listeners = new Set<(hosts: NearbyHost[]) => void>();
  readonly #nearby: Nearby;
  #browser: MdnsBrowser | undefined;
  #interfaces = '';
  #self: BrowsingSelf | undefined;
  #refresh: NodeJS.Timeout | undefined;
  #starting: Promise<void> | undefined;
  #learning = 0;
  #last = '[]';

  constructor(options: BrowsingOptions = {}) {
    this.#o = options;
    this.#book = new PeerBook(options.dataDir);
    this.#log = options.log ?? (() => {});
    this.#nearby = new Nearby({
      sightings: () => this.#browser?.list(this.#self?.fqdn) ?? [],
      book: this.#book,
      own: () => this.#self?.own ?? [],
    });
  }

  /** Whether multicast DNS browsing is on (false: the remembered peers only). */
  get browsing(): boolean {
    return this.#o.browse !== false;
  }

  /** Loads the remembered peers and starts browsing; a second call waits for the first. */
  start(): Promise<void> {
    this.#starting ??= (async () => {
      await this.#book.load();
      this.#rebrowse();
      this.#refresh = setInterval(() => {
        this.#rebrowse();
        void this.#nearby.refresh().then(() => this.#changed());
      }, this.#o.refreshMs ?? 15_000);
      this.#refresh.unref();
      void this.#nearby.refresh().then(() => this.#changed());
    })();
    return this.#starting;
  }

  /** Sockets closed, the peer book saved; {@link start} may be called again. */
  async stop(): Promise<void> {
    await this.#starting;
    this.#starting = undefined;
    clearInterval(this.#refresh);
    const browser = this.#browser;
    this.#browser = undefined;
    this.#interfaces = '';
    await Promise.all([browser?.stop(), this.#book.flush()]);
  }

  /**
   * (Re)starts the multicast browser when the LAN interfaces changed (a laptop joined a Wi-Fi
   * after the app started); what was seen stays in the same table.
   */
  #rebrowse(): void {
    if (!this.browsing) return;
    const interfaces = (this.#o.interfaces ?? lanIpv4)();
    const key = interfaces.join(',');
    if (key === this.#interfaces && this.#browser) return;
    this.#interfaces = key;
    const old = this.#browser;
    this.#browser = new MdnsBrowser({
      interfaces,
      sightings: old?.sightings,
      log: this.#log,
      changed: () => {
        this.#changed();
        void this.#nearby.refreshNew().then(() => this.#changed());
      },
    });
    void old?.stop();
    this.#browser.start();
  }

  /** The host this process runs (never listed, introduced to learned peers), or undefined. */
  setSelf(self: BrowsingSelf | undefined): void {
    this.#self = self;
    this.#changed();
  }

  /** The hosts in view that answered (see Nearby). */
  list(): NearbyHost[] {
    return this.#nearby.list();
  }

  /** What `GET /api/nearby` answers (and the desktop window is given). */
  reply(announcing: boolean): NearbyReply {
    return { browsing: this.browsing, announcing, hosts: this.list() };
  }

  /** Calls `listener` with the list whenever what it shows changes; returns the unsubscribe. */
  onChange(listener: (hosts: NearbyHost[]) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #changed(): void {
    const hosts = this.list();
    const now = shown(hosts);
    if (now === this.#last) return;
    this.#last = now;
    for (const listener of this.#listeners) listener(hosts);
  }

  /**
   * Someone used `input` (a typed address, a room on another host): check that it is a LAN Chat
   * host, remember it, and introduce this process's host to it (when one runs). One check at a
   * time, and each asking address has a budget (learn-limits.ts): whoever sends addresses in a
   * loop cannot make this process fetch without bound.
   * @param from the address of whoever asks (its budget; the book's teacher)
   */
  async learn(input: unknown, from = ''): Promise<LearnResult> {
    const address = normalizePeer(input);
    if (!address) return { ok: false, message: 'Not a host address.' };
    if (this.#self?.own.includes(address)) return { ok: true, message: 'That is this host.' };
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
    void this.#nearby.refreshNew().then(() => this.#changed());
    this.#self?.introduce?.(address, fingerprint);
    return { ok: true, message: 'Remembered.' };
  }
}
