/** Our ChatClient on `ws` with test timings, and a polling wait. */
import { afterEach } from 'vitest';
import WebSocket from 'ws';
import { ChatClient } from '../../src-shared/client/chat-client.ts';
import type { ChatClientOptions } from '../../src-shared/client/types.ts';
import { cleanupFolders, type TestHost } from './host.ts';
import { newClientId } from './ws-client.ts';

/** Fast timings: ping 200 ms, dead after 800 ms, first retry within 100 ms, cap 1 s. */
export const FAST = {
  pingIntervalMs: 200,
  deadAfterMs: 800,
  connectTimeoutMs: 1500,
  sendRetryMs: 100,
  backoff: { initialMs: 100, maxMs: 1000 },
} satisfies Partial<ChatClientOptions>;

/** A started client (not yet open: `await waitFor(() => c.state === 'open')`). */
export function startClient(url: string, options: Partial<ChatClientOptions> = {}): ChatClient {
  const c = new ChatClient({ url, name: 'Tester', clientId: newClientId(), WebSocket, ...FAST, ...options });
  c.start();
  return c;
}

export { sleep, waitFor } from './wait.ts';

/** Asserts-friendly view of a client's timeline: seqs and send ids. */
export function seqsOf(c: ChatClient): number[] {
  return c.timeline.messages.map((m) => m.seq);
}

/** 1..n */
export const oneTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/**
 * Per-test bookkeeping for ChatClient tests: `client()` starts one and tracks it, `hosts` is where
 * a test puts the hosts it starts; after each test every client stops, then every host.
 */
export function useChatClients() {
  const hosts: TestHost[] = [];
  const clients: ChatClient[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.stop();
    await Promise.all(hosts.splice(0).map((h) => h.stop()));
    cleanupFolders();
  });
  const client = (...args: Parameters<typeof startClient>) => {
    const c = startClient(...args);
    clients.push(c);
    return c;
  };
  return { hosts, client };
}
