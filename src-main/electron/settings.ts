/**
 * The desktop app's settings and its outbox, as JSON files in the user-data folder, written
 * atomically. Plain Node (no Electron import), so that it is unit-tested as it runs.
 *
 * What is read back goes through the bridge's own validators: a hand-edited or half-corrupt file
 * loses only its bad fields, and a file that is not JSON at all is kept aside, never overwritten
 * silently.
 */
import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import {
  BRIDGE_LIMITS,
  IPC,
  validateInvoke,
  type HostingPrefs,
  type OutboxEntry,
  type Settings,
  type SettingsPatch,
} from '../../src-shared/bridge.ts';
import {
  isInstallSecret,
  legacyHostsOf,
  newInstallSecret,
  storedLegacyHosts,
} from '../../src-shared/client-identity.ts';
import { isClientId, newClientId as randomClientId } from '../../src-shared/ids.ts';
import { DEFAULT_PORT, DEFAULT_ROOM } from '../../src-shared/protocol.ts';
import { AtomicJsonFile, readJson } from '../platform/atomic-file.ts';

export interface SettingsStoreOptions {
  /** The folder of `settings.json` and `outbox.json` (the app's user-data folder). */
  dir: string;
  /** Makes the clientId of a new install. Default: the shared `newClientId` (src-shared/ids.ts). */
  newClientId?: () => string;
  /** Where to report a file that had to be set aside. Default: silent. */
  log?: (line: string) => void;
}

/** The settings of a new install (its clientId aside). */
export const DEFAULT_HOSTING: Readonly<HostingPrefs> = Object.freeze({
  room: DEFAULT_ROOM,
  port: DEFAULT_PORT,
  password: '',
  autoStart: false,
  announce: true,
});

const defaults = (identity: Identity): Settings => ({
  name: '',
  ...identity,
  recentRooms: [],
  hosting: { ...DEFAULT_HOSTING },
  notifications: true,
  language: 'system',
});

/** Applies a (validated) patch; `hosting` is merged field by field. */
export function applyPatch(settings: Settings, patch: SettingsPatch): Settings {
  const { hosting, ...rest } = patch;
  return { ...settings, ...rest, hosting: { ...settings.hosting, ...hosting } };
}

/** The settings and outbox of one user-data folder. Open it with {@link SettingsStore.open}. */
export class SettingsStore {
  readonly #settingsFile: AtomicJsonFile;
  readonly #outboxFile: AtomicJsonFile;
  #settings: Settings;
  #outbox: Record<string, OutboxEntry[]>;

  private constructor(dir: string, settings: Settings, outbox: Record<string, OutboxEntry[]>) {
    this.#settingsFile = new AtomicJsonFile(join(dir, 'settings.json'));
    this.#outboxFile = new AtomicJsonFile(join(dir, 'outbox.json'));
    this.#settings = settings;
    this.#outbox = outbox;
  }

  /** Reads both files (a missing one means the defaults) and writes a new install's clientId. */
  static async open(options: SettingsStoreOptions): Promise<SettingsStore> {
    const { dir, newClientId = randomClientId, log = () => {} } = options;
    const settingsRaw = await readOrSetAside(join(dir, 'settings.json'), log);
    const outboxRaw = await readOrSetAside(join(dir, 'outbox.json'), log);
    const stored = isObject(settingsRaw) ? settingsRaw : {};
    const clientId = isClientId(stored.clientId) ? stored.clientId : newClientId();
    const settings = sanitizeSettings(stored, identityOf(stored, clientId));
    const store = new SettingsStore(dir, settings, sanitizeOutbox(outboxRaw));
    if (stored.clientId !== clientId || stored.identitySecret !== settings.identitySecret) {
      await store.#settingsFile.write(store.#settings);
    }
    return store;
  }

