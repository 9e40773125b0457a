/**
 * What the renderer remembers between visits: the name, this install's clientId and the recent
 * rooms. Kept where a {@link SettingsStore} says: localStorage in a browser, the desktop app's
 * settings file in the desktop window.
 */
import { parseAddress, type RoomAddress } from '../../src-shared/address.ts';
import {
  clientIdForHost,
  isInstallSecret,
  legacyHostsOf,
  newInstallSecret,
  type InstallIdentity,
} from '../../src-shared/client-identity.ts';
import { isClientId, newClientId } from '../lib/ids.ts';
import { localSettingsStore, type SettingsStore, type StoredSettings } from './settings-store.ts';

/** A room joined before, for the "Recent rooms" list. */
export interface RecentRoom {
  /** The address as typed back into the join form (`192.168.1.20/general`). */
  address: string;
  /** The host's name, when known. */
  hostName?: string;
  lastJoinedAt: number;
}

const MAX_RECENT = 8;

function readRecent(v: unknown): RecentRoom[] {
  if (!Array.isArray(v)) return [];
  return v
    .filter(
      (r): r is RecentRoom =>
        typeof r === 'object' &&
        r !== null &&
        typeof r.address === 'string' &&
        parseAddress(r.address).ok &&
        typeof r.lastJoinedAt === 'number',
    )
    .slice(0, MAX_RECENT);
}

export class Settings {
  name = $state('');
  recent = $state.raw<RecentRoom[]>([]);
  /** The id sent to hosts this install used before per-host ids (and only to them). */
  readonly clientId: string;
  readonly #identity: InstallIdentity;

  readonly #store: SettingsStore;

  /**
   * @param stored what the store loaded (checked here, field by field)
   * @param store where every change is written
   */
  constructor(
    stored: StoredSettings = localSettingsStore.load() as StoredSettings,
    store: SettingsStore = localSettingsStore,
  ) {
    this.#store = store;
    this.name = typeof stored.name === 'string' ? stored.name : '';
    this.recent = readRecent(stored.recent);
    this.clientId = isClientId(stored.clientId) ? stored.clientId : newClientId();
    this.#identity = readIdentity(stored, this.clientId, this.recent);
    this.#save();
  }

  /**
   * The clientId for a room's host(s): derived per host from the install secret (by the key's
   * fingerprint when known, else the address), or the old one for a host it was used on before.
   */
  clientIdFor(addresses: readonly Pick<RoomAddress, 'host' | 'port'>[], fingerprint?: string): string {
    return clientIdForHost(this.#identity, addresses, fingerprint);
  }

  /** Remembers the name and puts the room first in the recent list. */
  joined(name: string, address: string, hostName?: string): void {
    this.name = name;
    const rest = this.recent.filter((r) => r.address !== address);
    const previous = this.recent.find((r) => r.address === address);
    this.recent = [{ address, hostName: hostName ?? previous?.hostName, lastJoinedAt: Date.now() }, ...rest].slice(
      0,
      MAX_RECENT,
    );
    this.#save();
  }

  /** Remembers the name a room's host gave itself, for the recent list. */
  named(address: string, hostName: string): void {
    if (!this.recent.some((r) => r.address === address && r.hostName !== hostName)) return;
    this.recent = this.recent.map((r) => (r.address === address ? { ...r, hostName } : r));
    this.#save();
  }

  /** Forgets one recent room. */
  forget(address: string): void {
    this.recent = this.recent.filter((r) => r.address !== address);
    this.#save();
  }

  #save(): void {
    this.#store.save({
      name: this.name,
      clientId: this.clientId,
      idSecret: this.#identity.secret,
      legacyHosts: this.#identity.legacyHosts ?? [],
      recent: this.recent,
    });
  }
}

/**
 * The install identity as stored; an install from before per-host ids (a clientId, no secret)
 * keeps its old id for the hosts of its recent rooms, where it is already known.
 */
function readIdentity(stored: StoredSettings, clientId: string, recent: readonly RecentRoom[]): InstallIdentity {
  if (isInstallSecret(stored.idSecret)) {
    const hosts = Array.isArray(stored.legacyHosts) ? stored.legacyHosts.filter((h) => typeof h === 'string') : [];
    return { secret: stored.idSecret, legacyClientId: clientId, legacyHosts: hosts.slice(0, 64) };
  }
  const upgrading = isClientId(stored.clientId);
  const parse = (text: string) => {
    const a = parseAddress(text);
    return a.ok ? a : undefined;
  };
  return {
    secret: newInstallSecret(),
    legacyClientId: clientId,
    legacyHosts: upgrading
      ? legacyHostsOf(
          recent.map((r) => r.address),
          parse,
        )
      : [],
  };
}
