/**
 * Opens a message's menu or the emoji picker in the browser's top layer (`popover="manual"`),
 * where no scrolling list can cut it off, at the place popup-position.ts picks.
 */
import { placePopup, type ScreenBox } from './popup-position.ts';

/**
 * Shows `el` (a `popover="manual"` element) in the top layer and places it next to `anchor`; a
 * pointer pressed anywhere outside it calls `onclose`.
 * @returns a function that hides it again
 */
export function openPopup(el: HTMLElement, anchor: ScreenBox, align: 'start' | 'end', onclose: () => void): () => void {
  el.showPopover();
  const { width, height } = el.getBoundingClientRect();
  const { left, top } = placePopup(anchor, { width, height }, { width: innerWidth, height: innerHeight }, align);
  el.style.left = `${left}px`;
  el.style.top = `${top}px`;
  const outside = (e: PointerEvent) => {
    if (!el.contains(e.target as Node)) onclose();
  };
  document.addEventListener('pointerdown', outside, true);
  return () => {
    document.removeEventListener('pointerdown', outside, true);
    if (el.isConnected && el.matches(':popover-open')) el.hidePopover();
  };
}
