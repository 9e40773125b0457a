/**
 * ChatClient through a TCP proxy that fails the way networks do: a cut connection and a
 * half-open one (the peer vanished without a FIN). Prints the measured detection and recovery
 * times; asserts detection within the configured bound, recovery, no loss and no duplicate.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatClient } from '../../src-shared/client/chat-client.ts';
import { FAST, oneTo, seqsOf, sleep, useChatClients, waitFor } from '../helpers/chat-client.ts';
import { startHost } from '../helpers/host.ts';
import { TcpProxy } from '../helpers/tcp-proxy.ts';

const { hosts, client } = useChatClients();
const proxies: TcpProxy[] = [];
// Its own after-hook: whether it runs before or after the clients stop does not matter.
afterEach(() => Promise.all(proxies.splice(0).map((p) => p.stop())).then(() => {}));

/** A host, a proxy in front of it, Ann through the proxy and Bob directly (to watch the room). */
async function setup() {
  const host = await startHost({ pingIntervalMs: 300 });
  hosts.push(host);
  const proxy = await TcpProxy.start(host.port);
  proxies.push(proxy);
  const ann = client(proxy.url(), { name: 'Ann' });
  const bob = client(host.url(), { name: 'Bob' });
  await waitFor(() => ann.state === 'open' && bob.state === 'open', 5000, 'both open');
  return { host, proxy, ann, bob };
}

/** Times, from `fault()`, until Ann notices (close) and until she is open again. */
async function measure(ann: ChatClient, fault: () => void, onDetected: () => void = () => {}) {
  const t0 = performance.now();
  let detectedAt = 0;
  const detected = new Promise<void>((resolve) => {
    const off = ann.on('close', () => {
      off();
      detectedAt = performance.now();
      onDetected();
      resolve();
    });
  });
  fault();
  await detected;
  await waitFor(() => ann.state === 'open', 10_000, 'recovery');
  return { detectionMs: Math.round(detectedAt - t0), recoveryMs: Math.round(performance.now() - t0) };
}

/** Ann and Bob each send `n` messages while `during` runs; returns when all are delivered. */
async function chatThrough<T>(ann: ChatClient, bob: ChatClient, n: number, during: () => Promise<T>): Promise<T> {
  const sending = (async () => {
    for (let i = 0; i < n; i++) {
      ann.send(`ann ${i}`);
      bob.send(`bob ${i}`);
      await sleep(20);
    }
  })();
  const result = await during();
  await sending;
  const total = 2 * n;
  for (const c of [ann, bob]) {
    await waitFor(() => c.pending.length === 0 && seqsOf(c).length >= total, 10_000, `${c.you?.name} caught up`);
  }
  return result;
}

function expectExactlyOnce(ann: ChatClient, bob: ChatClient, perPerson: number) {
  const total = perPerson * 2;
  for (const c of [ann, bob]) {
    expect(seqsOf(c)).toEqual(oneTo(total));
    const texts = c.timeline.messages.map((m) => m.text);
    expect(texts.filter((t) => t.startsWith('ann'))).toEqual(oneTo(perPerson).map((i) => `ann ${i - 1}`));
    expect(texts.filter((t) => t.startsWith('bob'))).toEqual(oneTo(perPerson).map((i) => `bob ${i - 1}`));
  }
}

describe('ChatClient through a failing network', () => {
  it('a cut connection: notices at once, reconnects, loses and doubles nothing', async () => {
    const { proxy, ann, bob } = await setup();
    const times = await chatThrough(ann, bob, 20, async () => {
      await sleep(100);
      return measure(ann, () => proxy.cut());
    });
    console.log(
      `[figures] cut: detection ${times.detectionMs} ms, recovery ${times.recoveryMs} ms (first retry ≤ ${FAST.backoff.initialMs} ms)`,
    );
    expect(times.detectionMs).toBeLessThan(FAST.deadAfterMs);
    expectExactlyOnce(ann, bob, 20);
  });

  it('a half-open connection (peer vanished, no FIN): detected within deadAfterMs, then recovered', async () => {
    const { proxy, ann, bob } = await setup();
    const times = await chatThrough(ann, bob, 30, async () => {
      await sleep(100);
      // The network comes back as soon as Ann has noticed; her retry must then get through.
      return measure(
        ann,
        () => proxy.blackhole(),
        () => proxy.restore(),
      );
    });
    console.log(
      `[figures] half-open: detection ${times.detectionMs} ms (ping ${FAST.pingIntervalMs} ms, dead after ${FAST.deadAfterMs} ms), recovery ${times.recoveryMs} ms`,
    );
    // Silence is measured from the last frame, which came at most one ping interval before the fault.
    expect(times.detectionMs).toBeGreaterThanOrEqual(FAST.deadAfterMs - FAST.pingIntervalMs - 50);
    expect(times.detectionMs).toBeLessThanOrEqual(FAST.deadAfterMs + 400); // + timer lateness on a busy machine
    expect(ann.closeInfo).toMatchObject({ code: 1006, willReconnect: true, wasOpen: true });
    expectExactlyOnce(ann, bob, 30);
  });

  it('a network that stays dark: attempts hang, time out, back off, and recover once it is back', async () => {
    const { proxy, ann, bob } = await setup();
    let attempts = 0;
    ann.on('connect', () => attempts++);
    proxy.blackhole();
    await waitFor(() => attempts >= 2, 10_000, 'a second attempt'); // the first retry hung and timed out
    expect(ann.state).not.toBe('open');
    ann.send('written in the dark');
    proxy.restore();
    ann.networkOnline(); // as the platform would say
    await waitFor(() => ann.state === 'open' && ann.pending.length === 0, 10_000, 'recovery');
    await waitFor(() => bob.timeline.messages.some((m) => m.text === 'written in the dark'));
    expect(bob.timeline.messages.filter((m) => m.text === 'written in the dark')).toHaveLength(1);
  });
});
