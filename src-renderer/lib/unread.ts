/** Counting what a person has not read yet in a room's timeline. */
import type { TimelineMessage } from '../../src-shared/client/types.ts';

/** Messages from others after `lastReadSeq` for which `counts` holds (the newest are at the end). */
export function countUnread(
  messages: readonly TimelineMessage[],
  lastReadSeq: number,
  counts: (m: TimelineMessage) => boolean,
): number {
  let n = 0;
  for (let i = messages.length - 1; i >= 0 && messages[i]!.seq > lastReadSeq; i--) {
    if (!messages[i]!.own && counts(messages[i]!)) n++;
  }
  return n;
}
