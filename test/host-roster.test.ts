/**
 * The welcome's `members` through real sockets, one host (from the room's encoded roster,
 * roster.ts) and two hosts on one Redis (from the JOIN script): the other members present, in
 * the order they arrived, after joins, a second window, a leave and a rename; and the welcome's
 * text is exactly JSON.stringify of what it says (no piece missing, doubled or out of place).
 */
import { describe, expect, it } from 'vitest';
import { useHosts, useRedisCluster } from './helpers/fixtures.ts';
import { noRedis } from './helpers/redis.ts';
import { newClientId, type Frame } from './helpers/ws-client.ts';

type Hosts = ReturnType<typeof useHosts>;
type Member = { id: string; name: string };

/** Joins and returns the welcome as parsed and its raw text. */
async function join(t: Hosts, url: string, hello: Record<string, unknown>) {
  const c = await t.open(url);
  const texts: string[] = [];
  c.ws.on('message', (data) => texts.push(data.toString()));
  c.sendJson({ type: 'hello', protocol: 1, clientId: newClientId(), name: 'Tester', features: ['rename'], ...hello });
  const welcome = await c.next('welcome');
  const raw = texts.find((s) => s.startsWith('{"type":"welcome"'))!;
  expect(JSON.stringify(JSON.parse(raw))).toBe(raw);
  return { c, welcome, you: welcome.you as Member, members: welcome.members as Member[] };
}

/**
 * Joins, a second window, a leave and a rename, each followed by a welcome that must list the
 * room: in order of arrival on one host; on Redis in the order of its presence hash.
 */
async function scenario(t: Hosts, urls: [string, string], ordered: boolean) {
  const same = (got: Member[], want: Member[]) => {
    const byId = (l: Member[]) => [...l].sort((x, y) => (x.id < y.id ? -1 : 1));
    expect(ordered ? got : byId(got)).toEqual(ordered ? want : byId(want));
  };
  const bobClient = newClientId();
  const ann = await join(t, urls[0], { name: 'Ann' });
  expect(ann.members).toEqual([]);
  const bob = await join(t, urls[1], { name: 'Bob "B" Zoë \\ 😀', clientId: bobClient });
  const cy = await join(t, urls[0], { name: '李' });
  same(cy.members, [ann.you, bob.you]);
  // Bob's second window: he is cut out of its welcome (from the middle of the room).
  const bob2 = await join(t, urls[0], { name: 'another name', clientId: bobClient });
  expect(bob2.you).toEqual(bob.you);
  same(bob2.members, [ann.you, cy.you]);
  // Ann leaves: the next welcome no longer lists her.
  ann.c.ws.close();
  await bob.c.next('presence', (f: Frame) => f.event === 'leave');
  const dee = await join(t, urls[1], { name: 'Dee' });
  same(dee.members, [bob.you, cy.you]);
  // Cy renames: the next welcome lists the new name (in the same place).
  cy.c.sendJson({ type: 'rename', ref: 'r', name: 'Cyrus' });
  const renamed = (await cy.c.next('rename')).you as Member;
  expect(renamed).toEqual({ id: cy.you.id, name: 'Cyrus' });
  await dee.c.next('presence', (f: Frame) => f.event === 'rename');
  const eve = await join(t, urls[0], { name: 'Eve' });
  same(eve.members, [bob.you, renamed, dee.you]);
  // And the last to arrive is cut from the end of the list others get.
  const fay = await join(t, urls[1], { name: 'Fay' });
  same(fay.members, [bob.you, renamed, dee.you, eve.you]);
}

describe('welcome members on one host', () => {
  const t = useHosts();
  it('lists the others in order of arrival through joins, a second window, a leave and a rename', async () => {
    const h = await t.host();
    await scenario(t, [h.url(), h.url()], true);
  });
});

describe.skipIf(noRedis())('welcome members on two hosts of one Redis', () => {
  const t = useRedisCluster();
  it('lists the others of both hosts through joins, a second window, a leave and a rename', async () => {
    const [a, b] = await t.cluster(2);
    await scenario(t, [a!.url(), b!.url()], false);
  });
});
