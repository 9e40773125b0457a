/**
 * What the connection status says. Friendly words for every state of a room's connection, so
 * that a person always knows what is going on without being alarmed by it.
 */
import type { ClientState, CloseInfo } from '../../src-shared/client/types.ts';
import { hostError, t } from '../state/i18n.svelte.ts';

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
      label: t('status.password'),
      detail: t('status.passwordDetail'),
      canRetry: false,
    };
  }
  switch (s.state) {
    case 'open':
      return { kind: 'connected', label: t('status.connected'), detail: t('status.connectedDetail'), canRetry: false };
    case 'idle':
    case 'connecting':
      if (!s.online) return offline();
      return {
        kind: 'connecting',
        label: t('status.connecting'),
        detail: t('status.connectingDetail'),
        // Once the room has been open, an attempt that hangs can be replaced by a fresh one.
        canRetry: s.closeInfo !== null,
      };
    case 'reconnecting': {
      if (!s.online) return offline();
      if (s.nextRetryAt === null || s.nextRetryAt <= s.now) {
        return {
          kind: 'connecting',
          label: t('status.connecting'),
          detail: t('status.connectingAgain'),
          canRetry: true,
        };
      }
      const n = secondsUntil(s.nextRetryAt, s.now);
      return {
        kind: 'reconnecting',
        label: t('status.reconnecting', { seconds: n }),
        detail: t('status.reconnectingDetail'),
        canRetry: true,
      };
    }
    case 'closed': {
      return { kind: 'closed', label: t('status.disconnected'), detail: closedWhy(s.closeInfo), canRetry: true };
    }
  }
}

/** Why a room's session ended: the host's error (by its code), else the close code. */
function closedWhy(info: CloseInfo | null): string {
  if (info?.error) return hostError(info.error.code, info.error.message, info.error.retryAfter);
  if (!info || info.code === 1000) return t('status.left');
  return t('status.closedCode', { code: info.code });
}

function offline(): StatusView {
  return {
    kind: 'offline',
    label: t('status.offline'),
    detail: t('status.offlineDetail'),
    canRetry: true,
  };
}

/** A room stopped because its host's key is not the expected one (desktop): "Retry" checks again. */
export function keyStatus(): StatusView {
  return { kind: 'closed', label: t('tls.statusStopped'), detail: t('tls.statusStoppedDetail'), canRetry: true };
}
