/**
 * What the renderer remembers between visits: the name, this install's clientId and the recent
 * rooms. Kept in localStorage, which works in a browser and in the desktop window alike.
 */
import { parseAddress } from '../../src-shared/address.ts';
import { isClientId, newClientId } from '../lib/ids.ts';

/** A room joined before, for the "Recent rooms" list. */
export interface RecentRoom {
  /** The address as typed back into the join form (`192.168.1.20/general`). */
  address: string;
  /** The host's name, when known. */
  hostName?: string;
  lastJoinedAt: number;
}

const KEY = 'lanchat.settings.v1';
const MAX_RECENT = 8;

interface Stored {
  name?: unknown;
  clientId?: unknown;
  recent?: unknown;
}

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // storage disabled: remember nothing, still work
  }
}

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
  readonly clientId: string;

  constructor() {
    let stored: Stored;
    try {
      stored = JSON.parse(storage()?.getItem(KEY) ?? '{}') as Stored;
    } catch {
      stored = {};
    }
    this.name = typeof stored.name === 'string' ? stored.name : '';
    this.recent = readRecent(stored.recent);
    this.clientId = isClientId(stored.clientId) ? stored.clientId : newClientId();
    this.#save();
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
    try {
      storage()?.setItem(KEY, JSON.stringify({ name: this.name, clientId: this.clientId, recent: this.recent }));
    } catch {
      // Full or disabled storage: the app works, it just forgets.
    }
  }
}
