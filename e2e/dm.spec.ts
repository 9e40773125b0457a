/** Direct messages: from the member list, to that person alone, with their own unread badge. */
import { expect, join, pageUrl, say, test } from './fixtures.ts';

test('a DM from the member list reaches only that person', async ({ host, person, shot }) => {
  const alice = await person('Alice');
  const bob = await person('Bob');
  const carol = await person('Carol');
  for (const p of [alice, bob, carol]) await join(p, pageUrl(host.port));
  const members = alice.page.getByRole('list', { name: 'Members' });
  await expect(members.getByRole('button', { name: /Carol/ })).toBeVisible();
  await shot(alice.page, 'member-list');

  await members.getByRole('button', { name: /Bob/ }).click();
  await expect(alice.page.getByRole('heading', { level: 1 })).toHaveText('@ Bob');
  await expect(alice.page.getByRole('status')).toHaveText('Connected');
  await say(alice, 'secret plan');
  await expect(alice.page.getByText('secret plan', { exact: true })).toBeVisible();

  // Bob is told in the room he is in: the DM appears apart from the rooms, unread.
  const dms = bob.page.getByRole('list', { name: 'Direct messages' });
  const fromAlice = dms.getByRole('button', { name: /@ Alice/ });
  await expect(fromAlice.getByLabel('1 unread')).toBeVisible();
  await shot(bob.page, 'dm-unread');
  await fromAlice.click();
  await expect(bob.page.getByText('secret plan', { exact: true })).toBeVisible();
  await say(bob, 'count me in');
  await expect(alice.page.getByText('count me in', { exact: true })).toBeVisible();
  await shot(alice.page, 'dm-conversation');

  // Carol, in the same room all along, has no DM and never saw a word of it.
  await bob.page
    .getByRole('navigation', { name: 'Rooms' })
    .getByRole('button', { name: /# general/ })
    .click();
  await say(bob, 'hi all');
  await expect(carol.page.getByText('hi all', { exact: true })).toBeVisible();
  await expect(carol.page.getByRole('list', { name: 'Direct messages' })).toHaveCount(0);
  await expect(carol.page.getByText('secret plan')).toHaveCount(0);
  await expect(carol.page.getByText('count me in')).toHaveCount(0);
});
