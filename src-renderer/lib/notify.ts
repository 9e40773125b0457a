/** What a desktop notification says about a new message. */
import type { ChatMessage } from '../../src-shared/protocol.ts';
import { t } from '../state/i18n.svelte.ts';

/** The notification for one message, as the desktop bridge takes it. */
export interface MessageNotification {
  title: string;
  body: string;
  /** The room's address (its key in the app), given back when the notification is clicked. */
  room: string;
}

/** The longest body sent; the main process shortens too, this just keeps the IPC message small. */
const MAX_BODY = 300;

/**
 * @param roomKey the room's address, as the app keys its rooms
 * @param roomId the room's id, for the title
 */
export function notificationFor(
  roomKey: string,
  roomId: string,
  message: ChatMessage,
  mentioned = false,
): MessageNotification {
  const text = message.text.replace(/\s+/g, ' ').trim();
  return {
    // A direct message (roomId `@Name`) is from that person to you alone.
    title: roomId.startsWith('@')
      ? t('people.dmNotify', { name: message.from.name })
      : mentioned
        ? t('notify.mention', { name: message.from.name, room: roomId })
        : t('notify.title', { name: message.from.name, room: roomId }),
    body: text.length > MAX_BODY ? `${text.slice(0, MAX_BODY - 1)}…` : text,
    room: roomKey,
  };
}
