/**
 * Discovery and encryption: a `--tls-only` host (it answers plain HTTP only with a redirect or a
 * 403) is still read and listed, over TLS pinned to the key it announced; a host whose key is not
 * the announced one, or whose /api/info names another key than the one it presents, is not.
 */
import { createServer } from 'node:https';
import { afterEach, describe, expect, it } from 'vitest';
import { Discovery } from '../src-main/discovery/discovery.ts';
import { fetchPeerInfo } from '../src-main/discovery/peer-info.ts';
import { loadOrCreateHostIdentity, type HostIdentity } from '../src-main/tls/host-identity.ts';
import type { NearbyReply } from '../src-shared/nearby.ts';
import { cleanupFolders, startHost, tempDataDir, type TestHost } from './helpers/host.ts';

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  cleanupFolders();
});

async function tlsOnlyHost(name: string, discovery?: Discovery): Promise<TestHost & { identity: HostIdentity }> {
  const dataDir = tempDataDir();
  const identity = await loadOrCreateHostIdentity(dataDir);
  const h = await startHost({ name, dataDir, tls: identity, tlsOnly: true, ...(discovery ? { discovery } : {}) });
  closers.push(() => h.stop());
  return { ...h, identity };
}

/** An https server with key `key` that claims, in its /api/info, the fingerprint `claims`. */
async function liar(key: HostIdentity, claims: string): Promise<number> {
  const server = createServer({ key: key.key, cert: key.cert }, (_req, res) => {
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ app: 'lanchat', name: 'Liar', fingerprint: claims, rooms: [] }));
  });
  server.on('tlsClientError', () => {});
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(() => new Promise((r) => server.close(r)));
  return (server.address() as { port: number }).port;
}

describe('hosts that answer only TLS', () => {
  it('are read over TLS pinned to the announced key, or, with no key known, held to the key they present', async () => {
    const vault = await tlsOnlyHost('Vault');
    const address = `127.0.0.1:${vault.port}`;
    // Plain HTTP alone gets nowhere: the host redirects a GET to https.
    const plain = await fetch(`http://${address}/api/info`, { redirect: 'manual' });
    expect(plain.status).toBe(308);

    const pinned = await fetchPeerInfo(address, vault.identity.fingerprint);
    expect(pinned).toMatchObject({ name: 'Vault', fingerprint: vault.identity.fingerprint, rooms: [] });
    // A typed or remembered address carries no key: the redirect leads to TLS, and the key seen is the one listed.
    expect(await fetchPeerInfo(address)).toEqual(pinned);
  });

  it('are not read when their key is not the announced one', async () => {
    const vault = await tlsOnlyHost('Vault');
    const other = await loadOrCreateHostIdentity(tempDataDir());
    await expect(fetchPeerInfo(`127.0.0.1:${vault.port}`, other.fingerprint)).rejects.toMatchObject({
      code: 'EHOSTKEY_MISMATCH',
    });
  });

  it('are not read when their /api/info names another key than the one the connection saw', async () => {
    const [mine, theirs] = await Promise.all([
      loadOrCreateHostIdentity(tempDataDir()),
      loadOrCreateHostIdentity(tempDataDir()),
    ]);
    const port = await liar(mine, theirs.fingerprint);
    await expect(fetchPeerInfo(`127.0.0.1:${port}`, mine.fingerprint)).rejects.toThrow(/another key/);
    // Telling the truth, the same server is read.
    const honest = await liar(mine, mine.fingerprint);
    expect((await fetchPeerInfo(`127.0.0.1:${honest}`, mine.fingerprint)).name).toBe('Liar');
  });

  it('a host told of a --tls-only host lists it with the key it presented', async () => {
    const discovery = () => new Discovery({ announce: false, browse: false, refreshMs: 200 });
    const vault = await tlsOnlyHost('Vault');
    const alpha = await startHost({ name: 'Alpha', discovery: discovery() });
    closers.push(() => alpha.stop());
    const told = await fetch(`http://127.0.0.1:${alpha.port}/api/peers`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ address: `127.0.0.1:${vault.port}` }),
    });
    expect(told.status).toBe(200);
    const nearby = async () => (await (await fetch(`http://127.0.0.1:${alpha.port}/api/nearby`)).json()) as NearbyReply;
    const seen = await until(nearby, (r) => r.hosts.length > 0, 'Vault in Alpha’s /api/nearby');
    expect(seen.hosts).toEqual([
      expect.objectContaining({
        name: 'Vault',
        fingerprint: vault.identity.fingerprint,
        addresses: [`127.0.0.1:${vault.port}`],
        via: 'remembered',
      }),
    ]);
  });
});

/** Asks until `done` holds for the answer; the last answer is in the error when it never does. */
async function until<T>(ask: () => Promise<T>, done: (x: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 10_000;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await ask();
    if (done(last)) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}; last answer: ${JSON.stringify(last)}`);
}
