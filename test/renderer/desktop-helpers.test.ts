import { describe, expect, it } from 'vitest';
import type { OutboxEntry, SettingsPatch } from '../../src-shared/bridge.ts';
import type { ChatMessage } from '../../src-shared/protocol.ts';
import { checkHostForm, hostErrorText } from '../../src-renderer/lib/hosting.ts';
import { notificationFor } from '../../src-renderer/lib/notify.ts';
import type { RendererBridge } from '../../src-renderer/state/bridge.ts';
import { bridgeOutboxStore } from '../../src-renderer/state/outbox-store.ts';
import { bridgeSettingsStore } from '../../src-renderer/state/settings-store.ts';

describe('the host form', () => {
  const form = (room: string, port = '', password = '') => checkHostForm({ room, port, password });

  it('asks for the default port when none is typed, and sends a password only when there is one', () => {
    expect(form(' general ')).toEqual({ ok: true, request: { room: 'general', port: 47800 } });
    expect(form('dev', '8080', 'pw')).toEqual({ ok: true, request: { room: 'dev', port: 8080, password: 'pw' } });
  });

  it('refuses a room id the protocol refuses, and a port that is not one', () => {
    for (const room of ['', 'has space', '-dash-first', 'x'.repeat(65), 'é']) {
      const r = form(room);
      expect(r.ok ? null : r.errors.room, room).toBeTruthy();
    }
    for (const port of ['0', '65536', '80.5', '-1', 'abc', '1e3']) {
      const r = form('general', port);
      expect(r.ok ? null : r.errors.port, port).toBe('The port is a number from 1 to 65535.');
    }
    expect(form('a.b_c-9', '65535').ok).toBe(true);
  });
});

describe('the hosting error', () => {
  it('says the main process’s sentence, or one for its code, or nothing when nothing failed', () => {
    expect(hostErrorText({ state: 'stopped' })).toBeNull();
    expect(hostErrorText({ state: 'running' })).toBeNull();
    expect(hostErrorText({ state: 'stopped', error: 'Port 47800 is in use.', errorCode: 'EADDRINUSE' })).toBe(
      'Port 47800 is in use.',
    );
    expect(hostErrorText({ state: 'stopped', errorCode: 'EADDRINUSE' })).toMatch(/already in use/);
    expect(hostErrorText({ state: 'stopped', errorCode: 'EHOST' })).toBe('The room could not be hosted.');
  });
});

describe('the notification of a message', () => {
  const msg = (text: string): ChatMessage => ({
    type: 'message',
    seq: 3,
    id: 'm1',
    from: { id: 'u1', name: 'Bob' },
    text,
    ts: 0,
  });

  it('names the sender and the room, and keys it by the room’s address', () => {
    expect(notificationFor('192.168.1.20/dev', 'dev', msg('Hi\n\nthere'))).toEqual({
      title: 'Bob in # dev',
      body: 'Hi there',
      room: '192.168.1.20/dev',
    });
  });

  it('says when the message mentions you, and a direct message is from that person', () => {
    expect(notificationFor('h/dev', 'dev', msg('@Ana look'), true).title).toBe('Bob mentioned you in # dev');
    expect(notificationFor('h/dm.a.b', '@Bob', msg('hi'), true).title).toBe('Bob (direct message)');
  });

  it('shortens a long message', () => {
    const body = notificationFor('h/dev', 'dev', msg('a'.repeat(1000))).body;
    expect(body).toHaveLength(300);
    expect(body.endsWith('…')).toBe(true);
  });
});

/** A bridge that keeps what it is given, the way the main process would. */
function memoryBridge() {
  const outboxes = new Map<string, readonly OutboxEntry[]>();
  const patches: SettingsPatch[] = [];
  const settings = {
    name: 'Ann',
    clientId: 'abcdefgh12',
    recentRooms: [{ address: 'h/dev', title: 'Lab', lastJoinedAt: 5 }],
  };
  const bridge = {
    settings: {
      get: async () => settings,
      set: async (patch: SettingsPatch) => {
        patches.push(patch);
        return settings;
      },
      getOutbox: async (room: string) => [...(outboxes.get(room) ?? [])],
      setOutbox: async (room: string, entries: readonly OutboxEntry[]) => {
        outboxes.set(room, entries);
      },
    },
  } as unknown as RendererBridge;
  return { bridge, outboxes, patches };
}

describe('the desktop stores', () => {
  it('read and write the desktop app’s own settings shape (no translation, no clientId written)', async () => {
    const { bridge, patches } = memoryBridge();
    const store = bridgeSettingsStore(bridge);
    expect(await store.load()).toMatchObject({
      name: 'Ann',
      clientId: 'abcdefgh12',
      recentRooms: [{ address: 'h/dev', title: 'Lab', lastJoinedAt: 5 }],
    });
    const recentRooms = [
      { address: 'h/dev', title: 'Lab', lastJoinedAt: 7 },
      { address: 'h/ops', lastJoinedAt: 6 },
    ];
    const identity = { identitySecret: 'x'.repeat(43), legacyHosts: ['h:47800'] };
    store.save({ name: 'Ann', clientId: 'abcdefgh12', ...identity, recentRooms });
    expect(patches).toEqual([{ name: 'Ann', recentRooms }]); // the identity is the main process's, never patched
  });

  it('keep a room’s outbox under its address', async () => {
    const { bridge, outboxes } = memoryBridge();
    const store = bridgeOutboxStore(bridge, 'h/dev');
    const entry: OutboxEntry = { id: 'abcdefgh', text: 'hi', createdAt: 1, state: 'sending' };
    await store.save([entry]);
    expect(outboxes.get('h/dev')).toEqual([entry]);
    expect(await store.load()).toEqual([entry]);
    expect(await bridgeOutboxStore(bridge, 'h/ops').load()).toEqual([]);
  });
});
