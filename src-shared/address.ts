/**
 * Parses what people type or paste to reach a room: `192.168.1.20`, `192.168.1.20:47800`,
 * `192.168.1.20/general`, `host.local:47800/dev`, `[fe80::1]:47800`, `ws://host:47800/room/dev`
 * and the browser link `http://host:47800/#/room/dev`. A missing port means 47800, a missing
 * room `general`. An address may end with the host's key fingerprint,
 * `192.168.1.20/general#7F3A-91C2-0B5D-E844` (several, comma-separated, for a room served by
 * several hosts): the client then uses TLS and accepts only a host with that key.
 * Pure: no URL class, so that it runs anywhere without DOM or Node typings.
 */
import { normalizeFingerprint, shortFingerprint } from './fingerprint.ts';
import { message, say, translator, type Message } from './i18n/index.ts';
import { DEFAULT_PORT, DEFAULT_ROOM, ROOM_ID_PATTERN, roomPath } from './protocol.ts';

export interface RoomAddress {
  /** Host name or IP address; IPv6 without brackets. */
  host: string;
  port: number;
  room: string;
  /** Whether the link asked for TLS (`wss://` or `https://`, or it carries a fingerprint). */
  secure: boolean;
  /**
   * Key fingerprints the address carries (upper-case hex, 16 or 64 digits): the host must have
   * one of them. Absent when the address has none.
   */
  fingerprints?: string[];
}

/** A parsed address, or why not: `problem` to say in the person's language, `error` in English. */
export type ParsedAddress = ({ ok: true } & RoomAddress) | { ok: false; error: string; problem: Message };

const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9-]{1,63})*\.?$/;
const IPV4_PART = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const IPV6 = /^[0-9A-Fa-f:.]+$/;

const english = translator('en');
const bad = (problem: Message): ParsedAddress => ({ ok: false, error: say(english, problem), problem });

/** Splits `host[:port]` (with `[v6]` brackets) into its parts. */
function splitHostPort(hostPort: string): { host: string; port?: string } | Message {
  if (hostPort.startsWith('[')) {
    const end = hostPort.indexOf(']');
    if (end < 0) return message('address.v6Bracket');
    const rest = hostPort.slice(end + 1);
    if (rest !== '' && !rest.startsWith(':')) return message('address.v6Port');
    return { host: hostPort.slice(1, end), port: rest === '' ? undefined : rest.slice(1) };
  }
  const colons = hostPort.split(':').length - 1;
  if (colons > 1) return { host: hostPort }; // a bare IPv6 address, no port
  const [host, port] = hostPort.split(':');
  return { host: host ?? '', port };
}

