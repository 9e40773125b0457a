/**
 * The renderer's state classes (AppState, RoomSession, Hosting) driven as the components drive
 * them, through the ClientFactory seam: the factory makes our real ChatClient on `ws` against a
 * real host on loopback, and records what each room asked it for.
 */
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import type { HostStatus } from '../../src-shared/bridge.ts';
import { ChatClient } from '../../src-shared/client/chat-client.ts';
import type { ChatClientOptions } from '../../src-shared/client/types.ts';
import { isClientId } from '../../src-shared/ids.ts';
import { AppState } from '../../src-renderer/state/app.svelte.ts';
import type { RendererBridge } from '../../src-renderer/state/bridge.ts';
import type { ClientFactory } from '../../src-renderer/state/client-port.ts';
import { Hosting } from '../../src-renderer/state/hosting.svelte.ts';
import { Settings } from '../../src-renderer/state/settings.svelte.ts';
import type { SettingsSnapshot } from '../../src-renderer/state/settings-store.ts';
import { FAST } from '../helpers/chat-client.ts';
import { useHosts, waitFor } from '../helpers/fixtures.ts';

const t = useHosts();
const apps: AppState[] = [];
afterEach(() => {
  for (const app of apps.splice(0)) for (const r of app.rooms) app.leave(r.key);
});

/** A window with what AppState reads: no page address (the desktop case), online, visible. */
function fakeWindow(): Window {
  const events = { addEventListener() {} };
  return {
    ...events,
    location: { hash: '', protocol: 'app:', host: '', hostname: '', port: '', pathname: '/', search: '' },
    navigator: { onLine: true },
    document: { ...events, visibilityState: 'visible' },
  } as unknown as Window;
}

/** The factory the app gets: real clients on `ws` with test timings; remembers each request. */
function realClients(): { factory: ClientFactory; asked: ChatClientOptions[] } {
  const asked: ChatClientOptions[] = [];
  const factory: ClientFactory = (options) => {
    asked.push(options);
    return new ChatClient({ ...options, ...FAST, WebSocket: WebSocket as unknown as ChatClientOptions['WebSocket'] });
  };
  return { factory, asked };
}

function newApp(factory: ClientFactory, saved: SettingsSnapshot[] = [], bridge: RendererBridge | null = null) {
  const settings = new Settings({}, { load: () => ({}), save: (s) => saved.push(structuredClone(s)) });
  const app = new AppState(factory, fakeWindow(), { bridge, settings });
  apps.push(app);
  return app;
}

