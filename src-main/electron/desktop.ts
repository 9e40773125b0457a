/**
 * Desktop niceties around the window: a notification for a message that arrives while the
 * window is not focused (a click shows its room), the unread count on the dock or taskbar, and
 * a tray icon with "Show", "Stop hosting" and "Quit".
 */
import { app, Menu, Notification, Tray, type BrowserWindow, type NativeImage } from 'electron';
import { IPC, type HostStatus, type NotifyRequest } from '../../src-shared/bridge.ts';
import { resolveLocale, translator, type LocaleSetting, type Translate } from '../../src-shared/i18n/index.ts';

/**
 * The desktop's language for its own texts (tray, window title, hosting errors): the one chosen
 * in the window's settings (kept in settings.json, so the tray has it before the window loads),
 * else the OS's.
 */
export function desktopTranslator(setting: LocaleSetting = 'system'): Translate {
  return translator(resolveLocale(setting, app.getPreferredSystemLanguages()));
}

/** Brings the window back and to the front. */
export function showWindow(win: BrowserWindow): void {
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

/** Shows a notification unless the window is focused; a click focuses the window and the room. */
export function notify(win: BrowserWindow, request: NotifyRequest): void {
  if (win.isFocused() || !Notification.isSupported()) return;
  const n = new Notification({ title: request.title, body: request.body, silent: false });
  n.on('click', () => {
    showWindow(win);
    win.webContents.send(IPC.focusRoomEvent, request.room);
  });
  n.show();
}

/** The unread count on the dock (macOS) or launcher (Linux); Windows flashes the taskbar button. */
export function setUnread(win: BrowserWindow, count: number): void {
  app.setBadgeCount(count);
  if (process.platform === 'win32') win.flashFrame(count > 0 && !win.isFocused());
}

export interface TrayActions {
  show(): void;
  stopHosting(): void;
  quit(): void;
}

/** The tray icon and its menu, which follows the hosting status. */
export class AppTray {
  readonly #tray: Tray;
  readonly #actions: TrayActions;

  #t: Translate;
  #status: HostStatus = { state: 'stopped' };

  constructor(icon: NativeImage, actions: TrayActions, t: Translate = desktopTranslator()) {
    this.#tray = new Tray(icon.resize({ width: 22, height: 22 }));
    this.#actions = actions;
    this.#t = t;
    this.#tray.setToolTip(t('common.appName'));
    this.#tray.on('click', () => actions.show());
    this.update(this.#status);
  }

  /** Says everything again in another language. */
  setTranslator(t: Translate): void {
    this.#t = t;
    this.update(this.#status);
  }

  /** Rebuilds the menu for the hosting status. */
  update(status: HostStatus): void {
    this.#status = status;
    const t = this.#t;
    const hosting = status.state === 'running';
    const app = t('common.appName');
    this.#tray.setToolTip(hosting ? t('desktop.hostingTip', { app, room: status.room, count: status.connected }) : app);
    this.#tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: t('desktop.show'), click: () => this.#actions.show() },
        { label: t('host.stop'), enabled: hosting, click: () => this.#actions.stopHosting() },
        { type: 'separator' },
        { label: t('desktop.quit'), click: () => this.#actions.quit() },
      ]),
    );
  }

  destroy(): void {
    this.#tray.destroy();
  }
}
