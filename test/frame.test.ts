import * as wsModule from 'ws';
import { describe, expect, it } from 'vitest';
import { firstNeeded, frameAll, textFrameHeader } from '../src-main/host/frame.ts';

/** ws's own frame parser (a client-side one: server frames are unmasked), as the judge. */
interface Receiver {
  write(chunk: Buffer): boolean;
  on(event: 'message', fn: (data: Buffer, binary: boolean) => void): void;
  on(event: 'error', fn: (err: Error) => void): void;
}
// ws exports its Receiver at runtime; @types/ws does not declare it.
const ReceiverClass = (wsModule as unknown as { Receiver: new (o: object) => Receiver }).Receiver;

function parse(bytes: Buffer, chunk = bytes.length): { texts: string[]; errors: Error[] } {
  const receiver = new ReceiverClass({ isServer: false, maxPayload: 0 });
  const texts: string[] = [];
  const errors: Error[] = [];
  receiver.on('message', (data, binary) => texts.push(`${binary ? 'binary:' : ''}${data.toString()}`));
  receiver.on('error', (err) => errors.push(err));
  for (let i = 0; i < bytes.length; i += chunk) receiver.write(bytes.subarray(i, i + chunk));
  return { texts, errors };
}

describe('frame once (frame.ts)', () => {
  it('builds headers ws parses, at every length boundary', () => {
    for (const length of [0, 1, 125, 126, 127, 65535, 65536, 70000]) {
      const text = 'é'.repeat(Math.floor(length / 2)) + (length % 2 ? 'x' : '');
      const payload = Buffer.from(text);
      expect(payload.length).toBe(length);
      const { texts, errors } = parse(Buffer.concat([textFrameHeader(length), payload]));
      expect(errors).toEqual([]);
      expect(texts).toEqual([text]);
    }
  });

  it('uses the shortest length encoding (RFC 6455 §5.2)', () => {
    expect([...textFrameHeader(125)]).toEqual([0x81, 125]);
    expect([...textFrameHeader(126)]).toEqual([0x81, 126, 0, 126]);
    expect([...textFrameHeader(65536)]).toEqual([0x81, 127, 0, 0, 0, 0, 0, 1, 0, 0]);
  });

  it('frames a batch back to back, in order, even when read in small pieces', () => {
    const payloads = ['{"a":1}', 'x'.repeat(300), '{"c":"ü"}'].map((s) => Buffer.from(s));
    const framed = frameAll(payloads, [7, 8, 9]);
    expect(framed.starts).toEqual([0, 9, 9 + 4 + 300]);
    expect(parse(framed.bytes, 5).texts).toEqual(payloads.map((p) => p.toString()));
    // A suffix from a frame start is itself a valid stream of frames.
    expect(parse(framed.bytes.subarray(framed.starts[1])).texts).toEqual(payloads.slice(1).map((p) => p.toString()));
  });

  it('skips the prefix a socket already had in its welcome', () => {
    const framed = frameAll([Buffer.from('a'), Buffer.from('b'), Buffer.from('c')], [10, 11, 12]);
    expect(firstNeeded(framed, 9)).toBe(0);
    expect(firstNeeded(framed, 10)).toBe(1);
    expect(firstNeeded(framed, 12)).toBe(3);
    expect(firstNeeded(frameAll([Buffer.from('presence')]), 100)).toBe(0);
  });
});
