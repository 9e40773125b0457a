/**
 * Where the settings live: localStorage in a browser, the desktop app's settings file (through
 * the bridge) in the desktop window, so that the name, clientId and recent rooms are the ones the
 * main process knows too. One adapter, chosen once at start-up.
 */
import type { Settings } from '../../src-shared/bridge.ts';
import type { RendererBridge } from './bridge.ts';

/** The settings as stored; read back unchecked (the Settings class checks every field). */
export interface StoredSettings {
  name?: unknown;
  clientId?: unknown;
  identitySecret?: unknown;
  legacyHosts?: unknown;
  recentRooms?: unknown;
}

/** What the Settings class keeps: the desktop app's own fields, so that no store translates. */
export type SettingsSnapshot = Pick<Settings, 'name' | 'clientId' | 'identitySecret' | 'legacyHosts' | 'recentRooms'>;

/** Reads the settings once at start-up and writes every change. */
export interface SettingsStore {
  load(): StoredSettings | Promise<StoredSettings>;
  save(settings: SettingsSnapshot): void;
}

const KEY = 'lanchat.settings.v1';

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
      const { name, clientId, identitySecret, legacyHosts, recentRooms } = s;
      storage()?.setItem(KEY, JSON.stringify({ name, clientId, identitySecret, legacyHosts, recentRooms }));
    } catch {
      // Full or disabled storage: the app works, it just forgets.
    }
  },
};

/** The desktop store: the main process's settings file. Its identity is made (and kept) there. */
export function bridgeSettingsStore(bridge: RendererBridge): SettingsStore {
  return {
    load: () => bridge.settings.get(),
    save({ name, recentRooms }) {
      // A refused write (e.g. a disk error) must not break the chat: the settings stay in memory.
      bridge.settings.set({ name, recentRooms }).catch(() => {});
    },
  };
}

/** The store for this window: the bridge's when there is one. */
export function settingsStoreFor(bridge: RendererBridge | null): SettingsStore {
  return bridge ? bridgeSettingsStore(bridge) : localSettingsStore;
}
