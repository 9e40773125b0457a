/**
 * The welcome's members list from the room's roster (roster.ts) is the text of
 * `JSON.stringify(room.members(except))`, byte for byte, through joins, second sockets, leaves,
 * renames and claims; and what a welcome was given never changes afterwards (it may wait for
 * its history before it is written).
 */
import { describe, expect, it } from 'vitest';
import { Room, type RoomSocket } from '../src-main/host/room.ts';
import { membersJson, type MembersJson } from '../src-main/host/roster.ts';
import { seededRandom as random } from './helpers/seeded-random.ts';

const socket = (): RoomSocket => ({ deliver: () => {} });
const text = (json: MembersJson) => Buffer.concat(json.map((p) => Buffer.from(p))).toString();
const plain = (room: Room, except?: string) => JSON.stringify(room.members(except)).slice(1, -1);

describe('Room roster', () => {
  it('gives the members list of JSON.stringify through 4000 random joins, leaves and renames', () => {
    // Names that JSON escapes, non-ASCII (multi-byte UTF-8) and a crowd of one name.
    const names = ['Guest', 'Ann "the" \\ one', 'Zoë', '李雷', 'a\u2028b', '😀 x'];
    const next = random(7);
    const room = new Room('r', 'e');
    const sockets = new Map<string, RoomSocket[]>();
    const given: { json: MembersJson; was: string }[] = [];
    const counts = { join: 0, second: 0, leave: 0, rename: 0, claim: 0 };
    for (let step = 0; step < 4000; step++) {
      const ids = [...sockets.keys()];
      const roll = next(12);
      const id = ids[next(ids.length)];
      if (roll < 5 || id === undefined) {
        const newId = `m-${step}`;
        const s = socket();
        room.add(newId, names[next(names.length)]!, s);
        sockets.set(newId, [s]);
        counts.join++;
      } else if (roll < 6) {
        const s = socket(); // a second window of a present member: not a new member
        room.add(id, 'ignored', s);
        sockets.get(id)!.push(s);
        counts.second++;
      } else if (roll < 9) {
        const mine = sockets.get(id)!;
        const left = room.remove(id, mine.pop()!);
        expect(left !== undefined, `step ${step}`).toBe(mine.length === 0);
        if (mine.length === 0) sockets.delete(id);
        counts.leave++;
      } else if (roll < 10) {
        room.rename(id, `${names[next(names.length)]} ${step}`); // agreed on another host
        counts.rename++;
      } else {
        room.claim(id, names[next(names.length)]!);
        counts.claim++;
      }
      // A welcome's list, as the joiner (often the newest), as someone else, or as nobody present.
      const now = [...sockets.keys()];
      for (const except of [now.at(-1), now[next(Math.max(1, now.length))], 'm-absent', undefined]) {
        const json = room.membersJson(except);
        expect(text(json), `step ${step} except ${except}`).toBe(plain(room, except));
        if (next(20) === 0) given.push({ json, was: text(json) });
      }
    }
    for (const g of given) expect(text(g.json)).toBe(g.was);
    expect(Math.min(...Object.values(counts))).toBeGreaterThan(100);
    expect(given.length).toBeGreaterThan(100);
  });

  it('lists a crowd in order of arrival, shares one buffer, and gives JSON.stringify for a plain list', () => {
    const room = new Room('c', 'e');
    for (let i = 0; i < 3000; i++) room.add(`g${i}`, 'Guest', socket());
    const [all] = room.membersJson() as Buffer[];
    expect(JSON.parse(`[${all!.toString()}]`)).toEqual(room.members());
    const [mid1, mid2] = room.membersJson('g1500') as Buffer[];
    expect(mid1!.buffer).toBe(all!.buffer); // views, not copies
    expect(mid2!.buffer).toBe(all!.buffer);
    expect(text(membersJson(room.members('g7')))).toBe(text(room.membersJson('g7')));
    expect(text(membersJson([]))).toBe('');
    const alone = new Room('a', 'e');
    alone.add('x', 'X', socket());
    expect(text(alone.membersJson('x'))).toBe('');
  });
});
