/**
 * The desktop app end to end, through Playwright's `_electron`: launch it, host a room from the
 * UI, have a second client join that room over the network, chat both ways, stop hosting (the
 * guest gets 1001), quit (the settings are on the disk). Needs the Electron binary; where it is
 * missing (it cannot be downloaded on every machine) the test is reported as skipped, once,
 * with the reason.
 */
import { _electron, expect, test } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostStatus, LanchatBridge } from '../src-shared/bridge.ts';
import { findElectronBinary } from '../src-main/platform/electron-binary.ts';
import { PROJECT_ROOT } from '../src-main/platform/paths.ts';
import { buildElectron } from '../scripts/build-electron.ts';
import { RawClient } from '../test/helpers/ws-client.ts';

const electron = findElectronBinary();

test('desktop app: host a room, a second client joins, chat, stop hosting, quit', async () => {
  if (!electron.ok) {
    // Printed as well as annotated: the list reporter shows a skipped test's output, not its reason.
    const reason = `the desktop app cannot run here: ${electron.why} (see npm start).`;
    console.log(`skipped: ${reason}`);
    test.skip(true, reason);
    return;
  }
  expect(existsSync(join(PROJECT_ROOT, 'dist', 'renderer', 'index.html')), 'npm run build first').toBe(true);
  await buildElectron();
  const dataDir = mkdtempSync(join(tmpdir(), 'lanchat-electron-'));
  const app = await _electron.launch({
    executablePath: electron.path,
    args: [PROJECT_ROOT, '--no-sandbox', '--disable-gpu'],
    env: { ...process.env, LANCHAT_DATA_DIR: dataDir, LANCHAT_HOST_BIND: '127.0.0.1' },
  });
  try {
    const page = await app.firstWindow();
    await expect(page).toHaveTitle(/LAN Chat/);

    // The bridge is there, and only the bridge: no Node in the page.
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    expect(
      await page.evaluate(() => Object.keys((globalThis as unknown as { lanchat: LanchatBridge }).lanchat).sort()),
    ).toEqual(['host', 'notify', 'onFocusRoom', 'openExternal', 'setUnread', 'settings', 'tls']);

    await test.step('host a room from the UI; the app joins it itself', async () => {
      const name = page.getByLabel('Your name');
      if (await name.isVisible()) await name.fill('Desk');
      await page.getByLabel('Room', { exact: true }).fill('e2e');
      await page.getByRole('button', { name: 'Start hosting' }).click();
      await expect(page.getByRole('list', { name: 'Addresses to share' })).toBeVisible();
      await expect(page.getByRole('textbox', { name: 'Message' })).toBeVisible();
    });
    const hostStatus = () =>
      page.evaluate(() => (globalThis as unknown as { lanchat: LanchatBridge }).lanchat.host.status());
    const status = await hostStatus();
    if (status.state !== 'running') throw new Error(`not hosting: ${JSON.stringify(status)}`);
    // The window joined its own room over the WebSocket, like any guest.
    await expect.poll(async () => ((await hostStatus()) as { connected?: number }).connected).toBe(1);

    const guest = await RawClient.join(`ws://127.0.0.1:${status.port}/room/e2e`, { name: 'Guest' });
    await test.step('chat both ways', async () => {
      guest.sendJson({ type: 'send', id: 'g1', text: 'hello from the guest' });
      await expect(page.getByRole('log')).toContainText('hello from the guest');
      const box = page.getByRole('textbox', { name: 'Message' });
      await box.fill('hello from the desktop');
      await box.press('Enter');
      await guest.next('message', (f) => f.text === 'hello from the desktop');
      await expect(page.getByText('2 connected')).toBeVisible();
    });

    await test.step('stop hosting: the guest is told 1001 (come back later)', async () => {
      await page.getByRole('button', { name: 'Stop hosting' }).click();
      expect((await guest.closed).code).toBe(1001);
      const stopped: HostStatus = await hostStatus();
      expect(stopped.state).toBe('stopped');
    });

    await test.step('quit: the process ends and the settings remember the hosted room', async () => {
      await app.close();
      const settings = JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')) as {
        hosting: { room: string };
      };
      expect(settings.hosting.room).toBe('e2e');
    });
  } finally {
    await app.close().catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
  }
});
