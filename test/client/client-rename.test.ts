/**
 * ChatClient's rename against a real host: the others' member lists show the new name at once,
 * the other window of the same person follows, and after a host restart the client comes back
 * under the name it chose (its hellos ask for it), not the one it started with.
 */
import { describe, expect, it } from 'vitest';
import { startHost } from '../helpers/host.ts';
import { useChatClients, waitFor } from '../helpers/chat-client.ts';
import { newClientId } from '../helpers/ws-client.ts';

describe('ChatClient rename', () => {
  const { hosts, client } = useChatClients();
  const names = (c: { members: { name: string }[] }) => c.members.map((m) => m.name).sort();

  it('renames at once for everyone, follows in a second window, and survives a reconnect', async () => {
    const host = await startHost();
    hosts.push(host);
    const id = newClientId();
    const alice = client(host.url(), { name: 'Alice', clientId: id });
    const aliceToo = client(host.url(), { name: 'Alice', clientId: id });
    const bob = client(host.url(), { name: 'Bob' });
    await waitFor(() => [alice, aliceToo, bob].every((c) => c.state === 'open'), 5000, 'all open');
    await waitFor(() => names(bob).length === 2, 5000, 'Bob sees Alice');

    expect(await alice.rename('Alicia')).toMatchObject({ id: alice.you!.id, name: 'Alicia' });
    expect(alice.you?.name).toBe('Alicia');
    await waitFor(
      () => names(bob).join() === 'Alicia,Bob',
      5000,
      () => `Bob sees Alicia: ${names(bob)}`,
    );
    await waitFor(() => aliceToo.you?.name === 'Alicia', 5000, 'her other window follows');
    await expect(alice.rename('')).rejects.toMatchObject({ code: 'bad_request' });

    await host.stop();
    const second = await host.restart();
    hosts.splice(0, 1, second);
    await waitFor(() => alice.state === 'open' && bob.members.length === 2, 15_000, 'back after the restart');
    expect(alice.you?.name).toBe('Alicia');
    await waitFor(
      () => names(bob).join() === 'Alicia,Bob',
      5000,
      () => `still Alicia: ${names(bob)}`,
    );
  }, 40_000);
});
