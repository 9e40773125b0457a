import { describe, expect, it } from 'vitest';
import { IPC, isInvokeChannel, validateInvoke, type InvokeChannel } from '../src-shared/bridge.ts';

const refused = (channel: InvokeChannel, args: unknown[]) => {
  const r = validateInvoke(channel, args);
  return r.ok ? 'accepted' : r.error;
};

describe('bridge argument validation (every IPC call from the renderer)', () => {
  it('names every channel once, under the lanchat: prefix', () => {
    const names = Object.values(IPC);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^lanchat:[a-z-]+$/);
    expect(isInvokeChannel(IPC.hostStart)).toBe(true);
    expect(isInvokeChannel(IPC.hostStatusEvent)).toBe(false);
    expect(isInvokeChannel('toString')).toBe(false);
  });

  it('checks the number of arguments', () => {
    expect(refused(IPC.hostStop, [1])).toMatch(/takes 0 argument/);
    expect(refused(IPC.hostStart, [])).toMatch(/takes 1 argument/);
    expect(refused('lanchat:nope' as InvokeChannel, [])).toMatch(/Unknown channel/);
  });

  it('accepts a host request and drops an empty password', () => {
    expect(validateInvoke(IPC.hostStart, [{ room: 'dev', port: 47800, password: '' }])).toEqual({
      ok: true,
      value: [{ room: 'dev', port: 47800 }],
    });
    expect(validateInvoke(IPC.hostStart, [{ room: 'dev', port: 0, password: 'pw' }])).toEqual({
      ok: true,
      value: [{ room: 'dev', port: 0, password: 'pw' }],
    });
    expect(validateInvoke(IPC.hostStart, [{ room: 'dev', port: 1, announce: false }])).toEqual({
      ok: true,
      value: [{ room: 'dev', port: 1, announce: false }],
    });
  });

  it.each([
    [null, /must be an object/],
    [[{ room: 'dev', port: 1 }], /must be an object/],
    [{ room: '../x', port: 1 }, /room is not valid/],
    [{ room: 'dev', port: 70000 }, /port must be a whole number/],
    [{ room: 'dev', port: 1.5 }, /port must be a whole number/],
    [{ room: 'dev', port: '47800' }, /port must be a whole number/],
    [{ room: 'dev', port: 1, password: 'x'.repeat(257) }, /password must be a string/],
    [{ room: 'dev', port: 1, bind: '0.0.0.0' }, /request.bind is not expected/],
    [{ room: 'dev', port: 1, announce: 'no' }, /announce/],
  ])('refuses the host request %j', (arg, why) => {
    expect(refused(IPC.hostStart, [arg])).toMatch(why);
  });

  it('normalizes a settings patch and refuses what is not a setting', () => {
    expect(
      validateInvoke(IPC.settingsSet, [{ name: '  Ada ', hosting: { autoStart: true, announce: false } }]),
    ).toEqual({
      ok: true,
      value: [{ name: 'Ada', hosting: { autoStart: true, announce: false } }],
    });
    expect(refused(IPC.settingsSet, [{ hosting: { announce: 'off' } }])).toMatch(/announce/);
    expect(refused(IPC.settingsSet, [{ clientId: 'stolenid123' }])).toMatch(/clientId is not expected/);
    expect(refused(IPC.settingsSet, [{ name: 'a\u0007b' }])).toMatch(/control characters/);
    expect(refused(IPC.settingsSet, [{ name: '\u0301\u0301' }])).toMatch(/visible character/);
    // A bidi override is an invisible format character: removed, as the host does (names.ts).
    expect(validateInvoke(IPC.settingsSet, [{ name: 'a\u202eb' }])).toEqual({ ok: true, value: [{ name: 'ab' }] });
    expect(refused(IPC.settingsSet, [{ hosting: { port: -1 } }])).toMatch(/hosting.port/);
    const many = Array.from({ length: 21 }, (_, i) => ({ address: `h${i}/general`, lastJoinedAt: i }));
    expect(refused(IPC.settingsSet, [{ recentRooms: many }])).toMatch(/at most 20/);
    expect(refused(IPC.settingsSet, [{ notifications: 'yes' }])).toMatch(/true or false/);
    // The window's language, which the tray follows: the two catalogs and "system", nothing else.
    for (const language of ['system', 'en', 'zh-CN']) {
      expect(validateInvoke(IPC.settingsSet, [{ language }])).toEqual({ ok: true, value: [{ language }] });
    }
    expect(refused(IPC.settingsSet, [{ language: 'fr' }])).toMatch(/settings.language/);
    expect(refused(IPC.settingsSet, [{ language: 7 }])).toMatch(/settings.language/);
  });

  it('checks outbox entries like the protocol checks a send', () => {
    const room = '10.0.0.2/general';
    const entry = { id: 'abc_1', text: 'hello', createdAt: 1, state: 'failed', error: { code: 'x', message: 'y' } };
    expect(validateInvoke(IPC.outboxSet, [room, [entry]])).toEqual({ ok: true, value: [room, [entry]] });
    expect(validateInvoke(IPC.outboxGet, [room])).toEqual({ ok: true, value: [room] });
    expect(refused(IPC.outboxGet, ['has space'])).toMatch(/room is not valid/);
    expect(refused(IPC.outboxSet, [room, [{ ...entry, text: '   ' }]])).toMatch(/empty/);
    expect(refused(IPC.outboxSet, [room, [{ ...entry, text: 'x'.repeat(4001) }]])).toMatch(/at most 4000/);
    expect(refused(IPC.outboxSet, [room, [{ ...entry, id: 'a b' }]])).toMatch(/outbox\[0\]\.id is not valid/);
    expect(refused(IPC.outboxSet, [room, [{ ...entry, createdAt: -1 }]])).toMatch(/createdAt must be/);
    expect(refused(IPC.outboxSet, [room, [{ ...entry, state: 'sent' }]])).toMatch(/state must be/);
  });

  it('shortens a long notification instead of refusing it, and checks the unread count and URL type', () => {
    const r = validateInvoke(IPC.notify, [{ title: 'T', body: 'b'.repeat(1000), room: 'r' }]);
    expect(r.ok && r.value[0].body.length).toBe(300);
    expect(r.ok && r.value[0].body.endsWith('…')).toBe(true);
    expect(refused(IPC.setUnread, [-1])).toMatch(/count/);
    expect(refused(IPC.setUnread, [NaN])).toMatch(/count/);
    expect(validateInvoke(IPC.setUnread, [3])).toEqual({ ok: true, value: [3] });
    expect(refused(IPC.openExternal, [{ href: 'https://x' }])).toMatch(/url must be a string/);
  });

  it('takes one room address to check a host key, and nothing else', () => {
    const address = '192.168.1.20/dev#7F3A-91C2-0B5D-E844';
    expect(validateInvoke(IPC.tlsCheck, [address])).toEqual({ ok: true, value: [address] });
    expect(refused(IPC.tlsCheck, ['not an address!'])).toMatch(/address is not valid/);
    expect(refused(IPC.tlsCheck, [{ host: 'x' }])).toMatch(/address must be a string/);
    expect(refused(IPC.tlsCheck, ['a'.repeat(400)])).toMatch(/at most 300/);
  });

  it('the nearby list and checks take nothing; a host to remember is one address', () => {
    expect(validateInvoke(IPC.nearbyList, [])).toEqual({ ok: true, value: [] });
    expect(refused(IPC.nearbyList, ['x'])).toMatch(/takes 0 argument/);
    expect(refused(IPC.nearbyWhy, [{}])).toMatch(/takes 0 argument/);
    expect(validateInvoke(IPC.nearbyLearn, ['192.168.1.20:47801'])).toEqual({
      ok: true,
      value: ['192.168.1.20:47801'],
    });
    expect(refused(IPC.nearbyLearn, ['not an address!'])).toMatch(/address is not valid/);
    expect(refused(IPC.nearbyLearn, [['192.168.1.20']])).toMatch(/address must be a string/);
    expect(refused(IPC.nearbyLearn, ['a'.repeat(400)])).toMatch(/at most 300/);
  });
});
