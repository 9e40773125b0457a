/**
 * A host that cannot be reached, said plainly: a room that has never opened and still has no
 * answer a few seconds after it started trying is not an empty room, it is a host that is not
 * there (stopped, mistyped, or on another network), and the person is told so with what was tried.
 */
import type { ClientState } from '../../src-shared/client/types.ts';
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
  const times = i.attempts === 1 ? 'once' : `${i.attempts} times`;
  return {
    title: `Can’t reach ${i.where}.`,
    question: 'Is the host running? Are you on the same network?',
    tried: `Tried ${i.url} ${times} in ${Math.round(waited / 1000)} s; still trying.`,
  };
}

/** The status pill for an unreachable host. */
export function unreachableStatus(u: Unreachable): StatusView {
  return { kind: 'reconnecting', label: 'Can’t reach host', detail: `${u.title} ${u.question}`, canRetry: true };
}
