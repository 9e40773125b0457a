/**
 * The desktop bridge (`window.lanchat`) as the renderer uses it: a `Pick` of the one definition
 * in src-shared/bridge.ts, so the two cannot drift. In a browser there is no bridge:
 * {@link getBridge} returns null and the UI shows no hosting controls.
 */
import type { LanchatBridge } from '../../src-shared/bridge.ts';

/** What the renderer calls on the desktop bridge. */
export type RendererBridge = Pick<
  LanchatBridge,
  'host' | 'settings' | 'notify' | 'onFocusRoom' | 'openExternal' | 'setUnread' | 'nearby' | 'tls'
>;

/** The desktop bridge, or null in a plain browser. */
export function getBridge(): RendererBridge | null {
  const candidate = (globalThis as { lanchat?: unknown }).lanchat;
  if (typeof candidate !== 'object' || candidate === null) return null;
  const b = candidate as Partial<RendererBridge>;
  return typeof b.host === 'object' && typeof b.openExternal === 'function' ? (b as RendererBridge) : null;
}
