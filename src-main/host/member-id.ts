/**
 * Member ids: stable for one clientId on one host (across reconnects and restarts, because the
 * secret is stored with the history), and revealing nothing of the clientId (a keyed hash).
 */
import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';

/** The secret as a key object, made once: importing raw key bytes is a cost on every join. */
const keys = new WeakMap<Uint8Array, KeyObject>();

/** Derives the public member id of a private client id. */
export function memberIdFor(secret: Uint8Array, clientId: string): string {
  let key = keys.get(secret);
  if (!key) keys.set(secret, (key = createSecretKey(secret)));
  return 'm-' + createHmac('sha256', key).update(clientId).digest('base64url').slice(0, 16);
}
