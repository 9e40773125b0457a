/**
 * The one window, with Electron's secure defaults made explicit, and the rules every web
 * contents follows: no navigation away from the app, no new windows, no webviews, no
 * permissions but writing to the clipboard (the "copy address" buttons). Links go to the
 * system browser after {@link checkExternalUrl}.
 */
import { BrowserWindow, shell, type Session, type WebContents } from 'electron';
import { APP_START_URL, checkExternalUrl, isAppUrl } from './security.ts';
import type { Translate } from '../../src-shared/i18n/index.ts';

/** Opens an http(s) link in the system browser; false when the URL check refuses it. */
export async function openExternal(raw: unknown): Promise<boolean> {
  const checked = checkExternalUrl(raw);
  if (!checked.ok) return false;
  await shell.openExternal(checked.url);
  return true;
}

/** Applied to every web contents the app creates (see `web-contents-created` in main.ts). */
export function hardenContents(contents: WebContents): void {
  // Any navigation away from the app is stopped; an http(s) link opens in the browser instead.
  const stopNavigation = (event: { preventDefault(): void; url: string }) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    void openExternal(event.url);
  };
  contents.on('will-navigate', stopNavigation);
  contents.on('will-frame-navigate', stopNavigation);
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    void openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/**
 * Permissions: the clipboard write of the app's own page, nothing else (no camera, no
 * geolocation…); and no dictionary downloads for the spellchecker.
 */
export function restrictPermissions(session: Session): void {
  const allowed = (permission: string, url: string) => permission === 'clipboard-sanitized-write' && isAppUrl(url);
  session.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(allowed(permission, details.requestingUrl)),
  );
  session.setPermissionCheckHandler((_contents, permission, origin) => allowed(permission, origin));
  // The spellchecker (Hunspell, on Windows and Linux) would download its dictionaries from
  // Google's CDN, telling the internet that LAN Chat runs here and in which language. The
  // dictionaries are looked for on the app's own protocol instead, which has none: nothing is
  // ever downloaded. Native spellcheckers (macOS, Windows 10+) work as before.
  session.setSpellCheckerDictionaryDownloadURL(SPELLCHECK_DICTIONARIES_URL);
}

/** Where the spellchecker looks for dictionaries: the app's own protocol, never the internet. */
export const SPELLCHECK_DICTIONARIES_URL = 'app://lanchat/no-dictionaries/';

/** Creates the window on the app's start page. */
export function createMainWindow(preload: string, icon: string | undefined, t: Translate): BrowserWindow {
  const win = new BrowserWindow({
    width: 1100,
    height: 720,
    minWidth: 420,
    minHeight: 360,
    title: t('common.appName'),
    icon,
    show: false,
    backgroundColor: '#1e1f24',
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      // Middle-click would open a new window; refused anyway, but not offered in the first place.
      disableBlinkFeatures: 'Auxclick',
      safeDialogs: true,
      spellcheck: true,
    },
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_START_URL);
  return win;
}
