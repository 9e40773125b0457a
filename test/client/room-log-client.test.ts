/**
 * The client side of the 1.1 room log: the Timeline applies change entries idempotently (twice,
 * before their target, after a newer state), and ChatClient's edit/delete/react/markRead travel
 * through the outbox like sends, across a host restart, stored once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Timeline } from '../../src-shared/client/timeline.ts';
import type { ChatMessage } from '../../src-shared/protocol.ts';
import { startClient, waitFor } from '../helpers/chat-client.ts';
import { cleanupFolders, startHost, type TestHost } from '../helpers/host.ts';
import type { ChatClient } from '../../src-shared/client/chat-client.ts';

const bob = { id: 'm-bob', name: 'Bob' };
const carol = { id: 'm-carol', name: 'Carol' };
const text = (seq: number, extra: Partial<ChatMessage> = {}): ChatMessage => ({
  type: 'message',
  seq,
  id: `id${seq}`,
  from: bob,
  text: `t${seq}`,
  ts: seq,
  ...extra,
});
const change = (seq: number, target: number, extra: Partial<ChatMessage>): ChatMessage => ({
  ...text(seq),
  text: '',
  target,
  ...extra,
});

describe('Timeline and change entries', () => {
  it('applies an edit, a reaction and a delete once, whatever order and however often they come', () => {
    const edit = change(3, 1, { kind: 'edit', text: 'new' });
    const react = change(4, 1, { kind: 'react', emoji: '👍', on: true, from: carol });
    const orders = [
      [text(1), edit, react],
      [edit, react, text(1)], // the changes before their target (a page loaded later)
      [react, edit, edit, text(1), react], // twice
    ];
    for (const order of orders) {
      const t = new Timeline();
      for (const m of order) t.add(m);
      expect(t.messages).toHaveLength(1); // change entries are not messages of their own
      expect(t.get(1)).toMatchObject({ text: 'new', edited: 3, reactions: { '👍': ['m-carol'] }, rev: 4 });
      expect(t.lastSeq).toBe(4);
    }
    const t = new Timeline();
    t.add(text(1));
    t.add(change(5, 1, { kind: 'delete' }));
    expect(t.add(change(4, 1, { kind: 'edit', text: 'late' }))).toBe(false); // older than the delete
    expect(t.get(1)).toMatchObject({ text: '', deleted: true });
  });

  it('keeps the newer state when a target arrives already changed, and takes a newer copy', () => {
    const t = new Timeline();
    t.add(change(2, 1, { kind: 'edit', text: 'v1' }));
    t.add(text(1, { text: 'v2', edited: 3, rev: 3 })); // history: the current state, after seq 3
    expect(t.get(1)).toMatchObject({ text: 'v2', rev: 3 });
    expect(t.add(text(1, { text: 'v3', edited: 9, rev: 9 }))).toBe(true);
    expect(t.get(1)!.text).toBe('v3');
    expect(t.add(text(1, { text: 'v2', rev: 3 }))).toBe(false);
  });

  it('takes a reaction back, and forgets an emoji nobody holds', () => {
    const t = new Timeline();
    t.add(text(1));
    t.add(change(2, 1, { kind: 'react', emoji: '🎉', on: true, from: carol }));
    t.add(change(3, 1, { kind: 'react', emoji: '🎉', on: true, from: bob }));
    t.add(change(4, 1, { kind: 'react', emoji: '🎉', on: false, from: carol }));
    expect(t.get(1)!.reactions).toEqual({ '🎉': ['m-bob'] });
    t.add(change(5, 1, { kind: 'react', emoji: '🎉', on: false, from: bob }));
    expect(t.get(1)!.reactions).toBeUndefined();
  });
});

describe('ChatClient edit, delete, react, reply and markRead on a real host', () => {
  const hosts: TestHost[] = [];
  const clients: ChatClient[] = [];
  afterEach(async () => {
    clients.splice(0).forEach((c) => c.stop());
    await Promise.all(hosts.splice(0).map((h) => h.stop()));
    cleanupFolders();
  });

  it('changes reach everyone once, even when queued while the host restarts', async () => {
    const h = await startHost({ rate: 0 });
    hosts.push(h);
    const a = startClient(h.url(), { name: 'Alice' });
    const b = startClient(h.url(), { name: 'Bob' });
    clients.push(a, b);
    await waitFor(() => a.state === 'open' && b.state === 'open', 10_000, 'both open');
    expect(a.supports('edit') && a.supports('read')).toBe(true);
    a.send('hello');
    await waitFor(() => b.timeline.get(1) !== undefined, 5000, 'hello at Bob');
    b.send('hi Alice', { replyTo: 1 });
    await waitFor(() => a.timeline.get(2)?.replyTo === 1, 5000, 'the reply');

    // The host goes away; the changes wait in the outbox, then go with the same ids.
    await h.stop();
    await waitFor(() => a.state === 'reconnecting', 5000, 'Alice reconnecting');
    a.edit(1, 'hello, edited');
    b.react(1, '👍', true);
    a.react(2, '❤️', true);
    const h2 = await h.restart();
    hosts.push(h2);
    await waitFor(() => a.pending.length === 0 && b.pending.length === 0, 10_000, 'outboxes drained');
    await waitFor(() => b.timeline.get(2)?.reactions !== undefined, 5000, 'the heart at Bob');
    for (const c of [a, b]) {
      expect(c.timeline.get(1)).toMatchObject({ text: 'hello, edited', reactions: { '👍': [b.you!.id] } });
      expect(c.timeline.get(2)!.reactions).toEqual({ '❤️': [a.you!.id] });
    }
    a.delete(1);
    await waitFor(() => b.timeline.get(1)?.deleted === true, 5000, 'the delete at Bob');
    expect(b.timeline.get(1)!.text).toBe('');
    expect(a.timeline.lastSeq).toBe(6); // 2 texts + edit + 2 reacts + delete: each stored once

    // A refused change does not stay in the outbox.
    const errors: string[] = [];
    b.on('error', (e) => errors.push(e.code));
    b.edit(2, 'fine');
    b.edit(1, 'not mine');
    await waitFor(() => errors.includes('not_found') || errors.includes('forbidden'), 5000, 'the refusal');
    await waitFor(() => b.outbox.items.length === 0, 5000, 'refused change dropped');

    // Read positions: Bob has seen everything; Alice learns it.
    b.markRead(b.timeline.lastSeq!);
    await waitFor(() => a.reads.seenBy(6, a.you!.id).length === 1, 5000, 'Bob seen by');
    expect(a.reads.seenBy(6, a.you!.id)[0]!.name).toBe('Bob');
  });
});
