/**
 * Web pages and proxies against a real host: a page from elsewhere cannot open a WebSocket to it
 * (403) nor read its API (no CORS `*`), the host's own pages and the desktop app can, and
 * `X-Forwarded-For` counts only from a trusted proxy.
 */
import { once } from 'node:events';
import { get, type IncomingMessage } from 'node:http';
import { hostname } from 'node:os';
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { useHosts } from './helpers/fixtures.ts';
import { RawClient } from './helpers/ws-client.ts';

const t = useHosts();

/** The HTTP status of a WebSocket upgrade with these headers (101 when it opened). */
async function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  const ws = new WebSocket(url, { headers, perMessageDeflate: false });
  ws.on('error', () => {});
  const [event, arg] = (await Promise.race([
    once(ws, 'open').then(() => ['open']),
    once(ws, 'unexpected-response').then(([, res]) => ['response', res]),
  ])) as [string, IncomingMessage?];
  ws.terminate();
  return event === 'open' ? 101 : arg!.statusCode!;
}

function getHeaders(url: string, headers: Record<string, string>): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => get(url, { headers }, resolve).on('error', reject));
}

describe('WebSocket Origin check', () => {
  it('lets in no Origin, app://lanchat, the host’s own origins and this machine’s loopback pages; refuses other pages, LAN ones too, with 403', async () => {
    const h = await t.host();
    const url = h.url();
    const own = `http://127.0.0.1:${h.port}`;
    expect(await upgradeStatus(url, {})).toBe(101);
    expect(await upgradeStatus(url, { Origin: 'app://lanchat' })).toBe(101);
    expect(await upgradeStatus(url, { Origin: own })).toBe(101);
    expect(await upgradeStatus(url, { Origin: `http://localhost:${h.port}`, Host: `localhost:${h.port}` })).toBe(101);
    expect(await upgradeStatus(url, { Origin: 'https://evil.example' })).toBe(403);
    expect(await upgradeStatus(url, { Origin: 'null' })).toBe(403);
    // Another machine's page, even on the LAN (another host's, a printer's): refused.
    expect(await upgradeStatus(url, { Origin: 'http://192.168.1.20:47800' })).toBe(403);
    expect(await upgradeStatus(url, { Origin: 'http://[fe80::1]:47800' })).toBe(403);
    expect(await upgradeStatus(url, { Origin: `http://192.168.1.20:${h.port}`, Host: `192.168.1.10:${h.port}` })).toBe(
      403,
    );
    // This machine's page to this machine's host, both over loopback (two hosts on one computer).
    expect(await upgradeStatus(url, { Origin: `http://127.0.0.1:${h.port + 1}` })).toBe(101);
    expect(await upgradeStatus(url, { Origin: `http://localhost:${h.port + 1}` })).toBe(101);
    // …but not a loopback page to the host reached by its LAN address, nor the other way round.
    expect(await upgradeStatus(url, { Origin: `http://127.0.0.1:${h.port + 1}`, Host: `192.168.1.10:${h.port}` })).toBe(
      403,
    );
    expect(await upgradeStatus(url, { Origin: 'http://8.8.8.8' })).toBe(403);
    expect(await upgradeStatus(url, { Origin: `http://${hostname()}.evil.example` })).toBe(403);
    // DNS rebinding: a name of the attacker's that now points at the host.
    expect(await upgradeStatus(url, { Origin: `http://evil.example:${h.port}`, Host: `evil.example:${h.port}` })).toBe(
      403,
    );
  });

  it('accepts a configured origin', async () => {
    const h = await t.host({ allowedOrigins: ['https://chat.example.lan'] });
    expect(await upgradeStatus(h.url(), { Origin: 'https://chat.example.lan' })).toBe(101);
  });
});

describe('CORS', () => {
  it('answers /api/info to the desktop app’s origin only, never with *', async () => {
    const h = await t.host();
    const info = `http://127.0.0.1:${h.port}/api/info`;
    const evil = await getHeaders(info, { Origin: 'https://evil.example' });
    evil.resume();
    expect(evil.headers['access-control-allow-origin']).toBeUndefined();
    const app = await getHeaders(info, { Origin: 'app://lanchat' });
    app.resume();
    expect(app.headers['access-control-allow-origin']).toBe('app://lanchat');
    const plain = await getHeaders(info, {});
    plain.resume();
    expect(plain.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('X-Forwarded-For', () => {
  it('counts a trusted proxy’s clients by their forwarded address, and ignores the header from anyone else', async () => {
    const limits = { socketsPerAddress: 2 };
    const proxied = await t.host({ trustProxy: ['127.0.0.1'], limits });
    const via = (address: string) =>
      new RawClient(proxied.url(), { headers: { 'X-Forwarded-For': `${address}, 127.0.0.1` } });
    const joinVia = async (address: string) => {
      const c = via(address);
      await c.opened;
      c.sendJson({ type: 'hello', protocol: 1, clientId: `xff${Math.random().toString(36).slice(2)}`, name: 'P' });
      return c.next(['welcome', 'error']).finally(() => c.ws.terminate());
    };
    const kept = [via('10.9.9.9'), via('10.9.9.9')];
    await Promise.all(kept.map((c) => c.opened));
    expect(await joinVia('10.9.9.9')).toMatchObject({ type: 'error', code: 'too_many_sockets' });
    expect(await joinVia('10.9.9.8')).toMatchObject({ type: 'welcome' });
    kept.forEach((c) => c.ws.terminate());

    // Without --trust-proxy the header is the peer's word only: loopback stays loopback.
    const direct = await t.host({ limits });
    const spoofed = Array.from(
      { length: 3 },
      () => new RawClient(direct.url(), { headers: { 'X-Forwarded-For': '10.9.9.9' } }),
    );
    await Promise.all(spoofed.map((c) => c.opened));
    spoofed[2]!.sendJson({ type: 'hello', protocol: 1, clientId: 'spoofer123', name: 'S' });
    expect(await spoofed[2]!.next(['welcome', 'error'])).toMatchObject({ type: 'welcome' });
    spoofed.forEach((c) => c.ws.terminate());
  });
});
