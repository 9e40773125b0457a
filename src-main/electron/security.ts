/**
 * The security rules of the desktop window as plain functions (no Electron import), so that each
 * is unit-tested: the app's origin, its Content Security Policy, which IPC senders are trusted,
 * which files the app protocol may serve, and which links may open in the system browser.
 */
import { isAbsolute, join, relative, sep } from 'node:path';
import { BRIDGE_LIMITS } from '../../src-shared/bridge.ts';

/** The renderer is served from `app://lanchat/`, a privileged standard scheme, never `file://`. */
export const APP_SCHEME = 'app';
const APP_HOST = 'lanchat';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

/**
 * The window's Content Security Policy. Scripts, styles and images only from the app itself;
 * `connect-src` allows WebSockets to any host, because the point of the app is to reach the LAN
 * hosts people type (`ws://…/room/…`), and nothing else: the same as the host's browser page.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  // Files: a room's images come from its host (any LAN host), tray previews from blob: URLs.
  "img-src 'self' data: blob: http: https:",
  "font-src 'self'",
  // Uploads (tus) go to the room's host over HTTP(S), like its socket.
  "connect-src 'self' ws: wss: http: https:",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
  "worker-src 'none'",
].join('; ');

/** Headers sent with every file of the app protocol. */
export const APP_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'cross-origin-opener-policy': 'same-origin',
  'referrer-policy': 'no-referrer',
});

/** Whether a URL belongs to the app itself (the only place the window may be). */
export function isAppUrl(url: string): boolean {
  try {
    return sameOrigin(new URL(url));
  } catch {
    return false;
  }
}

// Compared by parts: Node's URL gives the origin "null" for schemes it does not know.
const sameOrigin = (url: URL) => url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;

/** What the main process knows of an IPC call's sender frame. */
export interface SenderFrame {
  url: string;
  /** True for the window's top frame; false for any iframe. */
  top: boolean;
}

/** IPC is answered only for the app's own top frame: never an iframe, never a page elsewhere. */
export function isTrustedSender(frame: SenderFrame | null | undefined): boolean {
  return Boolean(frame?.top) && isAppUrl(frame!.url);
}

/**
 * The file under `root` that an `app://lanchat/…` request names, or undefined when it is not the
 * app's origin or tries to leave `root` (`..`, encoded or not, or an absolute path).
 */
export function resolveAppFile(root: string, requestUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return undefined;
  }
  if (!sameOrigin(url)) return undefined;
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return undefined;
  }
  if (path.includes('\0') || path.includes('\\')) return undefined;
  const file = join(root, path === '/' ? 'index.html' : path);
  const rel = relative(root, file);
  if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) return undefined;
  return file;
}

/**
 * Checks a link before it opens in the system browser: only `http:` and `https:`, no user name
 * or password in it (a classic way to disguise where a link goes), at most 2048 characters.
 * @returns the normalized URL to open, or why it was refused
 */
export function checkExternalUrl(raw: unknown): { ok: true; url: string } | { ok: false; why: string } {
  if (typeof raw !== 'string' || raw.length > BRIDGE_LIMITS.urlChars) return { ok: false, why: 'not a URL' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, why: 'not a URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return { ok: false, why: `${url.protocol} links are not opened` };
  if (url.username !== '' || url.password !== '') return { ok: false, why: 'links with credentials are not opened' };
  if (url.hostname === '') return { ok: false, why: 'no host' };
  return { ok: true, url: url.href };
}
