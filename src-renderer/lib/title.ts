import { t } from '../state/i18n.svelte.ts';

/** The window title: the total unread count first, so that it shows in a narrow tab or taskbar. */
export function windowTitle(totalUnread: number, room: string | null): string {
  const app = t('common.appName');
  const base = room ? t('nav.windowTitle', { room, app }) : app;
  return totalUnread > 0 ? `(${totalUnread > 99 ? '99+' : totalUnread}) ${base}` : base;
}

/** A badge's text: at most `99+`. */
export function badge(n: number): string {
  return n > 99 ? '99+' : String(n);
}
