/**
 * What the renderer remembers between visits: the name, this install's identity (the secret each
 * host's clientId is derived from, and the old single clientId) and the recent rooms, in the desktop bridge's own shapes (src-shared/bridge.ts). Kept where a
 * {@link SettingsStore} says: localStorage in a browser, the desktop app's settings file in the
 * desktop window.
 */
import { parseAddress, type RoomAddress } from '../../src-shared/address.ts';
import { BRIDGE_LIMITS, type RecentRoom } from '../../src-shared/bridge.ts';
import {
  clientIdForHost,
  isInstallSecret,
  legacyHostsOf,
  newInstallSecret,
  storedLegacyHosts,
  type InstallIdentity,
} from '../../src-shared/client-identity.ts';
import { isClientId, newClientId } from '../../src-shared/ids.ts';
import { localSettingsStore, type SettingsStore, type StoredSettings } from './settings-store.ts';

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
        typeof r.lastJoinedAt === 'number' &&
        (r.title === undefined || typeof r.title === 'string'),
    )
    .slice(0, MAX_RECENT);
}

/** A host's name as a recent room's title: the desktop app keeps at most this many characters. */
const title = (hostName: string) => hostName.slice(0, BRIDGE_LIMITS.titleChars);

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
    this.recent = readRecent(stored.recentRooms);
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
  joined(name: string, address: string): void {
    this.name = name;
    const rest = this.recent.filter((r) => r.address !== address);
    const known = this.recent.find((r) => r.address === address)?.title;
    const entry: RecentRoom = { address, lastJoinedAt: Date.now(), ...(known === undefined ? {} : { title: known }) };
    this.recent = [entry, ...rest].slice(0, MAX_RECENT);
    this.#save();
  }

  /** A new display name (checked by the caller), for the next joins. */
  rename(name: string): void {
    this.name = name;
    this.#save();
  }

  /** Remembers the name a room's host gave itself, for the recent list. */
  named(address: string, hostName: string): void {
    const t = title(hostName);
    if (!this.recent.some((r) => r.address === address && r.title !== t)) return;
    this.recent = this.recent.map((r) => (r.address === address ? { ...r, title: t } : r));
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
      identitySecret: this.#identity.secret,
      legacyHosts: [...(this.#identity.legacyHosts ?? [])],
      recentRooms: this.recent,
    });
  }
}

/**
 * The install identity as stored (the desktop app's main process makes it; a browser makes its
 * own). An install from before per-host ids (a clientId, no secret) keeps its old id for the
 * hosts of its recent rooms, where it is already known (docs/security.md).
 */
function readIdentity(stored: StoredSettings, clientId: string, recent: readonly RecentRoom[]): InstallIdentity {
  if (isInstallSecret(stored.identitySecret)) {
    return {
      secret: stored.identitySecret,
      legacyClientId: clientId,
      legacyHosts: storedLegacyHosts(stored.legacyHosts),
    };
  }
  const upgrading = isClientId(stored.clientId);
  return {
    secret: newInstallSecret(),
    legacyClientId: clientId,
    legacyHosts: upgrading ? legacyHostsOf(recent.map((r) => r.address)) : [],
  };
}
