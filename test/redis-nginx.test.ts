import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep } from './helpers/fixtures.ts';
import { deployConfig, noNginx, startNginx, type TestNginx } from './helpers/nginx.ts';
import { noRedis, startRedis, testPrefix, type TestRedis } from './helpers/redis.ts';
import { spawnHost, type SpawnedHost } from './helpers/spawn-host.ts';
import { newClientId, RawClient, type Frame } from './helpers/ws-client.ts';
import { SPAWNING_TEST_MS } from './helpers/cpu-deadline.ts';

let redis: TestRedis | undefined;
let nginx: TestNginx | undefined;
const hosts: SpawnedHost[] = [];
const skip = noRedis() || noNginx();

beforeAll(async () => {
  if (skip) return;
  redis = await startRedis();
  const flags = ['--port', '0', '--bind', '127.0.0.1', '--rate', '0', '--redis', redis.url];
  const redisFlags = ['--redis-prefix', testPrefix(), '--redis-heartbeat', '300'];
  for (let i = 0; i < 2; i++) hosts.push(await spawnHost([...flags, ...redisFlags, '--name', `host${i}`]));
  nginx = await startNginx(hosts.map((h) => `127.0.0.1:${h.port}`));
}, SPAWNING_TEST_MS);

afterAll(async () => {
  for (const h of hosts) h.child.kill('SIGKILL');
  await nginx?.stop();
  await redis?.destroy();
});

/** A person's client: one clientId, rejoining with `since` like a real client would. */
interface Person {
  clientId: string;
  name: string;
  socket: RawClient;
  /** The room's epoch, from the last welcome. */
  epoch?: unknown;
  /** Every message, welcome histories and live, in arrival order. */
  seen: Frame[];
}

const lastSeq = (p: Person) => (p.seen.at(-1)?.seq as number | undefined) ?? 0;

async function connect(p: Omit<Person, 'socket' | 'seen'> & { seen?: Frame[] }): Promise<Person> {
  const seen = p.seen ?? [];
  const since = seen.length > 0 ? { since: seen.at(-1)!.seq, epoch: p.epoch } : {};
  const socket = await RawClient.join(`${nginx!.url}/room/general`, { clientId: p.clientId, name: p.name, ...since });
  seen.push(...(socket.frames[0]!.history as Frame[]));
  socket.ws.on('message', (d) => {
    const f = JSON.parse(d.toString()) as Frame;
    if (f.type === 'message') seen.push(f);
  });
  return { ...p, socket, seen, epoch: socket.frames[0]!.epoch };
}

async function roomMembersOn(h: SpawnedHost): Promise<number> {
  const info = (await (await fetch(`http://127.0.0.1:${h.port}/api/info`)).json()) as {
    rooms: { id: string; members: number }[];
  };
  return info.rooms.find((r) => r.id === 'general')?.members ?? 0;
}

async function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

describe('the nginx configuration of docs/deploy.md', () => {
  it('is a config nginx can take: upgrade headers, long read timeout, spreading', () => {
    const conf = deployConfig(1234, ['127.0.0.1:1', '127.0.0.1:2', '127.0.0.1:3']);
    expect(conf).toContain('listen 127.0.0.1:1234;');
    expect(conf.match(/^\s*server 127\.0\.0\.1:\d max_fails=1 fail_timeout=10s;$/gm)).toHaveLength(3);
    expect(conf).toMatch(/proxy_set_header Upgrade \$http_upgrade;/);
    expect(conf).toMatch(/least_conn;/);
    expect(Number(/proxy_read_timeout (\d+)s;/.exec(conf)?.[1])).toBeGreaterThan(15);
  });

  it.skipIf(skip)(
    'spreads clients over two hosts; they chat, and survive one host’s SIGKILL without losing anything',
    async () => {
      let people: Person[] = [];
      for (const name of ['Ann', 'Ben', 'Cid', 'Dee']) people.push(await connect({ clientId: newClientId(), name }));
      // least_conn: both hosts serve some of them.
      expect(await Promise.all(hosts.map(roomMembersOn))).toEqual([2, 2]);
      people.forEach((p, i) => p.socket.sendJson({ type: 'send', id: `first${i}`, text: `hi from ${p.name}` }));
      await until(() => people.every((p) => p.seen.length === 4), 'the first round');
      const order = people[0]!.seen.map((m) => `${m.seq}:${m.id}`);
      for (const p of people) expect(p.seen.map((m) => `${m.seq}:${m.id}`)).toEqual(order);

      hosts[0]!.child.kill('SIGKILL');
      await hosts[0]!.exited;
      // The people of the dead host lose their socket and come back through nginx.
      await until(() => people.filter((p) => p.socket.ws.readyState !== p.socket.ws.OPEN).length === 2, 'the drop');
      people = await Promise.all(people.map((p) => (p.socket.ws.readyState === p.socket.ws.OPEN ? p : connect(p))));
      expect(await roomMembersOn(hosts[1]!)).toBe(4);
      people.forEach((p, i) => p.socket.sendJson({ type: 'send', id: `second${i}`, text: `still here, ${p.name}` }));
      await until(() => people.every((p) => p.seen.length === 8), 'the second round');
      for (const p of people) {
        expect(p.seen.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
        expect(lastSeq(p)).toBe(8);
      }
      people.forEach((p) => p.socket.ws.terminate());
    },
    30_000,
  );
});
