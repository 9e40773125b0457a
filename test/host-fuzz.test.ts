/**
 * Throws thousands of random and mutated frames at a live host: it must never crash, never
 * store anything malformed, and still serve a normal client afterwards.
 */
import { describe, expect, it } from 'vitest';
import { checkName } from '../src-shared/codec.ts';
import { SEND_ID_PATTERN } from '../src-shared/protocol.ts';
import { useHosts } from './helpers/fixtures.ts';
import { newClientId, RawClient } from './helpers/ws-client.ts';

const t = useHosts();

/** A small seeded PRNG (mulberry32), so a failure can be replayed with its seed. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let r = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

function generator(seed: number) {
  const rnd = prng(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const weird = (): unknown =>
    pick([
      null,
      true,
      -1,
      1e308,
      NaN,
      '',
      ' ',
      '\u0000',
      '\ud800',
      'x'.repeat(int(5000)),
      [],
      [1, 'a'],
      {},
      { __proto__: { polluted: true } },
      '<script>alert(1)</script>',
      '😀'.repeat(int(10)),
    ]);
  const bases = () => [
    { type: 'hello', protocol: 1, clientId: newClientId(), name: 'Fuzz' },
    { type: 'send', id: `f${int(1e6)}`, text: `text ${int(1e6)}` },
    { type: 'typing' },
    { type: 'ping', t: rnd() },
  ];
  const mutate = (frame: Record<string, unknown>): Record<string, unknown> => {
    const f = { ...frame };
    const keys = Object.keys(f);
    for (let i = 0, n = 1 + int(3); i < n; i++) {
      switch (int(4)) {
        case 0:
          delete f[pick(keys)];
          break;
        case 1:
          f[pick(keys)] = weird();
          break;
        case 2:
          f[pick(['type', 'extra', 'since', 'epoch', 'password', 'ref', '__proto__'])] = weird();
          break;
        default:
          f.type = pick(['hello', 'send', 'typing', 'ping', 'message', 'welcome', 'HELLO', '']);
      }
    }
    return f;
  };
  return (): { data: string | Buffer; binary: boolean } => {
    const kind = int(10);
    if (kind === 0) return { data: Buffer.from(Array.from({ length: int(200) }, () => int(256))), binary: true };
    if (kind === 1)
      return { data: Array.from({ length: int(100) }, () => String.fromCharCode(int(0x3000))).join(''), binary: false };
    const json = JSON.stringify(kind < 5 ? mutate(pick(bases())) : pick(bases()));
    if (kind === 5) return { data: json.slice(0, int(json.length)), binary: false };
    return { data: json, binary: false };
  };
}

describe('fuzz', () => {
  it('survives 6000 random and mutated frames, stores only well-formed messages, and still serves', async () => {
    const h = await t.host({ rate: 0, helloTimeoutMs: 2000 });
    const next = generator(0xc0ffee);
    let sent = 0;
    let sockets = 0;
    const workers = Array.from({ length: 4 }, async (_, w) => {
      while (sent < 6000) {
        const c = new RawClient(h.url(`fuzz${w % 2}`));
        sockets++;
        try {
          await c.opened;
        } catch {
          continue;
        }
        // Half the sockets join properly first, so the joined phase gets fuzzed too.
        if (w % 2 === 0) c.sendJson({ type: 'hello', protocol: 1, clientId: newClientId(), name: `W${w}` });
        for (let i = 0; i < 300 && c.ws.readyState === c.ws.OPEN; i++, sent++) {
          const { data, binary } = next();
          c.ws.send(data, { binary });
          // One frame per turn, so that a socket the host has closed stops getting frames soon.
          await new Promise((r) => setImmediate(r));
        }
        c.ws.terminate();
      }
    });
    await Promise.all(workers);
    expect(sent).toBeGreaterThanOrEqual(6000);
    expect(sockets).toBeGreaterThan(1);

    // Still serving, and the logs of both rooms are gap-free and well-formed.
    const probe = await t.join(h.url('fuzz0'), { name: 'Probe' });
    probe.sendJson({ type: 'send', id: 'after-fuzz', text: 'still alive' });
    const last = await probe.next('message', (m) => m.id === 'after-fuzz');
    for (const room of ['fuzz0', 'fuzz1']) {
      const page = await h.host.options.store.history(room, 0, 100_000);
      expect(page.messages.map((m) => m.seq)).toEqual(page.messages.map((_, i) => i + 1));
      for (const m of page.messages) {
        expect(SEND_ID_PATTERN.test(m.id)).toBe(true);
        expect(typeof m.text).toBe('string');
        expect(m.text.trim()).not.toBe('');
        const base = m.from.name.replace(/ \(\d+\)$/, '');
        expect(checkName(base)).toEqual({ ok: true, name: base });
      }
    }
    expect(last.seq).toBeGreaterThan(1);
    // The frames really reached the decoder: hundreds were refused, one by one.
    expect(h.logs.filter((l) => /code=(bad_request|bad_hello)/.test(l)).length).toBeGreaterThan(1000);
    expect(Object.prototype).not.toHaveProperty('polluted');
  }, 60_000);
});
