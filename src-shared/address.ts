/**
 * Parses what people type or paste to reach a room: `192.168.1.20`, `192.168.1.20:47800`,
 * `192.168.1.20/general`, `host.local:47800/dev`, `[fe80::1]:47800`, `ws://host:47800/room/dev`
 * and the browser link `http://host:47800/#/room/dev`. A missing port means 47800, a missing
 * room `general`. Pure: no URL class, so that it runs anywhere without DOM or Node typings.
 */
import { DEFAULT_PORT, DEFAULT_ROOM, ROOM_ID_PATTERN, roomPath } from './protocol.ts';

export interface RoomAddress {
  /** Host name or IP address; IPv6 without brackets. */
  host: string;
  port: number;
  room: string;
  /** Whether the link asked for TLS (`wss://` or `https://`). */
  secure: boolean;
}

export type ParsedAddress = ({ ok: true } & RoomAddress) | { ok: false; error: string };

const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9-]{1,63})*\.?$/;
const IPV4_PART = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const IPV6 = /^[0-9A-Fa-f:.]+$/;

const bad = (error: string): ParsedAddress => ({ ok: false, error });

/** Splits `host[:port]` (with `[v6]` brackets) into its parts. */
function splitHostPort(hostPort: string): { host: string; port?: string } | string {
  if (hostPort.startsWith('[')) {
    const end = hostPort.indexOf(']');
    if (end < 0) return 'The IPv6 address is missing its closing "]".';
    const rest = hostPort.slice(end + 1);
    if (rest !== '' && !rest.startsWith(':')) return 'Expected ":port" after the IPv6 address.';
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
 * @returns the host, port and room, or an English sentence that says what is wrong
 */
export function parseAddress(input: string): ParsedAddress {
  let rest = input.trim();
  if (rest === '') return bad('Type the host’s address, for example 192.168.1.20/general.');
  let secure = false;
  const scheme = /^([a-z]+):\/\//i.exec(rest);
  if (scheme) {
    const s = scheme[1]!.toLowerCase();
    if (!['ws', 'wss', 'http', 'https'].includes(s)) return bad(`“${s}://” is not a LAN Chat address.`);
    secure = s === 'wss' || s === 'https';
    rest = rest.slice(scheme[0].length);
  }
  const cut = rest.search(/[/#?]/);
  const hostPort = cut < 0 ? rest : rest.slice(0, cut);
  let path = cut < 0 ? '' : rest.slice(cut);
  const hash = path.indexOf('#');
  if (path.startsWith('?')) path = '';
  else if (hash >= 0 && path.slice(hash).startsWith('#/room/')) path = path.slice(hash);
  else path = path.replace(/[?#].*$/, '');

  const split = splitHostPort(hostPort);
  if (typeof split === 'string') return bad(split);
  const { host } = split;
  if (host === '') return bad('The address needs a host, for example 192.168.1.20.');
  const isV6 = host.includes(':');
  // WHATWG URLs (browsers, and `ws` through them) have no syntax for a zone: fail here, clearly.
  if (isV6 && host.includes('%')) {
    return bad(
      `“${host}” has an IPv6 zone (the part after “%”), which WebSocket addresses cannot carry; use the host’s IPv4 address or name.`,
    );
  }
  if (isV6 ? !IPV6.test(host) : !HOSTNAME.test(host)) return bad(`“${host}” is not a valid host name or IP address.`);
  // Digits and dots only cannot be a host name: it must then be a whole IPv4 address.
  if (/^[\d.]+$/.test(host) && !isIPv4(host)) {
    return bad(`“${host}” is not a valid IPv4 address: use four numbers from 0 to 255, like 192.168.1.20.`);
  }

  let port = DEFAULT_PORT;
  if (split.port !== undefined) {
    if (!/^\d{1,5}$/.test(split.port) || +split.port < 1 || +split.port > 65535) {
      return bad(`The port must be a number from 1 to 65535, not “${split.port}”.`);
    }
    port = +split.port;
  }
  const room = roomFromPath(path);
  if (room === null) return bad('After the host, give just the room, for example /general.');
  if (!ROOM_ID_PATTERN.test(room)) {
    return bad(
      `“${room}” is not a valid room: use up to 64 letters, digits, “.”, “_” or “-”, starting with a letter or digit.`,
    );
  }
  return { ok: true, host, port, room, secure };
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
