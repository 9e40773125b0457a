import { describe, expect, it } from 'vitest';
import { firstLine, mentions, parseMessage } from '../../src-renderer/lib/markdown.ts';
import { insertMention, mentionQuery, suggestNames } from '../../src-renderer/lib/mention-suggest.ts';

const ctx = { names: ['Alice', 'Alice Cooper', 'Bob'], you: 'Bob' };

describe('Markdown-lite', () => {
  it('parses bold, italic, code, links and mentions as data, never HTML', () => {
    const [p] = parseMessage('**hi** *there* `a*b*` <b>x</b> https://e.org @Alice Cooper and @bob!', ctx);
    expect(p).toEqual({
      kind: 'para',
      children: [
        { kind: 'bold', children: [{ kind: 'text', text: 'hi' }] },
        { kind: 'text', text: ' ' },
        { kind: 'italic', children: [{ kind: 'text', text: 'there' }] },
        { kind: 'text', text: ' ' },
        { kind: 'code', text: 'a*b*' },
        { kind: 'text', text: ' <b>x</b> ' },
        { kind: 'link', text: 'https://e.org', href: 'https://e.org/' },
        { kind: 'text', text: ' ' },
        { kind: 'mention', text: '@Alice Cooper', you: false },
        { kind: 'text', text: ' and ' },
        { kind: 'mention', text: '@bob', you: true },
        { kind: 'text', text: '!' },
      ],
    });
  });

  it('keeps fenced code verbatim, and an unclosed fence as text', () => {
    expect(parseMessage('a\n```js\nx **y**\n```\nb')).toEqual([
      { kind: 'para', children: [{ kind: 'text', text: 'a' }] },
      { kind: 'code', text: 'x **y**', lang: 'js' },
      { kind: 'para', children: [{ kind: 'text', text: 'b' }] },
    ]);
    expect(parseMessage('```\nopen')[0]!.kind).toBe('para');
  });

  it('finds mentions of a name, not of longer words or e-mail addresses', () => {
    expect(mentions('hey @Bob', 'Bob')).toBe(true);
    expect(mentions('hey @Bobby', 'Bob')).toBe(false);
    expect(mentions('mail bob@Bob.org', 'Bob')).toBe(false);
    expect(mentions('**@Bob**', 'Bob')).toBe(true);
    expect(mentions('`@Bob`', 'Bob')).toBe(false);
  });

  it('quotes the first line without markup', () => {
    expect(firstLine('\n**Lunch** at `one`?\nsecond')).toBe('Lunch at one?');
    expect(firstLine('x'.repeat(200), 10)).toBe('xxxxxxxxx…');
  });
});

describe('mention suggestions', () => {
  it('finds the query at the caret, suggests names, and inserts the choice', () => {
    expect(mentionQuery('hi @al', 6)).toEqual({ start: 3, query: 'al' });
    expect(mentionQuery('mail a@b', 8)).toBeNull();
    expect(suggestNames(['Alice', 'Alan', 'Bob', 'Alice'], 'al', 'Alan')).toEqual(['Alice']);
    expect(insertMention('hi @al there', { start: 3, query: 'al' }, 'Alice')).toEqual({
      draft: 'hi @Alice there',
      caret: 10,
    });
  });
});
