/**
 * Desktop niceties around the window: a notification for a message that arrives while the
 * window is not focused (a click shows its room), the unread count on the dock or taskbar, and
 * a tray icon with "Show", "Stop hosting" and "Quit".
 */
import { app, Menu, Notification, Tray, type BrowserWindow, type NativeImage } from 'electron';
import { IPC, type HostStatus, type NotifyRequest } from '../../src-shared/bridge.ts';

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

  constructor(icon: NativeImage, actions: TrayActions) {
    this.#tray = new Tray(icon.resize({ width: 22, height: 22 }));
    this.#actions = actions;
    this.#tray.setToolTip('LAN Chat');
    this.#tray.on('click', () => actions.show());
    this.update({ state: 'stopped' });
  }

  /** Rebuilds the menu for the hosting status. */
  update(status: HostStatus): void {
    const hosting = status.state === 'running';
    this.#tray.setToolTip(hosting ? `LAN Chat: hosting “${status.room}” (${status.connected} connected)` : 'LAN Chat');
    this.#tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: 'Show', click: () => this.#actions.show() },
        { label: 'Stop hosting', enabled: hosting, click: () => this.#actions.stopHosting() },
        { type: 'separator' },
        { label: 'Quit', click: () => this.#actions.quit() },
      ]),
    );
  }

  destroy(): void {
    this.#tray.destroy();
  }
}
