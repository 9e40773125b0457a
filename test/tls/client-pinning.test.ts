/**
 * The terminal client over TLS with a pinned key: the right host (from the address, or trusted
 * on first use and then remembered), a wrong one (refused before a single byte of application
 * data: the impostor records what it decrypts), and one clientId per host from one install.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { get as httpsGet } from 'node:https';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteFileIndex } from '../../src-main/files/sqlite-file-index.ts';
import { loadOrCreateHostIdentity } from '../../src-main/tls/host-identity.ts';
import { waitFor } from '../helpers/chat-client.ts';
import { startImpostor, startRecordingHost, type Impostor, type RecordingHost } from '../helpers/fake-tls-host.ts';
import { cleanupFolders, startHost, tempDataDir, type TestHost } from '../helpers/host.ts';
import { RawClient } from '../helpers/ws-client.ts';
import { SPAWNING_TEST_MS } from '../helpers/cpu-deadline.ts';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
  cleanupFolders();
});

async function tlsHost(
  options: { port?: number; dataDir?: string; tlsOnlyWithFiles?: boolean } = {},
): Promise<TestHost> {
  const dataDir = options.dataDir ?? tempDataDir();
  const files = options.tlsOnlyWithFiles
    ? { dir: join(dataDir, 'files'), index: new SqliteFileIndex(dataDir), minFreeBytes: 1 }
    : undefined;
  const h = await startHost({
    dataDir,
    port: options.port ?? 0,
    tls: await loadOrCreateHostIdentity(dataDir),
    tlsOnly: options.tlsOnlyWithFiles,
    files,
  });
  open.push({ close: () => h.stop() });
  return h;
}
const track = <T extends Impostor | RecordingHost>(x: T) => (open.push(x), x);

/** Runs `npm run chat` with its own user-data folder; lines in, everything it prints recorded. */
function chat(address: string, data: string, extra: string[] = []) {
  const child = spawn(
    process.execPath,
    ['src-main/cli/chat.ts', address, '--name', 'Alice', '--data', data, ...extra],
    // English, whatever the machine's locale: the tests read its sentences.
    {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: '', LC_MESSAGES: '', LANGUAGE: '' },
    },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  open.push({ close: async () => void (child.exitCode === null && child.kill('SIGKILL')) });
  return { child, exited, output: () => out, send: (line: string) => child.stdin.write(`${line}\n`) };
}

