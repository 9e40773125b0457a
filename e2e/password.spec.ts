/** A locked room asks for its password, and says so when the one typed was wrong. */
import { startHost } from '../test/helpers/host.ts';
import { expect, pageUrl, RENDERER_DIR, say, test } from './fixtures.ts';

test('a locked room asks for the password', async ({ person, shot }) => {
  const locked = await startHost({ staticDir: RENDERER_DIR, passwords: { secret: 'open sesame' } });
  try {
    const alice = await person('Alice');
    await alice.page.goto(pageUrl(locked.port, 'secret'));
    await alice.page.getByLabel('Your name').fill('Alice');
    await alice.page.getByRole('button', { name: 'Join', exact: true }).click();
    await expect(alice.page.getByRole('status')).toHaveText('Password needed');
    await expect(alice.page.getByRole('button', { name: 'Retry now' })).toHaveCount(0);
    const field = alice.page.getByLabel('Room password');
    await field.fill('wrong');
    await field.press('Enter');
    await expect(alice.page.getByText('That password did not work.')).toBeVisible();
    await shot(alice.page, 'password-wrong');
    await alice.page.getByLabel('Room password').fill('open sesame');
    await alice.page.getByRole('button', { name: 'Unlock' }).click();
    await expect(alice.page.getByRole('status')).toHaveText('Connected');
    await say(alice, 'In the locked room');
    await expect(alice.page.getByRole('log')).toContainText('In the locked room');
    await expect(alice.page.getByText('Sending…')).toHaveCount(0);
  } finally {
    await locked.stop();
  }
});
