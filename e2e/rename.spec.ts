/**
 * Changing your name in a room: one person renames in one window, the others see it at once in
 * the member list and on new messages (under a header of their own: a group breaks where the
 * name changes), a screen reader hears "Alice is now Alicia"; what was sent before keeps the
 * name it was sent with. axe checks the dialog in both languages, both themes, both sizes.
 */
import type { Page } from '@playwright/test';
import { axeEveryWay } from './a11y.ts';
import { expect, join, pageUrl, say, test } from './fixtures.ts';

/** The room's polite live region (new messages, renames). */
const spoken = (page: Page) => page.locator('[aria-live="polite"][aria-atomic="true"]');

/** The message row holding `text` in the page's log. */
const row = (page: Page, text: string) => page.getByRole('log').locator('.msg', { hasText: text });

/** Sets a look, lets the layout settle, and screenshots it. */
async function look(
  page: Page,
  shot: (page: Page, name: string) => Promise<void>,
  name: string,
  colorScheme: 'light' | 'dark',
  width: number,
): Promise<void> {
  await page.emulateMedia({ colorScheme });
  await page.setViewportSize({ width, height: width > 400 ? 800 : 740 });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await shot(page, name);
}

test('a rename in one window is seen at once in the others; older messages keep their name', async ({
  host,
  person,
  shot,
}) => {
  const alice = await person('Alice');
  const carol = await person('Carol');
  const bob = await person('Bob', { locale: 'zh-CN', colorScheme: 'dark', viewport: { width: 360, height: 740 } });
  await join(alice, pageUrl(host.port));
  await join(carol, pageUrl(host.port));
  await bob.page.goto(pageUrl(host.port));
  await bob.page.getByLabel('你的名字').fill('Bob');
  await bob.page.getByRole('button', { name: '加入', exact: true }).click();
  await say(alice, 'before the change');
  await say(alice, 'still Alice');
  await expect(bob.page.getByRole('log').getByText('still Alice')).toBeVisible();
  await expect(row(carol.page, 'still Alice')).toBeVisible();

  await alice.page.getByRole('button', { name: 'Change your name' }).click();
  const dialog = alice.page.getByRole('dialog', { name: 'Change your name' });
  await dialog.getByLabel('Your name in #general').fill('Alicia');
  expect(await axeEveryWay(alice.page, 'rename-dialog-en', shot)).toEqual([]);
  await dialog.getByRole('button', { name: 'Change name' }).click();
  await expect(dialog).toHaveCount(0);

  // Bob (zh-CN, 360 px) sees the new name in the member list and hears it.
  await bob.page.getByRole('button', { name: '显示成员' }).click();
  const members = bob.page.getByRole('list', { name: '成员' });
  await expect(members.getByText('Alicia', { exact: true })).toBeVisible();
  await expect(members.getByText('Alice', { exact: true })).toHaveCount(0);
  await expect(spoken(bob.page)).toHaveText('Alice 现在叫 Alicia');
  await expect(spoken(carol.page)).toHaveText('Alice is now Alicia');
  // Alice does not hear her own rename: she chose it.
  await expect(spoken(alice.page)).not.toContainText('Alicia');
  await shot(bob.page, 'rename-members-zh-CN-dark-360');

  // Bob's own dialog in Chinese, checked by axe in every look.
  await members.getByRole('button', { name: '更改你的名字' }).click();
  const zhDialog = bob.page.getByRole('dialog', { name: '更改你的名字' });
  await expect(zhDialog.getByLabel('你在 #general 中的名字')).toHaveValue('Bob');
  expect(await axeEveryWay(bob.page, 'rename-dialog-zh-CN', shot)).toEqual([]);
  await bob.page.keyboard.press('Escape');
  await expect(zhDialog).toHaveCount(0);
  await bob.page.setViewportSize({ width: 360, height: 740 });
  await bob.page.emulateMedia({ colorScheme: 'dark' });
  if (await members.isVisible()) await bob.page.keyboard.press('Escape');

  await say(alice, 'after the change');
  await say(alice, 'and again');
  for (const p of [carol.page, bob.page]) {
    await expect(row(p, 'and again')).toBeVisible();
    // The old messages stay under "Alice"; the new ones start a group headed "Alicia".
    await expect(row(p, 'before the change')).toHaveClass(/\bhead\b/);
    await expect(row(p, 'before the change').locator('.name')).toHaveText('Alice');
    await expect(row(p, 'still Alice')).not.toHaveClass(/\bhead\b/);
    await expect(row(p, 'after the change')).toHaveClass(/\bhead\b/);
    await expect(row(p, 'after the change').locator('.name')).toHaveText('Alicia');
    await expect(row(p, 'and again')).not.toHaveClass(/\bhead\b/);
  }
  await look(carol.page, shot, 'rename-log-en-light-1280', 'light', 1280);
  await look(carol.page, shot, 'rename-log-en-dark-360', 'dark', 360);
  await look(bob.page, shot, 'rename-log-zh-CN-light-360', 'light', 360);
  await look(bob.page, shot, 'rename-log-zh-CN-dark-360', 'dark', 360);
});

test('a new default name in Settings renames the open rooms that use the old one, at once', async ({
  host,
  person,
}) => {
  const alice = await person('Alice');
  const carol = await person('Carol');
  await join(alice, pageUrl(host.port));
  await join(carol, pageUrl(host.port));
  const members = alice.page.getByRole('list', { name: 'Members' });
  await expect(members.getByText('Carol', { exact: true })).toBeVisible();

  await carol.page.getByRole('button', { name: 'Settings' }).click();
  const name = carol.page.getByLabel('Display name');
  await expect(carol.page.getByText('Open rooms that use this name change at once.', { exact: false })).toBeVisible();
  await name.fill('Caroline');
  await name.press('Enter');
  await expect(members.getByText('Caroline', { exact: true })).toBeVisible();
  await expect(members.getByText('Carol', { exact: true })).toHaveCount(0);
  await expect(spoken(alice.page)).toHaveText('Carol is now Caroline');
  await say(carol, 'as Caroline');
  await expect(row(alice.page, 'as Caroline').locator('.name')).toHaveText('Caroline');
});
