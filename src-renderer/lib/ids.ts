/** Random ids for this install, from the platform's cryptographic generator. */
import { CLIENT_ID_PATTERN } from '../../src-shared/protocol.ts';

/** A fresh clientId: 22 characters of base64url (132 random bits). */
export function newClientId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const b64 = btoa(String.fromCharCode(...bytes));
  return b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '').slice(0, 22);
}

/** Whether a stored clientId can be used as is. */
export function isClientId(v: unknown): v is string {
  return typeof v === 'string' && CLIENT_ID_PATTERN.test(v);
}
