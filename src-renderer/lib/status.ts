/**
 * What the connection status says. Friendly words for every state of a room's connection, so
 * that a person always knows what is going on without being alarmed by it.
 */
import type { ClientState, CloseInfo } from '../../src-shared/client/types.ts';

/** The status kinds, each with its own look. */
export type StatusKind = 'connected' | 'connecting' | 'reconnecting' | 'offline' | 'password' | 'closed';

/** What the status element shows. */
export interface StatusView {
  kind: StatusKind;
  /** The words in the status element. */
  label: string;
  /** A longer explanation (tooltip, sidebar). */
  detail: string;
  /** Whether "Retry now" makes sense. */
  canRetry: boolean;
}

/** The inputs of the status. */
export interface StatusInput {
  state: ClientState;
  /** When the next reconnect attempt fires (ms), or null. */
  nextRetryAt: number | null;
  closeInfo: CloseInfo | null;
  /** The browser says the network is down. */
  online: boolean;
  now: number;
}

/** Seconds until `at`, at least 1 (we never show "in 0 s"). */
export function secondsUntil(at: number, now: number): number {
  return Math.max(1, Math.ceil((at - now) / 1000));
}

/** Derives the status from the client's state. */
export function describeStatus(s: StatusInput): StatusView {
  if (s.closeInfo?.passwordNeeded && s.state === 'closed') {
    return {
      kind: 'password',
      label: 'Password needed',
      detail: 'This room is locked. Type its password to join.',
      canRetry: false,
    };
  }
  switch (s.state) {
    case 'open':
      return { kind: 'connected', label: 'Connected', detail: 'Messages arrive as they are sent.', canRetry: false };
    case 'idle':
    case 'connecting':
      if (!s.online) return offline();
      return {
        kind: 'connecting',
        label: 'Connecting…',
        detail: 'Reaching the host. Your messages will be sent as soon as it answers.',
        // Once the room has been open, an attempt that hangs can be replaced by a fresh one.
        canRetry: s.closeInfo !== null,
      };
    case 'reconnecting': {
      if (!s.online) return offline();
      if (s.nextRetryAt === null || s.nextRetryAt <= s.now) {
        return { kind: 'connecting', label: 'Connecting…', detail: 'Reaching the host again.', canRetry: true };
      }
      const n = secondsUntil(s.nextRetryAt, s.now);
      return {
        kind: 'reconnecting',
        label: `Reconnecting in ${n} s`,
        detail: 'The connection dropped. Your messages are kept and will be sent when it is back.',
        canRetry: true,
      };
    }
    case 'closed': {
      const why = s.closeInfo?.error?.message ?? (s.closeInfo?.reason || 'You left this room.');
      return { kind: 'closed', label: 'Disconnected', detail: why, canRetry: true };
    }
  }
}

function offline(): StatusView {
  return {
    kind: 'offline',
    label: 'Offline',
    detail: 'This device has no network. LAN Chat reconnects when it is back.',
    canRetry: true,
  };
}
