/**
 * The host stops and comes back on the same data: the status says so throughout, messages typed
 * meanwhile arrive once, the timeline fills in without gap or duplicate, and a person reading
 * further up is not moved.
 */
import { RawClient } from '../test/helpers/ws-client.ts';
import { expect, join, pageUrl, say, test } from './fixtures.ts';

test('host restart: messages typed meanwhile arrive once, nothing jumps', async ({ host, person, shot }) => {
  const alice = await person('Alice');
  const bob = await person('Bob');
  await join(alice, pageUrl(host.port));
  await join(bob, pageUrl(host.port));

  // A history long enough to scroll, from a script in the room.
  const bot = await RawClient.join(host.url(), { name: 'Bot' });
  for (let i = 1; i <= 40; i++) bot.sendJson({ type: 'send', id: `b${i}`, text: `History line ${i}` });
  await bot.next('message', (f) => f.id === 'b40');
  bot.ws.close();
  await expect(bob.page.getByRole('log')).toContainText('History line 40');

  // Bob scrolls up to read; Alice stays at the bottom.
  const scroller = bob.page.locator('.scroller');
  // The list scrolls, not the page (else "did not move" below would prove nothing).
  expect(await scroller.evaluate((el) => el.scrollHeight - el.clientHeight)).toBeGreaterThan(400);
  expect(await bob.page.evaluate(() => document.documentElement.scrollHeight - innerHeight)).toBe(0);
  await scroller.evaluate((el) => (el.scrollTop = 200));
  const before = await scroller.evaluate((el) => el.scrollTop);

  await host.stop();
  for (const p of [alice, bob])
    await expect(p.page.getByRole('status')).toHaveText(/Reconnecting in \d+ s|Connecting…/);
  await expect(alice.page.getByRole('button', { name: 'Retry now' })).toBeVisible();

  await say(alice, 'Typed while the host was away (1)');
  await say(alice, 'Typed while the host was away (2)');
  await expect(alice.page.getByText('Sending…')).toHaveCount(2);
  await shot(alice.page, 'host-away-sending');

  const current = await host.restart();
  try {
    // Nobody presses anything: the backoff brings both back.
    for (const p of [alice, bob]) await expect(p.page.getByRole('status')).toHaveText('Connected', { timeout: 20_000 });
    for (const p of [alice, bob]) {
      const log = p.page.getByRole('log');
      for (const n of [1, 2]) {
        await expect(log.getByText(`Typed while the host was away (${n})`, { exact: true })).toHaveCount(1);
      }
      await expect(log.getByText('History line 40', { exact: true })).toHaveCount(1);
    }
    await expect(alice.page.getByText('Sending…')).toHaveCount(0);
    // In order, exactly once, nothing else appeared twice.
    const texts = await bob.page.getByRole('log').locator('.text').allInnerTexts();
    expect(new Set(texts).size).toBe(texts.length);
    expect(texts.slice(-2)).toEqual(['Typed while the host was away (1)', 'Typed while the host was away (2)']);

    // Bob was reading: his view did not move, and a button offers the new messages.
    expect(await scroller.evaluate((el) => el.scrollTop)).toBe(before);
    await expect(bob.page.getByRole('button', { name: 'New messages ↓' })).toBeVisible();
    await shot(bob.page, 'bob-reading-after-restart');
    // Alice was at the bottom: she follows.
    const aliceGap = await alice.page
      .locator('.scroller')
      .evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);
    expect(aliceGap).toBeLessThan(60);
    await shot(alice.page, 'alice-after-restart');
  } finally {
    await current.stop();
  }
});
