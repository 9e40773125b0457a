/**
 * The desktop window over TLS, in Debian's Chromium: the bridge is the stub of desktop-stub.ts,
 * but its `tls.check` is the main process's real module (one TLS handshake in this Node process,
 * its own known-hosts folder). Chromium is pinned with its own flag
 * (`--ignore-certificate-errors-spki-list`, never a blanket ignore), standing in for Electron's
 * certificate hook. The flag lists the forged key too: Chromium alone would talk to the forged
 * host, so what keeps the hello from it is the window's own check, nothing else.
 */
import { chromium, type Browser, type BrowserContextOptions, type Page } from '@playwright/test';
import { loadOrCreateHostIdentity, type HostIdentity } from '../src-main/tls/host-identity.ts';
import { KnownHosts } from '../src-main/tls/known-hosts.ts';
import { join as joinPath } from 'node:path';
import { startImpostor } from '../test/helpers/fake-tls-host.ts';
import { capture, stopCaptures } from '../test/helpers/sniffer.ts';
import { cleanupFolders, startHost, tempDataDir, type TestHost } from '../test/helpers/host.ts';
import { seriousViolations } from './a11y.ts';
import { calls, installBridge } from './desktop-stub.ts';
import playwrightConfig from './playwright.config.ts';
import { expect, FOUR_LOOKS, join, pageUrl, RENDERER_DIR, say, test } from './fixtures.ts';

let real: HostIdentity;
let forged: HostIdentity;
let realDir: string;
let pinned: Browser;

test.beforeAll(async () => {
  realDir = tempDataDir();
  real = await loadOrCreateHostIdentity(realDir);
  forged = await loadOrCreateHostIdentity(tempDataDir());
  const { args = [], executablePath } = playwrightConfig.use?.launchOptions ?? {};
  const spki = `--ignore-certificate-errors-spki-list=${real.spkiBase64},${forged.spkiBase64}`;
  pinned = await chromium.launch({ executablePath, args: [...args, spki] });
});
test.afterAll(async () => {
  stopCaptures();
  await pinned.close();
  cleanupFolders();
});

/** A desktop window in the pinned browser; its page errors are collected. */
async function desktopWindow(port: number, options: BrowserContextOptions = {}, pinsDir?: string) {
  const context = await pinned.newContext({ ...options, permissions: ['clipboard-read', 'clipboard-write'] });
  await installBridge(context, { port, ...(pinsDir && { pinsDir }) });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const sockets: string[] = [];
  page.on('websocket', (ws) => sockets.push(ws.url()));
  return { page, errors, sockets, close: () => context.close() };
}

const warning = (page: Page) => page.getByRole('dialog');

test('joins over wss with the key it learned; a forged host on that address gets no hello, and a rotated key is taken only once confirmed', async ({
  person,
  shot,
}) => {
  let host: TestHost = await startHost({ dataDir: realDir, tls: real, staticDir: RENDERER_DIR });
  const { port } = host;
  const alice = await desktopWindow(port);
  const ann = { page: alice.page, name: 'Alice' };
  try {
    await join(ann, pageUrl(port), `127.0.0.1:${port}/general`);
    expect((await calls(alice.page)).tlsChecks).toEqual([`127.0.0.1:${port}/general`]);
    expect(alice.sockets).toEqual([`wss://127.0.0.1:${port}/room/general`]);
    await expect(alice.page.locator('details.encryption summary')).toHaveText('Encrypted');
    const bob = await person('Bob');
    await join(bob, pageUrl(port));
    await say(ann, 'over TLS from the desktop');
    await expect(bob.page.getByRole('log')).toContainText('over TLS from the desktop');

    // The host goes; another machine takes its address with another key.
    await host.stop();
    const impostor = await startImpostor(port, forged);
    try {
      await expect(warning(alice.page).getByRole('heading')).toHaveText('This may not be the host you think', {
        timeout: 30_000,
      });
      const dialog = warning(alice.page);
      await expect(dialog).toContainText(`had the key ${real.short}; now it has the key ${forged.short}`);
      await expect(dialog).toContainText('Nothing was sent to it');
      await shot(alice.page, 'mismatch-known-en-light-1280');
      expect(impostor.connections()).toBeGreaterThan(0); // reached, by the check's handshake...
      expect(impostor.received()).toBe(''); // ...and not one byte of the window's: no upgrade, no hello
      await dialog.getByRole('button', { name: 'Don’t connect' }).click();
      const status = alice.page.getByRole('main').getByRole('status');
      await expect(status).toHaveText('Stopped: key changed');
      // "Retry" checks again: the same warning, still nothing sent.
      await alice.page.getByRole('main').getByRole('button', { name: 'Retry now' }).click();
      await expect(warning(alice.page).getByRole('heading')).toHaveText('This may not be the host you think');
      expect(impostor.received()).toBe('');
      expect(alice.sockets).toEqual([`wss://127.0.0.1:${port}/room/general`]); // no second socket, ever
    } finally {
      await impostor.close();
    }

    // The owner made a new key (the "forged" one, here): a real host with it on the address.
    host = await startHost({ port, tls: forged, staticDir: RENDERER_DIR });
    const dialog = warning(alice.page);
    await dialog.getByRole('button', { name: 'The host has a new key…' }).click();
    await expect(dialog).toContainText(`Trust the key ${forged.short} for 127.0.0.1:${port} from now on?`);
    await shot(alice.page, 'mismatch-confirm-en-light-1280');
    await dialog.getByRole('button', { name: 'Trust the new key and connect' }).click();
    await expect(alice.page.getByRole('main').getByRole('status')).toHaveText('Connected');
    await expect(dialog).toHaveCount(0);
    await expect(bob.page.getByRole('status')).toHaveText('Connected', { timeout: 30_000 });
    await say(ann, 'after the new key');
    await expect(bob.page.getByRole('log')).toContainText('after the new key');
    expect(alice.errors).toEqual([]);
  } finally {
    await alice.close();
    await host.stop();
  }
});