/** Turns the path after the host into a room id (`/general`, `/room/general`, `#/room/x`). */
function roomFromPath(path: string): string | null {
  const p = path.replace(/^\/?#/, '').replace(/^\/+|\/+$/g, '');
  if (p === '') return DEFAULT_ROOM;
  const parts = p.split('/');
  if (parts.length === 1) return safeDecode(parts[0]!);
  if (parts.length === 2 && parts[0] === 'room') return safeDecode(parts[1]!);
  return null;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * Parses one room address.
 * @param input what the person typed
 * @returns the host, port and room, or what is wrong (a message to translate, and in English)
 */
export function parseAddress(input: string): ParsedAddress {
  let rest = input.trim();
  if (rest === '') return bad(message('address.empty'));
  let secure = false;
  const scheme = /^([a-z]+):\/\//i.exec(rest);
  if (scheme) {
    const s = scheme[1]!.toLowerCase();
    if (!['ws', 'wss', 'http', 'https'].includes(s)) return bad(message('address.scheme', { scheme: s }));
    secure = s === 'wss' || s === 'https';
    rest = rest.slice(scheme[0].length);
  }
  const pins = splitFingerprints(rest);
  if ('key' in pins) return bad(pins);
  rest = pins.rest;
  if (pins.fingerprints) secure = true;
  const cut = rest.search(/[/#?]/);
  const hostPort = cut < 0 ? rest : rest.slice(0, cut);
  let path = cut < 0 ? '' : rest.slice(cut);
  const hash = path.indexOf('#');
  if (path.startsWith('?')) path = '';
  else if (hash >= 0 && path.slice(hash).startsWith('#/room/')) path = path.slice(hash);
  else path = path.replace(/[?#].*$/, '');

  const split = splitHostPort(hostPort);
  if ('key' in split) return bad(split);
  const { host } = split;
  if (host === '') return bad(message('address.noHost'));
  const isV6 = host.includes(':');
  // WHATWG URLs (browsers, and `ws` through them) have no syntax for a zone: fail here, clearly.
  if (isV6 && host.includes('%')) {
    return bad(message('address.v6Zone', { host }));
  }
  if (isV6 ? !IPV6.test(host) : !HOSTNAME.test(host)) return bad(message('address.badHost', { host }));
  // Digits and dots only cannot be a host name: it must then be a whole IPv4 address.
  if (/^[\d.]+$/.test(host) && !isIPv4(host)) {
    return bad(message('address.badIPv4', { host }));
  }

  let port = DEFAULT_PORT;
  if (split.port !== undefined) {
    if (!/^\d{1,5}$/.test(split.port) || +split.port < 1 || +split.port > 65535) {
      return bad(message('address.badPort', { port: split.port }));
    }
    port = +split.port;
  }
  const room = roomFromPath(path);
  if (room === null) return bad(message('address.badPath'));
  if (!ROOM_ID_PATTERN.test(room)) {
    return bad(message('address.badRoom', { room }));
  }
  return { ok: true, host, port, room, secure, ...(pins.fingerprints && { fingerprints: pins.fingerprints }) };
}

/** Takes a trailing `#FINGERPRINT[,FINGERPRINT…]` off an address (a `#/room/…` link is not one). */
function splitFingerprints(text: string): { rest: string; fingerprints?: string[] } | Message {
  const hash = text.lastIndexOf('#');
  const tail = hash < 0 ? '' : text.slice(hash + 1);
  // Anything else after "#" (a browser link's #/room/x) is the path's business.
  if (!/^[0-9A-Fa-f][0-9A-Fa-f:,\s-]*$/.test(tail)) return { rest: text };
  const fingerprints: string[] = [];
  for (const part of tail.split(',')) {
    const fp = normalizeFingerprint(part);
    if (!fp) {
      return message('address.badFingerprint', { part: part.trim() });
    }
    if (!fingerprints.includes(fp)) fingerprints.push(fp);
  }
  return { rest: text.slice(0, hash), fingerprints };
}

function isIPv4(host: string): boolean {
  const parts = host.split('.');
  return parts.length === 4 && parts.every((p) => IPV4_PART.test(p));
}

/** The host part of a URL, with brackets around IPv6. */
export function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** The WebSocket URL of a room. */
export function roomSocketUrl(a: RoomAddress): string {
  return `${a.secure ? 'wss' : 'ws'}://${hostForUrl(a.host)}:${a.port}${roomPath(a.room)}`;
}

/** The short form people read out: `192.168.1.20/general` (the port only when not 47800). */
export function formatAddress(a: RoomAddress): string {
  return `${formatHost(a)}/${a.room}`;
}

/** The host part of the short form: `192.168.1.20`, `[fe80::1]:47801` (the port only when not 47800). */
export function formatHost(a: Pick<RoomAddress, 'host' | 'port'>): string {
  return a.port === DEFAULT_PORT ? hostForUrl(a.host) : `${hostForUrl(a.host)}:${a.port}`;
}

/** The short form with the host's key: `192.168.1.20/general#7F3A-91C2-0B5D-E844`. */
export function formatPinnedAddress(a: RoomAddress, fingerprint: string): string {
  return `${formatAddress(a)}#${shortFingerprint(fingerprint)}`;
}
