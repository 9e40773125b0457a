/**
 * The hosting controller behind "Host a room": starts and stops the same {@link ChatHost} as
 * `npm run host`, keeps the state the UI shows (addresses, people connected, the reason a start
 * failed) and tells its listeners of every change. Plain Node: no Electron import.
 */
import { formatAddress, parseAddress } from '../../src-shared/address.ts';
import type { HostingPrefs, HostStartRequest, HostStatus } from '../../src-shared/bridge.ts';
import type { Diagnosis } from '../../src-shared/nearby.ts';
import { translator, type PlainKey, type Translate } from '../../src-shared/i18n/index.ts';
import { ChatHost } from '../host/chat-host.ts';
import { hostFilesOptions } from '../files/files-options.ts';
import type { HostOptions } from '../host/options.ts';
import type { Browsing } from '../discovery/browsing.ts';
import { Discovery } from '../discovery/discovery.ts';
import { lanAddresses } from '../platform/lan-addresses.ts';
import { StoreOpenError } from '../store/open-database.ts';
import { loadOrCreateHostIdentity, type HostIdentity } from '../tls/host-identity.ts';
import { SqliteStore } from '../store/sqlite-store.ts';

export interface HostingOptions {
  /** Where the hosted history lives (a `host` folder in the app's user-data folder). */
  dataDir: string;
  /** The built browser client, served to guests who open the address in a browser. */
  staticDir?: string;
  version?: string;
  /** Address to listen on. Default: every interface. */
  bind?: string;
  /** The host's name people see. Default: the machine's name. */
  name?: string;
  /** The language of the error sentences. Default: English. */
  t?: Translate;
  /** `host:port` strings people can type for this machine. Default: every LAN address. */
  addresses?: (port: number) => string[];
  log?: (line: string) => void;
  /** The app's own browsing (it runs hosting or not): the hosted room's `/api/nearby` uses it. */
  browsing?: Browsing;
  /** More host options (tests use it for fast timings). */
  host?: Partial<Omit<HostOptions, 'store' | 'port' | 'bind' | 'passwords' | 'staticDir'>>;
}

/** The one sentence shown when a start fails, by error code. */
export function startErrorSentence(
  err: unknown,
  port: number,
  t: Translate = translator('en'),
): { error: string; errorCode: string } {
  const code = (err as NodeJS.ErrnoException | undefined)?.code ?? '';
  if (code === 'EACCES' && port >= 1024) {
    // Not a privileged port, so something else forbids it: a firewall or a security policy.
    return { errorCode: code, error: t('desktop.firewall', { port }) };
  }
  if (code === 'EADDRINUSE') return { errorCode: code, error: t('desktop.portInUse', { port }) };
  const known: Record<string, PlainKey> = {
    EACCES: 'host.portDenied',
    EADDRNOTAVAIL: 'host.noAddress',
  };
  if (Object.hasOwn(known, code)) return { errorCode: code, error: t(known[code]!) };
  // The data folder is another host's, or its database is damaged or unreadable: the sentence
  // names the file and what to do.
  if (err instanceof StoreOpenError) return { errorCode: `EDATA_${err.reason.toUpperCase()}`, error: err.say(t) };
  return { errorCode: 'EHOST', error: t('desktop.startFailed', { reason: (err as Error)?.message ?? String(err) }) };
}

/** What a successful start leaves in the settings: the next start (and the form) begins from it. */
export function prefsOfStart(request: HostStartRequest): Omit<HostingPrefs, 'autoStart'> {
  return {
    room: request.room,
    port: request.port,
    password: request.password ?? '',
    announce: request.announce !== false,
  };
}

/** The start the app makes at launch when set to host again: as last time, announced or not. */
export function startOfPrefs(prefs: HostingPrefs): HostStartRequest {
  const { room, port, password, announce } = prefs;
  return { room, port, announce, ...(password ? { password } : {}) };
}

/** Starts, stops and watches the app's own host; one operation at a time, in call order. */
export class HostingController {
  readonly #options: HostingOptions;
  readonly #listeners = new Set<(status: HostStatus) => void>();
  #status: HostStatus = { state: 'stopped' };
  #host: ChatHost | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #t: Translate;

  constructor(options: HostingOptions) {
    this.#options = options;
    this.#t = options.t ?? translator('en');
  }

  /** The language of the next sentences (the person changed it in the window's settings). */
  setTranslator(t: Translate): void {
    this.#t = t;
  }

