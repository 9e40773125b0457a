/**
 * What a window is told about the network is checked where it arrives (the browser's
 * `/api/nearby`, the desktop bridge's push): other machines wrote parts of it.
 */
import { describe, expect, it } from 'vitest';
import { checkDiagnosis, checkNearbyReply } from '../src-shared/nearby-checks.ts';

const host = {
  name: 'Workshop',
  fingerprint: 'A'.repeat(64),
  addresses: ['192.168.1.20:47800', '[fd00::5]:47800'],
  rooms: [{ id: 'ops', members: 2, locked: false }],
  via: 'mdns',
  seen: 1_764_000_000_000,
};
const reply = { browsing: true, announcing: false, hosts: [host] };
const error = (v: unknown) => {
  const c = checkNearbyReply(v);
  return c.ok ? 'accepted' : c.error;
};

describe('checkNearbyReply', () => {
  it('accepts a list as a host sends it, unchanged', () => {
    expect(checkNearbyReply(reply)).toEqual({ ok: true, value: reply });
    expect(checkNearbyReply({ browsing: false, announcing: false, hosts: [] }).ok).toBe(true);
  });

  it('refuses what a lying or broken peer could put in it, naming the field', () => {
    const withHost = (h: object) => ({ ...reply, hosts: [{ ...host, ...h }] });
    expect(error(withHost({ name: 'Bob\u202Eevil' }))).toMatch(/hosts\[0\]\.name is not valid/);
    expect(error(withHost({ name: 'x'.repeat(500) }))).toMatch(/hosts\[0\]\.name must be a string/);
    expect(error(withHost({ addresses: ['192.168.1.20:47800/room'] }))).toMatch(/not a host:port/);
    expect(error(withHost({ addresses: Array(9).fill('10.0.0.1:1') }))).toMatch(/at most 8/);
    expect(error(withHost({ rooms: [{ id: '../etc', members: 1, locked: false }] }))).toMatch(/rooms\[0\]\.id/);
    expect(error(withHost({ rooms: [{ id: 'a', members: -1, locked: false }] }))).toMatch(/members/);
    expect(error(withHost({ via: 'rumour' }))).toMatch(/via must be/);
    expect(error(withHost({ fingerprint: 'nothex' }))).toMatch(/fingerprint is not valid/);
    expect(error(withHost({ extra: 1 }))).toMatch(/extra is not expected/);
    expect(error({ ...reply, hosts: Array(129).fill(host) })).toMatch(/at most 128/);
    expect(error({ ...reply, browsing: 'yes' })).toMatch(/browsing must be true or false/);
    expect(error(null)).toMatch(/must be an object/);
  });
});

describe('checkDiagnosis', () => {
  const d = {
    platform: 'linux',
    hosting: false,
    port: 0,
    loopbackOnly: false,
    addresses: [{ interface: 'eth0', address: '192.168.1.7' }],
    announcing: false,
    browsing: true,
    hostsSeen: 3,
    firewall: 'If a firewall is on…',
  };

  it('accepts the app’s own checks and a host’s (with its port per address)', () => {
    expect(checkDiagnosis(d)).toEqual({ ok: true, value: d });
    const hosted = {
      ...d,
      hosting: true,
      port: 47800,
      addresses: [{ interface: 'eth0', address: '192.168.1.7:47800', portOpen: true }],
    };
    expect(checkDiagnosis(hosted)).toEqual({ ok: true, value: hosted });
  });

  it('reads a host from before `hosting` as hosting; refuses a wrong field', () => {
    const { hosting: _h, ...old } = d;
    expect(checkDiagnosis({ ...old, port: 47800 })).toMatchObject({ ok: true, value: { hosting: true } });
    expect(checkDiagnosis({ ...d, port: 70000 })).toMatchObject({ ok: false, error: expect.stringMatching(/port/) });
    expect(checkDiagnosis({ ...d, platform: '<b>' })).toMatchObject({ ok: false });
    expect(checkDiagnosis({ ...d, addresses: [{ interface: 'eth0', address: 'x', portOpen: 'no' }] })).toMatchObject({
      ok: false,
    });
  });
});
