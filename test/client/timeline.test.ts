import { describe, expect, it } from 'vitest';
import { Timeline } from '../../src-shared/client/timeline.ts';
import type { ChatMessage, WelcomeFrame } from '../../src-shared/protocol.ts';

const alice = { id: 'm-alice', name: 'Alice' };
const bob = { id: 'm-bob', name: 'Bob' };
const msg = (seq: number, from = bob): ChatMessage => ({
  type: 'message',
  seq,
  id: `id${seq}`,
  from,
  text: `t${seq}`,
  ts: seq,
});
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => msg(a + i));
const welcome = (epoch: string, history: ChatMessage[], extra: Partial<WelcomeFrame> = {}): WelcomeFrame => ({
  type: 'welcome',
  protocol: 1,
  room: 'general',
  epoch,
  you: alice,
  members: [bob],
  history,
  latestSeq: history.at(-1)?.seq ?? 0,
  truncated: false,
  server: { name: 'h', version: '1' },
  ...extra,
});
const seqs = (t: Timeline) => t.messages.map((m) => m.seq);

describe('Timeline', () => {
  it('starts with no resume point and takes the welcome history', () => {
    const t = new Timeline();
    expect(t.resumePoint()).toBeUndefined();
    const r = t.applyWelcome(welcome('E1', range(51, 100), { latestSeq: 100 }));
    expect(r).toEqual({ epochChanged: false, added: 50 });
    expect(t.resumePoint()).toEqual({ since: 100, epoch: 'E1' });
    expect(seqs(t)).toEqual(range(51, 100).map((m) => m.seq));
    expect(t.gaps).toEqual([]);
  });

  it('resumes an empty room from seq 0', () => {
    const t = new Timeline();
    t.applyWelcome(welcome('E1', [], { latestSeq: 0 }));
    expect(t.resumePoint()).toEqual({ since: 0, epoch: 'E1' });
  });

  it('merges overlapping history and live messages without duplicates, in order', () => {
    const t = new Timeline();
    t.applyWelcome(welcome('E1', range(1, 5)));
    expect(t.add(msg(6))).toBe(true);
    expect(t.add(msg(6))).toBe(false);
    expect(t.add(msg(8))).toBe(true);
    expect(t.add(msg(7))).toBe(true); // out of order: inserted in place
    const r = t.applyWelcome(welcome('E1', range(4, 10)));
    expect(r.added).toBe(2);
    expect(seqs(t)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(t.get(7)?.text).toBe('t7');
    expect(t.get(11)).toBeUndefined();
  });

  it('marks own messages by the welcome’s member id', () => {
    const t = new Timeline();
    t.applyWelcome(welcome('E1', [msg(1, alice), msg(2, bob)]));
    t.add(msg(3, alice));
    expect(t.messages.map((m) => m.own)).toEqual([true, false, true]);
  });

  it('records a gap when the host truncated a long resume', () => {
    const t = new Timeline();
    t.applyWelcome(welcome('E1', range(1, 10)));
    t.applyWelcome(welcome('E1', range(1011, 2010), { truncated: true }));
    expect(t.gaps).toEqual([{ from: 11, to: 1010 }]);
    expect(t.lastSeq).toBe(2010);
  });

  it('archives the old epoch apart when the host’s log was reset', () => {
    const t = new Timeline({ resume: { seq: 3, epoch: 'E1' } });
    t.applyWelcome(welcome('E1', range(4, 6)));
    const r = t.applyWelcome(welcome('E2', range(1, 2)));
    expect(r.epochChanged).toBe(true);
    expect(t.epoch).toBe('E2');
    expect(seqs(t)).toEqual([1, 2]);
    expect(t.archived).toHaveLength(1);
    expect(t.archived[0]!.epoch).toBe('E1');
    expect(t.archived[0]!.messages.map((m) => m.seq)).toEqual([4, 5, 6]);
    expect(t.resumePoint()).toEqual({ since: 2, epoch: 'E2' });
  });

  it('takes a saved resume point and the pending list from its owner', () => {
    const pending = [{ id: 'p1', text: 'x', createdAt: 0, state: 'sending' as const, attempts: 0 }];
    const t = new Timeline({ resume: { seq: 41, epoch: 'E9' }, pending: () => pending });
    expect(t.resumePoint()).toEqual({ since: 41, epoch: 'E9' });
    expect(t.pending).toBe(pending);
  });

  it('forgets the oldest messages beyond its cap, never the newest', () => {
    const t = new Timeline({ maxMessages: 10 });
    t.applyWelcome(welcome('E1', range(1, 11)));
    expect(seqs(t)).toEqual(range(1, 11).map((m) => m.seq)); // within the 10 % slack
    t.add(msg(12));
    expect(seqs(t)).toEqual(range(3, 12).map((m) => m.seq));
    expect(t.resumePoint()).toEqual({ since: 12, epoch: 'E1' });
  });

  it('starts afresh when the same epoch comes back with a lower latest seq (a log restored from a backup)', () => {
    const t = new Timeline();
    t.applyWelcome(welcome('E1', range(1, 10)));
    const r = t.applyWelcome(welcome('E1', [], { latestSeq: 7 }));
    expect(r.epochChanged).toBe(true);
    expect(t.archived.map((a) => [a.epoch, a.messages.length])).toEqual([['E1', 10]]);
    expect(t.add({ ...msg(8), text: 'new eight' })).toBe(true); // a new message, not a duplicate
    expect(t.messages.map((m) => m.text)).toEqual(['new eight']);
  });
});

describe('Timeline pages of older history', () => {
  it('extends downwards page by page to the start, without gap or duplicate', () => {
    const t = new Timeline();
    t.applyWelcome(welcome('E1', range(251, 300), { truncated: true }));
    expect(t.atStart).toBe(false);
    expect(t.olderBefore).toBe(251);
    expect(t.addPage(251, range(151, 250), true)).toBe(100);
    expect(t.olderBefore).toBe(151);
    // A page that overlaps what is held (asked twice) adds nothing twice.
    expect(t.addPage(251, range(151, 250), true)).toBe(0);
    expect(t.addPage(151, range(1, 150), false)).toBe(150);
    expect(t.atStart).toBe(true);
    expect(t.olderBefore).toBeUndefined();
    expect(seqs(t)).toEqual(range(1, 300).map((m) => m.seq));
  });

  it('merges a page and live messages that cross it, and knows a new room starts at once', () => {
    const t = new Timeline();
    t.applyWelcome(welcome('E1', range(51, 100), { truncated: true }));
    t.add(msg(101));
    t.add(msg(102));
    t.addPage(51, range(1, 50), false);
    t.add(msg(103));
    expect(seqs(t)).toEqual(range(1, 103).map((m) => m.seq));
    const fresh = new Timeline();
    fresh.applyWelcome(welcome('E2', range(1, 10)));
    expect(fresh.atStart).toBe(true);
  });

  it('does not merge a page that would leave a hole, nor one from before a welcome of another log', () => {
    const t = new Timeline();
    t.applyWelcome(welcome('E1', range(251, 300), { truncated: true }));
    expect(t.addPage(100, range(50, 99), true)).toBe(0);
    expect(seqs(t)[0]).toBe(251);
    expect(new Timeline().addPage(5, range(1, 4), false)).toBe(0);
  });
});
