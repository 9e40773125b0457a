/**
 * Where a small popup (a message's menu, the emoji picker) goes on screen: below what opened it
 * when it fits there, above it otherwise, and never past an edge of the window. The popups live
 * in the browser's top layer (`popover`), so no scrolling list can cut them off; this decides
 * their fixed position.
 */

/** A box on screen, in CSS pixels (a DOMRect, or a point as a box of no size). */
export interface ScreenBox {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Space kept between a popup and the window's edge, and between it and its anchor. */
const GAP = 6;

/**
 * @param anchor what opened the popup (a button's rect, or the pointer as a box of no size)
 * @param size the popup's own width and height
 * @param view the window's inner width and height
 * @param align `end`: the popup's right edge on the anchor's right (a toolbar's button);
 *   `start`: its left edge on the anchor's left (a right-click at the pointer)
 */
export function placePopup(
  anchor: ScreenBox,
  size: { width: number; height: number },
  view: { width: number; height: number },
  align: 'start' | 'end',
): { left: number; top: number } {
  const below = anchor.bottom + GAP;
  const above = anchor.top - GAP - size.height;
  let top = below;
  if (below + size.height > view.height - GAP) {
    // Above when it fits there; else wherever more of it shows, pinned inside the window.
    top = above >= GAP ? above : Math.max(GAP, view.height - GAP - size.height);
  }
  const wanted = align === 'end' ? anchor.right - size.width : anchor.left;
  const left = Math.min(Math.max(GAP, wanted), Math.max(GAP, view.width - GAP - size.width));
  return { left, top };
}

/** The pointer's position as a box of no size. */
export const pointBox = (x: number, y: number): ScreenBox => ({ left: x, right: x, top: y, bottom: y });
