/**
 * Changing one's display name in a room (the project's extension `rename`): real sockets
 * against a real host, one host and several on one Redis. The new name follows hello's rules
 * (length, control characters, confusable skeletons unique in the room), reaches everyone at
 * once (a `presence` `rename` to clients that understand it, `leave` + `join` to 1.0 clients),
 * and what the member sends from then on carries it; stored messages keep the name they were
 * sent under.
 */
import { describe, expect, it } from 'vitest';
import { useHosts, useRedisCluster } from './helpers/fixtures.ts';
import { noRedis } from './helpers/redis.ts';
import { newClientId, type RawClient } from './helpers/ws-client.ts';

const MODERN = { features: ['rename'] };
const rename = (c: RawClient, name: unknown, ref = 'r1') => {
  c.sendJson({ type: 'rename', ref, name });
  return c.next(['rename', 'error'], (f) => f.ref === ref);
};

describe('rename on one host', () => {
  const t = useHosts();

  it('tells everyone at once: rename to those who understand it, leave + join to 1.0 clients', async () => {
    const h = await t.host();
    const id = newClientId();
    const alice = await t.join(h.url(), { name: 'Alice', clientId: id, ...MODERN });
    const aliceToo = await t.join(h.url(), { name: 'Alice', clientId: id, ...MODERN }); // her second window
    const bob = await t.join(h.url(), { name: 'Bob', ...MODERN });
    const old = await t.join(h.url(), { name: 'Old' }); // a 1.0 client: no features in its hello
    expect(alice.frames[0]!.features).toContain('rename');
    alice.sendJson({ type: 'send', id: 'a1', text: 'before' });
    await bob.next('message', (m) => m.id === 'a1');
    const me = (alice.frames[0]!.you as { id: string }).id;

    expect(await rename(alice, '  Alicia ')).toEqual({ type: 'rename', ref: 'r1', you: { id: me, name: 'Alicia' } });
    const renamed = { type: 'presence', event: 'rename', member: { id: me, name: 'Alicia' } };
    expect(await bob.next('presence', (f) => f.event === 'rename')).toEqual(renamed);
    expect(await aliceToo.next('presence', (f) => f.event === 'rename')).toEqual(renamed);
    expect(await old.next('presence', (f) => f.member !== undefined && (f.member as { id: string }).id === me)).toEqual(
      {
        type: 'presence',
        event: 'leave',
        member: { id: me, name: 'Alice' },
      },
    );
    expect(await old.next('presence')).toEqual({ type: 'presence', event: 'join', member: { id: me, name: 'Alicia' } });
    expect(old.frames.some((f) => f.event === 'rename')).toBe(false);

    // From now on what she sends carries it, from either window; what was stored keeps its name.
    aliceToo.sendJson({ type: 'typing' });
    expect(await bob.next('typing')).toMatchObject({ member: { id: me, name: 'Alicia' } });
    alice.sendJson({ type: 'send', id: 'a2', text: 'after' });
    expect(await bob.next('message', (m) => m.id === 'a2')).toMatchObject({ from: { id: me, name: 'Alicia' } });
    const late = await t.join(h.url(), { name: 'Late' });
    const welcome = late.frames[0]!;
    expect(welcome.members).toContainEqual({ id: me, name: 'Alicia' });
    const history = welcome.history as { id: string; from: { name: string } }[];
    expect(history.map((m) => [m.id, m.from.name])).toEqual([
      ['a1', 'Alice'],
      ['a2', 'Alicia'],
    ]);
  });

  it('follows hello’s rules: length and control characters refused; a look-alike of another’s name gets a number', async () => {
    const h = await t.host();
    const alice = await t.join(h.url(), { name: 'Alice', ...MODERN });
    await t.join(h.url(), { name: 'Bob', ...MODERN });
    const refused = async (name: unknown, ref: string) => {
      const f = await rename(alice, name, ref);
      expect(f).toMatchObject({ type: 'error', code: 'bad_request', ref });
      return f.message as string;
    };
    expect(await refused('   ', 'e1')).toMatch(/name must be 1–32 characters/);
    expect(await refused('x'.repeat(33), 'e2')).toMatch(/1–32/);
    expect(await refused('Al\u0007ice', 'e3')).toMatch(/control characters/);
    expect(await refused(42, 'e4')).toMatch(/name must be a string/);
    const extra = await (async () => {
      alice.sendJson({ type: 'rename', ref: 'e5', name: 'Zed', color: 'red' });
      return alice.next('error', (f) => f.ref === 'e5');
    })();
    expect(extra.message).toMatch(/no field "color"/);
    // As in a hello, a direction override is dropped, not kept to make the name lie.
    expect(await rename(alice, 'Al\u202Eice2', 'e6')).toMatchObject({ you: { name: 'Alice2' } });
    // Bob is present: "Bob" and its Cyrillic look-alike are his.
    const lookAlike = '\u0412\u043Eb'; // Cyrillic В and о, Latin b
    expect(await rename(alice, 'Bob', 'n1')).toMatchObject({ you: { name: 'Bob (2)' } });
    expect(await rename(alice, lookAlike, 'n2')).toMatchObject({ you: { name: `${lookAlike} (2)` } });
    // Her own current name is not "taken" by herself.
    expect(await rename(alice, `${lookAlike} (2)`, 'n3')).toMatchObject({ you: { name: `${lookAlike} (2)` } });
    // Her old name is free again for others.
    const carol = await t.join(h.url(), { name: 'Alice', ...MODERN });
    expect(carol.frames[0]!.you).toMatchObject({ name: 'Alice' });
  });

  it('renames take from the member’s request budget: a loop of them is refused, not announced', async () => {
    const h = await t.host({ rate: 1 }); // a burst of 2
    const alice = await t.join(h.url(), { name: 'Alice', ...MODERN });
    const answers = await Promise.all([
      rename(alice, 'A1', 'q1'),
      rename(alice, 'A2', 'q2'),
      rename(alice, 'A3', 'q3'),
    ]);
    expect(answers.map((a) => a.type)).toContain('error');
    expect(answers.find((a) => a.type === 'error')).toMatchObject({ code: 'rate_limited' });
  });
});

