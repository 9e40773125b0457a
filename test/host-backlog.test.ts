/**
 * The host's port takes a whole room reconnecting at once: its accept queue is as long as the
 * kernel allows (net.core.somaxconn), not Node's default 511, beyond which connections are dropped
 * and retried by their clients a second later (docs/performance.md, reconnect storm).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanupFolders, startHost, type TestHost } from './helpers/host.ts';

let host: TestHost | undefined;
afterEach(async () => {
  await host?.stop();
  cleanupFolders();
});

describe('the listening socket', () => {
  it('has an accept queue of min(4096, somaxconn)', async () => {
    host = await startHost();
    // For a listening socket, ss reports the accept queue's length as Send-Q.
    const line = execFileSync('ss', ['-ltnH', `sport = :${host.port}`], { encoding: 'utf8' }).trim();
    const [, , sendQ] = line.split(/\s+/);
    const somaxconn = Number(readFileSync('/proc/sys/net/core/somaxconn', 'utf8'));
    expect(Number(sendQ), line).toBe(Math.min(4096, somaxconn));
    expect(Number(sendQ)).toBeGreaterThan(511); // Node's default, which a storm of 1000 overflowed
  });
});
