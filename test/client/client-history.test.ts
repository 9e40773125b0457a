/**
 * ChatClient's requests against the real host: `history` pages merged into the timeline back to
 * message 1, replies matched by ref while live messages arrive, and requests that fail clearly
 * (bad arguments, a lost socket, no connection).
 */
import { describe, expect, it } from 'vitest';
import { RequestFailed } from '../../src-shared/client/requests.ts';
import { oneTo, seqsOf, useChatClients, waitFor } from '../helpers/chat-client.ts';
import { startHost, tempDataDir } from '../helpers/host.ts';
import { seed } from '../helpers/seed.ts';

const { hosts, client } = useChatClients();

async function hostWith(n: number) {
  const dataDir = tempDataDir();
  await seed(dataDir, 'general', n);
  const h = await startHost({ dataDir, rate: 0 });
  hosts.push(h);
  return h;
}

describe('client.history', () => {
  it('scrolls a late joiner back to message 1 while others keep writing: no gap, no duplicate', async () => {
    const h = await hostWith(300);
    const reader = client(h.url(), { name: 'Reader' });
    const writer = client(h.url(), { name: 'Writer' });
    await waitFor(() => reader.state === 'open' && writer.state === 'open', 5000, 'both open');
    expect(reader.features).toContain('history');
    expect(reader.token).toEqual(expect.any(String));
    expect(seqsOf(reader)[0]).toBe(251);
    let pages = 0;
    while (!reader.timeline.atStart) {
      writer.send(`live ${pages}`); // live messages cross the pages
      await reader.history(reader.timeline.olderBefore!, 64);
      pages++;
    }
    expect(pages).toBe(4);
    await waitFor(() => reader.timeline.messages.length === 300 + pages, 5000, 'live messages too');
    expect(seqsOf(reader)).toEqual(oneTo(300 + pages));
  });

  it('rejects a bad request with the host’s error, and every request when not connected', async () => {
    const h = await hostWith(3);
    const c = client(h.url());
    await waitFor(() => c.state === 'open', 5000, 'open');
    await expect(c.history(3, 500)).rejects.toMatchObject({
      code: 'bad_request',
      message: expect.stringMatching(/limit/),
    });
    const page = await c.history(3, 5);
    expect(page).toMatchObject({ more: false, messages: [{ seq: 1 }, { seq: 2 }] });
    const inFlight = c.history(3, 5);
    c.stop();
    await expect(inFlight).rejects.toBeInstanceOf(RequestFailed);
    await expect(inFlight).rejects.toMatchObject({ code: 'client_closed' });
    await expect(c.history(3, 5)).rejects.toMatchObject({ code: 'client_offline' });
  });
});
