/** Room: presence and typing gathered per window, framed once, never older than a socket's welcome. */
import { describe, expect, it } from 'vitest';
import type { Framed } from '../src-main/host/frame.ts';
import { PRESENCE_WINDOW_MS, Room, type RoomSocket } from '../src-main/host/room.ts';

/** A room socket that keeps the payloads of each delivery (one entry per write). */
class Recorder implements RoomSocket {
  readonly writes: string[][] = [];
  deliver(frames: Framed): void {
    this.writes.push(frames.payloads.map((p) => p.toString()));
  }
}

const ev = (s: string) => Buffer.from(s);

describe('Room presence window', () => {
  it('sends a window’s events in one write per socket, each member skipping its own', () => {
    const room = new Room('r', 'e');
    const [a, b, c] = [new Recorder(), new Recorder(), new Recorder()];
    room.add('A', 'Ann', a);
    room.add('B', 'Bob', b);
    room.add('C', 'Cy', c);
    room.broadcastOthers('A', ev('join A'));
    room.broadcastOthers('B', ev('join B'));
    room.broadcastOthers('C', ev('typing C'));
    expect([a.writes, b.writes, c.writes]).toEqual([[], [], []]); // gathered, not yet sent
    room.flushOthers();
    expect(a.writes).toEqual([['join B', 'typing C']]);
    expect(b.writes).toEqual([['join A', 'typing C']]);
    expect(c.writes).toEqual([['join A', 'join B']]);
  });

  it('gives a socket that joins mid-window only the events after it joined', () => {
    const room = new Room('r', 'e');
    const [a, late] = [new Recorder(), new Recorder()];
    room.add('A', 'Ann', a);
    room.broadcastOthers('X', ev('leave X')); // before `late` joined: its welcome already says so
    room.add('L', 'Lee', late);
    room.broadcastOthers('L', ev('join L'));
    room.broadcastOthers('A', ev('typing A'));
    room.flushOthers();
    expect(a.writes).toEqual([['leave X', 'join L']]);
    expect(late.writes).toEqual([['typing A']]);
  });

  it('sends pending presence before a message batch, and on its own after the window', async () => {
    const room = new Room('r', 'e');
    const a = new Recorder();
    room.add('A', 'Ann', a);
    room.broadcastOthers('B', ev('join B'));
    room.broadcastAll([ev('message 1')], [1]);
    expect(a.writes).toEqual([['join B'], ['message 1']]);
    room.broadcastOthers('B', ev('typing B'));
    await new Promise((r) => setTimeout(r, PRESENCE_WINDOW_MS * 3));
    expect(a.writes.at(-1)).toEqual(['typing B']);
  });
});