  /** The current state (a copy). */
  status(): HostStatus {
    return structuredClone(this.#status);
  }

  /** Whether the running host announces itself on the network. */
  get announcing(): boolean {
    return this.#host?.options.discovery?.announcing === true;
  }

  /** What the running host checks about itself ("Why can't I see a host?"); undefined when none runs. */
  why(): Promise<Diagnosis> | undefined {
    return this.#host?.options.discovery?.why();
  }

  /** Calls `listener` with every new status; returns the unsubscribe. */
  onStatus(listener: (status: HostStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Hosts a room (stopping a previous host first). A failure is a `stopped` status with its sentence. */
  start(request: HostStartRequest): Promise<HostStatus> {
    return this.#serial(async () => {
      await this.#stopNow();
      return this.#startNow(request);
    });
  }

  /** Stops hosting: every client gets 1001 and reconnects when a host is back. */
  stop(): Promise<HostStatus> {
    return this.#serial(async () => {
      await this.#stopNow();
      return this.status();
    });
  }

  #serial<T>(op: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(op, op);
    this.#queue = run.catch(() => {});
    return run;
  }

  #set(status: HostStatus): HostStatus {
    this.#status = status;
    for (const listener of this.#listeners) listener(this.status());
    return this.status();
  }

  async #startNow({ room, port, password, announce }: HostStartRequest): Promise<HostStatus> {
    const o = this.#options;
    this.#set({ state: 'starting', room, port });
    let store: SqliteStore;
    let identity: HostIdentity;
    try {
      // The same key on every start (DATA/tls): a key that changed would alarm everyone who pinned it.
      identity = await loadOrCreateHostIdentity(o.dataDir);
      store = new SqliteStore({ dataDir: o.dataDir });
    } catch (err) {
      return this.#set({ state: 'stopped', ...startErrorSentence(err, port, this.#t) });
    }
    const host = new ChatHost({
      ...o.host,
      store,
      port,
      bind: o.bind,
      name: o.name ?? o.host?.name,
      passwords: password ? { [room]: password } : {},
      staticDir: o.staticDir,
      version: o.version ?? o.host?.version,
      files: hostFilesOptions({ dataDir: o.dataDir }),
      // The hosted room is announced on the network unless the person turned it off; tests
      // inject their own (or none) through `o.host`.
      discovery:
        o.host && 'discovery' in o.host
          ? o.host.discovery
          : new Discovery({ announce: announce !== false, dataDir: o.dataDir, log: o.log, browsing: o.browsing }),
      log: o.log,
      tls: identity,
    });
    // The host says when someone arrives or leaves; the count is read from it at that moment.
    const count = () => this.#count(host);
    host.on('memberJoined', count);
    host.on('memberLeft', count);
    try {
      await host.start();
    } catch (err) {
      await store.close();
      return this.#set({ state: 'stopped', ...startErrorSentence(err, port, this.#t) });
    }
    this.#host = host;
    const actual = host.port;
    // Every address carries the key (`…/dev#7F3A-…`): whoever it is given to checks the host with it.
    const pinned = (hostPort: string) => `${short(`${hostPort}/${room}`)}#${identity.short}`;
    const addresses = (o.addresses ?? lanAddresses)(actual).map(pinned);
    return this.#set({
      state: 'running',
      room,
      port: actual,
      locked: Boolean(password),
      addresses,
      local: pinned(`127.0.0.1:${actual}`),
      connected: host.memberCount,
      fingerprint: identity.short,
    });
  }

  async #stopNow(): Promise<void> {
    const host = this.#host;
    if (!host || this.#status.state !== 'running') return;
    this.#set({ state: 'stopping', room: this.#status.room, port: this.#status.port });
    this.#host = undefined;
    try {
      await host.stop();
    } finally {
      this.#set({ state: 'stopped' });
    }
  }

  /** Shows the number of people present on `host`, when it is the running one and the number changed. */
  #count(host: ChatHost): void {
    const now = this.#status;
    const connected = host.memberCount;
    if (this.#host === host && now.state === 'running' && now.connected !== connected) {
      this.#set({ ...now, connected });
    }
  }
}

/** The short form of an address (`192.168.1.20/dev`, the port only when not the default). */
function short(address: string): string {
  const parsed = parseAddress(address);
  return parsed.ok ? formatAddress(parsed) : address;
}