  /** A copy of the current settings. */
  get(): Settings {
    return structuredClone(this.#settings);
  }

  /** Applies a validated patch and writes the result; resolves once it is on the disk. */
  async update(patch: SettingsPatch): Promise<Settings> {
    this.#settings = applyPatch(this.#settings, patch);
    await this.#settingsFile.write(this.#settings);
    return this.get();
  }

  /** A copy of one room's unsent messages. */
  getOutbox(room: string): OutboxEntry[] {
    return structuredClone(Object.hasOwn(this.#outbox, room) ? this.#outbox[room]! : []);
  }

  /**
   * Replaces one room's unsent messages (validated entries) and writes them; an empty list
   * forgets the room. Beyond {@link BRIDGE_LIMITS.outboxRooms} rooms, the oldest is dropped.
   */
  async setOutbox(room: string, entries: readonly OutboxEntry[]): Promise<void> {
    const { [room]: _old, ...others } = this.#outbox;
    const rooms = Object.entries(others).slice(-(BRIDGE_LIMITS.outboxRooms - 1));
    this.#outbox = Object.fromEntries(entries.length > 0 ? [...rooms, [room, structuredClone([...entries])]] : rooms);
    await this.#outboxFile.write(this.#outbox);
  }

  /** Resolves when every write is on the disk (before quitting). */
  async flush(): Promise<void> {
    await Promise.all([this.#settingsFile.flush(), this.#outboxFile.flush()]);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads a JSON file; one that does not parse is renamed `*.corrupt-<time>` and read as missing. */
async function readOrSetAside(file: string, log: (line: string) => void): Promise<unknown> {
  const read = await readJson(file);
  if (read !== 'corrupt') return read?.value;
  const aside = `${file}.corrupt-${Date.now()}`;
  await rename(file, aside);
  log(`settings: ${file} was not valid JSON; it was kept as ${aside} and the defaults are used.`);
  return undefined;
}

type Identity = Pick<Settings, 'clientId' | 'identitySecret' | 'legacyHosts'>;

/**
 * The install's identity: kept as stored, or made now. An install from before per-host ids (a
 * clientId, no secret) keeps its old id for the hosts of its recent rooms, where it is known
 * (docs/security.md, "Moving to per-host identities").
 */
function identityOf(stored: Record<string, unknown>, clientId: string): Identity {
  if (isInstallSecret(stored.identitySecret)) {
    return { clientId, identitySecret: stored.identitySecret, legacyHosts: storedLegacyHosts(stored.legacyHosts) };
  }
  const recent = Array.isArray(stored.recentRooms) ? stored.recentRooms : [];
  const addresses = recent.map((r: unknown) => (isObject(r) && typeof r.address === 'string' ? r.address : ''));
  const upgrading = isClientId(stored.clientId);
  return {
    clientId,
    identitySecret: newInstallSecret(),
    legacyHosts: upgrading ? legacyHostsOf(addresses) : [],
  };
}

/** Keeps each stored field that passes the bridge's validator, the default for the others. */
function sanitizeSettings(stored: Record<string, unknown>, identity: Identity): Settings {
  let settings = defaults(identity);
  for (const key of ['name', 'recentRooms', 'notifications', 'language'] as const) {
    const checked = validateInvoke(IPC.settingsSet, [{ [key]: stored[key] }]);
    if (stored[key] !== undefined && checked.ok) settings = applyPatch(settings, checked.value[0]);
  }
  if (isObject(stored.hosting)) {
    for (const [key, value] of Object.entries(stored.hosting)) {
      const checked = validateInvoke(IPC.settingsSet, [{ hosting: { [key]: value } }]);
      if (checked.ok) settings = applyPatch(settings, checked.value[0]);
    }
  }
  return settings;
}

/** Keeps each stored room and entry that passes the bridge's validator. */
function sanitizeOutbox(stored: unknown): Record<string, OutboxEntry[]> {
  if (!isObject(stored)) return {};
  const rooms = Object.entries(stored).slice(-BRIDGE_LIMITS.outboxRooms);
  const kept = rooms.map(([room, entries]): [string, OutboxEntry[]] => [
    room,
    (Array.isArray(entries) ? entries.slice(0, BRIDGE_LIMITS.outboxEntries) : []).flatMap((entry) => {
      const checked = validateInvoke(IPC.outboxSet, [room, [entry]]);
      return checked.ok ? checked.value[1] : [];
    }),
  ]);
  return Object.fromEntries(kept.filter(([, entries]) => entries.length > 0));
}
