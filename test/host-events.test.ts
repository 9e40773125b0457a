/**
 * ChatHost's typed events: what the hosting controller and the log subscribe to. Each is
 * awaited as an event (`once`), never polled.
 */
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../src-main/store/sqlite-store.ts';
import type { AppendRequest } from '../src-main/store/store.ts';
import { cleanupFolders, startHost, tempDataDir, type TestHost } from './helpers/host.ts';
import { RawClient } from './helpers/ws-client.ts';

const hosts: TestHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.stop()));
  cleanupFolders();
});

/** A SQLite store whose appends fail while `broken` is set. */
class FlakyStore extends SqliteStore {
  broken = false;
  override append(batch: readonly AppendRequest[]) {
    return this.broken ? Promise.reject(new Error('disk unplugged')) : super.append(batch);
  }
}

describe('ChatHost events', () => {
  it('tells of rooms, sockets and members arriving and leaving, and the log is a subscriber', async () => {
    const h = await startHost();
    hosts.push(h);
    const events: string[] = [];
    h.host.on('roomOpened', ({ room }) => events.push(`opened ${room}`));
    h.host.on('roomClosed', ({ room }) => events.push(`closed ${room}`));
    h.host.on('sockets', (n) => events.push(`sockets ${n}`));
    h.host.on('memberJoined', ({ room, member }) => events.push(`joined ${room} ${member.name}`));
    h.host.on('memberLeft', ({ room, member }) => events.push(`left ${room} ${member.name}`));

    const joined = once(h.host, 'memberJoined');
    const a = await RawClient.join(h.url('ev'), { name: 'Ann' });
    await joined;
    expect(h.host.memberCount).toBe(1);
    const left = once(h.host, 'memberLeft');
    await a.close();
    await left;
    expect(h.host.memberCount).toBe(0);
    expect(events).toEqual(['sockets 1', 'opened ev', 'joined ev Ann', 'sockets 0', 'closed ev', 'left ev Ann']);
    expect(h.logs.filter((l) => /^(join|leave) /.test(l))).toEqual([
      expect.stringMatching(/^join room=ev member=\S+ name="Ann" from=/),
      expect.stringMatching(/^leave room=ev member=\S+$/),
    ]);
  });

  it('says once that the store is unavailable, and once that it is back', async () => {
    const store = new FlakyStore({ dataDir: tempDataDir(), durability: 'normal' });
    const h = await startHost({ store });
    hosts.push(h);
    const seen: string[] = [];
    h.host.on('storeUnavailable', () => seen.push('unavailable'));
    h.host.on('storeBack', () => seen.push('back'));
    const c = await RawClient.join(h.url());

    store.broken = true;
    const down = once(h.host, 'storeUnavailable');
    c.sendJson({ type: 'send', id: 'a', text: 'lost?' });
    c.sendJson({ type: 'send', id: 'b', text: 'lost?' });
    await down;
    await c.next('error', (f) => f.ref === 'b');
    expect(seen).toEqual(['unavailable']);

    store.broken = false;
    const back = once(h.host, 'storeBack');
    c.sendJson({ type: 'send', id: 'a', text: 'kept' });
    await back;
    await c.next('message', (f) => f.id === 'a');
    expect(seen).toEqual(['unavailable', 'back']);
    expect(h.logs).toContain('store back');
    await c.close();
  });
});
