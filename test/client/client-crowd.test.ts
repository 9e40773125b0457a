/**
 * 200 clients lose their host at once and come back: all recover with no gap, and the jitter of
 * the backoff spreads their returns (the contract's default delays: first retry in 0.5–1 s).
 */
import { expect, it } from 'vitest';
import type { ChatClient } from '../../src-shared/client/chat-client.ts';
import { oneTo, seqsOf, sleep, useChatClients, waitFor } from '../helpers/chat-client.ts';
import { startHost } from '../helpers/host.ts';

const { hosts, client } = useChatClients();

const stats = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return {
    min: sorted[0]!,
    p50: at(0.5),
    p95: at(0.95),
    max: sorted.at(-1)!,
    mean: Math.round(mean),
    sd: Math.round(sd),
  };
};

it(
  '200 clients reconnecting after a host restart all recover without a gap, spread by jitter',
  { timeout: 60_000 },
  async () => {
    const first = await startHost();
    hosts.push(first);
    const n = 200;
    const clients: ChatClient[] = [];
    for (let i = 0; i < n; i++) {
      // The contract's backoff (first retry within 1 s, jittered), not the fast test one.
      clients.push(
        client(first.url(), {
          name: `p${i}`,
          backoff: {},
          pingIntervalMs: 15_000,
          deadAfterMs: 35_000,
          connectTimeoutMs: 15_000, // 200 joins at once on a busy machine must not time out and back off
        }),
      );
    }
    // A join that timed out on a loaded machine retried with backoff: its next delay would not be
    // the first one, so those clients are left out of the delay figures below (not of recovery).
    const retried = new Set<ChatClient>();
    for (const c of clients) c.on('close', () => retried.add(c));
    await waitFor(() => clients.every((c) => c.state === 'open'), 30_000, 'all 200 open');
    expect(retried.size).toBeLessThan(n / 4);
    for (let i = 0; i < 10; i++) clients[i]!.send(`before ${i}`);
    await waitFor(() => clients.every((c) => c.timeline.messages.length === 10), 10_000, 'first 10 everywhere');

    const delays = new Map<ChatClient, number>();
    const reopenedAt = new Map<ChatClient, number>();
    const measured = clients.filter((c) => !retried.has(c));
    for (const c of measured) {
      c.on('reconnecting', (e) => delays.has(c) || delays.set(c, e.delayMs));
      c.on('open', () => reopenedAt.has(c) || reopenedAt.set(c, performance.now()));
    }
    await first.stop();
    for (let i = 0; i < 5; i++) clients[i]!.send(`while down ${i}`);
    await sleep(300);
    const second = await first.restart();
    hosts.push(second);
    const backAt = performance.now();

    await waitFor(() => clients.every((c) => c.state === 'open' && c.pending.length === 0), 30_000, 'all reopened');
    await waitFor(() => clients.every((c) => c.timeline.messages.length === 15), 10_000, 'all 15 everywhere');
    for (const c of clients) expect(seqsOf(c)).toEqual(oneTo(15));

    const d = stats([...delays.values()]);
    const r = stats([...reopenedAt.values()].map((t) => Math.round(t - backAt)));
    console.log(`[figures] 200 clients, first reconnect delay ms: ${JSON.stringify(d)}`);
    console.log(`[figures] 200 clients, reopened ms after the host was back: ${JSON.stringify(r)}`);
    expect(delays.size).toBe(measured.length);
    expect(d.min).toBeGreaterThanOrEqual(500);
    expect(d.max).toBeLessThanOrEqual(1000);
    expect(d.sd).toBeGreaterThan(60); // uniform over 500–1000 ms has sd ≈ 144
    expect(new Set(delays.values()).size).toBeGreaterThan(measured.length / 2);
  },
);
