/**
 * Per-host client identities. A clientId is a bearer secret (whoever sends it is that member), so
 * a client never sends one host the id it uses on another: each install keeps one secret, never
 * sent anywhere, and derives each host's clientId as HMAC-SHA256(secret, scope), where the scope
 * names the host by its key (`fp:` + the full fingerprint) or, where there is none, by its
 * address (`addr:` + `host:port`, the hosts of a several-host room sorted and joined). No host,
 * and no one who reads one host's traffic, learns an id that works on another host.
 *
 * Pure (`@noble/hashes`, audited, no runtime imports), so the browser, Electron's renderer and
 * Node all derive the same ids; the browser has no WebCrypto on plain http.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { randomBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { hostForUrl, parseAddress, type RoomAddress } from './address.ts';

/** A new install secret: 32 random bytes, base64url (43 characters). */
export function newInstallSecret(): string {
  return base64url(randomBytes(32));
}

/** Whether a stored value can serve as an install secret. */
export function isInstallSecret(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value);
}

/** The scope of a host known by its key. */
export const fingerprintScope = (fingerprint: string) => `fp:${fingerprint.toUpperCase()}`;

/** The scope of a room's hosts known by address only (several hosts of one room share it). */
export function addressScope(addresses: readonly Pick<RoomAddress, 'host' | 'port'>[]): string {
  const hosts = [...new Set(addresses.map(hostPortKey))].sort();
  return `addr:${hosts.join(',')}`;
}

/**
 * The clientId this install uses with the host(s) named by `scope`: 32 characters of base64url
 * (192 bits), stable for the same secret and scope.
 */
export function clientIdFor(secret: string, scope: string): string {
  const mac = hmac(sha256, utf8ToBytes(secret), utf8ToBytes(`lanchat client id v1\n${scope}`));
  return base64url(mac).slice(0, 32);
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
function base64url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let k = 0; k < chars; k++) out += B64[(n >> (18 - 6 * k)) & 63];
  }
  return out;
}

/**
 * What an install keeps to name itself: the secret, and from before per-host ids existed, the
 * one clientId it sent everywhere with the hosts (`host:port`) it had already used it on.
 */
export interface InstallIdentity {
  secret: string;
  legacyClientId?: string;
  legacyHosts?: readonly string[];
}

/** `host:port` as identities and known hosts name a host (IPv6 in brackets, names in lower case). */
export const hostPortKey = (a: Pick<RoomAddress, 'host' | 'port'>) => `${hostForUrl(a.host.toLowerCase())}:${a.port}`;

/**
 * The clientId to send to a host. A host this install used before per-host ids keeps getting the
 * old id, so the person stays the same member there (that id is already known to it); every
 * other host gets its own derived id (docs/security.md, "Moving to per-host identities").
 */
export function clientIdForHost(
  identity: InstallIdentity,
  addresses: readonly Pick<RoomAddress, 'host' | 'port'>[],
  fingerprint?: string,
): string {
  const legacy = identity.legacyClientId;
  if (legacy && addresses.some((a) => identity.legacyHosts?.includes(hostPortKey(a)))) return legacy;
  const scope = fingerprint && addresses.length === 1 ? fingerprintScope(fingerprint) : addressScope(addresses);
  return clientIdFor(identity.secret, scope);
}

/** The hosts (`host:port`) of the rooms an install remembers, at the moment it moves to per-host ids. */
export function legacyHostsOf(addresses: readonly string[]): string[] {
  const hosts = new Set<string>();
  for (const text of addresses) {
    const a = parseAddress(text);
    if (a.ok) hosts.add(hostPortKey(a));
  }
  return [...hosts].slice(0, MAX_LEGACY_HOSTS);
}

/** The legacy hosts as stored (read back unchecked): strings of a sane length, at most 64. */
export function storedLegacyHosts(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  return v.filter((h): h is string => typeof h === 'string' && h.length <= 300).slice(0, MAX_LEGACY_HOSTS);
}

const MAX_LEGACY_HOSTS = 64;
