import { describe, expect, it } from 'vitest';
import { Sequencer } from '../src-main/redis/sequencer.ts';
import type { ChatMessage } from '../src-shared/protocol.ts';

const msg = (seq: number): ChatMessage => ({
  type: 'message',
  seq,
  id: `i${seq}`,
  from: { id: 'm', name: 'M' },
  text: 't',
  ts: 0,
});

describe('Sequencer', () => {
  it('delivers in seq order, each once, whatever order and duplicates come in', () => {
    const got: number[][] = [];
    const s = new Sequencer(4, (ms) => got.push(ms.map((m) => m.seq)));
    s.push([msg(6)]);
    expect(got).toEqual([]);
    expect(s.firstAhead).toBe(6);
    s.push([msg(3), msg(4)]); // already accounted for
    s.push([msg(5), msg(6)]);
    s.push([msg(8), msg(7), msg(7)]);
    expect(got).toEqual([
      [5, 6],
      [7, 8],
    ]);
    expect(s.next).toBe(9);
    expect(s.firstAhead).toBeUndefined();
  });

  it('skips a gap the log no longer holds', () => {
    const got: number[] = [];
    const s = new Sequencer(0, (ms) => got.push(...ms.map((m) => m.seq)));
    s.push([msg(4), msg(5)]);
    s.skipTo(4);
    expect(got).toEqual([4, 5]);
    s.skipTo(2); // never backwards
    expect(s.next).toBe(6);
  });
});
