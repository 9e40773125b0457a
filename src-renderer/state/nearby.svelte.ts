/**
 * "On this network" for the join screen: the rooms of the host that served the page (its
 * `/api/info`) and the hosts it sees nearby (its `/api/nearby`), asked again every few seconds
 * while the join screen is up. Only a page served by a host has one to ask.
 */
import { hostForUrl } from '../../src-shared/address.ts';
import type { NearbyHost, NearbyReply, NearbyRoom } from '../../src-shared/nearby.ts';
import type { HostInfo } from '../../src-shared/protocol.ts';

/** One host with its rooms, as the list shows it. */
export interface ListedHost {
  name: string;
  /** The `host:port` a click joins at. */
  address: string;
  rooms: NearbyRoom[];
  /** The host that served this page. */
  here: boolean;
  fingerprint?: string;
}

type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

async function getJson<T>(fetcher: Fetch, path: string): Promise<T> {
  const res = await fetcher(path, { cache: 'no-store', signal: AbortSignal.timeout(4000) });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return (await res.json()) as T;
}

/** The join screen's view of the network. */
export class NearbyState {
  hosts = $state.raw<ListedHost[]>([]);
  /** The first answer came (so an empty list means "none", not "still asking"). */
  loaded = $state(false);
  /** Whether the serving host browses and announces (from its `/api/nearby`). */
  browsing = $state(false);
  announcing = $state(false);
  /** The serving host could not be asked (it stopped?). */
  failed = $state(false);

  readonly #here: string | null;
  readonly #fetch: Fetch;
  #timer: ReturnType<typeof setInterval> | undefined;

  /** @param here `host:port` of the serving host, or null when the page was not served by one */
  constructor(here: string | null, fetcher: Fetch = (u, i) => fetch(u, i)) {
    this.#here = here;
    this.#fetch = fetcher;
  }

  get available(): boolean {
    return this.#here !== null;
  }

  /**
   * A room on another host opened: tell the host that served this page, so that it remembers
   * that host and lists it for everyone, even where multicast cannot find it.
   */
  introduce(host: string, port: number): void {
    const there = hostPort(host, port);
    if (!this.#here || this.#here === there) return;
    void this.#fetch('/api/peers', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ address: there }),
    }).catch(() => {});
  }

  /** Asks now and then every `everyMs`, until {@link stop}. */
  start(everyMs = 5000): void {
    if (!this.#here || this.#timer) return;
    void this.refresh();
    this.#timer = setInterval(() => void this.refresh(), everyMs);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  async refresh(): Promise<void> {
    const here = this.#here;
    if (!here) return;
    const [info, nearby] = await Promise.allSettled([
      getJson<HostInfo>(this.#fetch, '/api/info'),
      getJson<NearbyReply>(this.#fetch, '/api/nearby'),
    ]);
    const list: ListedHost[] = [];
    if (info.status === 'fulfilled') {
      list.push({ name: info.value.name, address: here, rooms: info.value.rooms, here: true });
    }
    if (nearby.status === 'fulfilled') {
      this.browsing = nearby.value.browsing;
      this.announcing = nearby.value.announcing;
      for (const h of nearby.value.hosts) if (h.addresses[0]) list.push(listed(h));
    }
    this.failed = info.status === 'rejected';
    this.hosts = list;
    this.loaded = true;
  }
}

function listed(h: NearbyHost): ListedHost {
  return {
    name: h.name,
    address: h.addresses[0]!,
    rooms: h.rooms,
    here: false,
    ...(h.fingerprint ? { fingerprint: h.fingerprint } : {}),
  };
}

/** The address a click on a room joins: `host:port/room`, with `#FINGERPRINT` when the host gave one. */
export const roomAt = (host: ListedHost, room: string) =>
  `${host.address}/${room}${host.fingerprint ? `#${host.fingerprint}` : ''}`; // pinned: TLS to that key

/** `host:port` of an address's host and port, as the nearby list spells it. */
export const hostPort = (host: string, port: number) => `${hostForUrl(host)}:${port}`;
