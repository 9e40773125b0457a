/**
 * The desktop window's host-key checks, driven through AppState as the components drive it:
 * `tls.check` is the main process's real module (DesktopPins, its own known-hosts folder)
 * against real TLS hosts, an impostor (a TLS server with another key that records every byte it
 * decrypts) and a plain host. The socket under the check accepts ANY key, as a browser told to
 * ignore certificates would: so what keeps bytes from an impostor here is the window's own check
 * (checked-socket.ts), nothing else.
 */
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { DesktopPins } from '../../src-main/tls/desktop-pins.ts';
import { loadOrCreateHostIdentity } from '../../src-main/tls/host-identity.ts';
import { KnownHosts } from '../../src-main/tls/known-hosts.ts';
import { ChatClient } from '../../src-shared/client/chat-client.ts';
import type { ChatClientOptions, WebSocketConstructor } from '../../src-shared/client/types.ts';
import { AppState } from '../../src-renderer/state/app.svelte.ts';
import type { RendererBridge } from '../../src-renderer/state/bridge.ts';
import type { ClientFactory } from '../../src-renderer/state/client-port.ts';
import { HostKeys } from '../../src-renderer/state/host-keys.svelte.ts';
import { Settings } from '../../src-renderer/state/settings.svelte.ts';
import { FAST } from '../helpers/chat-client.ts';
import { startImpostor, startRecordingHost } from '../helpers/fake-tls-host.ts';
import { startHost, tempDataDir, type TestHost } from '../helpers/host.ts';
import { useHosts, waitFor } from '../helpers/fixtures.ts';

const t = useHosts();
const apps: AppState[] = [];
/** Servers a test started that are not LAN Chat hosts (closed after it). */
const others: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) for (const r of app.rooms) app.leave(r.key);
  await Promise.all(others.splice(0).map((i) => i.close()));
});

/** Whatever key a host shows is accepted: only the window's own check stands in the way. */
class AnyKeySocket extends WebSocket {
  constructor(url: string) {
    super(url, { rejectUnauthorized: false, perMessageDeflate: false });
  }
}

/** A desktop window: the real pins module behind `tls.check`, real clients, a fake page. */
async function desktopApp(pinsDir = tempDataDir()) {
  const pins = await DesktopPins.open(pinsDir);
  const checked: string[] = [];
  let refused: Parameters<RendererBridge['tls']['onRefused']>[0] = () => {};
  const tls: RendererBridge['tls'] = {
    check: (address) => (checked.push(address), pins.checkAddress(address)),
    onRefused: (fn) => ((refused = fn), () => {}),
  };
  const asked: ChatClientOptions[] = [];
  const factory: ClientFactory = (options) => {
    asked.push(options);
    return new ChatClient({ ...options, ...FAST });
  };
  const settings = new Settings({}, { load: () => ({}), save: () => {} });
  const keys = new HostKeys(tls, () => AnyKeySocket as unknown as WebSocketConstructor);
  const events = { addEventListener() {} };
  const win = {
    ...events,
    location: { hash: '', protocol: 'app:', host: '', hostname: '', port: '', pathname: '/', search: '' },
    navigator: { onLine: true },
    document: { ...events, visibilityState: 'visible' },
  } as unknown as Window;
  const app = new AppState(factory, win, { bridge: null, settings, keys });
  apps.push(app);
  return { app, pins, checked, asked, refuse: (r: Parameters<typeof refused>[0]) => refused(r) };
}

async function tlsHost(port = 0): Promise<TestHost & { fingerprint: string }> {
  const dataDir = tempDataDir();
  const identity = await loadOrCreateHostIdentity(dataDir);
  const h = t.track(await startHost({ dataDir, port, tls: identity }));
  return Object.assign(h, { fingerprint: identity.fingerprint });
}