describe('AppState and RoomSession over a real host', () => {
  it('joins, sends, receives, counts unread in a room not shown, and leaves', async () => {
    const h = await t.host();
    const { factory, asked } = realClients();
    const saved: SettingsSnapshot[] = [];
    const app = newApp(factory, saved);

    expect(app.join('', `127.0.0.1:${h.port}/dev`)).toEqual({ name: 'Type the name others will see.' });
    expect((await app.join('Ann', 'not an address!'))?.address).toBeTruthy();
    expect(app.join('Ann', `127.0.0.1:${h.port}/dev`)).toBeNull();
    const dev = app.active!;
    expect(asked).toHaveLength(1);
    // A new install has no hosts from before per-host ids: this host gets an id of its own.
    expect(asked[0]).toMatchObject({
      name: 'Ann',
      clientId: app.settings.clientIdFor([{ host: '127.0.0.1', port: h.port }]),
    });
    expect(isClientId(asked[0]!.clientId)).toBe(true);
    expect(asked[0]!.clientId).not.toBe(app.settings.clientId);
    await waitFor(() => dev.state === 'open', 10_000, 'the room to open');
    expect(saved.at(-1)).toMatchObject({ name: 'Ann', recentRooms: [{ address: `127.0.0.1:${h.port}/dev` }] });
    expect(app.statusOf(dev).kind).toBe('connected');

    // What Ann sends reaches the room; what Bob sends reaches her view.
    const bob = await t.join(h.url('dev'), { name: 'Bob' });
    dev.send('hello from the state');
    expect((await bob.next('message')).text).toBe('hello from the state');
    bob.sendJson({ type: 'send', id: 'b1', text: 'hi Ann' });
    await waitFor(() => dev.messages.some((m) => m.text === 'hi Ann'), 10_000, 'Bob’s message in the view');

    // Another room shown: Bob's next messages in dev count as unread until dev is read again.
    dev.markRead(); // what the room view does while it is on screen
    expect(dev.unread).toBe(0);
    app.join('Ann', `127.0.0.1:${h.port}/other`);
    expect(app.activeKey).toBe(`127.0.0.1:${h.port}/other`);
    bob.sendJson({ type: 'send', id: 'b2', text: 'one' });
    bob.sendJson({ type: 'send', id: 'b3', text: 'two' });
    await waitFor(() => dev.unread === 2, 10_000, 'two unread in dev');
    expect(app.totalUnread).toBe(2);
    app.show(dev.key);
    dev.markRead();
    expect(dev.unread).toBe(0);

    // Leaving closes the socket: Bob hears Ann leave.
    app.leave(dev.key);
    expect(await bob.next('presence', (p) => p.event === 'leave')).toMatchObject({ member: { name: 'Ann' } });
    expect(app.rooms.map((r) => r.key)).toEqual([`127.0.0.1:${h.port}/other`]);
  });

  it('sends each host its own clientId, and an upgraded install its old id only to the hosts it used', async () => {
    const [used, other] = [await t.host(), await t.host()];
    const { factory, asked } = realClients();
    const saved: SettingsSnapshot[] = [];
    // An install from before per-host ids: one clientId, one recent room on `used`.
    const before = {
      clientId: 'old-id-1234567890',
      recentRooms: [{ address: `127.0.0.1:${used.port}/dev`, lastJoinedAt: 1 }],
    };
    const settings = new Settings(before, { load: () => before, save: (s) => saved.push(structuredClone(s)) });
    const app = new AppState(factory, fakeWindow(), { bridge: null, settings });
    apps.push(app);
    expect(app.join('Ann', `127.0.0.1:${used.port}/dev`)).toBeNull();
    expect(app.join('Ann', `127.0.0.1:${other.port}/dev`)).toBeNull();
    await waitFor(() => app.rooms.every((r) => r.state === 'open'), 10_000, 'both rooms to open');
    expect(asked.map((o) => o.clientId)[0]).toBe('old-id-1234567890'); // the same member where it was known
    const fresh = asked[1]!.clientId;
    expect(isClientId(fresh) && fresh !== 'old-id-1234567890').toBe(true); // and its own id elsewhere
    // Kept: the next start derives the same ids from the saved secret, and still knows the old host.
    const last = saved.at(-1)!;
    expect(last.legacyHosts).toEqual([`127.0.0.1:${used.port}`]);
    const again = new Settings(last, { load: () => last, save: () => {} });
    expect(again.clientIdFor([{ host: '127.0.0.1', port: other.port }])).toBe(fresh);
    expect(again.clientIdFor([{ host: '127.0.0.1', port: used.port }])).toBe('old-id-1234567890');
  });

  it('keeps one overlay at a time: opening one closes the other, Escape closes a panel, show closes all', () => {
    const app = newApp(realClients().factory);
    app.joinOpen = true;
    app.switcherOpen = true;
    expect([app.overlay, app.joinOpen]).toEqual(['switcher', false]);
    app.membersOpen = true;
    app.onGlobalKey(new KeyboardEventLike('Escape') as unknown as KeyboardEvent);
    expect(app.overlay).toBeNull();
    app.sidebarOpen = true;
    app.joinOpen = false; // closing what is not shown changes nothing
    expect(app.overlay).toBe('rooms');
    app.show('anything');
    expect(app.overlay).toBeNull();
  });
});

/** The fields of a KeyboardEvent that AppState reads (Node has no KeyboardEvent). */
class KeyboardEventLike {
  ctrlKey = false;
  metaKey = false;
  altKey = false;
  readonly key: string;
  constructor(key: string) {
    this.key = key;
  }
  preventDefault(): void {}
}

describe('Hosting through a bridge', () => {
  it('joins the hosted room once per run, though its status arrives twice, and says when the app does not answer', async () => {
    const h = await t.host();
    const listeners = new Set<(s: HostStatus) => void>();
    const running: HostStatus = {
      state: 'running',
      room: 'general',
      port: h.port,
      locked: false,
      addresses: [],
      local: `127.0.0.1:${h.port}/general`,
      connected: 0,
    };
    let fail = false;
    const push = (s: HostStatus) => listeners.forEach((l) => l(s));
    const host: RendererBridge['host'] = {
      status: async () => ({ state: 'stopped' }),
      onStatus: (l) => (listeners.add(l), () => listeners.delete(l)),
      start: async () => {
        if (fail) throw new Error('no answer');
        push(running); // the pushed event, then the call's own result
        return running;
      },
      stop: async () => {
        push({ state: 'stopped' });
        return { state: 'stopped' };
      },
    };
    const joined: string[] = [];
    const last = { room: 'quiet', port: 48002, password: '', autoStart: false, announce: false };
    const settings = { get: async () => ({ hosting: last }) } as unknown as RendererBridge['settings'];
    const hosting = new Hosting({ host, settings } as RendererBridge, (local) => joined.push(local));
    // IPC answers in call order: the window's first status() comes back before any start.
    await new Promise((r) => setImmediate(r));
    expect(hosting.prefs).toEqual(last); // the host form starts from it
    await hosting.start({ room: 'general', port: h.port });
    expect(joined).toEqual([running.local]);
    expect(hosting.status).toEqual(running);
    await hosting.stop();
    await hosting.start({ room: 'general', port: h.port });
    expect(joined).toEqual([running.local, running.local]); // a new run: joined again
    fail = true;
    await hosting.start({ room: 'general', port: h.port });
    expect(hosting.status).toEqual({ state: 'stopped', error: 'The desktop app did not answer: try again.' });
    expect(hosting.busy).toBe(false);
  });
});
