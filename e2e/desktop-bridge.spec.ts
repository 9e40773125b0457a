/**
 * The renderer with a desktop bridge (`window.lanchat`, stubbed here as the preload would expose
 * it): hosting controls, notifications and the badge, settings and the outbox all go through the
 * bridge. The stub records every call; what the desktop app keeps on disk, the stub keeps in the
 * context's localStorage under its own keys, so that it survives a new page (an app restart).
 */
import { appStorageKeys, calls, desktopPerson } from './desktop-stub.ts';
import { expect, pageUrl, say, test } from './fixtures.ts';

test('hosting: a checked form, the bridge error, per-address copy, joined once, links outside', async ({
  host,
  person,
  shot,
}) => {
  const alice = await desktopPerson(person, 'Alice', { port: host.port });
  const page = alice.page;
  await page.goto(pageUrl(host.port));
  await expect(page.getByRole('heading', { name: 'Host a room' })).toBeVisible();
  await expect(page.getByLabel('Port')).toHaveValue('47800');
  await shot(page, 'desktop-join-with-hosting');

  // Checked before anything crosses the bridge.
  await page.getByLabel('Room', { exact: true }).fill('not a room!');
  await page.getByLabel('Port').fill('70000');
  await page.getByRole('button', { name: 'Start hosting' }).click();
  await expect(page.getByText('Use up to 64 letters')).toBeVisible();
  await expect(page.getByText('The port is a number from 1 to 65535.')).toBeVisible();
  expect((await calls(page)).started).toEqual([]);

  // The main process refuses (port in use): its sentence is shown.
  await page.getByLabel('Room', { exact: true }).fill('general');
  await page.getByLabel('Port').fill('4000');
  await page.getByRole('button', { name: 'Start hosting' }).click();
  await expect(page.getByRole('alert')).toHaveText(
    'Port 4000 is already in use by another program: choose another port.',
  );

  await page.getByLabel('Port').fill('');
  await page.getByLabel('Password (optional)').fill('');
  await page.getByRole('button', { name: 'Start hosting' }).click();
  expect((await calls(page)).started.at(-1)).toEqual({ room: 'general', port: 47800 });
  // No remembered name yet: the form now holds the hosted room's local address.
  await expect(page.getByLabel('Room address')).toHaveValue(`127.0.0.1:${host.port}/general`);
  await page.getByLabel('Your name').fill('Alice');
  await page.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(page.getByRole('status')).toHaveText('Connected');

  // The sidebar: every address with its own copy button, the count, "Stop hosting".
  const list = page.getByRole('list', { name: 'Addresses to share' });
  await expect(list.getByRole('listitem')).toHaveCount(2);
  await expect(page.getByText('1 connected')).toBeVisible();
  await expect(page.getByText('Host key 7F3A-91C2-0B5D-E844: encrypted connections can check it.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Stop hosting' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Copy link' })).toHaveCount(0);
  const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
  // The copied address carries the host's key, as `npm run host` prints it: whoever gets it checks the key.
  const key = '#7F3A-91C2-0B5D-E844';
  await page.getByRole('button', { name: `Copy 10.0.0.7:${host.port}/general${key}` }).click();
  await expect.poll(clipboard).toBe(`10.0.0.7:${host.port}/general${key}`);
  await page.getByRole('button', { name: `Copy 192.168.1.20:${host.port}/general${key}` }).click();
  await expect.poll(clipboard).toBe(`192.168.1.20:${host.port}/general${key}`);
  await expect(page.getByText('Copied')).toHaveCount(0); // the feedback fades
  await shot(page, 'desktop-hosting');
  await page
    .getByRole('region', { name: 'Host a room' })
    .screenshot({ path: test.info().outputPath('hosting-panel.png') });

  // Starting again (the status event and the call's result both say "running"): still one room.
  await page.getByRole('button', { name: 'Stop hosting' }).click();
  await page.getByRole('button', { name: 'Start hosting' }).click();
  await expect(page.getByRole('button', { name: 'Stop hosting' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Rooms' }).getByRole('button', { name: /^# general/ })).toHaveCount(
    1,
  );

  await say(alice, 'Docs: https://example.com/docs');
  await page.getByRole('log').getByRole('link', { name: 'https://example.com/docs' }).click();
  await expect.poll(async () => (await calls(page)).opened).toEqual(['https://example.com/docs']);
  expect(page.context().pages()).toHaveLength(1);
  expect(page.url()).toContain(`127.0.0.1:${host.port}`);
});

test('the host form starts as the room was last hosted, "not announced" included', async ({ host, person }) => {
  const hosting = { room: 'quiet', port: 48002, password: '', autoStart: false, announce: false };
  const ana = await desktopPerson(person, 'Ana', { port: host.port, hosting });
  const page = ana.page;
  await page.goto(pageUrl(host.port));
  await expect(page.getByLabel('Room', { exact: true })).toHaveValue('quiet');
  await expect(page.getByLabel('Port')).toHaveValue('48002');
  const announce = page.getByLabel('Let others on the network see it');
  await expect(announce).not.toBeChecked();
  await page.getByRole('button', { name: 'Start hosting' }).click();
  await expect.poll(async () => (await calls(page)).started).toEqual([{ room: 'quiet', port: 48002, announce: false }]);
});

test('auto-start hosting: the app joins its own room at start-up, once', async ({ host, person }) => {
  const alice = await desktopPerson(person, 'Alice', { port: host.port, autoStart: true, name: 'Alice' });
  await alice.page.goto(pageUrl(host.port));
  await expect(alice.page.getByRole('status')).toHaveText('Connected');
  const rooms = alice.page.getByRole('navigation', { name: 'Rooms' });
  await expect(rooms.getByRole('button', { name: /^# general/ })).toHaveCount(1);
  // Settings came from the bridge, and went back there: nothing in the page's own storage.
  expect(await appStorageKeys(alice.page)).toEqual([]);
  expect((await calls(alice.page)).settingsSet.length).toBeGreaterThan(0);
  // A language picked in the window goes to the desktop too (its tray and hosting sentences).
  await alice.page.getByRole('button', { name: 'Settings' }).click();
  await alice.page.getByLabel('Language').selectOption('zh-CN');
  await expect.poll(async () => (await calls(alice.page)).settingsSet).toContainEqual({ language: 'zh-CN' });
});

test('notifications for others’ new messages only; the badge total; a clicked notification opens its room', async ({
  host,
  person,
}) => {
  const bob = await person('Bob');
  await bob.page.goto(pageUrl(host.port));
  await bob.page.getByLabel('Your name').fill('Bob');
  await bob.page.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(bob.page.getByRole('status')).toHaveText('Connected');
  await say(bob, 'Old news');

  const alice = await desktopPerson(person, 'Alice', { port: host.port });
  const page = alice.page;
  await page.goto(pageUrl(host.port));
  await page.getByLabel('Your name').fill('Alice');
  await page.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(page.getByRole('log')).toContainText('Old news');
  await say(alice, 'My own words');
  await expect(bob.page.getByRole('log')).toContainText('My own words');
  await say(bob, 'Fresh news');
  await expect(page.getByRole('log')).toContainText('Fresh news');
  const general = `127.0.0.1:${host.port}/general`;
  await expect
    .poll(async () => (await calls(page)).notified)
    .toEqual([{ title: 'Bob in # general', body: 'Fresh news', room: general }]);

  // Alice looks at another room: Bob's messages in #general count towards the badge.
  await page.getByRole('button', { name: '+ Join a room' }).click();
  await page.getByRole('dialog').getByLabel('Room address').fill(`127.0.0.1:${host.port}/other`);
  await page.getByRole('dialog').getByRole('button', { name: 'Join', exact: true }).click();
  await expect(page.getByRole('status')).toHaveText('Connected');
  await say(bob, 'One');
  await expect.poll(async () => (await calls(page)).unread.at(-1)).toBe(1);
  await say(bob, 'Two');
  await expect.poll(async () => (await calls(page)).unread.at(-1)).toBe(2);
  expect((await calls(page)).notified.map((n) => n.body)).toEqual(['Fresh news', 'One', 'Two']);

  // A click on the notification: the main process hands its room back, the app shows it.
  await page.evaluate(
    (room) => (window as unknown as { lanchatFocus: (r: string) => void }).lanchatFocus(room),
    general,
  );
  await expect(page.getByRole('log')).toContainText('Two');
  await expect.poll(async () => (await calls(page)).unread.at(-1)).toBe(0);
});

test('the outbox goes through the bridge: typed before quitting, sent at the next start', async ({ host, person }) => {
  const alice = await desktopPerson(person, 'Alice', { port: host.port });
  const first = alice.page;
  await first.goto(pageUrl(host.port));
  await first.getByLabel('Your name').fill('Alice');
  await first.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(first.getByRole('status')).toHaveText('Connected');
  const room = `127.0.0.1:${host.port}/general`;

  await host.stop();
  await expect(first.getByRole('status')).toHaveText(/Reconnecting in \d+ s|Connecting…/);
  await say(alice, 'Typed just before quitting');
  await expect(first.getByText('Sending…')).toHaveCount(1);
  await expect
    .poll(async () => (await calls(first)).outboxSet.at(-1))
    .toMatchObject({ room, entries: [{ text: 'Typed just before quitting' }] });
  expect(await appStorageKeys(first)).toEqual([]);
  await first.close(); // the app quits

  const current = await host.restart();
  try {
    // The next start: the remembered name (from the bridge) opens the room at once, and the
    // outbox read back through the bridge is sent.
    const next = await alice.page.context().newPage();
    alice.page = next;
    await next.goto(pageUrl(host.port, 'general'));
    await expect(next.getByRole('status')).toHaveText('Connected', { timeout: 20_000 });
    await expect(next.getByRole('log').getByText('Typed just before quitting', { exact: true })).toHaveCount(1);
    await expect(next.getByText('Sending…')).toHaveCount(0);
    await expect.poll(async () => (await calls(next)).outboxSet.at(-1)).toEqual({ room, entries: [] });
    expect(await appStorageKeys(next)).toEqual([]);
  } finally {
    await current.stop();
  }
});
