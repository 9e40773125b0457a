import { beforeEach, describe, expect, it } from 'vitest';
import { roomSocketUrl } from '../../src-shared/address.ts';
import { formatAddresses, parseAddresses } from '../../src-shared/addresses.ts';
import { ChatClient } from '../../src-shared/client/chat-client.ts';
import { FakeSocket, ManualClock } from '../helpers/fake-socket.ts';

const hostsOf = (input: string) => {
  const r = parseAddresses(input);
  if (!r.ok) throw new Error(r.error);
  return r.addresses.map((a) => `${a.host}:${a.port}/${a.room}${a.secure ? ' tls' : ''}`);
};

describe('parseAddresses', () => {
  it('reads several hosts of one room; the last host’s port and the room apply to all', () => {
    expect(hostsOf('10.0.0.5,10.0.0.6:47801/general')).toEqual(['10.0.0.5:47801/general', '10.0.0.6:47801/general']);
    expect(hostsOf('a:1, b:2/dev')).toEqual(['a:1/dev', 'b:2/dev']);
    expect(hostsOf('a:1,b')).toEqual(['a:1/general', 'b:47800/general']);
    expect(hostsOf('wss://[fe80::1],fe80::2,h.local:9/room/x')).toEqual([
      'fe80::1:9/x tls',
      'fe80::2:9/x tls',
      'h.local:9/x tls',
    ]);
    expect(hostsOf('a,a:47800,b')).toEqual(['a:47800/general', 'b:47800/general']); // duplicates dropped
    expect(hostsOf('192.168.1.20/dev')).toEqual(['192.168.1.20:47800/dev']); // one host: as parseAddress
  });

  it('says which host is wrong', () => {
    expect(parseAddresses('a,,b')).toMatchObject({ ok: false, error: expect.stringContaining('empty host') });
    expect(parseAddresses('a,b c:1/x')).toMatchObject({ ok: false, error: expect.stringMatching(/^Host 2: /) });
    expect(parseAddresses('a,b:99999')).toMatchObject({ ok: false, error: expect.stringContaining('65535') });
    expect(parseAddresses('')).toMatchObject({ ok: false });
  });

  it('formats what it reads back', () => {
    for (const text of ['a,b:47801/dev', 'a,b/general', 'a:1,b:47800/x', '[fe80::1],c:5/r']) {
      const r = parseAddresses(text);
      if (!r.ok) throw new Error(r.error);
      const again = parseAddresses(formatAddresses(r.addresses));
      expect(again).toEqual(r);
    }
    expect(formatAddresses([{ host: 'a', port: 47800, room: 'g', secure: false }])).toBe('a/g');
  });
});

describe('ChatClient with several addresses', () => {
  let clock: ManualClock;
  beforeEach(() => {
    clock = new ManualClock();
    FakeSocket.all = [];
  });

  it('moves to the next address when a socket closes, resuming by seq, and wraps around', () => {
    const parsed = parseAddresses('a,b:47801/general');
    if (!parsed.ok) throw new Error(parsed.error);
    const c = new ChatClient({
      addresses: parsed.addresses,
      name: 'Me',
      clientId: 'client-0001',
      WebSocket: FakeSocket,
      now: () => clock.now,
      timers: clock,
      random: () => 0,
    });
    expect(c.urls).toEqual(parsed.addresses.map(roomSocketUrl));
    c.start();
    expect(FakeSocket.last.url).toBe('ws://a:47801/room/general');
    FakeSocket.last.open();
    const me = { id: 'm-me', name: 'Me' };
    const msg = (seq: number) => ({ type: 'message', seq, id: `i${seq}`, from: me, text: 't', ts: 1 });
    FakeSocket.last.receive({
      ...{ type: 'welcome', protocol: 1, room: 'general', epoch: 'E', you: me, members: [] },
      ...{ history: [msg(1), msg(2)], latestSeq: 2, truncated: false, server: { name: 'a', version: '1' } },
    });
    FakeSocket.last.drop(1006); // host a is gone
    expect(c.url).toBe('ws://b:47801/room/general');
    clock.advance(1000);
    expect(FakeSocket.all).toHaveLength(2);
    expect(FakeSocket.last.url).toBe('ws://b:47801/room/general');
    FakeSocket.last.open();
    expect(FakeSocket.last.sentOf('hello')[0]).toMatchObject({ since: 2, epoch: 'E' });
    FakeSocket.last.drop(1006); // b fails too: back to a
    clock.advance(5000);
    expect(FakeSocket.last.url).toBe('ws://a:47801/room/general');
    // A close after which the client must not reconnect does not move it.
    FakeSocket.last.drop(4003);
    expect(c.state).toBe('closed');
    expect(c.url).toBe('ws://a:47801/room/general');
  });

  it('keeps working with one address, as before', () => {
    const c = new ChatClient({ url: 'ws://h:1/room/x', name: 'Me', clientId: 'client-0001', WebSocket: FakeSocket });
    expect(c.urls).toEqual(['ws://h:1/room/x']);
    expect(c.url).toBe('ws://h:1/room/x');
    expect(() => new ChatClient({ urls: [], name: 'Me', clientId: 'client-0001', WebSocket: FakeSocket })).toThrow(
      TypeError,
    );
  });
});
