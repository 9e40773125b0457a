import { createServer } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { shortFingerprint } from '../src-shared/fingerprint.ts';
import { certFingerprint } from '../src-main/tls/fingerprint.ts';
import { afterEach, describe, expect, it } from 'vitest';
import type { HostStatus } from '../src-shared/bridge.ts';
import { HostingController } from '../src-main/electron/hosting.ts';
import { translator } from '../src-shared/i18n/index.ts';
import { cleanupFolders, tempDataDir } from './helpers/host.ts';
import { RawClient } from './helpers/ws-client.ts';

const controllers: HostingController[] = [];
afterEach(async () => {
  await Promise.all(controllers.splice(0).map((c) => c.stop()));
  cleanupFolders();
});

function controller(dataDir = tempDataDir()): { hosting: HostingController; seen: HostStatus[] } {
  const hosting = new HostingController({
    dataDir,
    bind: '127.0.0.1',
    name: 'desk',
    addresses: (port) => [`192.168.1.20:${port}`, `[fe80::1]:${port}`],
    host: { pingIntervalMs: 60_000 },
  });
  controllers.push(hosting);
  const seen: HostStatus[] = [];
  hosting.onStatus((s) => seen.push(s));
  return { hosting, seen };
}

/** Resolves with the first status (current or coming) that matches. */
function waitFor(hosting: HostingController, match: (s: HostStatus) => boolean): Promise<HostStatus> {
  if (match(hosting.status())) return Promise.resolve(hosting.status());
  return new Promise((resolve) => {
    const off = hosting.onStatus((s) => {
      if (match(s)) {
        off();
        resolve(s);
      }
    });
  });
}

describe('HostingController', () => {
  it('hosts a room, lists the addresses people type, and counts the people who join', async () => {
    const { hosting, seen } = controller();
    const status = await hosting.start({ room: 'dev', port: 0 });
    if (status.state !== 'running') throw new Error(JSON.stringify(status));
    expect(status.port).toBeGreaterThan(0);
    // Every address carries the host key's fingerprint (checked against the real key below).
    const key = `#${status.fingerprint}`;
    expect(status.addresses).toEqual([`192.168.1.20:${status.port}/dev${key}`, `[fe80::1]:${status.port}/dev${key}`]);
    expect(status.local).toBe(`127.0.0.1:${status.port}/dev${key}`);
    expect(status.fingerprint).toMatch(/^[0-9A-F]{4}(-[0-9A-F]{4}){3}$/);
    expect(status).toMatchObject({ locked: false, connected: 0, room: 'dev' });
    expect(seen.map((s) => s.state)).toEqual(['starting', 'running']);
    // The port speaks TLS with the key whose fingerprint the panel shows, the same on every start.
    const seenKey = await new Promise<string>((resolve, reject) => {
      const socket = tlsConnect({ host: '127.0.0.1', port: status.port, rejectUnauthorized: false }, () => {
        resolve(certFingerprint(socket.getPeerX509Certificate()!));
        socket.destroy();
      }).on('error', reject);
    });
    expect(shortFingerprint(seenKey)).toBe(status.fingerprint);

    const url = `ws://127.0.0.1:${status.port}/room/dev`;
    const a = await RawClient.join(url, { name: 'A' });
    await waitFor(hosting, (s) => s.state === 'running' && s.connected === 1);
    const b = await RawClient.join(url, { name: 'B' });
    await waitFor(hosting, (s) => s.state === 'running' && s.connected === 2);
    b.ws.close();
    await waitFor(hosting, (s) => s.state === 'running' && s.connected === 1);
    a.ws.close();
  });

  it('locks the room with the password and stops with 1001, hosting the same history again later', async () => {
    const dataDir = tempDataDir();
    const { hosting } = controller(dataDir);
    const status = await hosting.start({ room: 'ops', port: 0, password: 'sesame' });
    if (status.state !== 'running') throw new Error(JSON.stringify(status));
    expect(status.locked).toBe(true);
    const url = `ws://127.0.0.1:${status.port}/room/ops`;
    await expect(RawClient.join(url)).rejects.toThrow(/bad_password/);
    const member = await RawClient.join(url, { password: 'sesame' });
    member.sendJson({ type: 'send', id: 'm1', text: 'kept across a restart' });
    await member.next('message');

    const stopped = await hosting.stop();
    expect(stopped).toEqual({ state: 'stopped' });
    expect((await member.closed).code).toBe(1001);

    const again = await hosting.start({ room: 'ops', port: status.port, password: 'sesame' });
    expect(again).toMatchObject({ state: 'running', fingerprint: status.fingerprint }); // the same key
    const back = await RawClient.join(url, { password: 'sesame' });
    const welcome = back.frames[0] as unknown as { history: { text: string }[] };
    expect(welcome.history.map((m) => m.text)).toEqual(['kept across a restart']);
    back.ws.close();
  });

  it('says in one sentence that the port is in use, and can host once it is free', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    const { hosting } = controller();
    const failed = await hosting.start({ room: 'general', port });
    expect(failed).toMatchObject({ state: 'stopped', errorCode: 'EADDRINUSE' });
    expect(failed.state === 'stopped' && failed.error).toMatch(new RegExp(`^Port ${port} is already in use.*\\.$`));
    // The person picks Chinese in the window's settings: the next sentence is in it.
    hosting.setTranslator(translator('zh-CN'));
    const again = await hosting.start({ room: 'general', port });
    expect(again.state === 'stopped' && again.error).toBe(`端口 ${port} 已被其他程序占用，请换一个端口。`);
    await new Promise((r) => blocker.close(r));
    expect((await hosting.start({ room: 'general', port })).state).toBe('running');
  });

  it('runs start and stop in call order, so a restart with new settings replaces the old host', async () => {
    const { hosting, seen } = controller();
    const first = hosting.start({ room: 'one', port: 0 });
    const second = hosting.start({ room: 'two', port: 0 });
    const stop = hosting.stop();
    expect(await first).toMatchObject({ state: 'running', room: 'one' });
    expect(await second).toMatchObject({ state: 'running', room: 'two' });
    expect(await stop).toEqual({ state: 'stopped' });
    expect(seen.map((s) => s.state)).toEqual([
      'starting',
      'running',
      'stopping',
      'stopped',
      'starting',
      'running',
      'stopping',
      'stopped',
    ]);
  });
});
