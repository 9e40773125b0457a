/** Per-test bookkeeping: every host and client a test makes is torn down after it. */
import { afterEach } from 'vitest';
import { cleanupFolders, startHost, type TestHost } from './host.ts';
import { RawClient } from './ws-client.ts';

/** Registers the teardown and returns helpers that track what they create. */
export function useHosts() {
  const hosts: TestHost[] = [];
  const clients: RawClient[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.ws.terminate();
    await Promise.all(hosts.splice(0).map((h) => h.stop()));
    cleanupFolders();
  });
  return {
    async host(options: Parameters<typeof startHost>[0] = {}): Promise<TestHost> {
      const h = await startHost(options);
      hosts.push(h);
      return h;
    },
    track(h: TestHost): TestHost {
      hosts.push(h);
      return h;
    },
    async join(url: string, hello: Record<string, unknown> = {}): Promise<RawClient> {
      const c = await RawClient.join(url, hello);
      clients.push(c);
      return c;
    },
    /** An opened socket that has not said hello yet. */
    async open(url: string): Promise<RawClient> {
      const c = new RawClient(url);
      clients.push(c);
      await c.opened;
      return c;
    },
  };
}

/** Sends `n` messages as fast as the socket takes them. */
export function sendMany(c: RawClient, n: number, prefix = 'm'): void {
  for (let i = 0; i < n; i++) c.sendJson({ type: 'send', id: `${prefix}${i}`, text: `${prefix} ${i}` });
}

export { sleep, waitFor } from './wait.ts';
