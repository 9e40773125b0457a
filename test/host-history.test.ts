/**
 * `history` requests and the 1.1 negotiation over real sockets: paging back to the first message
 * with `more:false`, the welcome's features and token, and every bad request answered with a
 * clear non-fatal error that names its ref.
 */
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { useHosts } from './helpers/fixtures.ts';
import { tempDataDir } from './helpers/host.ts';
import { seed } from './helpers/seed.ts';
import type { Frame, RawClient } from './helpers/ws-client.ts';

const t = useHosts();

let refs = 0;
/** Sends a request with a fresh ref and resolves with the frame (reply or error) that repeats it. */
async function ask(c: RawClient, body: Record<string, unknown>): Promise<Frame> {
  const ref = `r${refs++}`;
  c.sendJson({ ...body, ref });
  return c.next(['history', 'search', 'error'], (f) => f.ref === ref);
}

const seqs = (f: Frame) => (f.messages as { seq: number }[]).map((m) => m.seq);

describe('history requests', () => {
  it('pages a late joiner back to message 1, oldest first, ending with more:false', async () => {
    const dataDir = tempDataDir();
    await seed(dataDir, 'general', 300);
    const h = await t.host({ dataDir });
    const c = await t.join(h.url());
    const welcome = c.frames[0]!;
    const shown = (welcome.history as { seq: number }[]).map((m) => m.seq);
    expect(shown[0]).toBe(251);
    let before = shown[0]!;
    const seen = [...shown];
    for (;;) {
      const page = await ask(c, { type: 'history', before, limit: 100 });
      expect(page.type).toBe('history');
      const got = seqs(page);
      expect(got).toEqual(Array.from({ length: got.length }, (_, i) => before - got.length + i));
      seen.unshift(...got);
      if (!page.more) break;
      before = got[0]!;
    }
    expect(seen).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    const empty = await ask(c, { type: 'history', before: 1, limit: 10 });
    expect(empty).toMatchObject({ type: 'history', messages: [], more: false });
    const first = await ask(c, { type: 'history', before: 2, limit: 200 });
    expect(first).toMatchObject({ messages: [{ seq: 1, text: 'message 1', from: { name: 'Seeder' } }], more: false });
  });

  it('answers a before beyond the newest message with the newest page', async () => {
    const dataDir = tempDataDir();
    await seed(dataDir, 'general', 5);
    const h = await t.host({ dataDir });
    const c = await t.join(h.url());
    const page = await ask(c, { type: 'history', before: 1_000_000, limit: 3 });
    expect(seqs(page)).toEqual([3, 4, 5]);
    expect(page.more).toBe(true);
  });

  it('keeps rooms apart', async () => {
    const dataDir = tempDataDir();
    await seed(dataDir, 'a', 10, (i) => `in a ${i}`);
    await seed(dataDir, 'b', 3, (i) => `in b ${i}`);
    const h = await t.host({ dataDir });
    const c = await t.join(h.url('b'));
    const page = await ask(c, { type: 'history', before: 100, limit: 200 });
    expect((page.messages as { text: string }[]).map((m) => m.text)).toEqual(['in b 1', 'in b 2', 'in b 3']);
    expect(page.more).toBe(false);
  });
});

describe('negotiation', () => {
  it('lists the features in the welcome and /api/info, and gives each member a token of its own', async () => {
    const h = await t.host();
    const a = await t.join(h.url(), { clientId: 'alice-client-0001' });
    const b = await t.join(h.url(), { clientId: 'bob-client-000001' });
    const wa = a.frames[0]!;
    const wb = b.frames[0]!;
    expect(wa.features).toEqual(expect.arrayContaining(['history']));
    expect(typeof wa.token).toBe('string');
    expect(wa.token).not.toBe(wb.token);
    expect(String(wa.token)).not.toContain('alice-client-0001');
    expect(Buffer.from(String(wa.token).split('.')[0]!, 'base64url').toString()).not.toContain('alice');
    expect(h.host.verifyToken('general', wa.token)).toBe((wa.you as { id: string }).id);
    expect(h.host.verifyToken('other', wa.token)).toBeUndefined();
    expect(h.host.verifyToken('general', `${String(wa.token)}x`)).toBeUndefined();
    const info = await new Promise<Record<string, unknown>>((resolve, reject) => {
      request(`http://127.0.0.1:${h.port}/api/info`, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve(JSON.parse(body) as Record<string, unknown>));
      })
        .on('error', reject)
        .end();
    });
    expect(info.features).toEqual(wa.features);
  });
});

describe('bad requests', () => {
  it.each([
    ['before not a number', { type: 'history', before: 'ten', limit: 5 }, /before/],
    ['no before', { type: 'history', limit: 5 }, /before/],
    ['a negative before', { type: 'history', before: -1, limit: 5 }, /before/],
    ['limit 0', { type: 'history', before: 5, limit: 0 }, /limit/],
    ['limit 201', { type: 'history', before: 5, limit: 201 }, /limit/],
    ['a fractional limit', { type: 'history', before: 5, limit: 1.5 }, /limit/],
    ['an unknown field', { type: 'history', before: 5, limit: 5, from: 'm-x' }, /from/],
    ['an empty q', { type: 'search', q: '', limit: 5 }, /q/],
    ['a q of spaces', { type: 'search', q: '   ', limit: 5 }, /q/],
    ['a q of 201 characters', { type: 'search', q: '字'.repeat(201), limit: 5 }, /q/],
    ['a search limit of 101', { type: 'search', q: 'x', limit: 101 }, /limit/],
    ['a search before not a number', { type: 'search', q: 'x', limit: 5, before: '9' }, /before/],
    ['an unknown search field', { type: 'search', q: 'x', limit: 5, room: 'other' }, /room/],
  ])('%s → bad_request with the ref, and the socket stays open', async (_what, body, why) => {
    const h = await t.host();
    const c = await t.join(h.url());
    const reply = await ask(c, body);
    expect(reply).toMatchObject({ type: 'error', code: 'bad_request', ref: expect.any(String) });
    expect(String(reply.message)).toMatch(why);
    c.sendJson({ type: 'ping', t: 7 });
    expect(await c.next('pong')).toMatchObject({ t: 7 });
  });

  it('refuses a request without a valid ref, without a ref in the error', async () => {
    const h = await t.host();
    const c = await t.join(h.url());
    for (const ref of [undefined, '', 'a b', 'x'.repeat(65), 7]) {
      c.sendJson({ type: 'history', ref, before: 5, limit: 5 });
      const e = await c.next('error');
      expect(e).toMatchObject({ code: 'bad_request', message: expect.stringMatching(/ref/) });
      expect(e.ref).toBeUndefined();
    }
  });

  it('rate limits a flood of requests like sends, each refusal naming its ref', async () => {
    const dataDir = tempDataDir();
    await seed(dataDir, 'general', 50);
    const h = await t.host({ dataDir, rate: 2 }); // burst 4
    const c = await t.join(h.url());
    const all = Array.from({ length: 12 }, (_, i) => {
      c.sendJson({ type: 'history', ref: `f${i}`, before: 50, limit: 200 });
      return c.next(['history', 'error'], (f) => f.ref === `f${i}`);
    });
    const replies = await Promise.all(all);
    const limited = replies.filter((r) => r.type === 'error');
    expect(limited.length).toBeGreaterThan(0);
    for (const r of limited) expect(r).toMatchObject({ code: 'rate_limited', ref: expect.stringMatching(/^f/) });
    expect(replies.filter((r) => r.type === 'history').length).toBeGreaterThan(0);
  });
});
