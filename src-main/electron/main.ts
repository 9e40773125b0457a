/**
 * The desktop app's main process. Thin on purpose: it wires the window, the bridge, the hosting
 * controller and the settings store, and does nothing else. Chat traffic does not pass here: the
 * window joins rooms over the WebSocket like every other client, its own host's rooms included.
 */
import { app, BrowserWindow, nativeImage, session } from 'electron';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IPC, type HostStatus } from '../../src-shared/bridge.ts';
import { bindsLoopback } from '../platform/lan-addresses.ts';
import { rendererDir, userDataDir } from '../platform/paths.ts';
import { VERSION } from '../platform/version.ts';
import { registerAppScheme, serveApp } from './app-protocol.ts';
import { Browsing } from '../discovery/browsing.ts';
import { DesktopPins } from '../tls/desktop-pins.ts';
import { installCertificatePinning } from './cert-pinning.ts';
import { AppTray, desktopTranslator, notify, setUnread, showWindow } from './desktop.ts';
import { HostingController, prefsOfStart, startOfPrefs } from './hosting.ts';
import { registerIpc } from './ipc.ts';
import { SettingsStore } from './settings.ts';
import { WindowNearby } from './window-nearby.ts';
import { createMainWindow, hardenContents, openExternal, restrictPermissions } from './window.ts';

/** The build puts main.js, preload.cjs and icon.png side by side in dist/electron. */
const here = dirname(fileURLToPath(import.meta.url));
const iconFile = join(here, 'icon.png');

// Before `ready`: one data folder for the app and `npm run host` alike (LANCHAT_DATA_DIR for
// tests), every renderer sandboxed, the app scheme registered, every web contents hardened.
app.setPath('userData', process.env.LANCHAT_DATA_DIR || userDataDir());
app.enableSandbox();
registerAppScheme();
app.on('web-contents-created', (_event, contents) => hardenContents(contents));

let win: BrowserWindow | undefined;
/**
 * The app's way out: `running` until a quit is asked, `cleaning` while the host stops and the
 * settings flush (the quit waits), `done` when the quit may go through.
 */
let lifecycle: 'running' | 'cleaning' | 'done' = 'running';
let cleanup: () => Promise<void> = async () => {};

if (!app.requestSingleInstanceLock()) {
  // A second launch: the first instance shows its window (below); this one just leaves.
  app.quit();
} else {
  app.on('second-instance', () => win && showWindow(win));
  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => fail(err));
}

async function start(): Promise<void> {
  const userData = app.getPath('userData');
  const settings = await SettingsStore.open({ dir: userData, log: (line) => console.warn(line) });
  // The app browses for hosts as long as it runs, hosting or not; its host uses the same list.
  // The peer book is the host's (DATA/host/peers.json): one memory of the network per install.
  // Tests keep the host to loopback (LANCHAT_HOST_BIND): then no multicast leaves this machine either.
  const bind = process.env.LANCHAT_HOST_BIND || undefined;
  const lan = new Browsing({
    dataDir: join(userData, 'host'),
    log: (line) => console.log(line),
    ...(bindsLoopback(bind) ? { interfaces: () => [] } : {}),
  });
  await lan.start();
  const hosting = new HostingController({
    dataDir: join(userData, 'host'),
    // Every interface by default (that is the point); tests keep to loopback with LANCHAT_HOST_BIND.
    bind,
    staticDir: rendererDir(),
    version: VERSION,
    log: (line) => console.log(line),
    t: desktopTranslator(settings.get().language),
    browsing: lan,
  });
  const nearby = new WindowNearby(lan, hosting);
  restrictPermissions(session.defaultSession);
  // The keys of LAN hosts, checked before the window connects; Chromium accepts exactly those.
  const pins = await DesktopPins.open(userData);
  installCertificatePinning(session.defaultSession, pins, (refusal) => {
    if (win && !win.isDestroyed()) win.webContents.send(IPC.tlsRefusedEvent, refusal);
  });
  serveApp(rendererDir());

  const icon = existsSync(iconFile) ? iconFile : undefined;
  const window = createMainWindow(join(here, 'preload.cjs'), icon, desktopTranslator(settings.get().language));
  win = window;
  const tray = icon
    ? new AppTray(
        nativeImage.createFromPath(icon),
        {
          show: () => showWindow(window),
          stopHosting: () => void hosting.stop(),
          quit: () => app.quit(),
        },
        desktopTranslator(settings.get().language),
      )
    : undefined;

  registerIpc({
    [IPC.hostStart]: async (request) => {
      const status = await hosting.start(request);
      if (status.state === 'running') {
        await settings.update({ hosting: prefsOfStart(request) });
      }
      return status;
    },
    [IPC.hostStop]: () => hosting.stop(),
    [IPC.hostStatus]: () => hosting.status(),
    [IPC.settingsGet]: () => settings.get(),
    [IPC.settingsSet]: async (patch) => {
      const next = await settings.update(patch);
      // The window changed its language: the tray and the hosting sentences follow.
      if (patch.language !== undefined) {
        const t = desktopTranslator(next.language);
        tray?.setTranslator(t);
        hosting.setTranslator(t);
      }
      return next;
    },
    [IPC.outboxGet]: (room) => settings.getOutbox(room),
    [IPC.outboxSet]: (room, entries) => settings.setOutbox(room, entries),
    [IPC.notify]: (request) => {
      if (settings.get().notifications) notify(window, request);
    },
    [IPC.setUnread]: (count) => setUnread(window, count),
    [IPC.openExternal]: (url) => openExternal(url),
    [IPC.tlsCheck]: (address) => pins.checkAddress(address),
    [IPC.nearbyList]: () => nearby.list(),
    [IPC.nearbyWhy]: () => nearby.why(),
    [IPC.nearbyLearn]: (address) => nearby.learn(address),
  });
  nearby.onChange((reply) => {
    if (!window.isDestroyed()) window.webContents.send(IPC.nearbyEvent, reply);
  });

  hosting.onStatus((status: HostStatus) => {
    if (!window.isDestroyed()) window.webContents.send(IPC.hostStatusEvent, status);
    tray?.update(status);
  });
  window.on('focus', () => window.flashFrame(false));
  // Closing the window while hosting keeps the host running, reachable from the tray.
  window.on('close', (event) => {
    if (lifecycle === 'running' && tray && hosting.status().state === 'running') {
      event.preventDefault();
      window.hide();
    }
  });

  cleanup = async () => {
    await hosting.stop();
    await lan.stop();
    await settings.flush();
    tray?.destroy();
  };

  const prefs = settings.get().hosting;
  if (prefs.autoStart) await hosting.start(startOfPrefs(prefs));
}

// Quitting stops the host gracefully (clients get 1001) and flushes the settings first.
app.on('before-quit', (event) => {
  if (lifecycle === 'done') return;
  event.preventDefault();
  if (lifecycle === 'cleaning') return; // a second quit (tray, signal) while cleaning up: one is enough
  lifecycle = 'cleaning';
  cleanup()
    .catch((err: unknown) => console.error('lanchat: while quitting:', err))
    .finally(() => {
      lifecycle = 'done';
      app.quit();
    });
});
app.on('window-all-closed', () => app.quit());
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());

function fail(err: unknown): void {
  console.error('lanchat: the app could not start:', err);
  app.exit(1);
}
