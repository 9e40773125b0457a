/**
 * The part of the desktop bridge (`window.lanchat`, defined by the preload) that the renderer
 * uses. In a browser there is no bridge: {@link getBridge} returns null and the UI shows no
 * hosting controls. Kept as a small structural interface so that the renderer compiles without
 * the desktop code; the preload's full `LanchatBridge` type must stay assignable to it.
 */
import type { HostStatus } from '../../src-shared/bridge.ts';
import type { OutboxRecord } from '../../src-shared/client/types.ts';

/** The hosting state, as the desktop app pushes it (the bridge's own type: src-shared is pure). */
export type HostingStatus = HostStatus;

/** A recent room as the desktop app stores it (`title` is the host's name). */
export interface BridgeRecentRoom {
  address: string;
  title?: string;
  lastJoinedAt: number;
}

/** The part of the desktop app's settings that the renderer reads. */
export interface BridgeSettings {
  name: string;
  clientId: string;
  /** The install secret per-host clientIds are derived from (made by the main process). */
  identitySecret?: string;
  /** Hosts that keep the old clientId (used before per-host ids). */
  legacyHosts?: string[];
  recentRooms: BridgeRecentRoom[];
}

/** What the renderer calls on the desktop bridge. */
export interface RendererBridge {
  host: {
    start(request: { room: string; password?: string; port: number }): Promise<HostingStatus>;
    stop(): Promise<HostingStatus>;
    status(): Promise<HostingStatus>;
    onStatus(listener: (status: HostingStatus) => void): () => void;
  };
  settings: {
    get(): Promise<BridgeSettings>;
    set(patch: { name?: string; recentRooms?: BridgeRecentRoom[] }): Promise<unknown>;
    /** The unsent messages of one room, keyed by its address. */
    getOutbox(room: string): Promise<OutboxRecord[]>;
    setOutbox(room: string, records: readonly OutboxRecord[]): Promise<void>;
  };
  /** A desktop notification; the main process shows it only while the window is not focused. */
  notify(request: { title: string; body: string; room: string }): Promise<void>;
  /** Called with a clicked notification's room; returns the unsubscribe. */
  onFocusRoom(listener: (room: string) => void): () => void;
  /** Opens an http(s) link in the system browser. */
  openExternal(url: string): Promise<boolean>;
  /** The unread count for the dock/taskbar badge. */
  setUnread(count: number): Promise<void>;
}

/** The desktop bridge, or null in a plain browser. */
export function getBridge(): RendererBridge | null {
  const candidate = (globalThis as { lanchat?: unknown }).lanchat;
  if (typeof candidate !== 'object' || candidate === null) return null;
  const b = candidate as Partial<RendererBridge>;
  return typeof b.host === 'object' && typeof b.openExternal === 'function' ? (b as RendererBridge) : null;
}
