/**
 * Direct-message rooms on a real host over real sockets: `dm.<id1>.<id2>` admits its two
 * members only; a third is refused (forbidden, close 4003) and never sees a word of it; the
 * room is never listed by /api/info.
 */
import { describe, expect, it } from 'vitest';
import { dmMembers, dmPeer, dmRoomId } from '../src-shared/dm.ts';
import { useHosts } from './helpers/fixtures.ts';
import type { TestHost } from './helpers/host.ts';
import { newClientId, type Frame } from './helpers/ws-client.ts';

const t = useHosts();
let host: TestHost;

async function member(room: string, clientId = newClientId(), name = 'Tester') {
  const c = await t.join(host.url(room), { clientId, name });
  const welcome = c.frames.find((f) => f.type === 'welcome') as Frame & { you: { id: string } };
  return { c, id: welcome.you.id, clientId };
}

/** A fresh host with Alice, Bob and Carol in general, and the id of Alice and Bob's DM room. */
async function threeInGeneral() {
  host = await t.host();
  const [alice, bob, carol] = [
    await member('general', undefined, 'Alice'),
    await member('general', undefined, 'Bob'),
    await member('general', undefined, 'Carol'),
  ];
  return { alice, bob, carol, room: dmRoomId(alice.id, bob.id)! };
}

describe('dm room ids', () => {
  it('orders the two ids, and accepts nothing else', () => {
    expect(dmRoomId('m-b', 'm-a')).toBe('dm.m-a.m-b');
    expect(dmRoomId('m-a', 'm-a')).toBeUndefined();
    expect(dmRoomId('m-a', 'x')).toBeUndefined();
    expect(dmMembers('dm.m-a.m-b')).toEqual(['m-a', 'm-b']);
    expect(dmMembers('dm.m-b.m-a')).toBeUndefined(); // out of order: no one's room
    expect(dmMembers('dm.m-a.m-b.m-c')).toBeUndefined();
    expect(dmPeer('dm.m-a.m-b', 'm-b')).toBe('m-a');
    expect(dmPeer('dm.m-a.m-b', 'm-c')).toBeUndefined();
  });
});

describe('direct messages', () => {
  it('reach only the two; a third member is refused with forbidden and close 4003 and sees nothing', async () => {
    const { alice, bob, carol, room } = await threeInGeneral();

    const aliceDm = await member(room, alice.clientId, 'Alice');
    const bobDm = await member(room, bob.clientId, 'Bob');
    aliceDm.c.sendJson({ type: 'send', id: 'dm1', text: 'just between us' });
    const got = await bobDm.c.next('message');
    expect(got).toMatchObject({ text: 'just between us', from: { id: alice.id } });

    const intruder = await t.open(host.url(room));
    intruder.sendJson({ type: 'hello', protocol: 1, clientId: carol.clientId, name: 'Carol' });
    const refusal = await intruder.next('error');
    expect(refusal).toMatchObject({ code: 'forbidden' });
    expect((await intruder.closed).code).toBe(4003);
    expect(intruder.frames.map((f) => f.type)).toEqual(['error']); // no welcome, no history

    // Carol's socket in general saw no DM message and no presence of the DM room: a message in
    // general sent after the DM reaches her, so anything of the DM would have come before it.
    alice.c.sendJson({ type: 'send', id: 'g1', text: 'hello all' });
    await carol.c.next('message', (f) => f.text === 'hello all');
    expect(JSON.stringify(carol.c.frames)).not.toContain('just between us');
    expect(JSON.stringify(carol.c.frames)).not.toContain(room);

    const info = (await (await fetch(`http://127.0.0.1:${host.port}/api/info`)).json()) as { rooms: { id: string }[] };
    expect(info.rooms.map((r) => r.id)).toEqual(['general']);
    expect(host.logs.some((l) => l.includes('code=forbidden'))).toBe(true);
  });

  it('tells the other member, in its other rooms of this host, that a direct message arrived; no one else', async () => {
    const { alice, bob, carol, room } = await threeInGeneral();
    const aliceDm = await member(room, alice.clientId, 'Alice');
    aliceDm.c.sendJson({ type: 'send', id: 'd1', text: 'psst' });
    const notice = await bob.c.next('dm');
    expect(notice).toMatchObject({ room, message: { text: 'psst', from: { id: alice.id }, seq: 1 } });
    // Bob opens it from the notice and finds the message in the welcome's history.
    const bobDm = await member(room, bob.clientId, 'Bob');
    expect(bobDm.c.frames[0]).toMatchObject({ type: 'welcome', history: [{ text: 'psst' }] });
    alice.c.sendJson({ type: 'send', id: 'g2', text: 'after' });
    await carol.c.next('message', (f) => f.text === 'after');
    expect(carol.c.frames.some((f) => f.type === 'dm')).toBe(false);
    expect(alice.c.frames.some((f) => f.type === 'dm')).toBe(false); // the sender is told nothing twice
  });

  it('refuses a member its own "DM" and any malformed dm. room, before opening anything', async () => {
    host = await t.host();
    const alice = await member('general');
    for (const room of [`dm.${alice.id}.${alice.id}`, `dm.${alice.id}`, 'dm.x.y', `dm.${alice.id}.m-zzz.m-q`]) {
      const c = await t.open(host.url(room));
      c.sendJson({ type: 'hello', protocol: 1, clientId: alice.clientId, name: 'A' });
      expect(await c.next('error')).toMatchObject({ code: 'forbidden' });
      expect((await c.closed).code).toBe(4003);
    }
    const info = (await (await fetch(`http://127.0.0.1:${host.port}/api/info`)).json()) as { rooms: unknown[] };
    expect(info.rooms).toHaveLength(1);
  });
});
