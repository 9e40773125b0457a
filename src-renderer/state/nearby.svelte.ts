/**
 * "On this network" for the join screen. In a browser: the rooms of the host that served the
 * page (its `/api/info`) and the hosts it sees (its `/api/nearby`), asked again every few
 * seconds while the join screen is up. In the desktop app: the app's own browsing, which runs
 * hosting or not, pushed over the bridge at every change. Whatever arrives is checked first
 * (src-shared/nearby-checks.ts): it carries what other machines say about themselves.
 */
import { hostForUrl } from '../../src-shared/address.ts';
import type { Checked, LanchatBridge } from '../../src-shared/bridge.ts';
import type { Diagnosis, NearbyHost, NearbyRoom } from '../../src-shared/nearby.ts';
import { checkDiagnosis, checkNearbyReply } from '../../src-shared/nearby-checks.ts';
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
/** The desktop bridge's view of the network. */
export type NearbyBridge = LanchatBridge['nearby'];

async function getJson(fetcher: Fetch, path: string): Promise<unknown> {
  const res = await fetcher(path, { cache: 'no-store', signal: AbortSignal.timeout(8000) });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return res.json();
}

function valid<T>(checked: Checked<T>): T {
  if (!checked.ok) throw new Error(checked.error);
  return checked.value;
}

/** The join screen's view of the network. */
export class NearbyState {
  hosts = $state.raw<ListedHost[]>([]);
  /** The first answer came (so an empty list means "none", not "still asking"). */
  loaded = $state(false);
  /** Whether the serving host (or the app) browses and announces. */
  browsing = $state(false);
  announcing = $state(false);
  /** The serving host could not be asked (it stopped?). */
  failed = $state(false);

  readonly #here: string | null;
  readonly #fetch: Fetch;
  readonly #bridge: NearbyBridge | null;
  #timer: ReturnType<typeof setInterval> | undefined;
  #unsubscribe: (() => void) | undefined;

  /**
   * @param here `host:port` of the serving host, or null when the page was not served by one
   * @param bridge the desktop app's (then `here` is null): the list comes from its main process
   */
  constructor(here: string | null, fetcher: Fetch = (u, i) => fetch(u, i), bridge: NearbyBridge | null = null) {
    this.#here = here;
    this.#fetch = fetcher;
    this.#bridge = bridge;
  }

  /** Whether there is anyone to ask: the serving host, or the desktop app. */
  get available(): boolean {
    return this.#here !== null || this.#bridge !== null;
  }

  /** The page was served by a host (a browser), whose view this is. */
  get served(): boolean {
    return this.#here !== null;
  }

  /** Asks now and then every `everyMs` (or, in the app, listens to its pushes) until {@link stop}. */
  start(everyMs = 5000): void {
    if (this.#bridge && !this.#unsubscribe) {
      this.#unsubscribe = this.#bridge.onChange((reply) => this.#show(reply, []));
      void this.refresh();
      return;
    }
    if (!this.#here || this.#timer) return;
    void this.refresh();
    this.#timer = setInterval(() => void this.refresh(), everyMs);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }

  async refresh(): Promise<void> {
    if (this.#bridge) {
      const reply = await this.#bridge.list().catch(() => undefined);
      this.failed = reply === undefined;
      this.#show(reply, []);
      return;
    }
    const here = this.#here;
    if (!here) return;
    const [info, nearby] = await Promise.allSettled([
      getJson(this.#fetch, '/api/info') as Promise<HostInfo>,
      getJson(this.#fetch, '/api/nearby'),
    ]);
    const first: ListedHost[] = [];
    if (info.status === 'fulfilled')
      first.push({ name: info.value.name, address: here, rooms: info.value.rooms, here: true });
    this.failed = info.status === 'rejected';
    this.#show(nearby.status === 'fulfilled' ? nearby.value : undefined, first);
  }

  /** Shows a checked reply after `first`; a reply that fails the checks is shown as none. */
  #show(raw: unknown, first: ListedHost[]): void {
    const checked = raw === undefined ? undefined : checkNearbyReply(raw);
    if (checked?.ok === false) console.warn(`lanchat: a nearby list was refused: ${checked.error}`);
    const list = [...first];
    if (checked?.ok) {
      this.browsing = checked.value.browsing;
      this.announcing = checked.value.announcing;
      for (const h of checked.value.hosts) if (h.addresses[0]) list.push(listed(h));
    }
    this.hosts = list;
    this.loaded = true;
  }

  /** "Why can't I see a host?": the serving host's checks, or the app's; checked like the list. */
  async why(): Promise<Diagnosis> {
    const raw = this.#bridge ? await this.#bridge.why() : await getJson(this.#fetch, '/api/nearby/why');
    return valid(checkDiagnosis(raw));
  }

  /**
   * A room on another host opened: tell whoever keeps the list (the serving host, or the app),
   * so that it remembers that host and lists it, even where multicast cannot find it.
   */
  introduce(host: string, port: number): void {
    const there = hostPort(host, port);
    if (this.#bridge) {
      void this.#bridge.learn(there).catch(() => false);
      return;
    }
    if (!this.#here || this.#here === there) return;
    void this.#fetch('/api/peers', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ address: there }),
    }).catch(() => {});
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
