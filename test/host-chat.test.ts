import { afterEach, describe, expect, it } from 'vitest';
import { cleanupFolders, startHost, type TestHost } from './helpers/host.ts';
import { newClientId, RawClient } from './helpers/ws-client.ts';

let hosts: TestHost[] = [];
const clients: RawClient[] = [];
async function host(opts: Parameters<typeof startHost>[0] = {}) {
  const h = await startHost(opts);
  hosts.push(h);
  return h;
}
async function join(url: string, hello: Record<string, unknown> = {}) {
  const c = await RawClient.join(url, hello);
  clients.push(c);
  return c;
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.ws.terminate();
  await Promise.all(hosts.map((h) => h.stop()));
  hosts = [];
  cleanupFolders();
});

describe('handshake', () => {
  it('welcomes with the contract’s fields and a stable member id', async () => {
    const h = await host();
    const clientId = newClientId();
    const a = await join(h.url(), { clientId, name: '  Alice  ' });
    const welcome = a.frames[0]!;
    expect(welcome).toMatchObject({
      type: 'welcome',
      protocol: 1,
      room: 'general',
      you: { name: 'Alice' },
      members: [],
      history: [],
      latestSeq: 0,
      truncated: false,
      server: { name: 'test-host' },
    });
    expect(typeof welcome.epoch).toBe('string');
    const you = welcome.you as { id: string };
    expect(you.id).toMatch(/^m-/);
    expect(JSON.stringify(welcome)).not.toContain(clientId);
    await a.close();
    const again = await join(h.url(), { clientId, name: 'Alice' });
    expect((again.frames[0]!.you as { id: string }).id).toBe(you.id);
  });
});

describe('chat', () => {
  it('broadcasts to the room including the sender, with seq rising by one', async () => {
    const h = await host();
    const a = await join(h.url(), { name: 'Alice' });
    const b = await join(h.url(), { name: 'Bob' });
    const other = await join(h.url('other'), { name: 'Carol' });
    a.sendJson({ type: 'send', id: 'a1', text: 'hello' });
    a.sendJson({ type: 'send', id: 'a2', text: 'world' });
    const [m1, m2] = await b.waitForMessages(2);
    expect(m1).toMatchObject({ type: 'message', seq: 1, id: 'a1', text: 'hello', from: { name: 'Alice' } });
    expect(m2).toMatchObject({ seq: 2, id: 'a2', text: 'world' });
    expect(typeof m1!.ts).toBe('number');
    expect((await a.waitForMessages(2)).map((m) => m.seq)).toEqual([1, 2]);
    await new Promise((r) => setTimeout(r, 100));
    expect(other.messages()).toEqual([]);
  });
});
