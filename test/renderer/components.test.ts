/**
 * Component tests: the renderer's components rendered by Svelte's server renderer, so that the
 * markup they produce is checked without a browser (the e2e specs check them in Chromium).
 */
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import ConnectionStatus from '../../src-renderer/components/ConnectionStatus.svelte';
import MemberList from '../../src-renderer/components/MemberList.svelte';
import { people } from '../../src-renderer/lib/people.ts';
import MessageItem from '../../src-renderer/components/MessageItem.svelte';
import { describeStatus } from '../../src-renderer/lib/status.ts';
import type { MessageRow } from '../../src-renderer/lib/timeline-view.ts';

const row = (over: Partial<MessageRow> = {}): MessageRow => ({
  kind: 'message',
  key: 's1',
  from: { id: 'm-a', name: 'Alice' },
  text: 'hello',
  ts: Date.UTC(2026, 10, 22, 9, 30),
  own: false,
  head: true,
  status: 'sent',
  id: 'x1',
  ...over,
});

describe('MessageItem', () => {
  it('renders markup in a message as text, and only http(s) links as anchors', () => {
    const text = '<img src=x onerror=alert(1)> <script>x()</script> javascript:alert(2) https://example.com/?q=<b>';
    const { body } = render(MessageItem, {
      props: { row: row({ text }), onretry: () => {}, ondiscard: () => {}, onopenlink: null },
    });
    expect(body).not.toContain('<img');
    expect(body).not.toContain('<script');
    expect(body).toContain('&lt;img src=x onerror=alert(1)>');
    const anchors = [...body.matchAll(/<a [^>]*href="([^"]*)"/g)].map((m) => m[1]);
    expect(anchors).toEqual(['https://example.com/?q=']);
    expect(body).toContain('rel="noopener noreferrer"');
    expect(body).toContain('target="_blank"');
  });

  it('shows the sender and time on the first of a group only', () => {
    const head = render(MessageItem, {
      props: { row: row(), onretry: () => {}, ondiscard: () => {}, onopenlink: null },
    }).body;
    const next = render(MessageItem, {
      props: { row: row({ head: false }), onretry: () => {}, ondiscard: () => {}, onopenlink: null },
    }).body;
    expect(head).toContain('Alice');
    expect(head).toMatch(/<time datetime="2026-11-22T09:30:00.000Z"/);
    expect(next).not.toContain('Alice');
    expect(next).not.toContain('<time');
  });

  it('marks own pending and failed messages, with the reason and a retry', () => {
    const sending = render(MessageItem, {
      props: { row: row({ own: true, status: 'sending' }), onretry: () => {}, ondiscard: () => {}, onopenlink: null },
    }).body;
    expect(sending).toContain('Sending…');
    expect(sending).toContain('You');
    const failed = render(MessageItem, {
      props: {
        row: row({ own: true, status: 'failed', error: 'Too long.' }),
        onretry: () => {},
        ondiscard: () => {},
        onopenlink: null,
      },
    }).body;
    expect(failed).toContain('Not sent: Too long.');
    expect(failed).toMatch(/<button[^>]*>Retry<\/button>/);
    expect(failed).toMatch(/<button[^>]*>Discard<\/button>/);
    const waiting = render(MessageItem, {
      props: {
        row: row({ own: true, status: 'sending', error: 'Slow down.' }),
        onretry: () => {},
        ondiscard: () => {},
        onopenlink: null,
      },
    }).body;
    expect(waiting).toContain('Sending… (Slow down.)');
  });
});

describe('ConnectionStatus', () => {
  it('puts the words in the role="status" element and offers Retry now while waiting', () => {
    const status = describeStatus({ state: 'reconnecting', nextRetryAt: 4000, closeInfo: null, online: true, now: 0 });
    const { body } = render(ConnectionStatus, { props: { status, onretry: () => {} } });
    expect(body).toMatch(/role="status"[^>]*>.*Reconnecting in 4 s<\/div>/s);
    expect(body).toContain('Retry now');
    const open = describeStatus({ state: 'open', nextRetryAt: null, closeInfo: null, online: true, now: 0 });
    expect(render(ConnectionStatus, { props: { status: open, onretry: () => {} } }).body).not.toContain('Retry now');
  });
});

describe('MemberList', () => {
  const now = 10 * 60_000 * 1000;
  const members = [
    { id: 'm-b', name: 'Bob', you: false, typing: true },
    { id: 'm-a', name: 'Zoe', you: true, typing: false },
    { id: 'm-c', name: 'Ann', you: false, typing: false },
    { id: 'm-d', name: 'Cy', you: false, typing: false },
  ];
  const said = (id: string, name: string, ts: number) =>
    ({ type: 'message', seq: 1, id: 'x', from: { id, name }, text: 't', ts, own: false }) as const;
  const list = people({
    members,
    // Eve spoke an hour ago and left; Old spoke eight days ago.
    messages: [said('m-o', 'Old', now - 8 * 24 * 3_600_000), said('m-e', 'Eve', now - 3_600_000)],
    activeAt: new Map([
      ['m-b', now],
      ['m-c', now - 6 * 60_000],
      ['m-d', now - 60_000],
    ]),
    visible: true,
    now,
  });

  it('sorts by status (online, idle, recently here), you first within yours, then by name', () => {
    expect(list.map((p) => `${p.name}:${p.status}`)).toEqual([
      'Zoe:online',
      'Bob:online',
      'Cy:online',
      'Ann:idle',
      'Eve:recent',
    ]);
  });

  it('is a list named Members with the count of those present; others are buttons to message them', () => {
    const { body } = render(MemberList, { props: { people: list, onmessage: () => {} } });
    expect(body).toContain('aria-label="Members"');
    expect(body).toMatch(/class="count[^"]*">4</);
    expect(body.indexOf('Zoe')).toBeLessThan(body.indexOf('Bob'));
    expect(body).toContain('typing…');
    expect(body).toContain('recently here');
    expect(body).toContain('title="Message Eve privately"');
    expect(body).not.toContain('title="Message Zoe privately"');
  });

  it('says idle for yourself when the window is hidden', () => {
    const hidden = people({ members, messages: [], activeAt: new Map(), visible: false, now });
    expect(hidden.find((p) => p.you)?.status).toBe('idle');
  });
});
