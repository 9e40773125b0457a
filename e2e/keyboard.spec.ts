/** Everything by keyboard, with the focus always visible. */
import { expect, pageUrl, test } from './fixtures.ts';

test('join, chat and switch rooms by keyboard alone', async ({ host, person, shot }) => {
  const kim = await person('Kim');
  const page = kim.page;
  await page.goto(pageUrl(host.port));
  // The name field has the focus; Tab reaches the address, Enter joins.
  await page.keyboard.type('Kim');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Room address')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toHaveText('Connected');
  // The composer has the focus in a room.
  await expect(page.getByRole('textbox', { name: 'Message' })).toBeFocused();
  await page.keyboard.type('Typed without a mouse');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('log')).toContainText('Typed without a mouse');

  // The join dialog by keyboard: Shift+Tab back to the sidebar's button, Enter, Escape.
  const joinButton = page.getByRole('button', { name: '+ Join a room' });
  await joinButton.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Join a room' });
  await expect(dialog.getByLabel('Room address')).toBeFocused();
  await page.keyboard.type(`127.0.0.1:${host.port}/second`);
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('# second');

  // Tab into the room list: the focused room shows a visible ring.
  const general = page.getByRole('navigation', { name: 'Rooms' }).getByRole('button', { name: /# general/ });
  await general.focus();
  await page.keyboard.press('Tab'); // to its leave button
  await page.keyboard.press('Shift+Tab'); // back: focus came from the keyboard
  const outline = await general.evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).toBe('solid');
  await shot(page, 'keyboard-focus-ring');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('# general');
});
