/**
 * Direct-message rooms (protocol 1.1, feature `dm`): the room `dm.<id1>.<id2>` of two member ids
 * in ascending order. Pure, so the host (who admits only the two) and the clients (who open it
 * from the member list) agree on one spelling.
 */

const MEMBER_ID = /^m-[A-Za-z0-9_-]{1,40}$/;

/** The direct-message room of two members of one host, or undefined for one member alone. */
export function dmRoomId(a: string, b: string): string | undefined {
  if (a === b || !MEMBER_ID.test(a) || !MEMBER_ID.test(b)) return undefined;
  return a < b ? `dm.${a}.${b}` : `dm.${b}.${a}`;
}

/** Whether a room id is in the direct-message namespace (`dm.` and anything after it). */
export function isDmRoom(room: string): boolean {
  return room.startsWith('dm.');
}

/**
 * The two members of a direct-message room, or undefined when the id is not a well-formed one
 * (ids out of order, the same id twice, anything else after `dm.`): such a room admits no one.
 */
export function dmMembers(room: string): [string, string] | undefined {
  const parts = room.split('.');
  if (parts.length !== 3 || parts[0] !== 'dm') return undefined;
  const [, a, b] = parts as [string, string, string];
  return dmRoomId(a, b) === room ? [a, b] : undefined;
}

/** The other member of a direct-message room, seen by `me`; undefined when `me` is not in it. */
export function dmPeer(room: string, me: string): string | undefined {
  const pair = dmMembers(room);
  if (!pair || !pair.includes(me)) return undefined;
  return pair[0] === me ? pair[1] : pair[0];
}
