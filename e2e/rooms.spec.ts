/** Several rooms at once, on two hosts: the sidebar shows each with its unread count. */
import { startHost } from '../test/helpers/host.ts';
import { expect, join, pageUrl, say, RENDERER_DIR, test } from './fixtures.ts';

test('several rooms with unread counts, Ctrl+K to switch', async ({ host, person, shot }) => {
  const other = await startHost({ staticDir: RENDERER_DIR, name: 'second-host' });
  try {
    const alice = await person('Alice');
    const bob = await person('Bob');
    await join(alice, pageUrl(host.port));
    const page = alice.page;
    // Join "dev" on the same host and "ops" on another, through the join dialog.
    for (const address of [`127.0.0.1:${host.port}/dev`, `127.0.0.1:${other.port}/ops`]) {
      await page.getByRole('button', { name: '+ Join a room' }).click();
      const dialog = page.getByRole('dialog', { name: 'Join a room' });
      await expect(dialog.getByLabel('Your name')).toHaveValue('Alice');
      await dialog.getByLabel('Room address').fill(address);
      if (address.endsWith('/dev')) await shot(page, 'join-dialog');
      await dialog.getByRole('button', { name: 'Join', exact: true }).click();
      await expect(dialog).toBeHidden();
      await expect(page.getByRole('status')).toHaveText('Connected');
    }
    const sidebar = page.getByRole('navigation', { name: 'Rooms' });
    await expect(sidebar.getByRole('listitem')).toHaveCount(3);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('# ops');

    // Bob talks in general (twice) and in dev (once) while Alice looks at ops.
    await join(bob, pageUrl(host.port));
    await say(bob, 'Anyone in general?');
    await say(bob, 'Hello?');
    await bob.page.getByRole('button', { name: '+ Join a room' }).click();
    await bob.page.getByRole('dialog').getByLabel('Room address').fill(`127.0.0.1:${host.port}/dev`);
    await bob.page.getByRole('dialog').getByRole('button', { name: 'Join', exact: true }).click();
    await expect(bob.page.getByRole('status')).toHaveText('Connected');
    await say(bob, 'Build is green');

    const general = sidebar.getByRole('button', { name: /# general/ });
    const dev = sidebar.getByRole('button', { name: /# dev/ });
    await expect(general.getByLabel('2 unread')).toBeVisible();
    await expect(dev.getByLabel('1 unread')).toBeVisible();
    await expect(page).toHaveTitle('(3) ops · LAN Chat');
    await shot(page, 'unread-badges');

    // Ctrl+K, type, Enter: dev is shown and read.
    await page.keyboard.press('Control+k');
    const switcher = page.getByRole('dialog', { name: 'Switch rooms' });
    await expect(switcher).toBeVisible();
    await page.keyboard.type('dev');
    await shot(page, 'room-switcher');
    await page.keyboard.press('Enter');
    await expect(switcher).toBeHidden();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('# dev');
    await expect(page.getByRole('log')).toContainText('Build is green');
    await expect(dev.getByLabel(/unread/)).toHaveCount(0);
    await expect(page).toHaveTitle('(2) dev · LAN Chat');

    // Escape leaves a dialog; a click on general reads it.
    await page.keyboard.press('Control+k');
    await expect(switcher).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(switcher).toBeHidden();
    await general.click();
    await expect(page).toHaveTitle('general · LAN Chat');
    await expect(page.getByRole('log')).toContainText('Hello?');

    // Leave dev, then rejoin it with one click from the recent rooms.
    await sidebar.getByRole('button', { name: `Leave 127.0.0.1:${host.port}/dev` }).click();
    await expect(sidebar.getByRole('listitem')).toHaveCount(2);
    await page.getByRole('button', { name: '+ Join a room' }).click();
    const recent = page.getByRole('dialog').getByRole('region', { name: 'Recent rooms' });
    await recent.getByRole('button', { name: /# dev/ }).click();
    await expect(page.getByRole('dialog')).toBeHidden();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('# dev');
    await expect(page.getByRole('status')).toHaveText('Connected');
    await expect(page.getByRole('log')).toContainText('Build is green');
    await expect(sidebar.getByRole('listitem')).toHaveCount(3);
  } finally {
    await other.stop();
  }
});

test('a narrow screen: the room list slides over the chat; dark theme', async ({ host, person, shot }) => {
  const alice = await person('Alice', { viewport: { width: 360, height: 740 }, colorScheme: 'dark' });
  const bob = await person('Bob');
  await alice.page.goto(pageUrl(host.port));
  await alice.page.getByLabel('Room address').fill('not a host!');
  await alice.page.getByRole('button', { name: 'Join', exact: true }).click();
  await shot(alice.page, 'mobile-dark-join-errors');
  await alice.page.getByLabel('Room address').fill(`127.0.0.1:${host.port}/general`);
  await join(alice, pageUrl(host.port));
  await join(bob, pageUrl(host.port));
  await say(bob, 'Hi from a big screen, with a link https://example.com/a/rather/long/path/that/wraps?x=1');
  await say(alice, 'Hi from my phone');
  await expect(alice.page.getByRole('log')).toContainText('Hi from a big screen');
  const page = alice.page;
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(360);
  await shot(page, 'mobile-dark-chat');
  await page.getByRole('button', { name: 'Rooms' }).click();
  await expect(page.getByRole('navigation', { name: 'Rooms' })).toBeVisible();
  await shot(page, 'mobile-dark-sidebar');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('navigation', { name: 'Rooms' })).toBeHidden();
  await page.getByRole('button', { name: /Show members/ }).click();
  await expect(page.getByRole('list', { name: 'Members' })).toBeVisible();
  await shot(page, 'mobile-dark-members');
});
