import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { prefsOfStart, startOfPrefs } from '../src-main/electron/hosting.ts';
import { SettingsStore } from '../src-main/electron/settings.ts';
import { AtomicJsonFile } from '../src-main/platform/atomic-file.ts';
import { cleanupFolders, tempDataDir } from './helpers/host.ts';

afterEach(cleanupFolders);

const readSettings = (dir: string) => JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'));

describe('SettingsStore', () => {
  it('gives a new install the defaults and a clientId that is written at once and kept', async () => {
    const dir = tempDataDir();
    const first = await SettingsStore.open({ dir });
    const s = first.get();
    expect(s).toMatchObject({ name: '', recentRooms: [], notifications: true });
    expect(s.hosting).toEqual({ room: 'general', port: 47800, password: '', autoStart: false, announce: true });
    expect(s.clientId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(readSettings(dir).clientId).toBe(s.clientId);
    // Owner-only: the file may hold a room password.
    if (process.platform !== 'win32') expect(statSync(join(dir, 'settings.json')).mode & 0o777).toBe(0o600);
    const again = await SettingsStore.open({ dir });
    expect(again.get().clientId).toBe(s.clientId);
  });

  it('makes the install secret once; an install from before per-host ids keeps its old id for its recent rooms’ hosts', async () => {
    const fresh = (await SettingsStore.open({ dir: tempDataDir() })).get();
    expect(fresh.identitySecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(fresh.legacyHosts).toEqual([]);
    const dir = tempDataDir();
    const recentRooms = [
      { address: '10.0.0.5/dev', lastJoinedAt: 2 },
      { address: '10.0.0.5:47800/ops', lastJoinedAt: 1 },
    ];
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ clientId: 'abcdefgh12345678', recentRooms }));
    const upgraded = (await SettingsStore.open({ dir })).get();
    expect(upgraded).toMatchObject({ clientId: 'abcdefgh12345678', legacyHosts: ['10.0.0.5:47800'] });
    expect(readSettings(dir)).toMatchObject({
      identitySecret: upgraded.identitySecret,
      legacyHosts: ['10.0.0.5:47800'],
    });
    const again = (await SettingsStore.open({ dir })).get();
    expect(again.identitySecret).toBe(upgraded.identitySecret);
    expect(again.legacyHosts).toEqual(['10.0.0.5:47800']);
  });

  it('writes a patch to the disk, merging hosting preferences field by field', async () => {
    const dir = tempDataDir();
    const store = await SettingsStore.open({ dir });
    await store.update({ name: 'Ada', hosting: { room: 'dev', autoStart: true } });
    await store.update({ hosting: { port: 48000 }, recentRooms: [{ address: '10.0.0.2/dev', lastJoinedAt: 5 }] });
    const reopened = (await SettingsStore.open({ dir })).get();
    expect(reopened).toMatchObject({
      name: 'Ada',
      hosting: { room: 'dev', port: 48000, password: '', autoStart: true, announce: true },
      recentRooms: [{ address: '10.0.0.2/dev', lastJoinedAt: 5 }],
    });
  });

  it('keeps "announce on the network" off across restarts once the person turned it off', async () => {
    const dir = tempDataDir();
    // A settings file from before the choice was kept: the room is announced, as it was.
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({ hosting: { room: 'ops', port: 48001, password: '', autoStart: true } }),
    );
    const old = await SettingsStore.open({ dir });
    expect(startOfPrefs(old.get().hosting)).toEqual({ room: 'ops', port: 48001, announce: true });
    // Hosted with announcing off (what main.ts saves after a start that ran).
    await old.update({ hosting: prefsOfStart({ room: 'quiet', port: 48002, password: 'pw', announce: false }) });
    expect(readSettings(dir).hosting).toMatchObject({ room: 'quiet', announce: false, autoStart: true });
    // The next launch hosts again as it was: not announced.
    const next = await SettingsStore.open({ dir });
    expect(startOfPrefs(next.get().hosting)).toEqual({ room: 'quiet', port: 48002, password: 'pw', announce: false });
    // Turned on again, it stays on.
    await next.update({ hosting: prefsOfStart({ room: 'quiet', port: 48002 }) });
    expect((await SettingsStore.open({ dir })).get().hosting.announce).toBe(true);
  });

  it('keeps each room’s outbox across restarts so that a message typed before quitting is sent later', async () => {
    const dir = tempDataDir();
    const store = await SettingsStore.open({ dir });
    const entry = { id: 'm1', text: 'typed just before quitting', createdAt: 1, state: 'sending' as const };
    const failed = {
      id: 'm2',
      text: 'too fast',
      createdAt: 2,
      state: 'failed' as const,
      error: { code: 'rate_limited', message: 'Slow down.' },
    };
    await store.setOutbox('127.0.0.1/general', [entry]);
    await store.setOutbox('10.0.0.2/dev', [failed]);
    const reopened = await SettingsStore.open({ dir });
    expect(reopened.getOutbox('127.0.0.1/general')).toEqual([entry]);
    expect(reopened.getOutbox('10.0.0.2/dev')).toEqual([failed]);
    expect(reopened.getOutbox('elsewhere/general')).toEqual([]);
    expect(reopened.getOutbox('__proto__')).toEqual([]);
    await store.setOutbox('127.0.0.1/general', []);
    expect((await SettingsStore.open({ dir })).getOutbox('127.0.0.1/general')).toEqual([]);
    expect(Object.keys(JSON.parse(readFileSync(join(dir, 'outbox.json'), 'utf8')))).toEqual(['10.0.0.2/dev']);
  });

  it('drops only the invalid fields and entries of a hand-edited file', async () => {
    const dir = tempDataDir();
    mkdirSync(dir, { recursive: true });
    const clientId = 'abcdefgh12345678';
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({
        clientId,
        name: 'x'.repeat(99),
        notifications: false,
        language: 'klingon',
        hosting: { port: 'many', room: 'ops' },
      }),
    );
    const good = { id: 'ok', text: 'hi', createdAt: 2, state: 'sending' };
    const bad = { id: 'bad id!', text: 'x', createdAt: 1, state: 'sending' };
    writeFileSync(join(dir, 'outbox.json'), JSON.stringify({ 'a/general': [good, bad], 'b/general': 'nonsense' }));
    const store = await SettingsStore.open({ dir });
    expect(store.get()).toMatchObject({
      clientId,
      name: '',
      notifications: false,
      language: 'system',
      hosting: { port: 47800, room: 'ops' },
    });
    await store.update({ language: 'zh-CN' });
    expect((await SettingsStore.open({ dir })).get().language).toBe('zh-CN');
    expect(store.getOutbox('a/general')).toEqual([good]);
    expect(store.getOutbox('b/general')).toEqual([]);
  });

  it('sets a file that is not JSON aside instead of losing it silently', async () => {
    const dir = tempDataDir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'settings.json'), '{"name": "Ada",');
    const logs: string[] = [];
    const store = await SettingsStore.open({ dir, log: (l) => logs.push(l) });
    expect(store.get().name).toBe('');
    expect(readdirSync(dir).some((f) => f.startsWith('settings.json.corrupt-'))).toBe(true);
    expect(logs[0]).toMatch(/not valid JSON/);
    expect(readSettings(dir).clientId).toBe(store.get().clientId);
  });

  it('returns copies: changing what get() gave does not change the store', async () => {
    const store = await SettingsStore.open({ dir: tempDataDir() });
    store.get().hosting.room = 'changed';
    expect(store.get().hosting.room).toBe('general');
  });
});

describe('AtomicJsonFile', () => {
  it('coalesces a burst of writes, ends with the last value and leaves no temporary file', async () => {
    const dir = tempDataDir();
    const file = new AtomicJsonFile(join(dir, 'f.json'));
    const writes = Array.from({ length: 20 }, (_, i) => file.write({ i }));
    await Promise.all(writes);
    await file.flush();
    expect(JSON.parse(readFileSync(join(dir, 'f.json'), 'utf8'))).toEqual({ i: 19 });
    expect(readdirSync(dir)).toEqual(['f.json']);
  });
});
