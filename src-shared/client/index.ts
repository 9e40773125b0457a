/** The framework-free chat client: import from here. */
export { Backoff, DEFAULT_BACKOFF } from './backoff.ts';
export { ChatClient } from './chat-client.ts';
export { MemoryOutboxStore, Outbox, TRANSIENT_SEND_ERRORS } from './outbox.ts';
export { PendingRequests, RequestFailed } from './requests.ts';
export { isClientId, newClientId, randomId } from '../ids.ts';
export { Roster } from './roster.ts';
export { Timeline, type WelcomeMerge } from './timeline.ts';
export type * from './types.ts';
