/**
 * Changing your name in a room: one person renames in one window, the other sees it at once in
 * the member list and on new messages; what was sent before keeps the name it was sent with.
 */
import { expect, join, pageUrl, say, test } from './fixtures.ts';

test('a rename in one window is seen at once in the other; older messages keep their name', async ({
  host,
  person,
  shot,
}) => {
  const alice = await person('Alice');
  const bob = await person('Bob', { locale: 'zh-CN', colorScheme: 'dark', viewport: { width: 360, height: 740 } });
  await join(alice, pageUrl(host.port));
  await bob.page.goto(pageUrl(host.port));
  await bob.page.getByLabel('你的名字').fill('Bob');
  await bob.page.getByRole('button', { name: '加入', exact: true }).click();
  await say(alice, 'before the change');
  await expect(bob.page.getByRole('log').getByText('before the change')).toBeVisible();

  await alice.page.getByRole('button', { name: 'Change your name' }).click();
  const dialog = alice.page.getByRole('dialog', { name: 'Change your name' });
  await dialog.getByLabel('Your name in #general').fill('Alicia');
  await shot(alice.page, 'rename-dialog-en-light-1280');
  await dialog.getByRole('button', { name: 'Change name' }).click();
  await expect(dialog).toHaveCount(0);

  await bob.page.getByRole('button', { name: '显示成员' }).click();
  const members = bob.page.getByRole('list', { name: '成员' });
  await expect(members.getByText('Alicia', { exact: true })).toBeVisible();
  await expect(members.getByText('Alice', { exact: true })).toHaveCount(0);
  await shot(bob.page, 'rename-members-zh-CN-dark-360');
  await bob.page.keyboard.press('Escape');
  await say(alice, 'after the change');
  const log = bob.page.getByRole('log');
  await expect(log.getByText('after the change')).toBeVisible();
  await shot(bob.page, 'rename-log-zh-CN-dark-360');
});
