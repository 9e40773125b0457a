import { describe, expect, it } from 'vitest';
import type { PendingMessage, TimelineMessage } from '../../src-shared/client/types.ts';
import { buildRows, GROUP_WINDOW_MS, type MessageRow, type Row } from '../../src-renderer/lib/timeline-view.ts';

const alice = { id: 'm-a', name: 'Alice' };
const bob = { id: 'm-b', name: 'Bob' };
const NOW = new Date(2026, 10, 22, 15, 0).getTime();
const TODAY_9 = new Date(2026, 10, 22, 9, 0).getTime();
const YESTERDAY_9 = new Date(2026, 10, 21, 9, 0).getTime();

let seq = 0;
function msg(from: typeof alice, ts: number, text = 'hi', own = false): TimelineMessage {
  seq++;
  return { type: 'message', seq, id: `s${seq}`, from, text, ts, own };
}
const messages = (rows: Row[]) => rows.filter((r): r is MessageRow => r.kind === 'message');

describe('buildRows', () => {
  it('puts a day separator before the first message of each day', () => {
    const rows = buildRows(
      {
        messages: [msg(alice, YESTERDAY_9), msg(alice, YESTERDAY_9 + 1000), msg(bob, TODAY_9)],
        pending: [],
        you: alice,
      },
      NOW,
    );
    expect(rows.map((r) => (r.kind === 'day' ? r.label : r.kind))).toEqual([
      'Yesterday',
      'message',
      'message',
      'Today',
      'message',
    ]);
  });

  it('groups consecutive messages of one person within five minutes, and not across a day', () => {
    const rows = buildRows(
      {
        messages: [
          msg(alice, TODAY_9),
          msg(alice, TODAY_9 + 60_000),
          msg(bob, TODAY_9 + 120_000),
          msg(alice, TODAY_9 + 180_000),
          msg(alice, TODAY_9 + 180_000 + GROUP_WINDOW_MS + 1),
        ],
        pending: [],
        you: null,
      },
      NOW,
    );
    expect(messages(rows).map((r) => r.head)).toEqual([true, false, true, true, true]);
  });

  it('starts a new group when the same person goes on under another name (a rename)', () => {
    const alicia = { id: alice.id, name: 'Alicia' };
    const rows = buildRows(
      {
        messages: [
          msg(alice, TODAY_9, 'before'),
          msg(alice, TODAY_9 + 1000, 'still Alice'),
          msg(alicia, TODAY_9 + 2000, 'after the change'),
          msg(alicia, TODAY_9 + 3000, 'again'),
        ],
        pending: [{ id: 'q1', text: 'sending as Alicia', createdAt: TODAY_9 + 4000, state: 'sending', attempts: 1 }],
        you: alicia,
      },
      NOW,
    );
    expect(messages(rows).map((r) => [r.from.name, r.head])).toEqual([
      ['Alice', true],
      ['Alice', false],
      ['Alicia', true],
      ['Alicia', false],
      ['Alicia', false],
    ]);
    // One's own messages are all headed "You": a rename of one's own does not split them.
    const own = buildRows(
      {
        messages: [msg(alice, TODAY_9, 'mine before', true)],
        pending: [{ id: 'q2', text: 'mine after', createdAt: TODAY_9 + 1000, state: 'sending', attempts: 1 }],
        you: alicia,
      },
      NOW,
    );
    expect(messages(own).map((r) => [r.from.name, r.head])).toEqual([
      ['Alice', true],
      ['Alicia', false],
    ]);
  });

  it('shows pending messages last, as sending or failed with the reason, and skips sent ones', () => {
    const p = (
      id: string,
      state: PendingMessage['state'],
      error?: { code: string; message: string },
    ): PendingMessage => ({
      id,
      text: `text ${id}`,
      createdAt: TODAY_9 + 10_000,
      state,
      attempts: 1,
      ...(error ? { error } : {}),
    });
    const rows = buildRows(
      {
        messages: [msg(alice, TODAY_9, 'stored', true)],
        pending: [p('p1', 'sending'), p('p2', 'failed', { code: 'too_large', message: 'Too long.' }), p('p3', 'sent')],
        you: alice,
      },
      NOW,
    );
    const m = messages(rows);
    expect(m.map((r) => [r.key, r.status, r.own, r.head])).toEqual([
      ['s' + seq, 'sent', true, true],
      ['pp1', 'sending', true, false],
      ['pp2', 'failed', true, false],
    ]);
    // The client's sentence for the code, not the host's English one.
    expect(m[2]!.error).toBe('A message can be at most 4000 characters long.');
  });

  it('keeps an earlier epoch apart with a note, and marks gaps the host could not fill', () => {
    const old = msg(alice, TODAY_9, 'from the old log');
    const after = { ...msg(bob, TODAY_9 + 1000, 'after the gap'), seq: 1500 };
    const rows = buildRows(
      {
        messages: [{ ...msg(bob, TODAY_9, 'first'), seq: 1 }, after],
        archived: [{ epoch: 'e0', messages: [old] }],
        gaps: [{ from: 2, to: 1499 }],
        pending: [],
        you: null,
      },
      NOW,
    );
    const notes = rows.filter((r) => r.kind === 'note').map((r) => (r.kind === 'note' ? r.label : ''));
    expect(notes).toEqual([
      'The host’s history was reset: the messages above are from before.',
      '1498 earlier messages were too many to load.',
    ]);
    // Keys stay unique although the old epoch reused seq numbers.
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
  });
});

describe('buildRows, waiting messages', () => {
  it('says why a message waits after a transient refusal, in its own words', () => {
    const pending: PendingMessage = {
      id: 'w1',
      text: 'x',
      createdAt: TODAY_9,
      state: 'sending',
      attempts: 2,
      error: { code: 'rate_limited', message: 'You are sending too fast; wait a moment and try again.' },
    };
    const [row] = messages(buildRows({ messages: [], pending: [pending], you: alice }, NOW));
    expect(row).toMatchObject({ status: 'sending', error: 'the host asked to slow down' });
  });
});
