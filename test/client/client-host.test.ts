/**
 * ChatClient against the real host over real sockets: host restarts while people keep typing,
 * and the close codes after which the client must not come back by itself.
 */
import { cpSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MemoryOutboxStore } from '../../src-shared/client/outbox.ts';
import { oneTo, seqsOf, sleep, useChatClients, waitFor } from '../helpers/chat-client.ts';
import type { HistoryStore } from '../../src-main/store/store.ts';
import { SqliteStore } from '../../src-main/store/sqlite-store.ts';
import { startHost, tempDataDir } from '../helpers/host.ts';
import { newClientId } from '../helpers/ws-client.ts';

const { hosts, client } = useChatClients();

describe('ChatClient with a real host', () => {
  it('delivers every message exactly once, in seq order, to every client across a host restart', async () => {
    const first = await startHost({ pingIntervalMs: 500 });
    hosts.push(first);
    const people = ['Ann', 'Ben', 'Cat'].map((name) => client(first.url(), { name }));
    await waitFor(() => people.every((c) => c.state === 'open'), 5000, 'all open');
    let opens = 0;
    let closes = 0;
    for (const c of people) c.on('open', () => opens++);
    for (const c of people) c.on('close', (e) => e.willReconnect && closes++);

    const perClient = 30;
    const sent: string[] = [];
    const typing = (async () => {
      for (let i = 0; i < perClient; i++) {
        for (const [k, c] of people.entries()) sent.push(c.send(`${k}:${i}`).id);
        await sleep(15);
      }
    })();
    await sleep(150); // some messages go out before the restart…
    await first.stop();
    await sleep(200); // …some while the host is down…
    const second = await first.restart({ pingIntervalMs: 500 });
    hosts.push(second);
    await typing; // …and the rest after it is back
    const total = perClient * people.length;
    for (const c of people) {
      await waitFor(() => c.timeline.messages.length >= total && c.pending.length === 0, 15_000, 'all delivered');
    }
    for (const c of people) {
      expect(seqsOf(c)).toEqual(oneTo(total)); // no gap, no duplicate, ordered
      expect(new Set(c.timeline.messages.map((m) => m.id))).toEqual(new Set(sent));
      // Each sender's own messages arrive in the order they were sent.
      const mine = c.timeline.messages.filter((m) => m.own).map((m) => m.text);
      const k = people.indexOf(c);
      expect(mine).toEqual(oneTo(perClient).map((i) => `${k}:${i - 1}`));
    }
    expect(closes).toBeGreaterThanOrEqual(people.length); // the restart really cut every client off
    expect(opens).toBeGreaterThanOrEqual(people.length);
    expect(people.every((c) => c.timeline.epoch === people[0]!.timeline.epoch)).toBe(true);
    expect(people.every((c) => c.timeline.archived.length === 0)).toBe(true);
  });

  it('starts the timeline afresh, archiving the old one, when the host comes back with new data', async () => {
    const a = await startHost();
    hosts.push(a);
    const c = client(a.url());
    await waitFor(() => c.state === 'open');
    c.send('before the reset');
    await waitFor(() => c.timeline.messages.length === 1);
    const oldEpoch = c.timeline.epoch;
    await a.stop();
    const b = await startHost({ port: a.port }); // a fresh data folder: a new log
    hosts.push(b);
    const opened = new Promise<{ epochChanged: boolean }>((resolve) => c.on('open', resolve));
    expect((await opened).epochChanged).toBe(true);
    c.send('after');
    await waitFor(() => c.timeline.messages.length === 1 && c.pending.length === 0);
    expect(c.timeline.messages.map((m) => [m.seq, m.text])).toEqual([[1, 'after']]);
    expect(c.timeline.archived).toEqual([
      { epoch: oldEpoch, messages: [expect.objectContaining({ seq: 1, text: 'before the reset' })] },
    ]);
  });

  it('keeps the outbox across an app restart (a persistent store) and delivers it once', async () => {
    const h = await startHost();
    hosts.push(h);
    const store = new MemoryOutboxStore(); // stands in for the desktop app's file-backed store
    const clientId = newClientId();
    const before = client(h.url(), { clientId, outboxStore: store });
    await waitFor(() => before.state === 'open');
    const seen = before.send('seen by the host');
    await waitFor(() => seen.state === 'sent');
    await h.stop();
    before.send('written while the host was down');
    await waitFor(() => before.state === 'reconnecting');
    before.stop(); // the app quits
    expect(store.records.map((r) => r.text)).toEqual(['written while the host was down']);

    const again = await h.restart();
    hosts.push(again);
    const resume = before.timeline.resumePoint()!; // the app saved this with its rooms
    const after = client(again.url(), {
      clientId,
      outboxStore: store,
      since: { seq: resume.since, epoch: resume.epoch },
    });
    await waitFor(() => after.state === 'open' && after.pending.length === 0);
    const watcher = client(again.url(), { name: 'Watcher' });
    await waitFor(() => watcher.timeline.messages.length === 2);
    expect(watcher.timeline.messages.map((m) => m.text)).toEqual([
      'seen by the host',
      'written while the host was down',
    ]);
    expect(store.records).toEqual([]);
  });

  it('retries sends the host could not store (unavailable) and keeps their order', async () => {
    let failures = 2;
    // The real store, refusing its first two batches as a full disk or a lost volume would.
    class FailingStore extends SqliteStore {
      override append(batch: Parameters<SqliteStore['append']>[0]) {
        return failures-- > 0 ? Promise.reject(new Error('disk full')) : super.append(batch);
      }
    }
    const store: HistoryStore = new FailingStore({ dataDir: tempDataDir(), durability: 'normal' });
    const h = await startHost({ store });
    hosts.push(h);
    const c = client(h.url(), { sendRetryMs: 50 });
    await waitFor(() => c.state === 'open');
    const errors: string[] = [];
    c.on('error', (e) => errors.push(`${e.code} ${e.ref === undefined ? '' : 'ref'}`));
    const sent = ['a', 'b', 'c'].map((t) => c.send(t));
    await waitFor(() => c.pending.length === 0, 5000, 'all stored');
    expect(errors).toEqual(['unavailable ref', 'unavailable ref']);
    expect(sent.map((p) => [p.state, p.attempts])).toEqual([
      ['sent', 3],
      ['sent', 1],
      ['sent', 1],
    ]);
    expect(c.timeline.messages.map((m) => [m.seq, m.text])).toEqual([
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
    ]);
  });

  it('starts afresh, losing no new message, when the host comes back with its data restored from a backup', async () => {
    const a = await startHost();
    hosts.push(a);
    const c = client(a.url());
    await waitFor(() => c.state === 'open');
    for (const t of ['one', 'two']) c.send(t);
    await waitFor(() => c.pending.length === 0);
    await a.stop();
    const backup = tempDataDir();
    cpSync(a.dataDir, backup, { recursive: true }); // the backup holds seqs 1–2
    const b = await a.restart();
    hosts.push(b);
    for (const t of ['three', 'four']) c.send(t);
    await waitFor(() => c.state === 'open' && c.pending.length === 0);
    await b.stop();
    const restored = await startHost({ port: a.port, dataDir: backup }); // same epoch, seqs 3–4 gone
    hosts.push(restored);
    await waitFor(() => c.state === 'open' && c.timeline.archived.length === 1, 10_000, 'a fresh timeline');
    c.send('five');
    await waitFor(() => c.pending.length === 0);
    expect(c.timeline.messages.map((m) => [m.seq, m.text])).toEqual([[3, 'five']]); // not taken for a duplicate
    expect(c.timeline.archived[0]!.messages.map((m) => m.text)).toEqual(['one', 'two', 'three', 'four']);
  });

  it('does not loop on 4003 (password needed) and reconnects once the password is given', async () => {
    const h = await startHost({ passwords: { secret: 'open sesame' } });
    hosts.push(h);
    const c = client(h.url('secret'));
    let attempts = 0;
    c.on('connect', () => attempts++);
    await waitFor(() => c.state === 'closed');
    expect(c.closeInfo).toMatchObject({
      code: 4003,
      passwordNeeded: true,
      willReconnect: false,
      error: { code: 'bad_password' },
    });
    await sleep(500); // several backoff periods
    expect(attempts).toBe(0); // counted from after the first attempt: none since
    const ok = client(h.url('secret'), { password: 'open sesame' });
    await waitFor(() => ok.state === 'open');
  });

  it('tells how long the password backoff lasts: retryAfter on the close and on the error event', async () => {
    // One wrong password answered at once, then a 30 s wait: long enough for a loaded machine.
    const limits = { freePasswordAttempts: 1, passwordDelayMs: 30_000 };
    const h = await startHost({ passwords: { secret: 'open sesame' }, limits });
    hosts.push(h);
    const tries = [];
    for (let i = 0; i < 3; i++) {
      const c = client(h.url('secret'), { password: `guess ${i}` });
      const errors: { code: string; retryAfter?: number }[] = [];
      c.on('error', (e) => errors.push(e));
      await waitFor(() => c.state === 'closed', 10_000, `try ${i} refused`);
      tries.push({ close: c.closeInfo!.error, errors });
    }
    // The two that were checked say nothing of waiting; the third was not even looked at.
    expect(tries[0]!.close).toEqual({ code: 'bad_password', message: 'That password is not right.' });
    expect(tries[1]!.close!.retryAfter).toBeUndefined();
    const waited = tries[2]!;
    expect(waited.close).toMatchObject({ code: 'bad_password', retryAfter: expect.any(Number) });
    expect(waited.close!.retryAfter).toBeGreaterThanOrEqual(20);
    expect(waited.close!.retryAfter).toBeLessThanOrEqual(30);
    expect(waited.close!.message).toBe(
      `Too many wrong passwords from this computer: wait ${waited.close!.retryAfter} s, then try again.`,
    );
    expect(waited.errors).toEqual([waited.close]);
  });

  it.each([
    ['4000 (a hello the host refuses)', { name: 'bad\u0001name' }, 'general', 4000, 'bad_hello'],
    ['4004 (an invalid room id)', {}, '-bad', 4004, 'room_invalid'],
  ])('does not loop on %s', async (_what, options, room, code, error) => {
    const h = await startHost();
    hosts.push(h);
    const c = client(h.url(room), options);
    let attempts = 1;
    c.on('connect', () => attempts++);
    await waitFor(() => c.state === 'closed');
    expect(c.closeInfo).toMatchObject({ code, willReconnect: false, passwordNeeded: false, error: { code: error } });
    await sleep(500);
    expect(attempts).toBe(1);
  });
});
