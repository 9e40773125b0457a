/**
 * What a {@link ChatHost} tells its subscribers, the way `ws` servers do: typed events for every
 * change people care about. The desktop's hosting controller counts people from them; the log is
 * one more subscriber ({@link logHostEvents}), so its lines are a view of the events, not a
 * channel that others parse.
 */
import type { EventEmitter } from 'node:events';
import type { Member } from '../../src-shared/protocol.ts';

/** Why the host cut a socket off. */
export type DropReason = 'no-pong' | 'too-slow';

/** Event name → listener arguments, for `EventEmitter<HostEvents>`. */
export interface HostEvents {
  /** A member arrived in a room (its first socket there; on Redis, its first on any host). */
  memberJoined: [event: { room: string; member: Member; remote: string }];
  /** A member's last socket in a room closed. */
  memberLeft: [event: { room: string; member: Member }];
  /** The number of open sockets changed (accepted or closed). */
  sockets: [count: number];
  /** A room came alive on this host (its first socket). */
  roomOpened: [event: { room: string }];
  /** A room's last socket on this host closed: it left memory (its log stays). */
  roomClosed: [event: { room: string }];
  /** The host cut a socket off. */
  dropped: [event: { room: string; member: string | undefined; reason: DropReason }];
  /** A write to the store failed: sends are refused with `unavailable` until it is back. */
  storeUnavailable: [event: { error: unknown }];
  /** The store took a write again after {@link HostEvents.storeUnavailable}. */
  storeBack: [];
  /** Anything else worth a line in the log (failures of one socket, the Redis fan-out). */
  diagnostic: [line: string];
}

/** Writes one line per event to `log` (the format `npm run host` prints). @returns the unsubscribe */
export function logHostEvents(host: EventEmitter<HostEvents>, log: (line: string) => void): () => void {
  const listeners: { [K in keyof HostEvents]?: (...args: HostEvents[K]) => void } = {
    memberJoined: ({ room, member, remote }) =>
      log(`join room=${room} member=${member.id} name=${JSON.stringify(member.name)} from=${remote}`),
    memberLeft: ({ room, member }) => log(`leave room=${room} member=${member.id}`),
    dropped: ({ room, member, reason }) => log(`drop room=${room} member=${member ?? '-'} reason=${reason}`),
    storeUnavailable: ({ error }) => log(`error store unavailable: ${String(error)}`),
    storeBack: () => log('store back'),
    diagnostic: log,
  };
  const entries = Object.entries(listeners) as [keyof HostEvents, (...args: unknown[]) => void][];
  for (const [name, listener] of entries) host.on(name, listener as never);
  return () => {
    for (const [name, listener] of entries) host.off(name, listener as never);
  };
}
