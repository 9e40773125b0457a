/**
 * Finding rooms without typing: the join screen lists the rooms of the host that served the
 * page and of the hosts it knows; a dead address is explained within seconds, not shown as an
 * empty room.
 */
import { createServer } from 'node:net';
import { Discovery } from '../src-main/discovery/discovery.ts';
import { startHost, type TestHost } from '../test/helpers/host.ts';
import { RawClient } from '../test/helpers/ws-client.ts';
import { expect, join, pageUrl, RENDERER_DIR, test } from './fixtures.ts';

/** A port nobody listens on (bound, then closed). */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test.describe('on this network', () => {
  const hosts: TestHost[] = [];
  test.afterEach(async () => {
    for (const h of hosts.splice(0)) await h.stop().catch(() => {});
  });

  test('the join screen lists this host’s rooms and a known host’s, locked ones marked; one click joins', async ({
    person,
    shot,
  }) => {
    const other = await startHost({ staticDir: RENDERER_DIR, name: 'Workshop' });
    hosts.push(other);
    const here = await startHost({
      staticDir: RENDERER_DIR,
      name: 'Front desk',
      passwords: { board: 'pw' },
      discovery: new Discovery({ announce: false, browse: false }),
    });
    hosts.push(here);
    // Someone is in "general" here; "ops" has a message on the other host.
    const someone = await RawClient.join(`ws://127.0.0.1:${here.port}/room/general`, { name: 'Dana' });
    const op = await RawClient.join(`ws://127.0.0.1:${other.port}/room/ops`, { name: 'Omar' });
    op.sendJson({ type: 'send', id: 'o1', text: 'deploying' });
    await op.next('message');
    const told = await fetch(`http://127.0.0.1:${here.port}/api/peers`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ address: `127.0.0.1:${other.port}` }),
    });
    expect(told.status).toBe(200);

    const alice = await person('Alice');
    const page = alice.page;
    await page.goto(pageUrl(here.port));
    const list = page.getByRole('region', { name: 'On this network' });
    const hereRooms = list.getByRole('list', { name: 'Rooms on Front desk' });
    await expect(hereRooms.getByRole('button', { name: /# general.*1 person/ })).toBeVisible();
    await expect(hereRooms.getByRole('button', { name: /# board.*locked/ })).toBeVisible();
    const otherRooms = list.getByRole('list', { name: 'Rooms on Workshop' });
    await expect(otherRooms.getByRole('button', { name: /# ops/ })).toBeVisible();
    await shot(page, 'join-on-this-network');

    await page.getByLabel('Your name').fill('Alice');
    await otherRooms.getByRole('button', { name: /# ops/ }).click();
    await expect(page.getByRole('status')).toHaveText('Connected');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('# ops');
    await expect(page.getByText('deploying', { exact: true })).toBeVisible();
    await someone.close();
    await op.close();
  });

  test('a dead address is said plainly within seconds, with what was tried; the composer says messages wait', async ({
    person,
    host,
    shot,
  }) => {
    const port = await deadPort();
    const bob = await person('Bob');
    await bob.page.goto(pageUrl(host.port));
    await bob.page.getByLabel('Your name').fill('Bob');
    await bob.page.getByLabel('Room address').fill(`127.0.0.1:${port}/general`);
    await bob.page.getByRole('button', { name: 'Join', exact: true }).click();
    const alert = bob.page.getByRole('alert');
    await expect(alert).toContainText(`Can’t reach 127.0.0.1:${port}.`, { timeout: 6000 });
    await expect(alert).toContainText('Is the host running? Are you on the same network?');
    await expect(alert).toContainText(`Tried ws://127.0.0.1:${port}/room/general`);
    await expect(bob.page.getByRole('status')).toHaveText('Can’t reach host');
    await expect(bob.page.getByText('No messages yet')).toHaveCount(0);
    await expect(bob.page.getByText('what you send now is kept and sent when the host is back')).toBeVisible();
    await shot(bob.page, 'unreachable-host');
    await bob.page.getByRole('button', { name: 'Why can’t I see a host?' }).click();
    const why = bob.page.getByRole('dialog', { name: 'Why can’t I see a host?' });
    await expect(why.getByText('What to try')).toBeVisible();
    await shot(bob.page, 'why-panel');
  });

  test('the join screen of a host with no rooms says how to start one', async ({ person, host }) => {
    const carol = await person('Carol');
    await carol.page.goto(pageUrl(host.port));
    await expect(carol.page.getByText('No rooms yet: type a name above to start one.')).toBeVisible();
    await join(carol, pageUrl(host.port));
  });
});
