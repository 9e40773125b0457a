/** Notifications in a browser (no desktop bridge): asked for once, shown for mentions. */
import type { MessageNotification } from './notify.ts';

/** localStorage key: the browser client asked for notification permission once already. */
const ASKED_KEY = 'lanchat.notifications.asked';

/**
 * In a browser (no desktop bridge): asks once, ever, for permission to show notifications, the
 * first time the person does something (a permission request needs a user gesture).
 */
export function askNotificationsOnce(win: Window = window): void {
  const N = (win as { Notification?: typeof Notification }).Notification;
  if (!N || N.permission !== 'default' || win.localStorage.getItem(ASKED_KEY)) return;
  win.localStorage.setItem(ASKED_KEY, '1');
  void N.requestPermission().catch(() => {});
}

/**
 * In a browser: shows a mention as a system notification when allowed, unless the person is
 * looking at that very room right now.
 * @param onScreen the room is the one shown
 */
export function browserNotify(
  n: MessageNotification,
  onScreen: boolean,
  onclick: () => void,
  win: Window = window,
): void {
  const N = (win as { Notification?: typeof Notification }).Notification;
  if (!N || N.permission !== 'granted') return;
  if (onScreen && win.document.visibilityState === 'visible' && win.document.hasFocus()) return;
  const shown = new N(n.title, { body: n.body, tag: `${n.room}` });
  shown.onclick = () => {
    win.focus();
    onclick();
    shown.close();
  };
}
