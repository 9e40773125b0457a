/**
 * `history` (and the welcome's token) on a Redis deployment: pages served by a host other than
 * the one that stored the messages, back to message 1 with `more:false`.
 */
import { describe, expect, it } from 'vitest';
import { sendMany, useRedisCluster } from './helpers/fixtures.ts';
import { noRedis } from './helpers/redis.ts';
import type { Frame, RawClient } from './helpers/ws-client.ts';

const t = useRedisCluster();
const { cluster } = t;

let refs = 0;
async function ask(c: RawClient, body: Record<string, unknown>): Promise<Frame> {
  const ref = `r${refs++}`;
  c.sendJson({ ...body, ref });
  return c.next(['history', 'search', 'error'], (f) => f.ref === ref);
}

/** Writes `n` messages through `c` and waits until the last is stored. */
async function write(c: RawClient, n: number, prefix = 'm'): Promise<void> {
  sendMany(c, n, prefix);
  await c.next('message', (m) => m.id === `${prefix}${n - 1}`, 20_000);
}

describe.skipIf(noRedis())('history on Redis', () => {
  it('pages back to message 1 from another host, oldest first, ending with more:false', async () => {
    const [a, b] = await cluster(2);
    const writer = await t.join(a!.url());
    await write(writer, 300);
    const reader = await t.join(b!.url());
    const first = (reader.frames[0]!.history as { seq: number }[])[0]!.seq;
    expect(first).toBe(251);
    let before = first;
    const seen: number[] = [];
    for (;;) {
      const page = await ask(reader, { type: 'history', before, limit: 120 });
      const got = (page.messages as { seq: number }[]).map((m) => m.seq);
      expect(got).toEqual(Array.from({ length: got.length }, (_, i) => before - got.length + i));
      seen.unshift(...got);
      if (!page.more) break;
      before = got[0]!;
    }
    expect(seen).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
    expect(await ask(reader, { type: 'history', before: 1, limit: 5 })).toMatchObject({ messages: [], more: false });
    // The token from host A is genuine on host B too (one secret per deployment).
    const token = writer.frames[0]!.token;
    expect(b!.host.verifyToken('general', token)).toBe((writer.frames[0]!.you as { id: string }).id);
  });
});
