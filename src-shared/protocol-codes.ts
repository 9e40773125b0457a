/**
 * The contract's close codes and error codes: which close ends the session for good, which
 * errors are fatal and the close that follows each (docs/protocol.md, "Errors" and "Close codes").
 * protocol.ts re-exports all of it.
 */
/** WebSocket close codes used by the contract. */
export const CloseCode = Object.freeze({
  normal: 1000,
  goingAway: 1001,
  abnormal: 1006,
  invalidPayload: 1007,
  tooBig: 1009,
  internalError: 1011,
  protocolViolation: 4000,
  helloTimeout: 4001,
  badPassword: 4003,
  /** 1.1: a member asked for a room it may not enter (another pair's direct-message room). */
  forbidden: 4003,
  roomInvalid: 4004,
  full: 4009,
});

/** Close codes after which a client must not reconnect by itself. */
export const NO_RECONNECT_CODES: ReadonlySet<number> = new Set([
  CloseCode.normal,
  CloseCode.protocolViolation,
  CloseCode.badPassword,
  CloseCode.roomInvalid,
]);

/**
 * Every error code a host may send. Extensions: `unavailable` (storage unreachable: sends are
 * retried), the per-address limits `too_many_*` (docs/security.md) and `storage_full` (the host's
 * history reached its size limit: the send is not retried).
 */
export const ERROR_CODES = [
  'bad_request',
  'too_large',
  'rate_limited',
  'protocol_version',
  'bad_hello',
  'hello_timeout',
  'bad_password',
  'room_invalid',
  'room_full',
  'server_full',
  'unavailable',
  'too_many_sockets',
  'too_many_unjoined',
  'too_many_hellos',
  'too_many_rooms',
  'storage_full',
  'not_found',
  'forbidden',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Fatal errors and the close code that follows each; the others leave the socket open. */
export const FATAL_ERRORS: Readonly<Partial<Record<ErrorCode, number>>> = Object.freeze({
  protocol_version: CloseCode.protocolViolation,
  bad_hello: CloseCode.protocolViolation,
  hello_timeout: CloseCode.helloTimeout,
  bad_password: CloseCode.badPassword,
  room_invalid: CloseCode.roomInvalid,
  room_full: CloseCode.full,
  server_full: CloseCode.full,
  too_many_sockets: CloseCode.full,
  too_many_unjoined: CloseCode.full,
  too_many_hellos: CloseCode.full,
  too_many_rooms: CloseCode.full,
});
