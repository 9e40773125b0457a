/** What a RoomSession (room.svelte.ts) is made with. */
import type { RoomAddress } from '../../src-shared/address.ts';
import type { OutboxStore, WebSocketConstructor } from '../../src-shared/client/types.ts';
import type { ChatMessage, DmNoticeFrame } from '../../src-shared/protocol.ts';
import type { ClientFactory } from './client-port.ts';

/** What a room needs to connect. */
export interface RoomOptions {
  address: RoomAddress;
  name: string;
  clientId: string;
  password?: string;
  createClient: ClientFactory;
  /** The WebSocket the client uses: the page's, unless the desktop checks each attempt (checked-socket.ts). */
  WebSocket?: WebSocketConstructor;
  /** Where the room's unsent messages are kept between runs. */
  outboxStore: OutboxStore;
  /** Called with the host's name once a welcome arrives (for the recent rooms). */
  onHostName?: (name: string) => void;
  /**
   * Called for each new message from someone else, as it arrives live (never for history), with
   * whether it mentions the person.
   */
  onIncoming?: (message: ChatMessage, mentioned: boolean) => void;
  /** Called when the host says a direct message arrived in a DM room of this host. */
  onDm?: (notice: DmNoticeFrame) => void;
  /** Count the messages after this seq as unread on the first welcome (a DM opened by its notice). */
  unreadAfter?: number;
  /** The other person's name, for a direct-message room. */
  peerName?: string;
}
