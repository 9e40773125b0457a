/**
 * Requests on the socket (1.1): frames that carry a client-chosen `ref` and get exactly one
 * reply or one non-fatal `error` repeating it. This file checks both directions: a request a
 * host receives (strictly: an unknown field is refused, because a filter the host silently
 * ignored would give a wrong answer) and a reply a client receives.
 *
 * To add a request type: its frames in protocol.ts, one entry in REQUESTS (the fields it allows
 * and their checks) and one in REPLIES (the shape of its reply). Nothing else here changes.
 */
import { checkName } from './codec.ts';
import { LIMITS, REF_PATTERN, type RequestFrame, type RequestType } from './protocol.ts';

type Obj = Record<string, unknown>;

/** A request refused: always `bad_request`, with the ref when the frame had a valid one. */
export interface RequestError {
  code: 'bad_request';
  message: string;
  ref?: string;
}

export type DecodedRequest = { ok: true; frame: RequestFrame } | { ok: false; error: RequestError };

const isSeq = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isCount = (v: unknown, max: number): v is number =>
  Number.isSafeInteger(v) && (v as number) >= 1 && (v as number) <= max;

/** Counts code points (a query's length is in characters, as a message's is). */
const chars = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

/** Checks one request's own fields (beyond `type` and `ref`); returns a sentence when one is wrong. */
type FieldCheck = (o: Obj) => string | undefined;

interface RequestSpec {
  /** Every field the request may carry besides `type` and `ref`. */
  fields: readonly string[];
  check: FieldCheck;
}

const REQUESTS: { [K in RequestType]: RequestSpec } = {
  history: {
    fields: ['before', 'limit'],
    check: (o) => {
      if (!isSeq(o.before)) return 'history.before must be a whole number ≥ 0 (a seq).';
      if (!isCount(o.limit, LIMITS.historyPageMax))
        return `history.limit must be a whole number from 1 to ${LIMITS.historyPageMax}.`;
      return undefined;
    },
  },
  search: {
    fields: ['q', 'limit', 'before'],
    check: (o) => {
      if (typeof o.q !== 'string') return 'search.q must be a string.';
      const n = o.q.length > LIMITS.searchQueryMaxChars * 2 ? Infinity : chars(o.q);
      if (o.q.trim() === '' || n > LIMITS.searchQueryMaxChars) {
        return `search.q must be 1–${LIMITS.searchQueryMaxChars} characters, not only white space.`;
      }
      if (!isCount(o.limit, LIMITS.searchPageMax))
        return `search.limit must be a whole number from 1 to ${LIMITS.searchPageMax}.`;
      if (o.before !== undefined && !isSeq(o.before))
        return 'search.before must be a whole number ≥ 0 (a seq) when given.';
      return undefined;
    },
  },
  // Extension (feature `rename`): the name follows hello's rules (codec.ts checkName).
  rename: {
    fields: ['name'],
    check: (o) => {
      const name = checkName(o.name);
      return name.ok ? undefined : `rename.${name.why}`;
    },
  },
};

/** Whether a frame type is a request on the socket. */
export function isRequestType(type: unknown): type is RequestType {
  return typeof type === 'string' && Object.hasOwn(REQUESTS, type);
}

/**
 * Decodes a request (its `type` already known to be one). The `ref` is checked first, so that
 * every later refusal can name it.
 */
export function decodeRequest(o: Obj & { type: RequestType }): DecodedRequest {
  const spec = REQUESTS[o.type];
  if (typeof o.ref !== 'string' || !REF_PATTERN.test(o.ref)) {
    return {
      ok: false,
      error: { code: 'bad_request', message: `${o.type}.ref must be 1–64 characters of A–Z, a–z, 0–9, _ and -.` },
    };
  }
  const ref = o.ref;
  const unknown = Object.keys(o).find((k) => k !== 'type' && k !== 'ref' && !spec.fields.includes(k));
  if (unknown !== undefined) {
    return {
      ok: false,
      error: { code: 'bad_request', message: `${o.type} has no field "${unknown.slice(0, 32)}".`, ref },
    };
  }
  const why = spec.check(o);
  if (why) return { ok: false, error: { code: 'bad_request', message: why, ref } };
  const frame: Obj = { type: o.type, ref };
  for (const k of spec.fields) if (o[k] !== undefined) frame[k] = o[k];
  return { ok: true, frame: frame as unknown as RequestFrame };
}

// ---- replies, checked by clients ----------------------------------------------------------------

/** The checks of each reply's own fields; `isMessage` checks one `message` entry. */
const REPLIES: { [K in RequestType]: (o: Obj, isMessage: (v: unknown) => boolean) => boolean } = {
  history: (o, isMessage) => Array.isArray(o.messages) && o.messages.every(isMessage) && typeof o.more === 'boolean',
  search: (o, isMessage) => Array.isArray(o.results) && o.results.every(isMessage) && typeof o.more === 'boolean',
  rename: (o) =>
    typeof o.you === 'object' &&
    o.you !== null &&
    typeof (o.you as Obj).id === 'string' &&
    typeof (o.you as Obj).name === 'string',
};

/** Whether a host frame is a well-formed reply to a request. */
export function isReply(o: Obj, isMessage: (v: unknown) => boolean): boolean {
  return isRequestType(o.type) && typeof o.ref === 'string' && REPLIES[o.type](o, isMessage);
}
