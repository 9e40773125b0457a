/**
 * A stub of the desktop bridge (`window.lanchat`, as the preload would expose it), installed in a
 * browser context before the app's code runs: hosting controls, notifications and the badge,
 * settings and the outbox all go through it. It records every call; what the desktop app keeps
 * on disk, the stub keeps in the context's localStorage under its own keys, so that it survives a
 * new page (an app restart). The host-key check (`tls.check`) is not stubbed: it calls the main
 * process's real module (DesktopPins, one TLS handshake) in this Node process, with the real
 * argument validation, through `exposeFunction`; its known-hosts file is the person's own.
 */
import type { BrowserContext, BrowserContextOptions, Page } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IPC, validateInvoke } from '../src-shared/bridge.ts';
import { DesktopPins } from '../src-main/tls/desktop-pins.ts';
import type { NearbyReply } from '../src-shared/nearby.ts';
import type { WindowNearby } from '../src-main/electron/window-nearby.ts';
import type { Person } from './fixtures.ts';

/** What the stub lets a test choose. */
export interface StubOptions {
  /** The port the stub's "hosted" room runs on (the test host's). */
  port: number;
  /** The host is already running at start-up (the app was set to host again). */
  autoStart?: boolean;
  /** Settings as the desktop app would have them on disk. */
  name?: string;
  /** How the room was last hosted (settings.hosting on disk). */
  hosting?: { room: string; port: number; password: string; autoStart: boolean; announce: boolean };
  /**
   * The short fingerprint of the test host's key, when it has one: the hosted room's own address
   * carries it, as the real main process's does (the LAN addresses always carry one).
   */
  fingerprint?: string;
  /** The folder of the app's `known-hosts.json` (the keys it remembers); a new one by default. */
  pinsDir?: string;
}

/** What the stub recorded. */
export interface Calls {
  opened: string[];
  started: { room: string; port: number; password?: string }[];
  notified: { title: string; body: string; room: string }[];
  unread: number[];
  outboxSet: { room: string; entries: { id: string; text: string }[] }[];
  settingsSet: unknown[];
  /** Every address the window asked the main process to check. */
  tlsChecks: string[];
}

/** Installs the stub bridge in every page of the context, before the app's code runs. */
export async function installBridge(context: BrowserContext, options: StubOptions): Promise<void> {
  const pins = await DesktopPins.open(options.pinsDir ?? mkdtempSync(join(tmpdir(), 'lanchat-e2e-pins-')));
  await context.exposeFunction('lanchatTlsCheck', (address: unknown) => {
    const args = validateInvoke(IPC.tlsCheck, [address]);
    if (!args.ok) throw new Error(args.error);
    return pins.checkAddress(args.value[0]);
  });
  await context.addInitScript((o: StubOptions) => {
    const calls: Calls = {
      ...{ opened: [], started: [], notified: [], unread: [], outboxSet: [], settingsSet: [], tlsChecks: [] },
    };
    const disk = {
      read: (key: string, fallback: unknown): unknown =>
        JSON.parse(localStorage.getItem(`stub.${key}`) ?? 'null') ?? fallback,
      write: (key: string, v: unknown) => localStorage.setItem(`stub.${key}`, JSON.stringify(v)),
    };
    if (!localStorage.getItem('stub.settings')) {
      disk.write('settings', {
        name: o.name ?? '',
        clientId: 'stubClientId123',
        recentRooms: [],
        ...(o.hosting ? { hosting: o.hosting } : {}),
      });
    }
    const shown = o.fingerprint ?? '7F3A-91C2-0B5D-E844';
    const running = (port: number) => ({
      state: 'running',
      room: 'general',
      port,
      locked: false,
      addresses: [`192.168.1.20:${port}/general#${shown}`, `10.0.0.7:${port}/general#${shown}`],
      local: `127.0.0.1:${port}/general${o.fingerprint ? `#${o.fingerprint}` : ''}`,
      connected: 1,
      fingerprint: shown,
    });
    let current: unknown = o.autoStart ? running(o.port) : { state: 'stopped' };
    const statusListeners = new Set<(s: unknown) => void>();
    const nearbyListeners = new Set<(r: unknown) => void>();
    /** The main process's WindowNearby, when the test connected it (connectNearby); else an app that sees nobody. */
    const real = window as unknown as Partial<
      Record<'lanchatNearbyList' | 'lanchatNearbyWhy', () => Promise<unknown>>
    > & {
      lanchatNearbyLearn?: (address: string) => Promise<boolean>;
    };
    const focusListeners = new Set<(room: string) => void>();
    const refusedListeners = new Set<(refusal: unknown) => void>();
    const pins = window as unknown as { lanchatTlsCheck: (address: string) => Promise<unknown> };
    const push = (s: unknown) => {
      current = s;
      for (const fn of statusListeners) fn(s);
      return s;
    };
    Object.assign(window, {
      lanchatCalls: calls,
      /** What a click on a notification does in the main process. */
      lanchatFocus: (room: string) => focusListeners.forEach((fn) => fn(room)),
      /** What the main process does when Chromium's hook refused a pinned host's certificate. */
      lanchatRefuse: (refusal: unknown) => refusedListeners.forEach((fn) => fn(refusal)),
      /** What the main process pushes when the nearby list changes (connectNearby calls it). */
      lanchatNearbyPush: (reply: unknown) => nearbyListeners.forEach((fn) => fn(reply)),
      lanchat: {
        host: {
          status: async () => current,
          start: async (request: { room: string; port: number; password?: string }) => {
            calls.started.push(request);
            if (request.port === 4000) {
              return push({
                state: 'stopped',
                error: 'Port 4000 is already in use by another program: choose another port.',
                errorCode: 'EADDRINUSE',
              });
            }
            return push(running(o.port));
          },
          stop: async () => push({ state: 'stopped' }),
          onStatus: (fn: (s: unknown) => void) => {
            statusListeners.add(fn);
            // At start-up the main process also pushes the running status: two reports of one run.
            if (o.autoStart) setTimeout(() => fn(current), 0);
            return () => statusListeners.delete(fn);
          },
        },
        settings: {
          get: async () => disk.read('settings', {}),
          set: async (patch: object) => {
            calls.settingsSet.push(patch);
            const next = { ...(disk.read('settings', {}) as object), ...patch };
            disk.write('settings', next);
            return next;
          },
          getOutbox: async (room: string) => (disk.read('outbox', {}) as Record<string, unknown[]>)[room] ?? [],
          setOutbox: async (room: string, entries: { id: string; text: string }[]) => {
            calls.outboxSet.push({ room, entries });
            disk.write('outbox', { ...(disk.read('outbox', {}) as object), [room]: entries });
          },
        },
        notify: async (request: { title: string; body: string; room: string }) => {
          calls.notified.push(request);
        },
        setUnread: async (count: number) => {
          calls.unread.push(count);
        },
        openExternal: async (url: string) => {
          calls.opened.push(url);
          return true;
        },
        onFocusRoom: (fn: (room: string) => void) => {
          focusListeners.add(fn);
          return () => focusListeners.delete(fn);
        },
        tls: {
          check: (address: string) => {
            calls.tlsChecks.push(address);
            return pins.lanchatTlsCheck(address);
          },
          onRefused: (fn: (refusal: unknown) => void) => {
            refusedListeners.add(fn);
            return () => refusedListeners.delete(fn);
          },
        },
        nearby: {
          list: async () =>
            real.lanchatNearbyList ? real.lanchatNearbyList() : { browsing: false, announcing: false, hosts: [] },
          why: async () => {
            if (real.lanchatNearbyWhy) return real.lanchatNearbyWhy();
            throw new Error('no nearby module connected');
          },
          learn: async (address: string) => (real.lanchatNearbyLearn ? real.lanchatNearbyLearn(address) : false),
          onChange: (fn: (r: unknown) => void) => {
            nearbyListeners.add(fn);
            return () => nearbyListeners.delete(fn);
          },
        },
      },
    });
  }, options);
}

