/**
 * Member ids: stable for one clientId on one host (across reconnects and restarts, because the
 * secret is stored with the history), and revealing nothing of the clientId (a keyed hash).
 */
import { createHmac } from 'node:crypto';

/** Derives the public member id of a private client id. */
export function memberIdFor(secret: Uint8Array, clientId: string): string {
  return 'm-' + createHmac('sha256', secret).update(clientId).digest('base64url').slice(0, 16);
}
