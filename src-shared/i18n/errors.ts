/** The localized sentence for an error the host sent, chosen by its `code`. */
import { LIMITS, type ErrorCode } from '../protocol.ts';
import type { PlainKey, Translate } from './keys.ts';

/** One key per code: a code added to the protocol without its sentence fails to compile. */
const KEYS: Readonly<Record<Exclude<ErrorCode, 'too_large'>, PlainKey>> = {
  bad_request: 'error.bad_request',
  rate_limited: 'error.rate_limited',
  unavailable: 'error.unavailable',
  protocol_version: 'error.protocol_version',
  bad_hello: 'error.bad_hello',
  hello_timeout: 'error.hello_timeout',
  bad_password: 'error.bad_password',
  room_invalid: 'error.room_invalid',
  room_full: 'error.room_full',
  server_full: 'error.server_full',
  not_found: 'error.not_found',
  forbidden: 'error.forbidden',
  too_many_sockets: 'error.too_many_sockets',
  too_many_unjoined: 'error.too_many_unjoined',
  too_many_hellos: 'error.too_many_hellos',
  too_many_rooms: 'error.too_many_rooms',
  storage_full: 'error.storage_full',
};

/**
 * Errors this side makes up (`client_*`): the request never reached the host or its answer never
 * came back. Their English sentences are for logs; people read these.
 */
const CLIENT_KEYS: Readonly<Record<string, PlainKey>> = {
  client_offline: 'error.client_offline',
  client_closed: 'error.client_closed',
  client_timeout: 'error.client_timeout',
  client_unsupported: 'error.client_unsupported',
  client_bad_frame: 'error.client_bad_frame',
  client_socket: 'error.client_socket',
  client_dead: 'error.client_dead',
  client_store: 'error.client_store',
};

/**
 * @param code the error's code (an unknown one, from a newer host, shows the host's own sentence)
 * @param message the host's English sentence
 * @param retryAfter the error's `retryAfter` (seconds), when the host gave one
 */
export function errorText(t: Translate, code: string, message: string, retryAfter?: number): string {
  if (code === 'too_large') return t('error.too_large', { max: LIMITS.maxTextChars });
  if (code === 'bad_password' && retryAfter !== undefined) return t('error.bad_password_wait', { count: retryAfter });
  if (Object.hasOwn(CLIENT_KEYS, code)) return t(CLIENT_KEYS[code]!);
  if (!Object.hasOwn(KEYS, code)) return t('error.unknown', { message });
  return t(KEYS[code as keyof typeof KEYS]);
}
