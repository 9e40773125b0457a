/** A locked room asks for its password, and says so when the one typed was wrong. */
import { startHost } from '../test/helpers/host.ts';
import { expect, FOUR_LOOKS, pageUrl, RENDERER_DIR, say, test } from './fixtures.ts';

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

test('while the host holds wrong passwords back, the prompt says how long and waits (4 looks)', async ({
  person,
  shot,
}) => {
  test.setTimeout(300_000); // four people, each refused three times, on a loaded machine
  const looks = FOUR_LOOKS;
  // One wrong password answered at once, then the next is held back 30 s (per room and computer).
  const passwords = Object.fromEntries(looks.map((_, i) => [`locked-${i}`, 'open sesame']));
  const limits = { freePasswordAttempts: 1, passwordDelayMs: 30_000 };
  const locked = await startHost({ staticDir: RENDERER_DIR, passwords, limits });
  try {
    for (const [i, look] of looks.entries()) {
      const zh = look.locale === 'zh-CN';
      const p = await person(`Guesser-${i}`, look);
      await p.page.goto(pageUrl(locked.port, `locked-${i}`));
      await p.page.getByLabel(zh ? '你的名字' : 'Your name').fill('Guesser');
      await p.page.getByRole('button', { name: zh ? '加入' : 'Join', exact: true }).click();
      const field = p.page.getByLabel(zh ? '房间密码' : 'Room password');
      const unlock = p.page.getByRole('button', { name: zh ? '解锁' : 'Unlock' });
      for (const guess of ['first guess', 'second guess', 'third guess']) {
        await field.fill(guess);
        await unlock.click();
        await expect(field).toHaveValue(''); // refused again: a new prompt (the old one held the guess)
      }
      const wait = zh
        ? /这台电脑输错密码的次数太多，请 \d+ 秒后再试。/
        : /Too many wrong passwords from this computer: try again in \d+ seconds\./;
      await expect(p.page.getByText(wait)).toBeVisible();
      await field.fill('open sesame');
      await expect(unlock).toBeDisabled(); // not even sent before its time
      await shot(p.page, `password-wait-${look.locale}-${look.colorScheme}-${look.viewport.width}`);
    }
  } finally {
    await locked.stop();
  }
});
