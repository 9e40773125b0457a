/** The host serves the build with the right types, caching and a strict CSP that the UI obeys. */
import { CONTENT_SECURITY_POLICY } from '../src-main/host/http.ts';
import { expect, join, pageUrl, test } from './fixtures.ts';

test('the build is served with content types, caching and a strict CSP', async ({ host, request, person }) => {
  const base = `http://127.0.0.1:${host.port}`;
  const index = await request.get(`${base}/`);
  expect(index.status()).toBe(200);
  expect(index.headers()['content-type']).toBe('text/html; charset=utf-8');
  expect(index.headers()['cache-control']).toBe('no-cache');
  const csp = index.headers()['content-security-policy']!;
  expect(csp).toBe(CONTENT_SECURITY_POLICY);
  expect(csp).toContain("style-src 'self'");
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).toContain('connect-src');

  // Relative, hashed assets under /assets/, cached for good; no inline script or style.
  const html = await index.text();
  expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  expect(html).not.toMatch(/<style|style="/);
  const assets = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+)"/g)].map((m) => m[1]!);
  expect(assets.some((a) => a.endsWith('.js'))).toBe(true);
  expect(assets.some((a) => a.endsWith('.css'))).toBe(true);
  for (const a of assets) {
    const res = await request.get(`${base}/${a}`);
    expect(res.status()).toBe(200);
    expect(res.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers()['content-type']).toBe(
      a.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8',
    );
  }

  // The page runs under that policy without one violation (the fixture fails on any console
  // error), and with no desktop bridge it shows no hosting controls.
  const alice = await person('Alice');
  const violations: string[] = [];
  alice.page.on('console', (m) => m.text().includes('Content Security Policy') && violations.push(m.text()));
  await join(alice, pageUrl(host.port));
  await expect(alice.page.getByRole('heading', { name: 'Host a room' })).toHaveCount(0);
  expect(violations).toEqual([]);
  // Styles really apply (a blocked stylesheet would leave the sidebar unstyled).
  const display = await alice.page
    .getByRole('navigation', { name: 'Rooms' })
    .evaluate((el) => getComputedStyle(el).display);
  expect(display).toBe('flex');
});
