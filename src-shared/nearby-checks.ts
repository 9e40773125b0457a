/**
 * Checkers of what a window is told about the network: the {@link NearbyReply} and the
 * {@link Diagnosis}, whether they come from the serving host's `/api/nearby` (a browser) or over
 * the desktop bridge (pushed by the main process). Both carry what other machines said about
 * themselves (names, rooms), so every field is checked where it arrives, with the same rules.
 */
import type { Checked } from './bridge.ts';
import type { Diagnosis, NearbyHost, NearbyReply, NearbyRoom } from './nearby.ts';
import { parseAddress } from './address.ts';
import { FULL_FINGERPRINT } from './fingerprint.ts';
import { ROOM_ID_PATTERN } from './protocol.ts';
import { bool, int, list, object, refuse, Refused, str } from './value-checks.ts';

/** Bounds of a list (the host keeps at most 64 sightings and 32 remembered peers). */
export const NEARBY_LIMITS = Object.freeze({ hosts: 128, rooms: 200, addresses: 8, nameChars: 128, textChars: 2000 });

/** Text fit to show: no control characters and no bidirectional overrides (they can make a name lie). */
// eslint-disable-next-line no-control-regex
const SHOWABLE = /^[^\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]*$/;
const count = (v: unknown, what: string) => int(v, what, 0, Number.MAX_SAFE_INTEGER);
const hostPort = (v: unknown, what: string) => {
  const s = str(v, what, 300);
  const parsed = parseAddress(s);
  return parsed.ok && !s.includes('/') ? s : refuse(`${what} is not a host:port address.`);
};

function room(v: unknown, what: string): NearbyRoom {
  const o = object(v, what, ['id', 'members', 'locked']);
  return {
    id: str(o.id, `${what}.id`, 64, ROOM_ID_PATTERN),
    members: count(o.members, `${what}.members`),
    locked: bool(o.locked, `${what}.locked`),
  };
}

function host(v: unknown, what: string): NearbyHost {
  const o = object(v, what, ['name', 'fingerprint', 'addresses', 'rooms', 'via', 'seen']);
  if (o.via !== 'mdns' && o.via !== 'remembered') refuse(`${what}.via must be "mdns" or "remembered".`);
  const h: NearbyHost = {
    name: str(o.name, `${what}.name`, NEARBY_LIMITS.nameChars, SHOWABLE),
    addresses: list(o.addresses, `${what}.addresses`, NEARBY_LIMITS.addresses, hostPort),
    rooms: list(o.rooms, `${what}.rooms`, NEARBY_LIMITS.rooms, room),
    via: o.via as NearbyHost['via'],
    seen: count(o.seen, `${what}.seen`),
  };
  if (o.fingerprint !== undefined) h.fingerprint = str(o.fingerprint, `${what}.fingerprint`, 64, FULL_FINGERPRINT);
  return h;
}

function reply(v: unknown): NearbyReply {
  const o = object(v, 'nearby', ['browsing', 'announcing', 'hosts']);
  return {
    browsing: bool(o.browsing, 'nearby.browsing'),
    announcing: bool(o.announcing, 'nearby.announcing'),
    hosts: list(o.hosts, 'nearby.hosts', NEARBY_LIMITS.hosts, host),
  };
}

function diagnosisAddress(v: unknown, what: string): Diagnosis['addresses'][number] {
  const o = object(v, what, ['interface', 'address', 'portOpen']);
  const a: Diagnosis['addresses'][number] = {
    interface: str(o.interface, `${what}.interface`, 64, SHOWABLE),
    address: str(o.address, `${what}.address`, 300, SHOWABLE),
  };
  if (o.portOpen !== undefined) a.portOpen = bool(o.portOpen, `${what}.portOpen`);
  return a;
}

function diagnosis(v: unknown): Diagnosis {
  const keys = [
    'platform',
    'hosting',
    'port',
    'loopbackOnly',
    'addresses',
    'announcing',
    'browsing',
    'hostsSeen',
    'firewall',
  ];
  const o = object(v, 'diagnosis', keys);
  return {
    platform: str(o.platform, 'diagnosis.platform', 32, /^[a-z0-9]+$/),
    // A host from before this field hosts by definition: it answered.
    hosting: o.hosting === undefined ? true : bool(o.hosting, 'diagnosis.hosting'),
    port: int(o.port, 'diagnosis.port', 0, 65535),
    loopbackOnly: bool(o.loopbackOnly, 'diagnosis.loopbackOnly'),
    addresses: list(o.addresses, 'diagnosis.addresses', 64, diagnosisAddress),
    announcing: bool(o.announcing, 'diagnosis.announcing'),
    browsing: bool(o.browsing, 'diagnosis.browsing'),
    hostsSeen: count(o.hostsSeen, 'diagnosis.hostsSeen'),
    firewall: str(o.firewall, 'diagnosis.firewall', NEARBY_LIMITS.textChars),
  };
}

function checked<T>(read: (v: unknown) => T, v: unknown): Checked<T> {
  try {
    return { ok: true, value: read(v) };
  } catch (err) {
    if (err instanceof Refused) return { ok: false, error: err.message };
    throw err;
  }
}

/** Checks a nearby list (`/api/nearby` or the bridge's); every field, its type, size and pattern. */
export const checkNearbyReply = (v: unknown): Checked<NearbyReply> => checked(reply, v);

/** Checks a "Why can't I see a host?" diagnosis (`/api/nearby/why` or the bridge's). */
export const checkDiagnosis = (v: unknown): Checked<Diagnosis> => checked(diagnosis, v);
