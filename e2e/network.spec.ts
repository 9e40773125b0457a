/**
 * The network between the browser and the host fails (a proxy the test controls): the status
 * tells the truth throughout, and what was typed meanwhile arrives once.
 */
import { TcpProxy } from '../test/helpers/tcp-proxy.ts';
import { expect, join, pageUrl, say, test } from './fixtures.ts';

test('network cut and restored: the status tells the truth', async ({ host, person, shot }) => {
  const proxy = await TcpProxy.start(host.port);
  try {
    const alice = await person('Alice');
    const bob = await person('Bob');
    // Alice's page comes from the host; her room's socket goes through the proxy.
    await join(alice, pageUrl(host.port), `127.0.0.1:${proxy.port}/general`);
    await join(bob, pageUrl(host.port));
    const status = alice.page.getByRole('status');
    await say(bob, 'Before the cut');
    await expect(alice.page.getByRole('log')).toContainText('Before the cut');

    // A dead network: current links reset, new ones hang.
    proxy.blackhole();
    proxy.cut();
    await expect(status).toHaveText(/Reconnecting in \d+ s|Connecting…/);
    await expect(bob.page.getByRole('list', { name: 'Members' }).getByRole('listitem')).toHaveCount(1);
    await say(alice, 'Typed during the outage');
    await expect(alice.page.getByText('Sending…')).toBeVisible();
    await shot(alice.page, 'outage');
    // It stays honest while the attempts hang: never "Connected".
    await alice.page.waitForTimeout(2500);
    await expect(status).not.toHaveText('Connected');
    await expect(bob.page.getByRole('log')).not.toContainText('Typed during the outage');

    // The network is back; the person does not want to wait for the backoff.
    proxy.restore();
    await alice.page.getByRole('button', { name: 'Retry now' }).click();
    await expect(status).toHaveText('Connected');
    await expect(alice.page.getByText('Sending…')).toHaveCount(0);
    await expect(bob.page.getByRole('log').getByText('Typed during the outage', { exact: true })).toHaveCount(1);
    await expect(alice.page.getByRole('log').getByText('Typed during the outage', { exact: true })).toHaveCount(1);

    // A brief cut (links reset, the network fine): back by itself, nothing lost or doubled.
    await say(bob, 'Between cuts');
    await expect(alice.page.getByRole('log')).toContainText('Between cuts');
    proxy.cut();
    await say(bob, 'During the brief cut');
    await expect(status).toHaveText('Connected', { timeout: 15_000 });
    await expect(alice.page.getByRole('log').getByText('During the brief cut', { exact: true })).toHaveCount(1);
    await expect(alice.page.getByRole('log').getByText('Between cuts', { exact: true })).toHaveCount(1);
    await shot(alice.page, 'after-network-back');

    // The device itself goes offline and its link drops: the status says so, not "Reconnecting";
    // the browser's "online" event brings it back at once, whatever the backoff was.
    await alice.page.context().setOffline(true);
    proxy.cut();
    await expect(status).toHaveText('Offline');
    await shot(alice.page, 'device-offline');
    await alice.page.context().setOffline(false);
    await expect(status).toHaveText('Connected');
  } finally {
    await proxy.stop();
  }
});
