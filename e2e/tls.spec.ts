/**
 * Browser guests over TLS: Chromium trusts exactly this host's key through its own pinning flag
 * (`--ignore-certificate-errors-spki-list`, never a blanket ignore); the page, its WebSocket
 * (wss) and the chat work; a plain-http guest of the same host sees "Not encrypted". A browser
 * pinned to another key does not get the page at all.
 */
import { chromium, type Browser } from '@playwright/test';
import { loadOrCreateHostIdentity } from '../src-main/tls/host-identity.ts';
import { cleanupFolders, startHost, tempDataDir, type TestHost } from '../test/helpers/host.ts';
import playwrightConfig from './playwright.config.ts';
import { expect, join, RENDERER_DIR, say, test } from './fixtures.ts';

let host: TestHost;
let pinned: Browser;

const args = playwrightConfig.use?.launchOptions?.args ?? [];
const executablePath = playwrightConfig.use?.launchOptions?.executablePath;
const launchPinned = (spki: string) =>
  chromium.launch({ executablePath, args: [...args, `--ignore-certificate-errors-spki-list=${spki}`] });

test.beforeAll(async () => {
  const dataDir = tempDataDir();
  const identity = await loadOrCreateHostIdentity(dataDir);
  host = await startHost({ dataDir, tls: identity, staticDir: RENDERER_DIR });
  pinned = await launchPinned(identity.spkiBase64);
});
test.afterAll(async () => {
  await pinned.close();
  await host.stop();
  cleanupFolders();
});

test('a guest on https chats over wss with a guest on plain http, and each sees whether it is encrypted', async ({
  person,
  shot,
}) => {
  const context = await pinned.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const sockets: string[] = [];
  page.on('websocket', (ws) => sockets.push(ws.url()));
  const alice = { page, name: 'Alice' };
  await join(alice, `https://127.0.0.1:${host.port}/`);
  expect(sockets).toEqual([`wss://127.0.0.1:${host.port}/room/general`]);
  const mark = page.locator('details.encryption summary');
  await expect(mark).toHaveText('Encrypted');
  await mark.click();
  await expect(page.getByText('Public Key SHA-256')).toBeVisible();
  await shot(page, 'https-encrypted-explained');

  const bob = await person('Bob', { colorScheme: 'dark' });
  await join(bob, `http://127.0.0.1:${host.port}/`);
  await expect(bob.page.locator('details.encryption summary')).toHaveText('Not encrypted');
  await bob.page.locator('details.encryption summary').click();
  await expect(bob.page.getByText('Anyone on this network can read')).toBeVisible();
  await shot(bob.page, 'http-not-encrypted');

  await say(alice, 'sent over TLS');
  await expect(bob.page.getByRole('log')).toContainText('sent over TLS');
  await say(bob, 'sent in the clear');
  await expect(page.getByRole('log')).toContainText('sent in the clear');

  await page.setViewportSize({ width: 360, height: 720 });
  await shot(page, 'https-narrow');
  await bob.page.setViewportSize({ width: 360, height: 720 });
  await shot(bob.page, 'http-narrow-dark');
  expect(errors).toEqual([]);
  await context.close();
});

test('a browser pinned to another key is refused the page', async () => {
  const other = await loadOrCreateHostIdentity(tempDataDir());
  const wrong = await launchPinned(other.spkiBase64);
  try {
    const page = await (await wrong.newContext()).newPage();
    await expect(page.goto(`https://127.0.0.1:${host.port}/`)).rejects.toThrow(/ERR_CERT/);
  } finally {
    await wrong.close();
  }
});