test('the warning in four looks: a remembered key, the host shows another', async ({ shot }) => {
  const host = await startHost({ dataDir: realDir, tls: real, staticDir: RENDERER_DIR });
  try {
    for (const look of FOUR_LOOKS) {
      // This window met the host before with another key.
      const pinsDir = tempDataDir();
      await (await KnownHosts.open(pinsDir)).remember('127.0.0.1', host.port, forged.fingerprint);
      const w = await desktopWindow(host.port, look, pinsDir);
      try {
        await w.page.goto(pageUrl(host.port));
        const zh = look.locale === 'zh-CN';
        await w.page.getByLabel(zh ? '你的名字' : 'Your name').fill('Alice');
        await w.page.getByLabel(zh ? '房间地址' : 'Room address').fill(`127.0.0.1:${host.port}/general`);
        await w.page.getByRole('button', { name: zh ? '加入' : 'Join', exact: true }).click();
        const dialog = warning(w.page);
        await expect(dialog.getByRole('heading')).toHaveText(
          zh ? '这可能不是你以为的那台主机' : 'This may not be the host you think',
        );
        await expect(dialog).toContainText(real.short);
        await expect(dialog).toContainText(forged.short);
        const name = `mismatch-${look.locale}-${look.colorScheme}-${look.viewport.width}`;
        await shot(w.page, name);
        expect(await seriousViolations(w.page, name)).toEqual([]);
        await dialog.getByRole('button', { name: zh ? '主机换了新密钥…' : 'The host has a new key…' }).click();
        await shot(w.page, `${name}-confirm`);
        expect(await seriousViolations(w.page, `${name}-confirm`)).toEqual([]);
        expect(host.host.memberCount).toBe(0);
        expect(w.errors).toEqual([]);
      } finally {
        await w.close();
      }
    }
  } finally {
    await host.stop();
  }
});

test('a plain host: joined in plain with the mark, but refused when the address carries a key', async ({
  host,
  shot,
}) => {
  const w = await desktopWindow(host.port, { colorScheme: 'dark' });
  try {
    await join({ page: w.page, name: 'Alice' }, pageUrl(host.port), `127.0.0.1:${host.port}/general`);
    expect(w.sockets).toEqual([`ws://127.0.0.1:${host.port}/room/general`]);
    const mark = w.page.locator('details.encryption summary');
    await expect(mark).toHaveText('Not encrypted');
    await mark.click();
    await expect(w.page.getByText('This host does not encrypt (it is an older LAN Chat)')).toBeVisible();
    await shot(w.page, 'plain-host-dark');

    await w.page.getByRole('button', { name: '+ Join a room' }).click();
    await w.page.getByRole('dialog').getByLabel('Room address').fill(`127.0.0.1:${host.port}/other#${real.short}`);
    await w.page.getByRole('dialog').getByRole('button', { name: 'Join', exact: true }).click();
    await expect(warning(w.page).getByRole('heading')).toHaveText('This host stopped encrypting');
    await expect(warning(w.page)).toContainText('Nothing was sent to it');
    await shot(w.page, 'plain-refused-dark');
    expect(await seriousViolations(w.page, 'plain-refused-dark')).toEqual([]);
    expect(w.sockets).toHaveLength(1);
    expect(w.errors).toEqual([]);
  } finally {
    await w.close();
  }
});

test('a sniffer (tcpdump) reads a plain guest, and nothing of the desktop window over TLS', async ({ person }) => {
  const host = await startHost({ dataDir: realDir, tls: real, staticDir: RENDERER_DIR });
  const sniffer = await capture(host.port, joinPath(tempDataDir(), 'desktop.pcap'));
  const w = await desktopWindow(host.port);
  try {
    // Each in a room of their own: the host echoes a message only to its room.
    const bob = await person('PlainGuest5');
    await join(bob, pageUrl(host.port), `127.0.0.1:${host.port}/plain-room`);
    await say(bob, 'PLAIN-canary-93b1');
    await expect(bob.page.getByRole('log')).toContainText('PLAIN-canary-93b1');
    const ann = { page: w.page, name: 'DesktopName8' };
    await join(ann, pageUrl(host.port), `127.0.0.1:${host.port}/secret-room`);
    expect(w.sockets).toEqual([`wss://127.0.0.1:${host.port}/room/secret-room`]);
    await say(ann, 'DESKTOP-canary-5d7e');
    await expect(w.page.getByRole('log')).toContainText('DESKTOP-canary-5d7e');
    await w.close();
    const bytes = (await sniffer.stop()).toString('latin1');
    // The control (the capture works): the plain guest's text and name, as the host echoed them.
    expect(bytes, `${bytes.length} bytes captured`).toContain('PLAIN-canary-93b1');
    expect(bytes).toContain('PlainGuest5');
    // The window's text, name and room (in the upgrade request's path) crossed only inside TLS.
    for (const secret of ['DESKTOP-canary-5d7e', 'DesktopName8', 'secret-room']) expect(bytes).not.toContain(secret);
    expect(bytes).toContain('\x16\x03\x01'); // a TLS ClientHello record is in the capture
  } finally {
    await w.close();
    await host.stop();
  }
});
