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
  type SendFrame,
} from './protocol.ts';
import { hasVisible, normalizeName } from './names.ts';
import { FILE_ID_PATTERN, FILE_LIMITS, isFileInfo } from './files.ts';
import { decodeRequest, isReply, isRequestType } from './request-codec.ts';
import { decodeChange, decodeRead, decodeReplyTo, isReadState, logFieldsValid } from './codec-log.ts';

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

/**
 * Controls in a message text: C0 but newline and tab, DEL, and C1 (whose CSI starts escape
 * sequences in some terminals). Refused: a message is text people read, not terminal commands.
 */
// eslint-disable-next-line no-control-regex
const TEXT_FORBIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/u;

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
 * Checks and normalizes a display name (names.ts): NFKC, invisible characters removed, white
 * space collapsed and trimmed, 1–32 characters with at least one visible, no control characters.
 * @returns the normalized name, or an English sentence saying what is wrong (and which rule, for
 *   a client to say it in the person's language).
 */
export function checkName(
  raw: unknown,
): { ok: true; name: string } | { ok: false; why: string; problem: 'type' | 'length' | 'control' } {
  if (typeof raw !== 'string') return { ok: false, why: 'name must be a string.', problem: 'type' };
  if (raw.length > LIMITS.maxNameChars * 8) {
    return { ok: false, why: `name must be 1–${LIMITS.maxNameChars} characters.`, problem: 'length' };
  }
  const name = normalizeName(raw);
  if (name === null) return { ok: false, why: 'name must not contain control characters.', problem: 'control' };
  const len = charLength(name);
  if (len < 1 || len > LIMITS.maxNameChars) {
    return { ok: false, why: `name must be 1–${LIMITS.maxNameChars} characters after trimming.`, problem: 'length' };
  }
  // Nothing visible left (only invisible or format characters): as good as empty.
  if (!hasVisible(name)) return { ok: false, why: 'name must have at least one visible character.', problem: 'length' };
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
  if (TEXT_FORBIDDEN.test(text)) {
    return {
      code: 'bad_request',
      message: 'A message cannot contain control characters (other than new lines and tabs).',
      ref,
    };
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
  const features = Array.isArray(o.features)
    ? o.features.slice(0, 16).filter((f): f is string => isShortString(f, 32))
    : undefined; // anything else: ignored, as an unknown field is
  const frame: ClientFrame = { type: 'hello', protocol: o.protocol, clientId: o.clientId, name: name.name };
  if (o.password !== undefined) frame.password = o.password;
  if (o.since !== undefined) frame.since = o.since;
  if (o.epoch !== undefined) frame.epoch = o.epoch;
  if (features !== undefined) frame.features = features;
  return { ok: true, frame };
}

function decodeSend(o: Obj, limits: CodecLimits): Decoded<ClientFrame> {
  if (typeof o.id !== 'string' || !SEND_ID_PATTERN.test(o.id)) {
    return fail('bad_request', 'send.id must be 1–64 characters of A–Z, a–z, 0–9, _ and -.');
  }
  const files = decodeFileIds(o.files, o.id);
  if (files && !Array.isArray(files)) return { ok: false, error: files };
  // A message with files may have no words (protocol 1.1): an empty caption is fine.
  const captionOnly = files !== undefined && typeof o.text === 'string' && o.text.trim() === '';
  const bad = captionOnly ? null : checkText(o.text, o.id, limits.maxTextChars);
  if (bad) return { ok: false, error: bad };
  const replyTo = decodeReplyTo(o);
  if (replyTo === null) return fail('bad_request', 'send.replyTo must be the seq of a message.', o.id);
  const frame: SendFrame = { type: 'send', id: o.id, text: captionOnly ? '' : (o.text as string) };
  if (replyTo !== undefined) frame.replyTo = replyTo;
  if (files) frame.files = files;
  return { ok: true, frame };
}

/** `send.files`: absent, or 1–10 distinct file ids. */
function decodeFileIds(v: unknown, ref: string): string[] | DecodeError | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.length === 0 || !v.every((f) => typeof f === 'string' && FILE_ID_PATTERN.test(f))) {
    return { code: 'bad_request', message: 'send.files must be a list of file ids ("f-…").', ref };
  }
  if (v.length > FILE_LIMITS.perMessage) {
    return { code: 'too_large', message: `A message can carry at most ${FILE_LIMITS.perMessage} files.`, ref };
  }
  if (new Set(v).size !== v.length) return { code: 'bad_request', message: 'send.files names a file twice.', ref };
  return v as string[];
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
    case 'edit':
    case 'delete':
    case 'react':
      return decodeChange(o, limits, checkText);
    case 'read':
      return decodeRead(o);
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
    typeof v.ts === 'number' &&
    (v.files === undefined || (Array.isArray(v.files) && v.files.every(isFileInfo))) &&
    logFieldsValid(v)
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
        (o.token === undefined || typeof o.token === 'string') &&
        (o.reads === undefined || (Array.isArray(o.reads) && o.reads.every((r) => isReadState(r, isMember))))
      );
    case 'message':
      return isChatMessage(o);
    case 'presence':
      return (o.event === 'join' || o.event === 'leave' || o.event === 'rename') && isMember(o.member);
    case 'typing':
      return isMember(o.member);
    case 'pong':
      return typeof o.t === 'number';
    case 'read':
      return isReadState(o, isMember);
    case 'error':
      return typeof o.code === 'string' && typeof o.message === 'string';
    case 'dm':
      return typeof o.room === 'string' && ROOM_ID_PATTERN.test(o.room) && isChatMessage(o.message);
    case 'history':
    case 'search':
    case 'rename':
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

/** The longest `retryAfter` a client believes (a host could say anything). */
const MAX_RETRY_AFTER_S = 3600;

/** An error frame's `retryAfter` when it is sensible (whole seconds, 1 s to 1 h), else undefined. */
export function retryAfterOf(v: unknown): number | undefined {
  return Number.isSafeInteger(v) && (v as number) >= 1 && (v as number) <= MAX_RETRY_AFTER_S
    ? (v as number)
    : undefined;
}
