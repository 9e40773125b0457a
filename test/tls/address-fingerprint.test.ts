import { describe, expect, it } from 'vitest';
import { formatPinnedAddress, parseAddress, roomSocketUrl } from '../../src-shared/address.ts';
import { parseAddresses } from '../../src-shared/addresses.ts';

const FULL = '7F3A91C20B5DE844' + 'AB'.repeat(24);

describe('addresses with a key fingerprint', () => {
  it('reads the printed form, and then asks for TLS', () => {
    const a = parseAddress('192.168.1.20/general#7F3A-91C2-0B5D-E844');
    expect(a).toEqual({
      ok: true,
      host: '192.168.1.20',
      port: 47800,
      room: 'general',
      secure: true,
      fingerprints: ['7F3A91C20B5DE844'],
    });
    if (a.ok) expect(roomSocketUrl(a)).toBe('wss://192.168.1.20:47800/room/general');
  });

  it('takes it without a room, with a port, in lower case, or in full', () => {
    expect(parseAddress('10.0.0.1:47801#7f3a-91c2-0b5d-e844')).toMatchObject({
      port: 47801,
      room: 'general',
      fingerprints: ['7F3A91C20B5DE844'],
    });
    expect(parseAddress(`host.local/dev#${FULL}`)).toMatchObject({ room: 'dev', fingerprints: [FULL] });
  });

  it('keeps the browser link (#/room/x) as a room, not a fingerprint', () => {
    expect(parseAddress('http://10.0.0.1:47800/#/room/dev')).toMatchObject({ room: 'dev', secure: false });
    expect(parseAddress('http://10.0.0.1:47800/#/room/dev')).not.toHaveProperty('fingerprints');
  });

  it('says what is wrong with a cut fingerprint', () => {
    expect(parseAddress('10.0.0.1/general#7F3A-91C2')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/“#7F3A-91C2” is not a key fingerprint/) as unknown as string,
      problem: { key: 'address.badFingerprint', params: { part: '7F3A-91C2' } },
    });
  });

  it('gives every host of a several-host address the fingerprints listed', () => {
    const parsed = parseAddresses('10.0.0.5,10.0.0.6:47801/general#7F3A-91C2-0B5D-E844,1111-2222-3333-4444');
    expect(parsed.ok && parsed.addresses.map((a) => a.fingerprints)).toEqual([
      ['7F3A91C20B5DE844', '1111222233334444'],
      ['7F3A91C20B5DE844', '1111222233334444'],
    ]);
  });

  it('prints the short form with the port only when it is not the default', () => {
    const a = parseAddress('192.168.1.20/general');
    const b = parseAddress('192.168.1.20:47801/dev');
    expect(a.ok && formatPinnedAddress(a, FULL)).toBe('192.168.1.20/general#7F3A-91C2-0B5D-E844');
    expect(b.ok && formatPinnedAddress(b, FULL)).toBe('192.168.1.20:47801/dev#7F3A-91C2-0B5D-E844');
  });
});