describe.skipIf(noRedis())('rename across hosts on one Redis', () => {
  const t = useRedisCluster();

  it('is unique room-wide on skeletons, and reaches the other hosts’ sockets (1.0 ones as leave + join)', async () => {
    const [a, b] = await t.cluster(2);
    const alice = await t.join(a!.url(), { name: 'Alice', ...MODERN });
    const bob = await t.join(b!.url(), { name: 'Bob', ...MODERN });
    const old = await t.join(b!.url(), { name: 'Old' });
    const me = (alice.frames[0]!.you as { id: string }).id;
    // Bob is on the other host: his name, and its look-alike, are still taken.
    const lookAlike = '\u0412\u043Eb'; // Cyrillic В and о, Latin b
    const given = `${lookAlike} (2)`;
    expect(await rename(alice, lookAlike, 'r1')).toMatchObject({ you: { id: me, name: given } });
    expect(await bob.next('presence', (f) => f.event === 'rename')).toEqual({
      type: 'presence',
      event: 'rename',
      member: { id: me, name: given },
    });
    expect(await old.next('presence', (f) => f.event === 'leave')).toMatchObject({ member: { id: me, name: 'Alice' } });
    expect(await old.next('presence', (f) => f.event === 'join')).toMatchObject({
      member: { id: me, name: given },
    });
    alice.sendJson({ type: 'send', id: 'x', text: 'hi' });
    expect(await bob.next('message', (m) => m.id === 'x')).toMatchObject({ from: { name: given } });
    // A newcomer on either host sees the new name; the old one is free room-wide.
    const carol = await t.join(b!.url(), { name: 'Alice', ...MODERN });
    expect(carol.frames[0]!.you).toMatchObject({ name: 'Alice' });
    expect(carol.frames[0]!.members).toContainEqual({ id: me, name: given });
  });
});
