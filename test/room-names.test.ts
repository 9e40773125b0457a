/**
 * The join path's cheap parts give what they gave before: Room's name numbering with its
 * per-name hint equals numbering every join from the first candidate, and member ids and tokens
 * made with a cached key object equal the plain HMACs of the secret.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { memberIdFor } from '../src-main/host/member-id.ts';
import { MemberTokens } from '../src-main/host/member-token.ts';
import { skeleton, uniqueName } from '../src-main/host/name-skeleton.ts';
import { Room, type RoomSocket } from '../src-main/host/room.ts';
import { seededRandom as random } from './helpers/seeded-random.ts';

const socket = (): RoomSocket => ({ deliver: () => {} });

describe('Room names with the per-name hint', () => {
  it('numbers every join as a search from the first candidate would, through joins, leaves and renames', () => {
    // Look-alikes (Cyrillic А), a wanted name that is another's candidate ("b (2)"), case.
    const wanted = ['b', 'b', 'b', 'b (2)', 'Alice', '\u0410lice', 'alice', 'b (3)'];
    const next = random(18);
    const room = new Room('r', 'e');
    const present = new Map<string, { name: string; socket: RoomSocket }>();
    let renames = 0;
    for (let step = 0; step < 3000; step++) {
      const roll = next(10);
      if (roll < 6 || present.size === 0) {
        const id = `m${step}`;
        const want = wanted[next(wanted.length)]!;
        const taken = new Set([...present.values()].map((p) => skeleton(p.name)));
        const expected = uniqueName(want, taken).name;
        const s = socket();
        expect(room.add(id, want, s).member.name, `step ${step}: ${want}`).toBe(expected);
        present.set(id, { name: expected, socket: s });
      } else {
        const ids = [...present.keys()];
        const id = ids[next(ids.length)]!;
        if (roll === 9) {
          // Several hosts: the room is told a name agreed elsewhere (never a taken one); its old one is free.
          const name = `Renamed ${renames++}`;
          room.rename(id, name);
          present.get(id)!.name = name;
        } else {
          room.remove(id, present.get(id)!.socket);
          present.delete(id);
        }
      }
    }
    expect(renames).toBeGreaterThan(10);
    // A crowd of one name with nobody leaving: 2000 joins, numbered 1…2000.
    const crowd = new Room('c', 'e');
    for (let i = 1; i <= 2000; i++) {
      expect(crowd.add(`g${i}`, 'Guest', socket()).member.name).toBe(i === 1 ? 'Guest' : `Guest (${i})`);
    }
  });
});

describe('HMACs with a cached key object', () => {
  it('gives the member ids and tokens of the plain HMAC of the secret', () => {
    const secret = new Uint8Array(randomBytes(32));
    for (const clientId of ['client0001', 'x'.repeat(64), 'ü-client']) {
      const plain = 'm-' + createHmac('sha256', secret).update(clientId).digest('base64url').slice(0, 16);
      expect(memberIdFor(secret, clientId)).toBe(plain);
      expect(memberIdFor(secret, clientId)).toBe(plain); // the second call uses the cached key
    }
    const other = new Uint8Array(randomBytes(32));
    expect(memberIdFor(other, 'client0001')).not.toBe(memberIdFor(secret, 'client0001'));
    const tokens = new MemberTokens(secret, () => 1_700_000_000_000);
    const token = tokens.issue('general', 'm-AAAAAAAAAAAAAAAA');
    const [payload, mac] = token.split('.');
    const key = createHmac('sha256', secret).update('lanchat member token v1').digest();
    const plainMac = createHmac('sha256', key).update(`general\n${payload}`).digest().subarray(0, 24);
    expect(mac).toBe(plainMac.toString('base64url'));
  });
});
