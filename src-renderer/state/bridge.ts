/**
 * The part of the desktop bridge (`window.lanchat`, defined by the preload) that the renderer
 * uses. In a browser there is no bridge: {@link getBridge} returns null and the UI shows no
 * hosting controls. Kept as a small structural interface so that the renderer compiles without
 * the desktop code; the preload's full `LanchatBridge` type must stay assignable to it.
 */

/** The hosting state, as the desktop app pushes it. */
export type HostingStatus =
  | { state: 'stopped'; error?: string; errorCode?: string }
  | { state: 'starting' | 'stopping'; room: string; port: number }
  | {
      state: 'running';
      room: string;
      port: number;
      locked: boolean;
      addresses: string[];
      local: string;
      connected: number;
    };

/** What the renderer calls on the desktop bridge. */
export interface RendererBridge {
  host: {
    start(request: { room: string; password?: string; port: number }): Promise<HostingStatus>;
    stop(): Promise<HostingStatus>;
    status(): Promise<HostingStatus>;
    onStatus(listener: (status: HostingStatus) => void): () => void;
  };
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
