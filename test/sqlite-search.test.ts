/**
 * The SQLite search index on its own, on a room larger than the short-query scan window: each of
 * its three paths (trigram match, the scan of the newest messages, the vocabulary of rare short
 * queries) must find exactly the messages that contain the query, newest first.
 */
import { DatabaseSync } from 'node:sqlite';
import { beforeAll, describe, expect, it } from 'vitest';
import { SEARCH_SCHEMA, SqliteSearchIndex } from '../src-main/store/sqlite-search.ts';

const N = 6000; // three times the scan window
/** Message i's text: common words, a rare Chinese word in a few old messages, one rare letter pair. */
const text = (i: number) => {
  if (i === 100 || i === 1500 || i === 4200) return `今天下午三点开会 ${i}`;
  if (i === 77) return 'a lone QZ pair';
  return `the report is ready, message ${i}`;
};
const containing = (q: string, before = N + 1) => {
  const seqs = [];
  for (let i = before - 1; i >= 1; i--) if (text(i).toLowerCase().includes(q.toLowerCase())) seqs.push(i);
  return seqs;
};

describe('SqliteSearchIndex', () => {
  const db = new DatabaseSync(':memory:');
  db.exec(SEARCH_SCHEMA);
  const index = new SqliteSearchIndex(db);
  beforeAll(() => {
    db.exec('BEGIN');
    for (let i = 1; i <= N; i++) index.index('big', i, text(i));
    index.index('other', 1, '开会 in another room');
    db.exec('COMMIT');
  });

  it.each([
    ['开会', 'a two-character word, only in old messages (vocabulary path)'],
    ['会', 'one character, only in old messages'],
    ['qz', 'a rare letter pair, ignoring case'],
    ['e', 'one common letter (newest messages)'],
    ['report is', 'three characters and more (trigram path)'],
    ['xy', 'no match at all'],
  ])('finds every message with “%s”: %s', (q) => {
    const want = containing(q);
    const got: number[] = [];
    let before: number | undefined;
    for (let pages = 0; pages < 400; pages++) {
      const page = index.search('big', q, 20, before);
      got.push(...page.seqs);
      if (!page.more) break;
      before = page.seqs.at(-1);
    }
    // paging a common query through 6000 messages takes 300 pages; compare the first 2000 then
    expect(got.slice(0, 2000)).toEqual(want.slice(0, 2000));
    if (want.length <= 2000) expect(got).toEqual(want);
  });

  it('keeps rooms apart and honours `before`', () => {
    expect(index.search('big', '开会', 20, 1500).seqs).toEqual([100]);
    expect(index.search('other', '开会', 20).seqs).toEqual([1]);
    expect(index.search('empty', '开会', 20)).toEqual({ seqs: [], more: false });
  });

  it('forgets removed and re-indexes edited messages', () => {
    index.remove('big', 4200);
    index.index('big', 1500, 'edited away');
    expect(index.search('big', '开会', 20).seqs).toEqual([100]);
    expect(index.search('big', 'edited', 20).seqs).toEqual([1500]);
  });
});
