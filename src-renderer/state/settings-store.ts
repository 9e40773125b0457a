/**
 * Where the settings live: localStorage in a browser, the desktop app's settings file (through
 * the bridge) in the desktop window, so that the name, clientId and recent rooms are the ones the
 * main process knows too. One adapter, chosen once at start-up.
 */
import type { RendererBridge } from './bridge.ts';
import type { RecentRoom } from './settings.svelte.ts';

/** The settings as stored; read back unchecked (the Settings class checks every field). */
export interface StoredSettings {
  name?: unknown;
  clientId?: unknown;
  idSecret?: unknown;
  legacyHosts?: unknown;
  recent?: unknown;
}

/** What the Settings class keeps. */
export interface SettingsSnapshot {
  name: string;
  clientId: string;
  /** The install secret each host's clientId is derived from (never sent). */
  idSecret: string;
  /** Hosts that keep getting `clientId` (used before per-host ids). */
  legacyHosts: readonly string[];
  recent: readonly RecentRoom[];
}

/** Reads the settings once at start-up and writes every change. */
export interface SettingsStore {
  load(): StoredSettings | Promise<StoredSettings>;
  save(settings: SettingsSnapshot): void;
}

const KEY = 'lanchat.settings.v1';
/** The longest host name the desktop app keeps for a recent room. */
const MAX_TITLE = 100;

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // storage disabled: remember nothing, still work
  }
}

/** The browser's store: one JSON value in localStorage. */
export const localSettingsStore: SettingsStore = {
  load() {
    try {
      return JSON.parse(storage()?.getItem(KEY) ?? '{}') as StoredSettings;
    } catch {
      return {};
    }
  },
  save(s) {
    try {
      const { name, clientId, idSecret, legacyHosts, recent } = s;
      storage()?.setItem(KEY, JSON.stringify({ name, clientId, idSecret, legacyHosts, recent }));
    } catch {
      // Full or disabled storage: the app works, it just forgets.
    }
  },
};

/** The desktop store: the main process's settings file. Its clientId is made (and kept) there. */
export function bridgeSettingsStore(bridge: RendererBridge): SettingsStore {
  return {
    async load() {
      const s = await bridge.settings.get();
      return {
        name: s.name,
        clientId: s.clientId,
        idSecret: s.identitySecret,
        legacyHosts: s.legacyHosts,
        recent: s.recentRooms.map((r) => ({ address: r.address, hostName: r.title, lastJoinedAt: r.lastJoinedAt })),
      };
    },
    save(s) {
      const recentRooms = s.recent.map((r) => ({
        address: r.address,
        lastJoinedAt: r.lastJoinedAt,
        ...(r.hostName ? { title: r.hostName.slice(0, MAX_TITLE) } : {}),
      }));
      // A refused write (e.g. a disk error) must not break the chat: the settings stay in memory.
      bridge.settings.set({ name: s.name, recentRooms }).catch(() => {});
    },
  };
}

/** The store for this window: the bridge's when there is one. */
export function settingsStoreFor(bridge: RendererBridge | null): SettingsStore {
  return bridge ? bridgeSettingsStore(bridge) : localSettingsStore;
}
