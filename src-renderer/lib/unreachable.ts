/**
 * A host that cannot be reached, said plainly: a room that has never opened and still has no
 * answer a few seconds after it started trying is not an empty room, it is a host that is not
 * there (stopped, mistyped, or on another network), and the person is told so with what was tried.
 */
import type { ClientState } from '../../src-shared/client/types.ts';
import { hostPort } from '../state/nearby.svelte.ts';
import { t } from '../state/i18n.svelte.ts';
import type { StatusView } from './status.ts';

/** How long a first connection may take before the person is told the host cannot be reached. */
export const UNREACHABLE_AFTER_MS = 3000;

export interface ReachInput {
  state: ClientState;
  /** The room has had a welcome at least once (then the usual reconnect words apply). */
  everOpen: boolean;
  /** When it started trying (ms). */
  startedAt: number;
  now: number;
  /** `host:port` as people type it. */
  where: string;
  /** The socket URL tried. */
  url: string;
  /** Connection attempts so far. */
  attempts: number;
  /** The device has a network (offline says so itself). */
  online: boolean;
}

/** What the room says about an unreachable host. */
export interface Unreachable {
  title: string;
  question: string;
  tried: string;
}

/** The words for a host that does not answer, or null while there is no reason to say it. */
export function unreachable(i: ReachInput): Unreachable | null {
  if (i.everOpen || !i.online || i.state === 'open' || i.state === 'closed') return null;
  const waited = i.now - i.startedAt;
  if (waited < UNREACHABLE_AFTER_MS) return null;
  return {
    title: t('reach.title', { where: i.where }),
    question: t('reach.question'),
    tried: t('reach.tried', { count: i.attempts, url: i.url, seconds: Math.round(waited / 1000) }),
  };
}

/** The status pill for an unreachable host. */
export function unreachableStatus(u: Unreachable): StatusView {
  return { kind: 'reconnecting', label: t('reach.status'), detail: `${u.title} ${u.question}`, canRetry: true };
}

/** What a room says in place of its messages and under its composer while it is not connected. */
export interface RoomNotes {
  /** The empty log's text: null while the unreachable notice says it all, undefined for the usual one. */
  empty: string | null | undefined;
  composer: string | null;
}

/** The room's notes: a never-welcomed room is not an empty one, and unsent messages wait. */
export function roomNotes(
  room: { state: ClientState; hostName: string | null; address: { host: string; port: number } },
  reach: Unreachable | null,
): RoomNotes {
  const where = hostPort(room.address.host, room.address.port);
  return {
    empty: reach ? null : room.hostName === null ? t('reach.connectingTo', { where }) : undefined,
    composer: room.state === 'open' ? null : t('reach.waiting'),
  };
}
