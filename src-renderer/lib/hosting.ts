/**
 * Pure helpers of the "Host a room" panel: checking its form before anything crosses the bridge,
 * and saying in one sentence why hosting stopped.
 */
import { DEFAULT_PORT, ROOM_ID_PATTERN } from '../../src-shared/protocol.ts';

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
  if (room === '') errors.room = 'Type a name for the room.';
  else if (!ROOM_ID_PATTERN.test(room)) {
    errors.room = 'Use up to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit.';
  }
  const portText = form.port.trim();
  const port = portText === '' ? DEFAULT_PORT : Number(portText);
  if (!/^\d*$/.test(portText) || !Number.isSafeInteger(port) || port < 1 || port > 65535) {
    errors.port = 'The port is a number from 1 to 65535.';
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

const BY_CODE: Record<string, string> = {
  EADDRINUSE: 'That port is already in use by another program: choose another port.',
  EACCES: 'This computer does not allow hosting on that port: choose a port above 1024.',
  EADDRNOTAVAIL: 'This computer has no network address to host on: check the network connection.',
};

/** Why the last start failed, in one sentence, or null when nothing failed. */
export function hostErrorText(status: StoppedStatus): string | null {
  if (status.state !== 'stopped' || (!status.error && !status.errorCode)) return null;
  return status.error || BY_CODE[status.errorCode ?? ''] || 'The room could not be hosted.';
}
