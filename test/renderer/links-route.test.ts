import { describe, expect, it } from 'vitest';
import { linkify, safeHref } from '../../src-renderer/lib/links.ts';
import { pageMayJoin, prefillAddress, roomFromHash, roomLink } from '../../src-renderer/lib/route.ts';

describe('linkify', () => {
  it('refuses user@host links, as the desktop app does', () => {
    const text = 'log in at https://bank.example@evil.example/login';
    expect(linkify(text)).toEqual([{ kind: 'text', text }]);
    expect(safeHref('https://user:pw@example.com/')).toBeNull();
  });

  it('removes bidi controls from a link’s text', () => {
    const [, link] = linkify('see https://evil.example/\u202emoc.knab');
    expect(link).toMatchObject({ kind: 'link', text: 'https://evil.example/moc.knab' });
    expect((link as { href: string }).href).toBe('https://evil.example/%E2%80%AEmoc.knab');
  });

  it('shows look-alike domains in punycode, and other scripts’ names as they are', () => {
    expect(linkify('https://\u0430pple.com/id')[0]).toEqual({
      kind: 'link',
      text: 'https://xn--pple-43d.com/id',
      href: 'https://xn--pple-43d.com/id',
    });
    expect(linkify('www.\u0440\u0430\u0443\u0440\u0430\u0441.com')[0]).toMatchObject({
      text: expect.stringMatching(/^https:\/\/www\.xn--/),
    });
    expect(linkify('https://例子.中国/')[0]).toMatchObject({ text: 'https://例子.中国/' });
    expect(linkify('https://пример.рф/')[0]).toMatchObject({ text: 'https://пример.рф/' });
  });

  it('finds http(s) and www links and keeps the rest as text', () => {
    expect(linkify('see https://example.com/a?b=1, or www.example.org.')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
      { kind: 'text', text: ', or ' },
      { kind: 'link', text: 'www.example.org', href: 'https://www.example.org/' },
      { kind: 'text', text: '.' },
    ]);
  });

  it('keeps a closing parenthesis that belongs to the link', () => {
    const [, link, rest] = linkify('(https://en.wikipedia.org/wiki/Tree_(data_structure))');
    expect(link).toMatchObject({ text: 'https://en.wikipedia.org/wiki/Tree_(data_structure)' });
    expect(rest).toEqual({ kind: 'text', text: ')' });
  });

  it('never makes a link of another scheme, and leaves markup as text', () => {
    for (const text of ['javascript:alert(1)', 'data:text/html,<b>x</b>', 'file:///etc/passwd', '<a href="x">y</a>']) {
      expect(linkify(text)).toEqual([{ kind: 'text', text }]);
    }
    expect(safeHref('http://')).toBeNull();
  });
});

describe('routes', () => {
  const loc = (hash = '', port = '47800') => ({ protocol: 'http:', hostname: '192.168.1.20', port, hash });

  it('prefills the serving host and the linked room', () => {
    expect(prefillAddress(loc())).toBe('192.168.1.20/general');
    expect(prefillAddress(loc('#/room/dev', '8080'))).toBe('192.168.1.20:8080/dev');
    expect(prefillAddress({ protocol: 'file:', hostname: '', port: '', hash: '' })).toBeNull();
    expect(prefillAddress({ protocol: 'http:', hostname: '[fe80::1]', port: '47800', hash: '' })).toBe(
      '[fe80::1]/general',
    );
  });

  it('reads only valid room ids from the hash', () => {
    expect(roomFromHash('#/room/dev.team_1')).toBe('dev.team_1');
    expect(roomFromHash('#/room/%2e%2e')).toBeNull();
    expect(roomFromHash('#/other/dev')).toBeNull();
  });

  it('builds the browser link of any room', () => {
    expect(roomLink({ host: 'fe80::1', port: 47800, room: 'dev', secure: false })).toBe(
      'http://[fe80::1]:47800/#/room/dev',
    );
  });
});

describe('which rooms a host’s page may join (the hosts refuse other computers’ pages)', () => {
  const page = (hostname: string, port = '47800', protocol = 'http:') => ({ protocol, hostname, port, hash: '' });
  const room = (host: string, port = 47800) => ({ host, port, room: 'general', secure: false });
  it('joins its own host under the name it was served by, and loopback hosts from a loopback page', () => {
    expect(pageMayJoin(page('192.168.1.10'), room('192.168.1.10'))).toBe(true);
    expect(pageMayJoin(page('Host.Local'), room('host.local'))).toBe(true);
    expect(pageMayJoin(page('127.0.0.1', '5000'), room('127.0.0.1', 5001))).toBe(true);
    expect(pageMayJoin(page('localhost', '5000'), room('127.0.0.1', 5001))).toBe(true);
    expect(pageMayJoin(page('[::1]', '5000'), room('::1', 5001))).toBe(true);
  });
  it('does not join another computer, another port of a LAN host, or a LAN host from a loopback page', () => {
    expect(pageMayJoin(page('192.168.1.10'), room('192.168.1.20'))).toBe(false);
    expect(pageMayJoin(page('192.168.1.10'), room('192.168.1.10', 47801))).toBe(false);
    expect(pageMayJoin(page('127.0.0.1'), room('192.168.1.10'))).toBe(false);
    expect(pageMayJoin(page('192.168.1.10'), room('127.0.0.1'))).toBe(false);
  });
  it('the desktop app’s page (app://) joins any host', () => {
    expect(pageMayJoin({ protocol: 'app:', hostname: 'lanchat', port: '', hash: '' }, room('192.168.1.20'))).toBe(true);
  });
});
