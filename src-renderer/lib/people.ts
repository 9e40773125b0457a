/**
 * The member list's people and their status: online, idle (present but nothing from them for
 * 5 minutes; for yourself, also a hidden window), or recently here (not present, but they spoke
 * in the history of the last days). Sorted by status, then by name (you first in your status).
 */
import type { MemberView, TimelineMessage } from '../../src-shared/client/types.ts';
import { dmPeer } from '../../src-shared/dm.ts';
import type { HostFrame } from '../../src-shared/protocol.ts';

export type PersonStatus = 'online' | 'idle' | 'recent';

export interface Person {
  id: string;
  name: string;
  you: boolean;
  typing: boolean;
  status: PersonStatus;
}

export const IDLE_AFTER_MS = 5 * 60_000;
export const RECENT_WITHIN_MS = 7 * 24 * 3_600_000;

const ORDER: Record<PersonStatus, number> = { online: 0, idle: 1, recent: 2 };

export interface PeopleInput {
  members: readonly MemberView[];
  messages: readonly TimelineMessage[];
  /** Member id → the last sign of activity seen (joined, typed, spoke), ms. */
  activeAt: ReadonlyMap<string, number>;
  /** This person's window is visible. */
  visible: boolean;
  now: number;
}

/** Everyone to list, with status, sorted by status then name. */
export function people(i: PeopleInput): Person[] {
  const out: Person[] = i.members.map((m) => {
    const quiet = i.now - (i.activeAt.get(m.id) ?? i.now) >= IDLE_AFTER_MS;
    const idle = m.you ? !i.visible : quiet && !m.typing;
    return { id: m.id, name: m.name, you: m.you, typing: m.typing, status: idle ? 'idle' : 'online' };
  });
  const present = new Set(out.map((p) => p.id));
  const seen = new Map<string, string>();
  for (let k = i.messages.length - 1; k >= 0; k--) {
    const m = i.messages[k]!;
    if (i.now - m.ts > RECENT_WITHIN_MS) break;
    if (!present.has(m.from.id) && !seen.has(m.from.id)) seen.set(m.from.id, m.from.name);
  }
  for (const [id, name] of seen) out.push({ id, name, you: false, typing: false, status: 'recent' });
  // Within a status you come first (people look for themselves there), then by name.
  return out.sort(
    (a, b) =>
      ORDER[a.status] - ORDER[b.status] ||
      Number(b.you) - Number(a.you) ||
      a.name.localeCompare(b.name) ||
      a.id.localeCompare(b.id),
  );
}

/** The people of a room session as its member list shows them. */
export function roomPeople(
  room: Pick<PeopleInput, 'members' | 'messages' | 'activeAt'>,
  visible: boolean,
  now: number,
): Person[] {
  return people({ members: room.members, messages: room.messages, activeAt: room.activeAt, visible, now });
}

/** Joining, typing and speaking count as activity; a welcome starts everyone present afresh. */
export function noteActivity(activeAt: Map<string, number>, frame: HostFrame, now: number): void {
  if (frame.type === 'welcome') for (const m of [frame.you, ...frame.members]) activeAt.set(m.id, now);
  else if (frame.type === 'presence' && frame.event === 'join') activeAt.set(frame.member.id, now);
  else if (frame.type === 'typing') activeAt.set(frame.member.id, now);
  else if (frame.type === 'message') activeAt.set(frame.from.id, Math.max(frame.ts, activeAt.get(frame.from.id) ?? 0));
}

/** The other person of a DM room, by their current name: from the members present, else their last message. */
export function dmPeerName(
  roomId: string,
  me: string,
  room: Pick<PeopleInput, 'members' | 'messages'>,
): string | undefined {
  const peer = dmPeer(roomId, me);
  return room.members.find((m) => m.id === peer)?.name ?? room.messages.findLast((m) => m.from.id === peer)?.from.name;
}
