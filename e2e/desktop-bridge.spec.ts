/**
 * The renderer with a desktop bridge (`window.lanchat`, stubbed here as the preload would expose
 * it): hosting controls appear, and links open through the bridge, not in the window.
 */
import { expect, pageUrl, say, test } from './fixtures.ts';

test('with a bridge: hosting controls, and links open outside the app', async ({ host, person, shot }) => {
  const alice = await person('Alice');
  const page = alice.page;
  await page.addInitScript((port: number) => {
    const calls: { opened: string[]; started: unknown[] } = { opened: [], started: [] };
    const running = {
      state: 'running',
      room: 'general',
      port,
      locked: false,
      addresses: [`192.168.1.20:${port}/general`],
      local: `127.0.0.1:${port}/general`,
      connected: 1,
    };
    let current: unknown = { state: 'stopped' };
    let listener: ((s: unknown) => void) | null = null;
    Object.assign(window, {
      lanchatCalls: calls,
      lanchat: {
        host: {
          status: async () => current,
          start: async (request: unknown) => {
            calls.started.push(request);
            current = running;
            listener?.(running);
            return running;
          },
          stop: async () => ({ state: 'stopped' }),
          onStatus: (fn: (s: unknown) => void) => {
            listener = fn;
            return () => (listener = null);
          },
        },
        openExternal: async (url: string) => {
          calls.opened.push(url);
          return true;
        },
        setUnread: async () => {},
      },
    });
  }, host.port);

  await page.goto(pageUrl(host.port));
  await page.getByLabel('Your name').fill('Alice');
  await expect(page.getByRole('heading', { name: 'Host a room' })).toBeVisible();
  await shot(page, 'desktop-join-with-hosting');
  await page.getByRole('button', { name: 'Start hosting' }).click();
  // No remembered name yet: the form now holds the hosted room's local address.
  await expect(page.getByLabel('Room address')).toHaveValue(`127.0.0.1:${host.port}/general`);
  await page.getByLabel('Your name').fill('Alice');
  await page.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(page.getByRole('status')).toHaveText('Connected');
  // The sidebar shows what to tell the others; the browser-only "Copy link" is gone.
  await expect(page.getByRole('list', { name: 'Addresses to share' })).toContainText(
    `192.168.1.20:${host.port}/general`,
  );
  await expect(page.getByRole('button', { name: 'Copy link' })).toHaveCount(0);

  await say(alice, 'Docs: https://example.com/docs');
  await page.getByRole('log').getByRole('link', { name: 'https://example.com/docs' }).click();
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { lanchatCalls: { opened: string[] } }).lanchatCalls.opened))
    .toEqual(['https://example.com/docs']);
  expect(page.context().pages()).toHaveLength(1);
  expect(page.url()).toContain(`127.0.0.1:${host.port}`);
  await shot(page, 'desktop-hosting');
});
