/**
 * Changing one's display name in a room (the project's extension `rename`, docs/protocol.md §16):
 * the request's handler, and the announcement to the room, here and when another host tells of
 * one. The name follows hello's rules: checked like hello's (request-codec.ts), then made unique
 * room-wide on confusable skeletons by the fan-out (Room.claim on one host, the RENAME script on
 * Redis), as a join's name is.
 */
import { checkName, encodeFrame } from '../../src-shared/codec.ts';
import type { HostFrame, Member } from '../../src-shared/protocol.ts';
import type { Fanout } from './fanout.ts';
import { RequestError, type RequestHandler } from './requests.ts';
import type { Room } from './room.ts';

/**
 * Tells this host's sockets of the room a member's new name: a `presence` `rename` to clients
 * that understand it, a `leave` (the old name) and a `join` (the new one) to the others, which
 * every 1.0 client understands. The member's sockets here carry the new name from now on.
 * @param before the member as this host knew it (for the `leave`); the new one when unknown
 */
const encode = (frame: HostFrame) => Buffer.from(encodeFrame(frame));

export function announceRename(room: Room, before: Member | undefined, after: Member): void {
  room.rename(after.id, after.name);
  room.announceRename(after.id, encode({ type: 'presence', event: 'rename', member: after }), [
    encode({ type: 'presence', event: 'leave', member: before ?? after }),
    encode({ type: 'presence', event: 'join', member: after }),
  ]);
}

/** The handler of `rename` requests: the member's new name, agreed room-wide, then announced. */
export function renameHandler(rooms: { get(id: string): Room | undefined }, fanout: Fanout): RequestHandler<'rename'> {
  return async (request, { room: roomId, member }) => {
    const room = rooms.get(roomId);
    const wanted = checkName(request.name);
    if (!wanted.ok) throw new RequestError('bad_request', `rename.${wanted.why}`); // decoded already; kept honest
    const before = room?.member(member.id) ?? member;
    const after = room && (await fanout.rename(room, member.id, wanted.name));
    if (!room || !after) throw new RequestError('not_found', 'You are not in this room any more.');
    if (after.name !== before.name) announceRename(room, before, after);
    return { you: after };
  };
}
