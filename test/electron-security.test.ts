import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  APP_ORIGIN,
  CONTENT_SECURITY_POLICY,
  checkExternalUrl,
  isAppUrl,
  isTrustedSender,
  resolveAppFile,
} from '../src-main/electron/security.ts';

describe('checkExternalUrl (links opened in the system browser)', () => {
  it.each([
    ['https://example.org/a?b=c#d', 'https://example.org/a?b=c#d'],
    ['http://192.168.1.20:47800/', 'http://192.168.1.20:47800/'],
    ['HTTPS://Example.ORG', 'https://example.org/'],
  ])('opens %s', (raw, url) => {
    expect(checkExternalUrl(raw)).toEqual({ ok: true, url });
  });

  it.each([
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,<script>1</script>',
    'smb://server/share',
    'ms-settings:privacy',
    'app://lanchat/index.html',
    'https://bank.example@evil.example/',
    'https://user:pw@example.org/',
    '/relative/path',
    'not a url',
    `https://example.org/${'a'.repeat(3000)}`,
    42,
  ])('refuses %#', (raw) => {
    expect(checkExternalUrl(raw).ok).toBe(false);
  });
});

describe('isTrustedSender (IPC)', () => {
  it('trusts only the app’s own top frame', () => {
    expect(isTrustedSender({ url: `${APP_ORIGIN}/index.html#/room/x`, top: true })).toBe(true);
    expect(isTrustedSender({ url: `${APP_ORIGIN}/index.html`, top: false })).toBe(false);
    expect(isTrustedSender({ url: 'http://192.168.1.20:47800/', top: true })).toBe(false);
    expect(isTrustedSender({ url: 'app://other/index.html', top: true })).toBe(false);
    expect(isTrustedSender({ url: 'file:///index.html', top: true })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
  });

  it('recognizes app URLs only by their exact origin', () => {
    expect(isAppUrl(`${APP_ORIGIN}/assets/x.js`)).toBe(true);
    expect(isAppUrl('app://lanchat.evil/')).toBe(false);
    expect(isAppUrl('garbage')).toBe(false);
  });
});

describe('resolveAppFile (the app protocol)', () => {
  const root = join('/srv', 'renderer');
  it('maps app URLs to files under the renderer folder', () => {
    expect(resolveAppFile(root, `${APP_ORIGIN}/`)).toBe(join(root, 'index.html'));
    expect(resolveAppFile(root, `${APP_ORIGIN}/assets/app%20x.js?v=1`)).toBe(join(root, 'assets', 'app x.js'));
  });
  it.each([`${APP_ORIGIN}/../secret`, `${APP_ORIGIN}/%2e%2e/secret`, `${APP_ORIGIN}/assets/%2e%2e/%2e%2e/secret`])(
    'keeps %s inside the folder (the URL parser resolves the dots)',
    (url) => {
      expect(resolveAppFile(root, url)).toBe(join(root, 'secret'));
    },
  );
  it.each([
    `${APP_ORIGIN}/..%2fsecret`,
    `${APP_ORIGIN}/..%2f..%2fetc%2fpasswd`,
    `${APP_ORIGIN}/a%5c..%5c..%5csecret`,
    `${APP_ORIGIN}/a%00.js`,
    `${APP_ORIGIN}/%E0%A4%A`,
    'app://other/index.html',
    'file:///etc/passwd',
  ])('refuses %s', (url) => {
    expect(resolveAppFile(root, url)).toBeUndefined();
  });
});

describe('CONTENT_SECURITY_POLICY', () => {
  it('allows scripts only from the app and WebSockets to any LAN host, and nothing inline or framed', () => {
    const directives = Object.fromEntries(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d]));
    expect(directives['default-src']).toBe("default-src 'none'");
    expect(directives['script-src']).toBe("script-src 'self'");
    expect(directives['connect-src']).toContain('ws:');
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe');
    expect(directives['frame-ancestors']).toBe("frame-ancestors 'none'");
  });
});
