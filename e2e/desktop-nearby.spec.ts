/**
 * The desktop window's "On this network" while the app hosts nothing: the stub bridge's
 * `nearby` calls reach the real main-process module (WindowNearby over the app's Browsing), in
 * this process, as the preload would reach main.ts. Multicast stays off here (tests may not send
 * any outside namespaces of their own; test/window-nearby-netns.test.ts covers it), which is
 * exactly the network where only remembered hosts and typed addresses help.
 */
import type { BrowserContext } from '@playwright/test';
import { Browsing } from '../src-main/discovery/browsing.ts';
import { HostingController } from '../src-main/electron/hosting.ts';
import { WindowNearby } from '../src-main/electron/window-nearby.ts';
import { startHost, tempDataDir, type TestHost } from '../test/helpers/host.ts';
import { RawClient } from '../test/helpers/ws-client.ts';
import { axeEveryWay } from './a11y.ts';
import { connectNearby, desktopPerson } from './desktop-stub.ts';
import { expect, pageUrl, RENDERER_DIR, test } from './fixtures.ts';

test.describe('the desktop app browses without hosting', () => {
  const hosts: TestHost[] = [];
  const stops: (() => Promise<void>)[] = [];
  test.afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
    for (const h of hosts.splice(0)) await h.stop().catch(() => {});
  });

  /**
   * The main process's side, as main.ts wires it, connected to a person's window. No multicast:
   * no interface to browse on. `closeAlso` closes with it (sockets of people in other rooms).
   */
  async function appSide(context: BrowserContext, ...closeAlso: RawClient[]): Promise<WindowNearby> {
    const browsing = new Browsing({ dataDir: tempDataDir(), interfaces: () => [], refreshMs: 500 });
    await browsing.start();
    const nearby = new WindowNearby(browsing, new HostingController({ dataDir: tempDataDir(), browsing }));
    const disconnect = await connectNearby(context, nearby);
    stops.push(async () => {
      disconnect();
      for (const c of closeAlso) c.close();
      await browsing.stop();
    });
    return nearby;
  }

  test('a room used once lists its host with its rooms, pushed as they change; the why panel says what this computer checked', async ({
    host,
    person,
    shot,
  }) => {
    const workshop = await startHost({ staticDir: RENDERER_DIR, name: 'Workshop', passwords: { board: 'pw' } });
    hosts.push(workshop);
    const omar = await RawClient.join(`ws://127.0.0.1:${workshop.port}/room/ops`, { name: 'Omar' });

    const alice = await desktopPerson(person, 'Alice', { port: host.port });
    await appSide(alice.page.context(), omar);
    const page = alice.page;
    await page.goto(pageUrl(host.port));

    const list = page.getByRole('region', { name: 'On this network' });
    await expect(list.getByText('No hosts seen yet. Type a room address above, or see why below.')).toBeVisible();
    await list.getByRole('button', { name: 'Why can’t I see a host?' }).click();
    const why = page.getByRole('dialog', { name: 'Why can’t I see a host?' });
    await expect(why.getByRole('heading', { name: 'What this computer checked' })).toBeVisible();
    await expect(why.getByText('This app hosts no room now')).toBeVisible();
    await expect(why.getByText('It looks for other hosts and sees 0.')).toBeVisible();
    await expect(why.getByText('Once you have used it, this app remembers that host and lists it here.')).toBeVisible();
    await expect(why.getByText(/open TCP port 47800 and UDP port 5353/)).toBeVisible(); // where it would host
    await shot(page, 'desktop-why-not-hosting');
    expect(await axeEveryWay(page, 'desktop-why-not-hosting', shot)).toEqual([]);
    await page.keyboard.press('Escape');

    // Alice types the Workshop's address once; the app remembers that host.
    await page.getByLabel('Your name').fill('Alice');
    await page.getByLabel('Room address').fill(`127.0.0.1:${workshop.port}/ops`);
    await page.getByRole('button', { name: 'Join', exact: true }).click();
    await expect(page.getByRole('status')).toHaveText('Connected');
    await page.getByRole('button', { name: '+ Join a room' }).click();
    const dialog = page.getByRole('dialog', { name: 'Join a room' });
    const rooms = dialog.getByRole('list', { name: 'Rooms on Workshop' });
    await expect(rooms.getByRole('button', { name: /# ops.*2 people/ })).toBeVisible();
    await expect(rooms.getByRole('button', { name: /# board.*locked/ })).toBeVisible();
    await shot(page, 'desktop-nearby-remembered');
    expect(await axeEveryWay(page, 'desktop-nearby-remembered', shot)).toEqual([]);

    // Omar leaves: the main process's next look changes the count, and pushes it.
    omar.close();
    await expect(rooms.getByRole('button', { name: /# ops.*1 person/ })).toBeVisible();
    // The Workshop stops: a remembered host is listed only while it answers.
    await workshop.stop();
    hosts.splice(hosts.indexOf(workshop), 1);
    await expect(dialog.getByRole('list', { name: 'Rooms on Workshop' })).toHaveCount(0);
    await expect(dialog.getByText('No hosts seen yet.', { exact: false })).toBeVisible();
  });

  test('a nearby room is one click away, and what the bridge refuses never reaches the module', async ({
    host,
    person,
  }) => {
    const annex = await startHost({ staticDir: RENDERER_DIR, name: 'Annex' });
    hosts.push(annex);
    const dana = await RawClient.join(`ws://127.0.0.1:${annex.port}/room/lounge`, { name: 'Dana' });
    const bob = await desktopPerson(person, 'Bob', { port: host.port, name: 'Bob' });
    const nearby = await appSide(bob.page.context(), dana);
    // Known before the window opens (as from an earlier run: the peer book on disk).
    expect(await nearby.learn(`127.0.0.1:${annex.port}`)).toBe(true);
    const page = bob.page;
    await page.goto(pageUrl(host.port));
    const refused = await page.evaluate(() =>
      (window as unknown as { lanchat: { nearby: { learn(a: unknown): Promise<boolean> } } }).lanchat.nearby
        .learn('not an address!')
        .then(
          () => 'accepted',
          (e: Error) => e.message,
        ),
    );
    expect(refused).toMatch(/address is not valid/);
    await page
      .getByRole('list', { name: 'Rooms on Annex' })
      .getByRole('button', { name: /# lounge.*1 person/ })
      .click();
    await expect(page.getByRole('status')).toHaveText('Connected');
    await expect(page.getByRole('list', { name: 'Members' }).getByRole('button', { name: /Dana/ })).toBeVisible();
  });
});
