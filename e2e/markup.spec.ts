/** Message text is text: markup shows as typed and runs nothing; only http(s) links are links. */
import { expect, join, pageUrl, say, test } from './fixtures.ts';

test('markup in a message is shown as text and runs no script', async ({ host, person, shot }) => {
  const mallory = await person('Mallory');
  const alice = await person('Alice');
  await join(mallory, pageUrl(host.port));
  await join(alice, pageUrl(host.port));
  await alice.page.evaluate(() => ((window as unknown as { pwned: number }).pwned = 0));

  const attacks = [
    '<img src=x onerror="window.pwned=1">',
    '<script>window.pwned=2</script><b>bold?</b>',
    'javascript:window.pwned=3',
    '[click me](javascript:window.pwned=4)',
    '<a href="javascript:window.pwned=5">link</a> https://example.org/ok',
  ];
  for (const text of attacks) await say(mallory, text);

  const log = alice.page.getByRole('log');
  for (const text of attacks) await expect(log).toContainText(text);
  // Nothing became markup: no image, no bold, no script, and the only link is the https one.
  await expect(log.locator('img, b, script')).toHaveCount(0);
  const links = log.getByRole('link');
  await expect(links).toHaveCount(1);
  await expect(links).toHaveAttribute('href', 'https://example.org/ok');
  await links.click({ modifiers: [] }).catch(() => {}); // opens a new tab, never this page
  expect(await alice.page.evaluate(() => (window as unknown as { pwned: number }).pwned)).toBe(0);
  expect(alice.page.url()).toContain(`127.0.0.1:${host.port}`);
  await shot(alice.page, 'markup-as-text');
});
