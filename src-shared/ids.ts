/**
 * The random ids of the project, made in one place: send ids (the outbox), this install's
 * clientId (the desktop settings, the browser's settings, the terminal client) and the check of
 * a stored one. Pure: `crypto.getRandomValues` exists in browsers and in Node alike.
 */
import { CLIENT_ID_PATTERN } from './protocol.ts';

/** A random base64url id (16 bytes, 22 characters), from `crypto` where the platform has it. */
export function randomId(random?: () => number): string {
  const bytes = new Uint8Array(16);
  const crypto = (globalThis as { crypto?: { getRandomValues?(a: Uint8Array): Uint8Array } }).crypto;
  if (!random && crypto?.getRandomValues) crypto.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor((random ?? Math.random)() * 256);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let id = '';
  // 16 bytes = 128 bits: 21 full 6-bit digits and 2 bits left for the 22nd.
  let acc = 0;
  let bits = 0;
  for (const b of bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      id += alphabet[(acc >> bits) & 63];
    }
    acc &= (1 << bits) - 1;
  }
  if (bits > 0) id += alphabet[(acc << (6 - bits)) & 63];
  return id;
}

/** A fresh clientId: 22 characters of base64url (128 random bits), made once per install. */
export function newClientId(): string {
  return randomId();
}

/** Whether a stored clientId can be used as is. */
export function isClientId(v: unknown): v is string {
  return typeof v === 'string' && CLIENT_ID_PATTERN.test(v);
}
