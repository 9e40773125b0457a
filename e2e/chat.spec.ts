/** Two people chat in one room; a third joins late and sees the history. */
import { startHost } from '../test/helpers/host.ts';
import { expect, join, pageUrl, RENDERER_DIR, say, test } from './fixtures.ts';

test('two people chat, a third joins late and sees the history', async ({ host, person, shot }) => {
  const alice = await person('Alice', { permissions: ['clipboard-read', 'clipboard-write'] });
  // Bob's system is set to dark: the whole UI follows.
  const bob = await person('Bob', { colorScheme: 'dark' });

  // The page served by a host prefills that host and the room "general".
  await alice.page.goto(pageUrl(host.port));
  await expect(alice.page.getByLabel('Room address')).toHaveValue(`127.0.0.1:${host.port}/general`);
  await shot(alice.page, 'join-form');
  await join(alice, pageUrl(host.port));
  await join(bob, pageUrl(host.port));

  // Share with one click: the address people type, and the browser link.
  const clipboard = () => alice.page.evaluate(() => navigator.clipboard.readText());
  await alice.page.getByRole('button', { name: 'Copy address' }).click();
  await expect.poll(clipboard).toBe(`127.0.0.1:${host.port}/general`);
  await alice.page.getByRole('button', { name: 'Copy link' }).click();
  await expect.poll(clipboard).toBe(`http://127.0.0.1:${host.port}/#/room/general`);
  await expect(alice.page.getByText('Copied').last()).toBeVisible();

  const members = alice.page.getByRole('list', { name: 'Members' });
  await expect(members.getByRole('listitem')).toHaveCount(2);

  await say(alice, 'Hi Bob! Lunch at https://example.com/menu?day=1 ?');
  const bobLog = bob.page.getByRole('log');
  await expect(bobLog).toContainText('Hi Bob! Lunch at');
  const link = bobLog.getByRole('link', { name: 'https://example.com/menu?day=1' });
  await expect(link).toHaveAttribute('target', '_blank');
  await expect(link).toHaveAttribute('rel', 'noopener noreferrer');

  // Bob types: Alice sees it; Shift+Enter adds a line, Enter sends.
  const box = bob.page.getByRole('textbox', { name: 'Message' });
  await box.pressSequentially('Sure');
  await expect(alice.page.getByText('Bob is typing…')).toBeVisible();
  await box.press('Shift+Enter');
  await box.pressSequentially('at noon');
  await expect(box).toHaveValue('Sure\nat noon');
  await box.press('Enter');
  await expect(box).toHaveValue('');
  await expect(alice.page.getByRole('log')).toContainText('Sure\nat noon');

  // An empty message is not sent.
  await box.fill('   ');
  await box.press('Enter');
  await expect(box).toHaveValue('   ');
  await expect(bob.page.getByRole('button', { name: 'Send' })).toBeDisabled();
  await box.fill('');

  // One person's consecutive messages share one header.
  await say(alice, 'And a very long word: ' + 'x'.repeat(300));
  await say(alice, 'Third in a row');
  await expect(alice.page.getByRole('log')).toContainText('Third in a row');
  await expect(bob.page.getByRole('log')).toContainText('Third in a row');
  await shot(alice.page, 'alice-chat');
  await shot(bob.page, 'bob-chat');

  // No horizontal scrolling, however long the word.
  const overflow = await bob.page
    .getByRole('log')
    .evaluate((el) => el.parentElement!.scrollWidth - el.parentElement!.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  // Carol opens a room link, is asked only for her name, and finds the history.
  const carol = await person('Carol');
  await carol.page.goto(pageUrl(host.port, 'general'));
  await expect(carol.page.getByText('You were invited to')).toBeVisible();
  await expect(carol.page.getByLabel('Your name')).toBeFocused();
  await carol.page.getByLabel('Your name').fill('Carol');
  await carol.page.getByLabel('Your name').press('Enter');
  await expect(carol.page.getByRole('status')).toHaveText('Connected');
  const carolLog = carol.page.getByRole('log');
  await expect(carolLog).toContainText('Hi Bob! Lunch at');
  await expect(carolLog).toContainText('Third in a row');
  await expect(carol.page.getByRole('list', { name: 'Members' }).getByRole('listitem')).toHaveCount(3);
  await expect(alice.page.getByRole('list', { name: 'Members' }).getByRole('listitem')).toHaveCount(3);
  await shot(carol.page, 'carol-late-join');

  // The name is remembered: a reload joins straight back in.
  await carol.page.reload();
  await expect(carol.page.getByRole('status')).toHaveText('Connected');
  await expect(carol.page.getByRole('log')).toContainText('Third in a row');
});

test('the join form explains a bad address', async ({ host, person, shot }) => {
  const dan = await person('Dan');
  await dan.page.goto(pageUrl(host.port));
  await dan.page.getByLabel('Your name').fill('Dan');
  await dan.page.getByLabel('Room address').fill('10.0.0.1:99999/general');
  await dan.page.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(dan.page.getByText('The port must be a number from 1 to 65535')).toBeVisible();
  await expect(dan.page.getByLabel('Room address')).toHaveAttribute('aria-invalid', 'true');
  await shot(dan.page, 'bad-address');
});

test('a burst over the host’s rate limit waits, says why, and arrives once and in order', async ({ person, shot }) => {
  const slow = await startHost({ staticDir: RENDERER_DIR, rate: 1 });
  try {
    const eve = await person('Eve');
    await join(eve, pageUrl(slow.port));
    // Five sends inside one task of the page, each typed and sent with Enter through the
    // composer's own handlers: five Playwright round trips could take longer than the bucket
    // needs to refill on a busy machine (burst 2, then 1 a second), and then nothing is refused.
    await eve.page.getByRole('textbox', { name: 'Message' }).evaluate((box: HTMLTextAreaElement) => {
      for (let i = 1; i <= 5; i++) {
        box.value = `Burst ${i}`;
        box.dispatchEvent(new Event('input', { bubbles: true }));
        box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
      }
    });
    await expect(eve.page.getByText(/^Sending… \(/).first()).toBeVisible();
    await shot(eve.page, 'rate-limited-waiting');
    await expect(eve.page.getByText(/^Sending…/)).toHaveCount(0, { timeout: 20_000 });
    const texts = await eve.page.getByRole('log').locator('.text').allInnerTexts();
    expect(texts).toEqual(['Burst 1', 'Burst 2', 'Burst 3', 'Burst 4', 'Burst 5']);
  } finally {
    await slow.stop();
  }
});
