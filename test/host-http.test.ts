import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../src-main/host/http.ts';
import { useHosts } from './helpers/fixtures.ts';
import { tempDataDir } from './helpers/host.ts';

const t = useHosts();

function get(port: number, path: string, method = 'GET') {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>(
    (resolve, reject) => {
      // A raw path, so that `..` reaches the host as typed instead of being normalized away.
      request({ host: '127.0.0.1', port, path, method }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      })
        .on('error', reject)
        .end();
    },
  );
}

function builtClient(): string {
  const dir = join(tempDataDir(), 'site');
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><title>LAN Chat</title><script src="./assets/app-1a2b3c.js"></script>',
  );
  writeFileSync(join(dir, 'assets', 'app-1a2b3c.js'), 'console.log(1)');
  writeFileSync(join(dir, 'assets', 'app-1a2b3c.css'), 'body{}');
  return dir;
}

describe('serving the browser client', () => {
  it('serves index.html with a strict CSP and no caching', async () => {
    const h = await t.host({ staticDir: builtClient() });
    const page = await get(h.port, '/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>LAN Chat</title>');
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("connect-src 'self' ws: wss:");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
  });

  it('serves hashed assets with their type, cached for good', async () => {
    const h = await t.host({ staticDir: builtClient() });
    const js = await get(h.port, '/assets/app-1a2b3c.js');
    expect(js).toMatchObject({ status: 200, body: 'console.log(1)' });
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const css = await get(h.port, '/assets/app-1a2b3c.css');
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    const head = await get(h.port, '/assets/app-1a2b3c.js', 'HEAD');
    expect(head).toMatchObject({ status: 200, body: '' });
    expect(head.headers['content-length']).toBe('14');
  });

  it('never leaves its folder, and refuses other methods', async () => {
    const dir = builtClient();
    writeFileSync(join(dir, '..', 'secret.txt'), 'do not serve');
    const h = await t.host({ staticDir: dir });
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/%00']) {
      const r = await get(h.port, path);
      expect(r.status).toBe(404);
      expect(r.body).not.toContain('do not serve');
    }
    expect((await get(h.port, '/', 'POST')).status).toBe(405);
  });

  it('says the client is not built yet when there is no build', async () => {
    const h = await t.host();
    const page = await get(h.port, '/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('not built yet');
  });
});
