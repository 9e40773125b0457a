import { describe, expect, it } from 'vitest';
import { charLength, decodeClientFrame, decodeHostFrame, encodeFrame, retryAfterOf } from '../src-shared/codec.ts';

const ok = (data: unknown) => decodeClientFrame(typeof data === 'string' ? data : JSON.stringify(data));

describe('decodeClientFrame', () => {
  it('decodes a full hello, trimming the name and ignoring unknown fields', () => {
    expect(
      ok({
        type: 'hello',
        protocol: 1,
        clientId: 'abcdefgh',
        name: ' Al ',
        password: 'p',
        since: 3,
        epoch: 'e',
        extra: 1,
      }),
    ).toEqual({
      ok: true,
      frame: { type: 'hello', protocol: 1, clientId: 'abcdefgh', name: 'Al', password: 'p', since: 3, epoch: 'e' },
    });
  });

  it('removes a bidi override from a name rather than refusing it (names.ts)', () => {
    const decoded = decodeClientFrame('{"type":"hello","protocol":1,"clientId":"abcdefgh","name":"A\\u202eB"}');
    expect(decoded).toMatchObject({ ok: true, frame: { name: 'AB' } });
  });

  it.each([
    ['{', 'bad_request'],
    ['null', 'bad_request'],
    ['[]', 'bad_request'],
    ['"hello"', 'bad_request'],
    ['{"type":5}', 'bad_request'],
    ['{"type":"nope"}', 'bad_request'],
    ['{"type":"hello","protocol":"1","clientId":"abcdefgh","name":"A"}', 'bad_hello'],
    ['{"type":"hello","protocol":2,"clientId":"abcdefgh","name":"A"}', 'protocol_version'],
    ['{"type":"hello","protocol":1,"clientId":"abc","name":"A"}', 'bad_hello'],
    ['{"type":"hello","protocol":1,"clientId":"abcdefgh","name":"\\u202e\\u200b"}', 'bad_hello'],
    ['{"type":"hello","protocol":1,"clientId":"abcdefgh","name":"A\\u0007B"}', 'bad_hello'],
    ['{"type":"hello","protocol":1,"clientId":"abcdefgh","name":"A","since":1.5}', 'bad_hello'],
    ['{"type":"send","id":"","text":"x"}', 'bad_request'],
    ['{"type":"send","id":"a/b","text":"x"}', 'bad_request'],
    ['{"type":"send","id":"ok"}', 'bad_request'],
    ['{"type":"ping","t":"x"}', 'bad_request'],
  ])('refuses %s with %s', (data, code) => {
    const r = ok(data);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe(code);
      expect(r.error.message.length).toBeGreaterThan(10);
    }
  });

  it('sets ref on send errors that have a valid id', () => {
    expect(ok({ type: 'send', id: 'x1', text: 'y'.repeat(4001) })).toMatchObject({
      ok: false,
      error: { code: 'too_large', ref: 'x1' },
    });
    expect(ok({ type: 'send', id: 'x1', text: ' ' })).toMatchObject({
      ok: false,
      error: { code: 'bad_request', ref: 'x1' },
    });
  });
});

describe('charLength', () => {
  it('counts code points, not UTF-16 units', () => {
    expect(charLength('abc')).toBe(3);
    expect(charLength('😀😀')).toBe(2);
    expect(charLength('😀'.repeat(3000))).toBe(3000);
  });
});

describe('decodeHostFrame', () => {
  const message = { type: 'message', seq: 1, id: 'a', from: { id: 'm-1', name: 'A' }, text: 't', ts: 1 };
  it('accepts every host frame of the contract and round-trips encodeFrame', () => {
    const frames = [
      message,
      {
        type: 'welcome',
        protocol: 1,
        room: 'g',
        epoch: 'e',
        you: { id: 'm', name: 'n' },
        members: [],
        history: [message],
        latestSeq: 1,
        truncated: false,
        server: { name: 's', version: '1' },
      },
      { type: 'presence', event: 'join', member: { id: 'm', name: 'n' } },
      { type: 'typing', member: { id: 'm', name: 'n' } },
      { type: 'pong', t: 5 },
      { type: 'error', code: 'rate_limited', message: 'slow down', ref: 'a' },
    ];
    for (const f of frames) expect(decodeHostFrame(encodeFrame(f as never))).toEqual({ ok: true, frame: f });
  });

  it('refuses unknown types and malformed frames (so a client can ignore them)', () => {
    expect(decodeHostFrame('{"type":"future"}').ok).toBe(false);
    expect(decodeHostFrame(JSON.stringify({ ...message, seq: -1 })).ok).toBe(false);
    expect(
      decodeHostFrame(JSON.stringify({ type: 'presence', event: 'wave', member: { id: 'm', name: 'n' } })).ok,
    ).toBe(false);
  });
});

describe("retryAfterOf (an error frame's retryAfter, from the network)", () => {
  it('keeps whole seconds from 1 s to an hour and drops anything else', () => {
    expect([1, 30, 3600].map(retryAfterOf)).toEqual([1, 30, 3600]);
    for (const junk of [0, -1, 1.5, 3601, 1e300, Number.NaN, '5', null, undefined, {}, [5]]) {
      expect(retryAfterOf(junk)).toBeUndefined();
    }
  });
});
