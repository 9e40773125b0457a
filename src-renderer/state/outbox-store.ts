/**
 * Keeps a room's unsent messages in localStorage, so that what someone typed while the host was
 * away is still sent after a reload of the page or a restart of the app. In the desktop window
 * the outbox lives in the app's settings folder instead, through the bridge.
 */
import type { OutboxRecord, OutboxStore } from '../../src-shared/client/types.ts';
import type { RendererBridge } from './bridge.ts';

const PREFIX = 'lanchat.outbox.v1:';

function isRecord(r: unknown): r is OutboxRecord {
  if (typeof r !== 'object' || r === null) return false;
  const o = r as Record<string, unknown>;
  return (
    typeof o.id === 'string' &&
    typeof o.text === 'string' &&
    typeof o.createdAt === 'number' &&
    (o.state === 'sending' || o.state === 'failed')
  );
}

/** An {@link OutboxStore} in localStorage under one key per room. */
export class LocalOutboxStore implements OutboxStore {
  readonly #key: string;

  /** @param room the room's address, the key of its outbox */
  constructor(room: string) {
    this.#key = PREFIX + room;
  }

  load(): readonly OutboxRecord[] {
    try {
      const parsed: unknown = JSON.parse(localStorage.getItem(this.#key) ?? '[]');
      return Array.isArray(parsed) ? parsed.filter(isRecord) : [];
    } catch {
      return [];
    }
  }

  save(records: readonly OutboxRecord[]): void {
    try {
      if (records.length === 0) localStorage.removeItem(this.#key);
      else localStorage.setItem(this.#key, JSON.stringify(records));
    } catch {
      // Storage full or disabled: the outbox still lives in memory for this run.
    }
  }
}

/** An {@link OutboxStore} in the desktop app's settings folder, through the bridge. */
export function bridgeOutboxStore(bridge: RendererBridge, room: string): OutboxStore {
  return {
    load: () => bridge.settings.getOutbox(room).catch(() => []),
    // A refused write must not break sending: the outbox still lives in memory for this run.
    save: (records) => bridge.settings.setOutbox(room, records).catch(() => {}),
  };
}

/** The outbox of one room (keyed by its address) for this window: the bridge's when there is one. */
export function outboxStoreFor(bridge: RendererBridge | null, room: string): OutboxStore {
  return bridge ? bridgeOutboxStore(bridge, room) : new LocalOutboxStore(room);
}
