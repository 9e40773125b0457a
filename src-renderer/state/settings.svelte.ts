/**
 * What the renderer remembers between visits: the name, this install's clientId and the recent
 * rooms, in the desktop bridge's own shapes (src-shared/bridge.ts). Kept where a
 * {@link SettingsStore} says: localStorage in a browser, the desktop app's settings file in the
 * desktop window.
 */
import { parseAddress } from '../../src-shared/address.ts';
import { BRIDGE_LIMITS, type RecentRoom } from '../../src-shared/bridge.ts';
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
  readonly clientId: string;

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
    this.#save();
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
    this.#store.save({ name: this.name, clientId: this.clientId, recentRooms: this.recent });
  }
}
