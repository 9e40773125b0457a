/**
 * What a member is told when it joins: the history from its resume point (from the start of the
 * current log when it resumes another epoch), capped in bytes, where everyone has read to, who it
 * is and who is there, and what this host serves.
 */
import {
  LIMITS,
  PROTOCOL_VERSION,
  type HelloFrame,
  type Member,
  type ReadState,
  type WelcomeFrame,
} from '../../src-shared/protocol.ts';
import type { HistoryPage } from '../store/store.ts';
import { hostFeatures } from './features.ts';
import { capHistoryBytes } from './limits/welcome-history.ts';
import type { ResolvedOptions } from './options.ts';
import type { ReadTracker } from './room-reads.ts';
import type { Room } from './room.ts';

/** What the welcome lists from the store: its history page, and the read positions. */
export interface WelcomeHistory {
  page: HistoryPage;
  reads: ReadState[];
}

/** Reads the history page (resumed after `hello.since` when its epoch is the room's) and read positions. */
export async function welcomeHistory(
  options: ResolvedOptions,
  reads: ReadTracker,
  room: Room,
  hello: HelloFrame,
): Promise<WelcomeHistory> {
  const since = hello.epoch !== undefined && hello.epoch !== room.epoch ? undefined : hello.since;
  const limit = since === undefined ? LIMITS.historyDefault : LIMITS.historyResumeMax;
  const [page, positions] = await Promise.all([
    options.store.history(room.id, since, limit).then((p) => capHistoryBytes(p, options.limits.maxWelcomeHistoryBytes)),
    reads.reads(room.id),
  ]);
  return { page, reads: positions };
}

/** The welcome frame of `you` in `room`, with the other `members` present and its HTTP `token`. */
export function welcomeFrame(
  options: ResolvedOptions,
  room: Room,
  who: { you: Member; members: Member[]; token: string },
  { page, reads }: WelcomeHistory,
): WelcomeFrame {
  return {
    type: 'welcome',
    protocol: PROTOCOL_VERSION,
    room: room.id,
    epoch: room.epoch,
    you: who.you,
    members: who.members,
    history: page.messages,
    latestSeq: page.latestSeq,
    truncated: page.truncated,
    server: { name: options.name, version: options.version },
    features: hostFeatures(options),
    token: who.token,
    reads,
  };
}
