/**
 * The part of `ChatClient` (src-shared/client) that the renderer uses. Coding the room state
 * against this narrow interface keeps the UI's assumptions about the client in one place.
 */
import type {
  ArchivedTimeline,
  ChatClientOptions,
  ClientEvents,
  ClientState,
  CloseInfo,
  HistoryPage,
  MemberView,
  PendingMessage,
  SearchOptions,
  SearchPage,
  TimelineGap,
  TimelineMessage,
} from '../../src-shared/client/types.ts';
import type { Feature, Member, ReadState, WelcomeFrame } from '../../src-shared/protocol.ts';

/** What the renderer reads and calls on a chat client. */
export interface ChatClientPort {
  readonly state: ClientState;
  readonly timeline: {
    /** Rises with every change of `messages`, also an edit in place (1.1). */
    readonly revision: number;
    readonly messages: readonly TimelineMessage[];
    readonly archived: readonly ArchivedTimeline[];
    readonly gaps: readonly TimelineGap[];
    /** The first message of the room is held. */
    readonly atStart: boolean;
    /** The `before` of the next older page. */
    readonly olderBefore: number | undefined;
  };
  /** The 1.1 features the host serves. */
  readonly features: readonly Feature[];
  readonly pending: readonly PendingMessage[];
  readonly members: readonly MemberView[];
  readonly you: Member | undefined;
  readonly nextRetryAt: number | undefined;
  readonly closeInfo: CloseInfo | undefined;
  readonly welcome?: WelcomeFrame | undefined;
  on<K extends keyof ClientEvents>(event: K, fn: (payload: ClientEvents[K]) => void): () => void;
  start(): void;
  stop(): void;
  send(text: string, options?: { replyTo?: number; files?: readonly string[] }): PendingMessage;
  /** 1.1: what the host serves (from its welcome), and the changes of the room log. */
  supports(feature: string): boolean;
  edit(target: number, text: string): PendingMessage;
  delete(target: number): PendingMessage;
  react(target: number, emoji: string, on: boolean): PendingMessage;
  markRead(seq: number): void;
  readonly reads: { readonly all: ReadState[] };
  retry(id: string): boolean;
  discard(id: string): boolean;
  typing(): void;
  retryNow(): void;
  networkOnline(): void;
  history(before: number, limit?: number): Promise<HistoryPage>;
  search(q: string, options?: SearchOptions): Promise<SearchPage>;
  /** Extension `rename`: your new name in this room, shown to the others at once. */
  rename(name: string): Promise<Member>;
}

/** Makes a client for one room. */
export type ClientFactory = (options: ChatClientOptions) => ChatClientPort;
