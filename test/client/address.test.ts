import { describe, expect, it } from 'vitest';
import { formatAddress, parseAddress, roomSocketUrl } from '../../src-shared/address.ts';

const ok = (input: string) => {
  const r = parseAddress(input);
  if (!r.ok) throw new Error(`${input}: ${r.error}`);
  return { host: r.host, port: r.port, room: r.room, secure: r.secure };
};
const error = (input: string) => {
  const r = parseAddress(input);
  if (r.ok) throw new Error(`${input} parsed, but should not`);
  return r.error;
};

describe('parseAddress', () => {
  it.each([
    ['192.168.1.20', '192.168.1.20', 47800, 'general'],
    ['  192.168.1.20:47801 ', '192.168.1.20', 47801, 'general'],
    ['192.168.1.20/general', '192.168.1.20', 47800, 'general'],
    ['host.local:47800/dev', 'host.local', 47800, 'dev'],
    ['[fe80::1]:47800', 'fe80::1', 47800, 'general'],
    ['[::1]/x.y_z-1', '::1', 47800, 'x.y_z-1'],
    ['fe80::1', 'fe80::1', 47800, 'general'],
    ['ws://host:1234/room/dev', 'host', 1234, 'dev'],
    ['WS://host/room/dev/', 'host', 47800, 'dev'],
    ['ws://[::1]:5/room/a?x=1', '::1', 5, 'a'],
    ['http://host:47800/#/room/dev', 'host', 47800, 'dev'],
    ['localhost', 'localhost', 47800, 'general'],
  ])('%s', (input, host, port, room) => {
    expect(ok(input)).toEqual({ host, port, room, secure: false });
  });

  it('keeps TLS when the link asks for it', () => {
    expect(ok('wss://h/room/x').secure).toBe(true);
    expect(ok('https://h:443/#/room/x')).toEqual({ host: 'h', port: 443, room: 'x', secure: true });
  });

  it.each([
    ['', /Type the host/],
    ['ftp://x', /not a LAN Chat address/],
    ['host:0', /port must be a number from 1 to 65535, not “0”/],
    ['host:99999', /port must be/],
    ['host:abc', /port must be/],
    ['192.168.1.20:', /port must be/],
    ['[fe80::1', /missing its closing "\]"/],
    ['[fe80::1]x', /Expected ":port"/],
    ['[fe80::1%eth0]:47800', /IPv6 zone/],
    ['host/a/b', /give just the room/],
    ['host/-bad', /“-bad” is not a valid room/],
    ['bad_host', /“bad_host” is not a valid host name/],
    ['a b', /not a valid host name/],
    ['999.1.1.1', /not a valid IPv4 address/],
    ['1.2.3.4.5', /not a valid IPv4 address/],
    ['1.2.3', /not a valid IPv4 address/],
    ['ws://', /needs a host/],
    [':47800', /needs a host/],
  ])('refuses %j and says why', (input, why) => {
    expect(error(input)).toMatch(why);
  });

  it('round-trips through the socket URL and the short form', () => {
    for (const input of ['192.168.1.20', '[fe80::1]:47801/dev', 'host.local:47800/dev']) {
      const a = ok(input);
      expect(ok(roomSocketUrl(a))).toEqual(a);
      expect(ok(formatAddress(a))).toEqual(a);
    }
    expect(roomSocketUrl(ok('[fe80::1]:47801/dev'))).toBe('ws://[fe80::1]:47801/room/dev');
    expect(formatAddress(ok('ws://10.0.0.1:47800/room/general'))).toBe('10.0.0.1/general');
  });
});
