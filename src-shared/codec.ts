/**
 * The one place where frames from the network are parsed. Everything that arrives is untrusted:
 * `decodeClientFrame` (used by the host) and `decodeHostFrame` (used by clients) turn a text frame
 * into a typed frame or a precise error that a person can read. Unknown extra fields are ignored
 * so that the protocol can grow; a missing or mistyped field is an error.
 */
import {
  CLIENT_ID_PATTERN,
  LIMITS,
  PROTOCOL_VERSION,
  ROOM_ID_PATTERN,
  SEND_ID_PATTERN,
  type ChatMessage,
  type ClientFrame,
  type ErrorCode,
  type HostFrame,
  type Member,
} from './protocol.ts';
import { decodeRequest, isReply, isRequestType } from './request-codec.ts';

/** Why a frame was refused: the error code to answer with, and a sentence for people. */
export interface DecodeError {
  code: Extract<ErrorCode, 'bad_request' | 'too_large' | 'bad_hello' | 'protocol_version'>;
  message: string;
  /** The `send` id the error refers to, when the frame had a valid one. */
  ref?: string;
}

export type Decoded<T> = { ok: true; frame: T } | { ok: false; error: DecodeError };

type Obj = Record<string, unknown>;

const fail = (code: DecodeError['code'], message: string, ref?: string): Decoded<never> => ({
  ok: false,
  error: ref === undefined ? { code, message } : { code, message, ref },
});

/** C0/C1 controls and the bidirectional overrides that could make a name lie about itself. */
// eslint-disable-next-line no-control-regex
const NAME_FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

/** Counts Unicode code points without allocating for the common short case. */
export function charLength(text: string): number {
  if (text.length <= LIMITS.maxTextChars) {
    let surrogates = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0xdc00 && c <= 0xdfff) surrogates++;
    }
    return text.length - surrogates;
  }
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/**
 * Checks and normalizes a display name: trimmed, 1–32 characters, no control characters.
 * @returns the trimmed name, or an English sentence saying what is wrong.
 */
export function checkName(raw: unknown): { ok: true; name: string } | { ok: false; why: string } {
  if (typeof raw !== 'string') return { ok: false, why: 'name must be a string.' };
  const name = raw.trim();
  const len = charLength(name);
  if (len < 1 || len > LIMITS.maxNameChars) {
    return { ok: false, why: `name must be 1–${LIMITS.maxNameChars} characters after trimming.` };
  }
  if (NAME_FORBIDDEN.test(name)) return { ok: false, why: 'name must not contain control characters.' };
  return { ok: true, name };
}

/** The limits a decoder applies; a host may configure its own (the contract's by default). */
export interface CodecLimits {
  maxTextChars: number;
}

/** Checks a message text; returns null when it is fine, else the error to answer with. */
export function checkText(text: unknown, ref?: string, maxChars: number = LIMITS.maxTextChars): DecodeError | null {
  if (typeof text !== 'string') return { code: 'bad_request', message: 'send.text must be a string.', ref };
  if (text.trim() === '') {
    return { code: 'bad_request', message: 'A message cannot be empty or only white space.', ref };
  }
  if (charLength(text) > maxChars) {
    return {
      code: 'too_large',
      message: `A message can be at most ${maxChars} characters long.`,
      ref,
    };
  }
  return null;
}

function parseObject(data: string): Obj | null {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Obj) : null;
}

const isSeq = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isShortString = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;

function decodeHello(o: Obj): Decoded<ClientFrame> {
  if (typeof o.protocol !== 'number') return fail('bad_hello', 'hello.protocol must be a number.');
  if (o.protocol !== PROTOCOL_VERSION) {
    return fail('protocol_version', `This host speaks protocol ${PROTOCOL_VERSION}, not ${o.protocol}.`);
  }
  if (typeof o.clientId !== 'string' || !CLIENT_ID_PATTERN.test(o.clientId)) {
    return fail('bad_hello', 'hello.clientId must be 8–64 characters of A–Z, a–z, 0–9, _ and -.');
  }
  const name = checkName(o.name);
  if (!name.ok) return fail('bad_hello', `hello.${name.why}`);
  if (o.password !== undefined && !isShortString(o.password, 1024)) {
    return fail('bad_hello', 'hello.password must be a string of at most 1024 characters.');
  }
  if (o.since !== undefined && !isSeq(o.since)) {
    return fail('bad_hello', 'hello.since must be a whole number ≥ 0.');
  }
  if (o.epoch !== undefined && !isShortString(o.epoch, 128)) {
    return fail('bad_hello', 'hello.epoch must be a string of at most 128 characters.');
  }
  const frame: ClientFrame = { type: 'hello', protocol: o.protocol, clientId: o.clientId, name: name.name };
  if (o.password !== undefined) frame.password = o.password;
  if (o.since !== undefined) frame.since = o.since;
  if (o.epoch !== undefined) frame.epoch = o.epoch;
  return { ok: true, frame };
}