/**
 * Connects the stub's `nearby` calls to a real {@link WindowNearby} in this (Node) process, the
 * module the app's main process runs: `list`, `why` and `learn` reach it through bindings, and
 * its changes are pushed into every page of the context as the main process pushes them.
 * @returns the disconnect
 */
export async function connectNearby(context: BrowserContext, nearby: WindowNearby): Promise<() => void> {
  await context.exposeBinding('lanchatNearbyList', () => nearby.list());
  await context.exposeBinding('lanchatNearbyWhy', () => nearby.why());
  // As the main process does (src-main/electron/ipc.ts): the argument is checked before the module sees it.
  await context.exposeBinding('lanchatNearbyLearn', (_source, address: unknown) => {
    const checked = validateInvoke(IPC.nearbyLearn, [address]);
    if (!checked.ok) throw new Error(checked.error);
    return nearby.learn(checked.value[0]);
  });
  return nearby.onChange((reply: NearbyReply) => {
    for (const page of context.pages()) {
      void page
        .evaluate(
          (r) => (window as unknown as { lanchatNearbyPush?: (r: unknown) => void }).lanchatNearbyPush?.(r),
          reply,
        )
        .catch(() => {}); // a page closing meanwhile
    }
  });
}

/** What the stub recorded in a page. */
export function calls(page: Page): Promise<Calls> {
  return page.evaluate(() => (window as unknown as { lanchatCalls: Calls }).lanchatCalls);
}

/**
 * The page's own storage, less the test stub's keys and the read positions of the "New messages"
 * marker: those are per-window view state that stays in the page in both the browser and the
 * desktop app (Electron persists the storage of the privileged app:// scheme), while settings and
 * the outbox must go through the bridge.
 */
export function appStorageKeys(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Object.keys(localStorage).filter((k) => !k.startsWith('stub.') && !k.startsWith('lanchat.read.v1:')),
  );
}

/** A person whose browser context has the stub bridge (`context`: more context options, e.g. a locale). */
export async function desktopPerson(
  person: (name: string, o?: BrowserContextOptions) => Promise<Person>,
  name: string,
  options: StubOptions,
  context: BrowserContextOptions = {},
): Promise<Person> {
  const p = await person(name, { ...context, permissions: ['clipboard-read', 'clipboard-write'] });
  await installBridge(p.page.context(), options);
  return p;
}