// Each test starts one to three Node processes: their waits count CPU (cpu-deadline.ts).
describe('the terminal client and the host key', { timeout: SPAWNING_TEST_MS }, () => {
  it('joins a host whose key matches the address, encrypted, and remembers the full key', async () => {
    const h = await tlsHost();
    const data = tempDataDir();
    const bob = await RawClient.join(`ws://127.0.0.1:${h.port}/room/general`, { name: 'Bob' });
    const run = chat(`127.0.0.1:${h.port}/general#${h.host.options.tls!.short}`, data);
    await waitFor(() => /as Alice.*\(encrypted\)/.test(run.output()), 30_000, `the join: ${run.output()}`);
    run.send('over TLS');
    expect((await bob.waitForMessages(1))[0]).toMatchObject({ text: 'over TLS', from: { name: 'Alice' } });
    const known = JSON.parse(await readFile(join(data, 'known-hosts.json'), 'utf8')) as {
      hosts: Record<string, { fingerprint: string }>;
    };
    expect(known.hosts[`127.0.0.1:${h.port}`]?.fingerprint).toBe(h.host.options.tls!.fingerprint);
    run.child.stdin.end();
    expect(await run.exited).toBe(0);
    bob.ws.terminate();
  });

  it('refuses a host with another key than the address says, and sends it nothing', async () => {
    const real = await loadOrCreateHostIdentity(tempDataDir());
    const impostor = track(await startImpostor());
    const run = chat(`127.0.0.1:${impostor.port}/general#${real.short}`, tempDataDir(), ['--password', 'secret-pw']);
    expect(await run.exited).toBe(3);
    expect(run.output()).toContain('Stopped: this may not be the host you think.');
    expect(run.output()).toContain(`says its key is ${real.short}`);
    expect(run.output()).toContain(`has the key ${impostor.identity.short}`);
    expect(run.output()).toContain('Nothing was sent to it');
    expect(impostor.connections()).toBeGreaterThan(0); // it was reached…
    expect(impostor.received()).toBe(''); // …and got no byte: no upgrade, no hello, no password
  });

  it('trusts a host on first use, then refuses an impostor on the same address', async () => {
    const data = tempDataDir();
    const h = await tlsHost();
    const first = chat(`127.0.0.1:${h.port}/general`, data);
    await waitFor(() => /first visit to 127\.0\.0\.1:\d+: its key/.test(first.output()), 30_000, first.output());
    await waitFor(() => /\(encrypted\)/.test(first.output()), 30_000, first.output());
    first.child.stdin.end();
    expect(await first.exited).toBe(0);
    const port = h.port;
    await h.stop();
    const impostor = track(await startImpostor(port));
    const second = chat(`127.0.0.1:${port}/general`, data);
    expect(await second.exited).toBe(3);
    expect(second.output()).toContain('When you were here before');
    expect(impostor.received()).toBe('');
  });

  it('stops when the host is replaced while connected: the reconnection reaches an impostor and sends it nothing', async () => {
    const data = tempDataDir();
    const h = await tlsHost();
    const run = chat(`127.0.0.1:${h.port}/general`, data);
    await waitFor(() => /\(encrypted\)/.test(run.output()), 30_000, run.output());
    const port = h.port;
    await h.stop();
    const impostor = track(await startImpostor(port));
    expect(await run.exited).toBe(3);
    expect(impostor.connections()).toBeGreaterThan(0);
    expect(impostor.received()).toBe('');
    expect(run.output()).toContain('Nothing was sent to it');
  });

  it('sends a file over the pinned connection to a TLS-only host, and prints its https link', async () => {
    const h = await tlsHost({ tlsOnlyWithFiles: true });
    const data = tempDataDir();
    const path = join(data, 'report.txt');
    const bytes = 'quarterly numbers\n'.repeat(1000);
    writeFileSync(path, bytes);
    const run = chat(`127.0.0.1:${h.port}/general#${h.host.options.tls!.short}`, data);
    await waitFor(() => /\(encrypted\)/.test(run.output()), 30_000, `the join: ${run.output()}`);
    run.send(`/send-file ${path}`);
    const link = new RegExp(
      `\\[file\\] report\\.txt \\(18 kB\\) (https://127\\.0\\.0\\.1:${h.port}/api/rooms/general/files/f-\\S+)`,
    );
    await waitFor(() => link.test(run.output()), 60_000, `the file's line: ${run.output()}`);
    const url = link.exec(run.output())![1]!;
    const body = await new Promise<string>((resolve, reject) =>
      httpsGet(url, { rejectUnauthorized: false, agent: false }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve(text));
      }).on('error', reject),
    );
    expect(body).toBe(bytes); // the host takes nothing in plain (--tls-only): the upload went over TLS
    run.child.stdin.end();
    expect(await run.exited).toBe(0);
  });

  it('sends each host its own clientId, the same one every time', async () => {
    const data = tempDataDir();
    const a = track(await startRecordingHost());
    const b = track(await startRecordingHost());
    const helloTo = async (host: RecordingHost) => {
      const before = host.hellos.length;
      const run = chat(`127.0.0.1:${host.port}/general`, data);
      await waitFor(() => host.hellos.length > before, 30_000, `a hello: ${run.output()}`);
      run.child.kill('SIGKILL');
      await run.exited;
      return host.hellos.at(-1)!.clientId;
    };
    const idA = await helloTo(a);
    const idB = await helloTo(b);
    expect(idA).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(idB).not.toBe(idA);
    expect(await helloTo(a)).toBe(idA); // stable across runs
    const secret = JSON.parse(await readFile(join(data, 'identity.json'), 'utf8')) as { secret: string };
    expect([idA, idB].join()).not.toContain(secret.secret); // the install secret never leaves
  });
});
