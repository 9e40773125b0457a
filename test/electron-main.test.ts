/**
 * The bundled main process (dist/electron/main.js), wired to a stand-in for the `electron`
 * module. The real Electron binary cannot be downloaded on every machine (the `_electron` e2e
 * spec covers it where it can); this checks, wherever Node runs, that the bundle loads and that
 * main.ts wires what it should: the secure window, the app protocol with its CSP, permissions,
 * sender-checked and validated IPC, hosting through the bridge, notifications, and a quit that
 * stops the host first. The host, settings store and files are the real ones.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { IPC, type HostStatus } from '../src-shared/bridge.ts';
import { buildElectron } from '../scripts/build-electron.ts';
import { PROJECT_ROOT } from '../src-main/platform/paths.ts';
import { RawClient } from './helpers/ws-client.ts';
import { startHost } from './helpers/host.ts';
import type { NearbyReply } from '../src-shared/nearby.ts';
import { connect } from 'node:tls';
import { loadOrCreateHostIdentity } from '../src-main/tls/host-identity.ts';

const e = vi.hoisted(() => {
  const state = {
    listeners: new Map<string, ((...a: unknown[]) => unknown)[]>(),
    ipc: new Map<string, (...a: unknown[]) => unknown>(),
    sent: [] as [string, unknown][],
    windows: [] as { options: Record<string, unknown>; url?: string }[],
    protocol: undefined as undefined | ((req: Request) => Promise<Response>),
    schemes: [] as unknown[],
    permission: undefined as
      undefined | ((c: unknown, p: string, cb: (ok: boolean) => void, d: { requestingUrl: string }) => void),
    opened: [] as string[],
    dictionaryUrl: undefined as string | undefined,
    verifyProc: undefined as
      | undefined
      | ((request: { hostname: string; certificate: { data: string } }, cb: (result: number) => void) => void),
    notifications: [] as { options: { title: string; body: string }; click?: () => void }[],
    badge: -1,
    exited: false,
    focused: false,
    ready: () => {},
  };
  const whenReady = new Promise<void>((resolve) => (state.ready = resolve));
  const emit = (event: string, ...args: unknown[]) => state.listeners.get(event)?.forEach((fn) => fn(...args));
  const app = {
    paths: {} as Record<string, string>,
    setPath: (name: string, path: string) => (app.paths[name] = path),
    getPath: (name: string) => app.paths[name],
    getPreferredSystemLanguages: () => ['en-US'],
    enableSandbox: () => {},
    requestSingleInstanceLock: () => true,
    on: (event: string, fn: (...a: unknown[]) => unknown) => {
      state.listeners.set(event, [...(state.listeners.get(event) ?? []), fn]);
    },
    whenReady: () => whenReady,
    quit: () => {
      const event = { defaultPrevented: false, preventDefault: () => (event.defaultPrevented = true) };
      emit('before-quit', event);
      if (!event.defaultPrevented) state.exited = true;
    },
    exit: () => (state.exited = true),
    setBadgeCount: (n: number) => ((state.badge = n), true),
  };
  class BrowserWindow {
    webContents = {
      send: (channel: string, payload: unknown) => state.sent.push([channel, payload]),
      on: () => {},
      setWindowOpenHandler: () => {},
    };
    options: Record<string, unknown>;
    constructor(options: Record<string, unknown>) {
      this.options = options;
      state.windows.push(this);
    }
    url?: string;
    loadURL(url: string) {
      this.url = url;
      return Promise.resolve();
    }
    once() {}
    on() {}
    isDestroyed = () => false;
    isFocused = () => state.focused;
    isMinimized = () => false;
    show() {}
    focus() {}
    hide() {}
    restore() {}
    flashFrame() {}
  }
  class Notification {
    static isSupported = () => true;
    click?: () => void;
    options: { title: string; body: string };
    constructor(options: { title: string; body: string }) {
      this.options = options;
    }
    on(_event: string, fn: () => void) {
      this.click = fn;
    }
    show() {
      state.notifications.push(this);
    }
  }
  class Tray {
    setToolTip() {}
    on() {}
    setContextMenu() {}
    destroy() {}
  }
  return {
    state,
    module: {
      app,
      BrowserWindow,
      Notification,
      Tray,
      Menu: { buildFromTemplate: (t: unknown) => t },
      nativeImage: { createFromPath: () => ({ resize: () => ({}) }) },
      session: {
        defaultSession: {
          setPermissionRequestHandler: (fn: typeof state.permission) => (state.permission = fn),
          setPermissionCheckHandler: () => {},
          setSpellCheckerDictionaryDownloadURL: (url: string) => (state.dictionaryUrl = url),
          setCertificateVerifyProc: (fn: typeof state.verifyProc) => (state.verifyProc = fn),
        },
      },
      protocol: {
        registerSchemesAsPrivileged: (list: unknown[]) => state.schemes.push(...list),
        handle: (_scheme: string, fn: typeof state.protocol) => (state.protocol = fn),
      },
      net: { fetch: () => Promise.resolve(new Response('file', { headers: { 'content-type': 'text/plain' } })) },
      ipcMain: { handle: (channel: string, fn: (...a: unknown[]) => unknown) => state.ipc.set(channel, fn) },
      shell: { openExternal: (url: string) => (state.opened.push(url), Promise.resolve()) },
    },
  };
});
vi.mock('electron', () => e.module);

const dataDir = mkdtempSync(join(tmpdir(), 'lanchat-main-'));
const appFrame = { senderFrame: { url: 'app://lanchat/index.html', parent: null } };
const call = (channel: string, ...args: unknown[]) => e.state.ipc.get(channel)!(appFrame, ...args) as Promise<unknown>;

beforeAll(async () => {
  await buildElectron();
  process.env.LANCHAT_DATA_DIR = dataDir;
  process.env.LANCHAT_HOST_BIND = '127.0.0.1';
  // @ts-expect-error: the bundle has no type declarations
  await import('../dist/electron/main.js');
  e.state.ready();
  await vi.waitFor(() => expect(e.state.windows).toHaveLength(1));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('the bundled main process, wired', () => {
  it('keeps its data in LANCHAT_DATA_DIR and opens one sandboxed, isolated window on app://', () => {
    expect(e.module.app.getPath('userData')).toBe(dataDir);
    const [win] = e.state.windows;
    expect(win!.url).toBe('app://lanchat/index.html');
    expect(win!.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: expect.stringMatching(/dist[/\\]electron[/\\]preload\.cjs$/),
    });
    expect(e.state.schemes).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
  });

  it('serves the renderer with the CSP and refuses paths outside it', async () => {
    const page = await e.state.protocol!(new Request('app://lanchat/index.html'));
    expect(page.headers.get('content-security-policy')).toMatch(/^default-src 'none'; script-src 'self'/);
    const outside = await e.state.protocol!(new Request('app://lanchat/..%2f..%2fpackage.json'));
    if (existsSync(join(PROJECT_ROOT, 'dist', 'renderer', 'index.html'))) expect(outside.status).toBe(404);
    else expect(await outside.text()).toContain('The user interface is not built');
  });

  it('never lets the spellchecker download dictionaries from the internet', () => {
    expect(e.state.dictionaryUrl).toBe('app://lanchat/no-dictionaries/');
  });

  it('grants the clipboard write to the app page only, and no other permission', () => {
    const ask = (permission: string, requestingUrl: string) =>
      new Promise((resolve) => e.state.permission!({}, permission, resolve, { requestingUrl }));
    return Promise.all([
      expect(ask('clipboard-sanitized-write', 'app://lanchat/index.html')).resolves.toBe(true),
      expect(ask('clipboard-sanitized-write', 'http://evil.example/')).resolves.toBe(false),
      expect(ask('media', 'app://lanchat/index.html')).resolves.toBe(false),
      expect(ask('geolocation', 'app://lanchat/index.html')).resolves.toBe(false),
    ]);
  });

  it('handles every bridge channel, refusing other senders and bad arguments', async () => {
    const invokeChannels = Object.values(IPC).filter((c) => !c.endsWith('-event'));
    expect([...e.state.ipc.keys()].sort()).toEqual(invokeChannels.sort());
    const fromElsewhere = { senderFrame: { url: 'http://192.168.1.9:47800/', parent: null } };
    const fromIframe = { senderFrame: { url: 'app://lanchat/index.html', parent: {} } };
    const settingsGet = e.state.ipc.get(IPC.settingsGet)!;
    expect(() => settingsGet(fromElsewhere)).toThrow(/not the app's own page/);
    expect(() => settingsGet(fromIframe)).toThrow(/not the app's own page/);
    expect(() => settingsGet({ senderFrame: null })).toThrow(/not the app's own page/);
    expect(() => e.state.ipc.get(IPC.hostStart)!(appFrame, { room: '../x', port: 1 })).toThrow(/room is not valid/);
    expect(await call(IPC.settingsGet)).toMatchObject({ name: '', clientId: expect.any(String) });
  });

  it('browses before it hosts: the window gets the list and the checks, and a host it used is remembered and pushed', async () => {
    expect(await call(IPC.nearbyList)).toEqual({ browsing: true, announcing: false, hosts: [] });
    expect(await call(IPC.nearbyWhy)).toMatchObject({ hosting: false, port: 0, announcing: false, browsing: true });
    const other = await startHost({ name: 'Other', passwords: { vault: 'pw' } });
    try {
      expect(await call(IPC.nearbyLearn, `127.0.0.1:${other.port}`)).toBe(true);
      await vi.waitFor(
        () => {
          const pushed = e.state.sent.filter(([c]) => c === IPC.nearbyEvent).at(-1)?.[1] as NearbyReply | undefined;
          expect(pushed?.hosts).toEqual([
            expect.objectContaining({
              name: 'Other',
              via: 'remembered',
              rooms: [{ id: 'vault', members: 0, locked: true }],
            }),
          ]);
        },
        { timeout: 15_000, interval: 50 },
      );
      expect(() => e.state.ipc.get(IPC.nearbyLearn)!(appFrame, 'no such address!')).toThrow(/address is not valid/);
    } finally {
      await other.stop();
    }
  });

  it('hosts through the bridge: status pushed to the window, preferences saved, guests can join', async () => {
    const status = (await call(IPC.hostStart, { room: 'desk', port: 0, password: 'pw' })) as HostStatus;
    if (status.state !== 'running') throw new Error(JSON.stringify(status));
    const pushed = e.state.sent.filter(([c]) => c === IPC.hostStatusEvent).map(([, s]) => (s as HostStatus).state);
    expect(pushed).toEqual(['starting', 'running']);
    const saved = JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')) as { hosting: object };
    expect(saved.hosting).toMatchObject({ room: 'desk', port: 0, password: 'pw' });
    const guest = await RawClient.join(`ws://127.0.0.1:${status.port}/room/desk`, { password: 'pw' });
    guest.ws.close();
    await guest.closed;
  });

  it('checks the hosted room’s key for the window, and Chromium’s hook accepts exactly that key', async () => {
    const status = (await call(IPC.hostStatus)) as HostStatus;
    if (status.state !== 'running') throw new Error(JSON.stringify(status));
    // The certificate the host shows, as Chromium would hand it to the hook (PEM).
    const cert = await new Promise<string>((resolve, reject) => {
      const s = connect({ host: '127.0.0.1', port: status.port, rejectUnauthorized: false }, () => {
        resolve(s.getPeerX509Certificate()!.toString());
        s.destroy();
      });
      s.once('error', reject);
    });
    const ask = (hostname: string, data: string) =>
      new Promise<number>((resolve) => e.state.verifyProc!({ hostname, certificate: { data } }, resolve));
    expect(await ask('127.0.0.1', cert)).toBe(-3); // not checked yet: Chromium's own check (self-signed: refused)
    expect(await call(IPC.tlsCheck, `127.0.0.1:${status.port}/desk#${status.fingerprint}`)).toMatchObject({
      state: 'encrypted',
      firstVisit: false,
    });
    expect(await ask('127.0.0.1', cert)).toBe(0);
    const impostor = await loadOrCreateHostIdentity(mkdtempSync(join(tmpdir(), 'lanchat-impostor-')));
    expect(await ask('127.0.0.1', impostor.cert)).toBe(-2);
    expect(e.state.sent.at(-1)).toEqual([
      IPC.tlsRefusedEvent,
      { host: '127.0.0.1', expected: [expect.stringMatching(/^[0-9A-F]{64}$/)], actual: impostor.fingerprint },
    ]);
    expect(await ask('example.org', impostor.cert)).toBe(-3);
    expect(() => e.state.ipc.get(IPC.tlsCheck)!(appFrame, 'no such address!')).toThrow(/address is not valid/);
  });

  it('notifies only while the window is not focused; a click shows the room', async () => {
    e.state.focused = true;
    await call(IPC.notify, { title: 'Ada', body: 'hi', room: '127.0.0.1/desk' });
    expect(e.state.notifications).toHaveLength(0);
    e.state.focused = false;
    await call(IPC.notify, { title: 'Ada', body: 'hi', room: '127.0.0.1/desk' });
    expect(e.state.notifications.map((n) => n.options)).toMatchObject([{ title: 'Ada', body: 'hi' }]);
    e.state.notifications[0]!.click!();
    expect(e.state.sent.at(-1)).toEqual([IPC.focusRoomEvent, '127.0.0.1/desk']);
    await call(IPC.setUnread, 4);
    expect(e.state.badge).toBe(4);
  });

  it('opens only checked http(s) links in the system browser', async () => {
    expect(await call(IPC.openExternal, 'file:///etc/passwd')).toBe(false);
    expect(await call(IPC.openExternal, 'https://example.org/x')).toBe(true);
    expect(e.state.opened).toEqual(['https://example.org/x']);
  });

  it('quits only after stopping the host (guests get 1001) and flushing the settings', async () => {
    const status = (await call(IPC.hostStatus)) as HostStatus;
    if (status.state !== 'running') throw new Error(JSON.stringify(status));
    const guest = await RawClient.join(`ws://127.0.0.1:${status.port}/room/desk`, { password: 'pw' });
    e.module.app.quit();
    expect(e.state.exited).toBe(false); // held back until the host has stopped
    expect((await guest.closed).code).toBe(1001);
    await vi.waitFor(() => expect(e.state.exited).toBe(true));
    expect(((await call(IPC.hostStatus)) as HostStatus).state).toBe('stopped');
  });
});