describe('the desktop window checks the host key before it connects', () => {
  it('joins over wss with the learned key, then refuses an impostor on the same port before a byte, and takes a rotated key only once confirmed', async () => {
    const real = await tlsHost();
    const { app, asked, checked } = await desktopApp();
    expect(await app.join('Ann', `127.0.0.1:${real.port}/dev`)).toBeNull();
    const room = app.active!;
    expect(checked).toEqual([`127.0.0.1:${real.port}/dev`]);
    expect(room.address).toMatchObject({ secure: true, fingerprints: [real.fingerprint] });
    // The id of this host is derived from its key: no other host can replay it.
    expect(asked[0]!.clientId).toBe(app.settings.clientIdFor([room.address], real.fingerprint));
    await waitFor(() => room.state === 'open', 10_000, 'the room to open over wss');
    expect(app.statusOf(room).kind).toBe('connected');

    // The host goes; another machine takes its port with another key.
    await real.stop();
    const impostor = await startImpostor(real.port);
    others.push(impostor);
    await waitFor(() => app.keys!.problem !== null, 15_000, 'the reconnection to find the other key');
    const problem = app.keys!.problem!;
    expect(problem.trouble).toMatchObject({
      state: 'mismatch',
      source: 'known',
      expected: [real.fingerprint],
      actual: impostor.identity.fingerprint,
    });
    expect(app.overlay).toBe('hostKey');
    expect(app.statusOf(room)).toMatchObject({ kind: 'closed', label: 'Stopped: key changed', canRetry: true });
    expect(impostor.connections()).toBeGreaterThan(0); // it was reached (the check's handshake)...
    expect(impostor.received()).toBe(''); // ...and got not one byte: no upgrade, no hello
    // "Retry" checks again: the same answer, still nothing sent.
    app.rejoin(room.key);
    await waitFor(() => app.keys!.halted.has(room.key), 10_000, 'the retry to be stopped again');
    expect(impostor.received()).toBe('');

    // The owner made a new key (the impostor's, here): a real host with it on the port.
    await impostor.close();
    others.length = 0;
    const rotated = t.track(await startHost({ port: real.port, tls: impostor.identity }));
    expect(await app.trustNewKey()).toBeNull();
    expect(app.keys!.problem).toBeNull();
    const again = app.active!;
    expect(again.address.fingerprints).toEqual([impostor.identity.fingerprint]);
    await waitFor(() => again.state === 'open', 10_000, 'the room to open with the trusted key');
    // A new key, a new id (the scope is the key): ids someone collected with the old key are useless.
    expect(asked.at(-1)!.clientId).toBe(app.settings.clientIdFor([again.address], impostor.identity.fingerprint));
    expect(asked.at(-1)!.clientId).not.toBe(asked[0]!.clientId);
    expect(rotated.host.memberCount).toBe(1);
  });

  it('refuses an address whose key is not the host’s, says what to do, and opens nothing', async () => {
    const real = await tlsHost();
    const other = await loadOrCreateHostIdentity(tempDataDir());
    const { app, checked } = await desktopApp();
    expect(await app.join('Ann', `127.0.0.1:${real.port}/dev#${other.short}`)).toBeNull();
    expect(checked).toEqual([`127.0.0.1:${real.port}/dev#${other.short.replace(/-/g, '')}`]);
    expect(app.rooms).toEqual([]);
    expect(app.keys!.problem?.trouble).toMatchObject({ state: 'mismatch', source: 'address' });
    expect(await app.trustNewKey()).toBeNull(); // an address's key is not replaced from here
    expect(app.rooms).toEqual([]);
    expect(real.host.memberCount).toBe(0);
    // The right key in the address: in.
    expect(await app.join('Ann', `127.0.0.1:${real.port}/dev#${real.fingerprint.slice(0, 16)}`)).toBeNull();
    await waitFor(() => app.active?.state === 'open', 10_000, 'the room to open');
  });

  it('joins a plain host in plain, but never a host whose key it knows or was given', async () => {
    const plain = await t.host();
    const { app } = await desktopApp();
    expect(await app.join('Ann', `127.0.0.1:${plain.port}/dev`)).toBeNull();
    const room = app.active!;
    expect(room.address.secure).toBe(false);
    await waitFor(() => room.state === 'open', 10_000, 'the plain room to open');
    app.leave(room.key);

    // An address with a key: plain is refused, nothing sent.
    const other = await loadOrCreateHostIdentity(tempDataDir());
    expect(await app.join('Ann', `127.0.0.1:${plain.port}/dev#${other.short}`)).toBeNull();
    expect(app.keys!.problem?.trouble).toEqual({ state: 'plainRefused', host: '127.0.0.1', port: plain.port });
    expect(app.rooms).toEqual([]);
    // A key remembered from an earlier visit: the same, never a silent step down to plain.
    const dir = tempDataDir();
    await (await KnownHosts.open(dir)).remember('127.0.0.1', plain.port, other.fingerprint);
    const knew = await desktopApp(dir);
    expect(await knew.app.join('Ann', `127.0.0.1:${plain.port}/dev`)).toBeNull();
    expect(knew.app.keys!.problem?.trouble).toEqual({ state: 'plainRefused', host: '127.0.0.1', port: plain.port });
    expect(knew.app.rooms).toEqual([]);
    expect(plain.host.memberCount).toBe(0);
  });

  it('says a new host does not answer, but waits for a known one (each attempt checked)', async () => {
    const real = await tlsHost();
    const { port } = real;
    const pinsDir = tempDataDir();
    const first = await desktopApp(pinsDir);
    expect(await first.app.join('Ann', `127.0.0.1:${port}/dev`)).toBeNull(); // learns the key
    first.app.leave(first.app.active!.key);
    await real.stop();

    const fresh = await desktopApp();
    const errors = await fresh.app.join('Ann', `127.0.0.1:${port}/dev`);
    expect(errors?.address).toMatch(/^No answer from 127\.0\.0\.1:\d+\. Check the address/);
    expect(fresh.app.rooms).toEqual([]);

    const known = await desktopApp(pinsDir);
    expect(await known.app.join('Ann', `127.0.0.1:${port}/dev`)).toBeNull();
    const room = known.app.active!;
    expect(room.address.fingerprints).toEqual([real.fingerprint]);
    const back = t.track(
      await startHost({ port, dataDir: real.dataDir, tls: await loadOrCreateHostIdentity(real.dataDir) }),
    );
    await waitFor(() => room.state === 'open', 15_000, 'the room to open once the host is back');
    expect(back.host.memberCount).toBe(1);
  });

  it('stops the rooms of a host whose certificate Chromium refused', async () => {
    const real = await tlsHost();
    const { app, refuse } = await desktopApp();
    await app.join('Ann', `127.0.0.1:${real.port}/dev`);
    const room = app.active!;
    await waitFor(() => room.state === 'open', 10_000, 'the room to open');
    refuse({ host: '127.0.0.1', expected: [real.fingerprint], actual: 'B'.repeat(64) });
    expect(room.state).toBe('closed');
    expect(app.keys!.problem?.trouble).toMatchObject({ state: 'mismatch', actual: 'B'.repeat(64), port: real.port });
    refuse({ host: '10.9.9.9', expected: [], actual: 'C'.repeat(64) }); // another host: nothing changes
    expect(app.keys!.problem?.trouble).toMatchObject({ actual: 'B'.repeat(64) });
  });

  it('sends two hosts two different clientIds, each derived from that host’s key', async () => {
    const [one, two] = [await startRecordingHost(), await startRecordingHost()];
    others.push(one, two);
    const { app } = await desktopApp();
    await app.join('Ann', `127.0.0.1:${one.port}/dev`);
    await app.join('Ann', `127.0.0.1:${two.port}/dev`);
    await waitFor(() => one.hellos.length > 0 && two.hellos.length > 0, 10_000, 'a hello at each host');
    const [a, b] = [one.hellos[0]!.clientId, two.hellos[0]!.clientId];
    expect(a).not.toBe(b);
    expect(a).toBe(app.settings.clientIdFor([{ host: '127.0.0.1', port: one.port }], one.identity.fingerprint));
    expect(b).toBe(app.settings.clientIdFor([{ host: '127.0.0.1', port: two.port }], two.identity.fingerprint));
  });
});
