/**
 * A compile-time check, never imported: the preload's full bridge type must stay assignable to
 * the renderer's narrow view of it. When one side changes and the other does not, typecheck fails.
 */
import type { LanchatBridge } from '../../src-shared/bridge.ts';
import type { RendererBridge } from './bridge.ts';

/** `true` when {@link LanchatBridge} is assignable to {@link RendererBridge}; a type error when not. */
export const LANCHAT_BRIDGE_FITS: LanchatBridge extends RendererBridge ? true : never = true;
