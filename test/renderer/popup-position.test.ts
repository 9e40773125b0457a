/** Where the message menu and the emoji picker open: below, above, or pinned inside the window. */
import { describe, expect, it } from 'vitest';
import { placePopup, pointBox } from '../../src-renderer/lib/popup-position.ts';

const view = { width: 1200, height: 800 };
const size = { width: 160, height: 200 };
const button = { left: 900, right: 930, top: 300, bottom: 328 };

describe('placePopup', () => {
  it('opens below its button, right edges together, when there is room', () => {
    expect(placePopup(button, size, view, 'end')).toEqual({ left: 770, top: 334 });
  });

  it('opens above when the window ends below (the last message of the list)', () => {
    const low = { ...button, top: 700, bottom: 728 };
    expect(placePopup(low, size, view, 'end')).toEqual({ left: 770, top: 494 });
  });

  it('stays inside a window too short for either side', () => {
    const short = { width: 360, height: 300 };
    const mid = { left: 100, right: 130, top: 120, bottom: 148 };
    const { top } = placePopup(mid, size, short, 'end');
    expect(top).toBe(94);
    expect(top + size.height).toBeLessThanOrEqual(short.height);
  });

  it('starts at the pointer for a right-click, and never past the right or left edge', () => {
    expect(placePopup(pointBox(400, 100), size, view, 'start')).toEqual({ left: 400, top: 106 });
    expect(placePopup(pointBox(1190, 100), size, view, 'start').left).toBe(1200 - 6 - 160);
    expect(placePopup({ left: 0, right: 20, top: 0, bottom: 20 }, size, view, 'end').left).toBe(6);
  });
});
