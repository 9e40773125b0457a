/**
 * Pure helpers of the "Host a room" panel: checking its form before anything crosses the bridge,
 * and saying in one sentence why hosting stopped.
 */
import type { PlainKey } from '../../src-shared/i18n/index.ts';
import { DEFAULT_PORT, ROOM_ID_PATTERN } from '../../src-shared/protocol.ts';
import { t } from '../state/i18n.svelte.ts';

/** What "Start hosting" asks the desktop app for. */
export interface HostRequest {
  room: string;
  password?: string;
  port: number;
  /** Announce on the network (false: others type the address). */
  announce?: boolean;
}

/** The form's problems, per field. */
export interface HostFormErrors {
  room?: string;
  port?: string;
}

/** The form as typed. */
export interface HostForm {
  room: string;
  password: string;
  /** The port as typed; empty means the default. */
  port: string;
  /** "Let others on the network see it" (default on). */
  announce?: boolean;
}

/**
 * Checks the form.
 * @returns the request to send, or what to fix
 */
export function checkHostForm(
  form: HostForm,
): { ok: true; request: HostRequest } | { ok: false; errors: HostFormErrors } {
  const errors: HostFormErrors = {};
  const room = form.room.trim();
  if (room === '') errors.room = t('host.roomEmpty');
  else if (!ROOM_ID_PATTERN.test(room)) errors.room = t('host.roomInvalid');
  const portText = form.port.trim();
  const port = portText === '' ? DEFAULT_PORT : Number(portText);
  if (!/^\d*$/.test(portText) || !Number.isSafeInteger(port) || port < 1 || port > 65535) {
    errors.port = t('host.portInvalid');
  }
  if (errors.room || errors.port) return { ok: false, errors };
  const announce = form.announce === false ? { announce: false } : {};
  return { ok: true, request: { room, port, ...(form.password ? { password: form.password } : {}), ...announce } };
}

/** The desktop app's hosting state, as far as the error is concerned. */
export interface StoppedStatus {
  state: string;
  error?: string;
  errorCode?: string;
}

const BY_CODE: Record<string, PlainKey> = {
  EADDRINUSE: 'host.portInUse',
  EACCES: 'host.portDenied',
  EADDRNOTAVAIL: 'host.noAddress',
};

/** Why the last start failed, in one sentence, or null when nothing failed. */
export function hostErrorText(status: StoppedStatus): string | null {
  if (status.state !== 'stopped' || (!status.error && !status.errorCode)) return null;
  // The main process's sentence is in the app's language too (it knows the language setting).
  const key = Object.hasOwn(BY_CODE, status.errorCode ?? '') ? BY_CODE[status.errorCode ?? ''] : undefined;
  return status.error || (key ? t(key) : t('host.failed'));
}