function decodeSend(o: Obj, limits: CodecLimits): Decoded<ClientFrame> {
  if (typeof o.id !== 'string' || !SEND_ID_PATTERN.test(o.id)) {
    return fail('bad_request', 'send.id must be 1–64 characters of A–Z, a–z, 0–9, _ and -.');
  }
  const bad = checkText(o.text, o.id, limits.maxTextChars);
  if (bad) return { ok: false, error: bad };
  return { ok: true, frame: { type: 'send', id: o.id, text: o.text as string } };
}

/**
 * Decodes a text frame sent by a client.
 * @param data the frame's text
 * @param limits the host's limits (the contract's by default)
 * @returns the typed frame, or the error to answer with
 */
export function decodeClientFrame(data: string, limits: CodecLimits = LIMITS): Decoded<ClientFrame> {
  const o = parseObject(data);
  if (!o) return fail('bad_request', 'A frame must be one JSON object.');
  if (isRequestType(o.type)) return decodeRequest(o as Obj & { type: typeof o.type });
  switch (o.type) {
    case 'hello':
      return decodeHello(o);
    case 'send':
      return decodeSend(o, limits);
    case 'typing':
      return { ok: true, frame: { type: 'typing' } };
    case 'ping':
      if (typeof o.t !== 'number' || !Number.isFinite(o.t)) return fail('bad_request', 'ping.t must be a number.');
      return { ok: true, frame: { type: 'ping', t: o.t } };
    default:
      return typeof o.type === 'string'
        ? fail('bad_request', `Unknown frame type "${o.type.slice(0, 32)}".`)
        : fail('bad_request', 'A frame needs a string "type".');
  }
}

// ---- host frames, checked by clients ----------------------------------------------------------

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isMember = (v: unknown): v is Member => isObj(v) && typeof v.id === 'string' && typeof v.name === 'string';

/** Whether a value is a well-formed `message` frame. */
export function isChatMessage(v: unknown): v is ChatMessage {
  return (
    isObj(v) &&
    v.type === 'message' &&
    isSeq(v.seq) &&
    typeof v.id === 'string' &&
    isMember(v.from) &&
    typeof v.text === 'string' &&
    typeof v.ts === 'number'
  );
}

function checkHostFrame(o: Obj): boolean {
  switch (o.type) {
    case 'welcome':
      return (
        typeof o.room === 'string' &&
        typeof o.epoch === 'string' &&
        isMember(o.you) &&
        Array.isArray(o.members) &&
        o.members.every(isMember) &&
        Array.isArray(o.history) &&
        o.history.every(isChatMessage) &&
        isSeq(o.latestSeq) &&
        typeof o.truncated === 'boolean' &&
        (o.features === undefined || (Array.isArray(o.features) && o.features.every((f) => typeof f === 'string'))) &&
        (o.token === undefined || typeof o.token === 'string')
      );
    case 'message':
      return isChatMessage(o);
    case 'presence':
      return (o.event === 'join' || o.event === 'leave') && isMember(o.member);
    case 'typing':
      return isMember(o.member);
    case 'pong':
      return typeof o.t === 'number';
    case 'error':
      return typeof o.code === 'string' && typeof o.message === 'string';
    case 'dm':
      return typeof o.room === 'string' && ROOM_ID_PATTERN.test(o.room) && isChatMessage(o.message);
    case 'history':
    case 'search':
      return isReply(o, isChatMessage);
    default:
      return false;
  }
}

/**
 * Decodes a text frame sent by a host. Unknown types and malformed frames are refused so that a
 * client can ignore them (a newer host may send types this client does not know).
 */
export function decodeHostFrame(data: string): Decoded<HostFrame> {
  const o = parseObject(data);
  if (!o) return fail('bad_request', 'The host sent a frame that is not a JSON object.');
  if (!checkHostFrame(o)) {
    return fail('bad_request', `The host sent an unknown or malformed "${String(o.type).slice(0, 32)}" frame.`);
  }
  // An error code this client does not know (from a newer host) is kept: its message is readable.
  return { ok: true, frame: o as unknown as HostFrame };
}

/** Serializes a frame. The single encoder for both directions. */
export function encodeFrame(frame: ClientFrame | HostFrame): string {
  return JSON.stringify(frame);
}
