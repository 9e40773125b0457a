/** The host's one port with two doors: TLS and plain, `--tls-only`, and the key in /api/info and the CLI. */
import { get as httpsGet } from 'node:https';
import { get as httpGet } from 'node:http';
import { connect as netConnect } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { certFingerprint } from '../../src-main/tls/fingerprint.ts';
import { loadOrCreateHostIdentity } from '../../src-main/tls/host-identity.ts';
import { cleanupFolders, startHost, tempDataDir, type TestHost } from '../helpers/host.ts';
import { spawnHost } from '../helpers/spawn-host.ts';
import { RawClient } from '../helpers/ws-client.ts';
import { SPAWNING_TEST_MS } from '../helpers/cpu-deadline.ts';

const hosts: TestHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.stop()));
  cleanupFolders();
});

async function tlsHost(tlsOnly = false): Promise<TestHost> {
  const dataDir = tempDataDir();
  const h = await startHost({ dataDir, tls: await loadOrCreateHostIdentity(dataDir), tlsOnly });
  hosts.push(h);
  return h;
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  peerFingerprint?: string;
}

function fetchOver(scheme: 'http' | 'https', port: number, path: string): Promise<Reply> {
  const get = scheme === 'https' ? httpsGet : httpGet;
  return new Promise((resolve, reject) => {
    const req = get({ host: '127.0.0.1', port, path, rejectUnauthorized: false, agent: false }, (res) => {
      const socket = res.socket as TLSSocket;
      const peer = scheme === 'https' ? certFingerprint(socket.getPeerX509Certificate()!) : undefined;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body, peerFingerprint: peer }));
    });
    req.on('error', reject);
  });
}

describe('TLS and plain on one port', () => {
  it('serves https and http, and /api/info gives the fingerprint of the key the TLS client saw', async () => {
    const h = await tlsHost();
    const secure = await fetchOver('https', h.port, '/api/info');
    expect(secure.status).toBe(200);
    const info = JSON.parse(secure.body) as { fingerprint: string };
    expect(info.fingerprint).toMatch(/^[0-9A-F]{64}$/);
    expect(info.fingerprint).toBe(secure.peerFingerprint);
    const plain = await fetchOver('http', h.port, '/api/info');
    expect((JSON.parse(plain.body) as { fingerprint: string }).fingerprint).toBe(info.fingerprint);
  });

  it('a wss client and a plain ws client chat in one room', async () => {
    const h = await tlsHost();
    const a = await RawClient.join(
      `wss://127.0.0.1:${h.port}/room/general`,
      { name: 'Secure' },
      { rejectUnauthorized: false },
    );
    const b = await RawClient.join(`ws://127.0.0.1:${h.port}/room/general`, { name: 'Plain' });
    a.sendJson({ type: 'send', id: 'm1', text: 'over TLS' });
    expect((await b.waitForMessages(1))[0]).toMatchObject({ text: 'over TLS', from: { name: 'Secure' } });
    b.sendJson({ type: 'send', id: 'm2', text: 'in the clear' });
    expect((await a.waitForMessages(2))[1]).toMatchObject({ text: 'in the clear' });
    a.ws.close();
    b.ws.close();
  });

  it('a plain request that arrives a byte at a time is still answered', async () => {
    const h = await tlsHost();
    const socket = netConnect(h.port, '127.0.0.1');
    let reply = '';
    socket.setEncoding('utf8').on('data', (d: string) => (reply += d));
    const request = 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n';
    await new Promise((r) => socket.once('connect', r));
    for (const ch of request) await new Promise<void>((r) => socket.write(ch, () => setImmediate(r)));
    await new Promise((r) => socket.once('end', r));
    expect(reply).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(reply.endsWith('ok')).toBe(true);
  });
});

describe('--tls-only', () => {
  it('redirects a browser to https and refuses a plain WebSocket; TLS works', async () => {
    const h = await tlsHost(true);
    const page = await fetchOver('http', h.port, '/?x=1');
    expect(page.status).toBe(308);
    expect(page.headers.location).toBe(`https://127.0.0.1:${h.port}/?x=1`);
    const plain = new RawClient(`ws://127.0.0.1:${h.port}/room/general`);
    await expect(plain.opened).rejects.toThrow(/403/);
    const secure = await RawClient.join(`wss://127.0.0.1:${h.port}/room/general`, {}, { rejectUnauthorized: false });
    secure.ws.close();
  });
});

describe('npm run host and its key', { timeout: SPAWNING_TEST_MS }, () => {
  it('prints the fingerprint with every address, keeps the key across restarts, and --new-key changes it', async () => {
    const data = tempDataDir();
    const first = await spawnHost(['--port', '0', '--bind', '127.0.0.1', '--data', data]);
    const short = /Fingerprint ([0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4})/.exec(first.stdout())?.[1];
    expect(short, first.stdout()).toBeDefined();
    expect(first.stdout()).toContain('A new host key was made');
    const info = JSON.parse((await fetchOver('https', first.port, '/api/info')).body) as { fingerprint: string };
    expect(info.fingerprint.startsWith(short!.replaceAll('-', ''))).toBe(true);
    for (const line of first
      .stdout()
      .split('\n')
      .filter((l) => /^ {2}\S+:\d+|^ {2}\d/.test(l))) {
      expect(line).toMatch(new RegExp(`/general#${short}$`));
    }
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const again = await spawnHost(['--port', '0', '--bind', '127.0.0.1', '--data', data]);
    expect(again.stdout()).toContain(`Fingerprint ${short}`);
    expect(again.stdout()).toContain('Host key as before');
    again.child.kill('SIGTERM');
    await again.exited;

    const rotated = await spawnHost(['--port', '0', '--bind', '127.0.0.1', '--data', data, '--new-key']);
    expect(rotated.stdout()).toContain('A NEW host key replaces the old one');
    expect(rotated.stdout()).not.toContain(`Fingerprint ${short}`);
    rotated.child.kill('SIGTERM');
    await rotated.exited;
  });
});
