/**
 * One hostile machine on the LAN (a second network namespace, so its address is its own) against
 * a real host: the limits per address hold, each refusal says why, and the host's own machine
 * (loopback) and other rooms stay usable. Needs root (as in CI).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostOptions } from '../src-main/host/options.ts';
import { useHosts } from './helpers/fixtures.ts';
import { createNetNs, netnsAvailable, type NetNs } from './helpers/netns.ts';

const ATTACKER = 'test/helpers/attacker.ts';
const t = useHosts();
let ns: NetNs;

beforeAll(() => {
  ns = createNetNs();
});
afterAll(() => ns?.remove());

/** A host on every interface: the attacker reaches it at `peerUrl`, this machine on loopback. */
async function host(options: Partial<HostOptions> = {}) {
  const h = await t.host({ bind: '0.0.0.0', ...options });
  return { ...h, peerUrl: (room = 'general') => `ws://${ns.hostAddress}:${h.port}/room/${room}` };
}

const relaxed = { socketsPerAddress: 1000, unjoinedPerAddress: 1000, hellosPerSecond: 1000, newRoomsPerMinute: 1000 };

describe.runIf(netnsAvailable())('limits per address, from another machine', () => {
  it('holds one address to 64 live sockets with too_many_sockets, while loopback opens more', async () => {
    const h = await host({ limits: { ...relaxed, socketsPerAddress: 64 } });
    const attacker = ns.run(ATTACKER, ['parallel', h.peerUrl(), '70', '1']);
    try {
      const report = await attacker.next();
      expect(report.counts).toEqual({ welcome: 64, too_many_sockets: 6 });
      expect((report.messages as string[])[0]).toMatch(/64 connections.*limit/);
      // The host's own machine is not held to it (docs/security.md): 70 more from loopback.
      const local = await Promise.all(Array.from({ length: 70 }, () => t.join(h.url())));
      expect(local).toHaveLength(70);
    } finally {
      await attacker.end();
    }
  });

  it('holds one address to 16 sockets that have not said hello (too_many_unjoined)', async () => {
    const h = await host({ limits: { ...relaxed, unjoinedPerAddress: 16 } });
    const attacker = ns.run(ATTACKER, ['parallel', h.peerUrl(), '20', '0']);
    try {
      const report = await attacker.next();
      expect(report.counts).toEqual({ open: 16, too_many_unjoined: 4 });
    } finally {
      await attacker.end();
    }
  });

  it('refuses hellos beyond the address’s rate with too_many_hellos', async () => {
    const h = await host({ limits: { ...relaxed, hellosPerSecond: 10 } });
    const attacker = ns.run(ATTACKER, ['parallel', h.peerUrl(), '60', '1']);
    try {
      const report = await attacker.next();
      const counts = report.counts as Record<string, number>;
      const allowed = 30 + 10 * Math.ceil((report.ms as number) / 1000); // burst + what refilled
      expect(counts.welcome).toBeGreaterThanOrEqual(30);
      expect(counts.welcome).toBeLessThanOrEqual(allowed);
      expect(counts.too_many_hellos).toBe(60 - counts.welcome!);
    } finally {
      await attacker.end();
    }
  });

  it('lets one address bring 20 new rooms a minute to life, and still join rooms that exist', async () => {
    const h = await host({ limits: { ...relaxed, newRoomsPerMinute: 20 } });
    const owner = await t.join(h.url('general'));
    owner.sendJson({ type: 'send', id: 'first', text: 'a room with a log' });
    await owner.waitForMessages(1);
    const steps = Array.from({ length: 25 }, (_, i) => ({ url: h.peerUrl(`spam-${i}`) }));
    steps.push({ url: h.peerUrl('general') });
    const attacker = ns.run(ATTACKER, ['sequence', JSON.stringify(steps)]);
    try {
      const { answers } = (await attacker.next()) as { answers: { first: string; message?: string }[] };
      expect(answers.slice(0, 20).every((a) => a.first === 'welcome')).toBe(true);
      expect(answers.slice(20, 25).map((a) => a.first)).toEqual(Array(5).fill('too_many_rooms'));
      expect(answers[20]!.message).toMatch(/20 new rooms in the last minute/);
      expect(answers[25]!.first).toBe('welcome');
      expect((await t.join(h.url('made-here'))).frames[0]!.type).toBe('welcome'); // loopback is not held to it
    } finally {
      await attacker.end();
    }
  });

  it('backs off wrong passwords per address and room, without locking the address out of other rooms', async () => {
    const h = await host({ limits: relaxed, passwords: { secret: 'right one', other: 'also right' } });
    const wrong = Array.from({ length: 15 }, (_, i) => ({
      url: h.peerUrl('secret'),
      hello: { password: `guess${i}` },
    }));
    const steps = [
      ...wrong,
      { url: h.peerUrl('other'), hello: { password: 'also right' } },
      { url: h.peerUrl('secret'), hello: { password: 'right one' } },
    ];
    const attacker = ns.run(ATTACKER, ['sequence', JSON.stringify(steps)]);
    try {
      const { answers, ms } = (await attacker.next()) as { answers: { first: string; message?: string }[]; ms: number };
      const checked = answers.slice(0, 15).filter((a) => a.message === 'That password is not right.');
      const waited = answers.slice(0, 15).filter((a) => /wait \d+ s/.test(a.message ?? ''));
      expect(answers.slice(0, 15).every((a) => a.first === 'bad_password')).toBe(true);
      // Three answered at once, then about one a second at most.
      expect(checked.length).toBeGreaterThanOrEqual(4);
      expect(checked.length).toBeLessThanOrEqual(4 + Math.ceil(ms / 1000));
      expect(waited.length).toBe(15 - checked.length);
      expect(answers[15]!.first).toBe('welcome'); // another room: not locked out
      expect(answers[16]!.message).toMatch(/wait \d+ s/); // even the right one waits its turn
      // Another machine (here: the host's own) is not slowed down by the guesser.
      expect((await t.join(h.url('secret'), { password: 'right one' })).frames[0]!.type).toBe('welcome');
    } finally {
      await attacker.end();
    }
  });
});
