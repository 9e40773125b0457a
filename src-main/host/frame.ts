/**
 * Frame once, write many: a host→client WebSocket text frame (RFC 6455 §5.2, unmasked as a
 * server's frames are) built a single time per broadcast, so that sending it to a thousand sockets
 * is a thousand writes of the same bytes, not a thousand framings. Several messages of one tick
 * are framed back to back into one buffer: each socket then gets the whole tick in one write.
 */

/** One or more complete frames, back to back, with what is needed to send only a suffix of them. */
export interface Framed {
  /** The wire bytes: complete unmasked text frames, back to back. */
  readonly bytes: Buffer;
  /** Each frame's payload (the JSON text), for a socket that must be sent them one by one. */
  readonly payloads: readonly Buffer[];
  /** Each frame's chat `seq` (non-decreasing), or undefined for frames that have none. */
  readonly seqs: readonly (number | undefined)[];
  /** Where each frame starts in `bytes`. */
  readonly starts: readonly number[];
}

/** The header of an unmasked final text frame carrying `length` payload bytes. */
export function textFrameHeader(length: number): Buffer {
  if (length < 126) return Buffer.from([0x81, length]);
  if (length < 0x10000) {
    const h = Buffer.allocUnsafe(4);
    h[0] = 0x81;
    h[1] = 126;
    h.writeUInt16BE(length, 2);
    return h;
  }
  const h = Buffer.allocUnsafe(10);
  h[0] = 0x81;
  h[1] = 127;
  h.writeBigUInt64BE(BigInt(length), 2);
  return h;
}

/**
 * Frames payloads (UTF-8 JSON texts) into one buffer of consecutive text frames.
 * @param seqs the chat seq of each payload (non-decreasing), or omitted for frames without one
 */
export function frameAll(payloads: readonly Buffer[], seqs: readonly (number | undefined)[] = []): Framed {
  const headers = payloads.map((p) => textFrameHeader(p.length));
  let total = 0;
  for (let i = 0; i < payloads.length; i++) total += headers[i]!.length + payloads[i]!.length;
  const bytes = Buffer.allocUnsafe(total);
  const starts: number[] = [];
  let at = 0;
  for (let i = 0; i < payloads.length; i++) {
    starts.push(at);
    at += headers[i]!.copy(bytes, at);
    at += payloads[i]!.copy(bytes, at);
  }
  return { bytes, payloads, seqs: payloads.map((_, i) => seqs[i]), starts };
}

/**
 * The index of the first frame a socket that has seen every seq up to `floor` still needs
 * (`payloads.length` when it needs none). Frames without a seq are always needed.
 */
export function firstNeeded(framed: Framed, floor: number): number {
  const { seqs } = framed;
  let i = 0;
  while (i < seqs.length && seqs[i] !== undefined && seqs[i]! <= floor) i++;
  return i;
}
