/**
 * What a passive sniffer on the network sees: tcpdump on the loopback records a plain and a TLS
 * session of the same host. The plain one shows its message and name (the control: the capture
 * works); the TLS one shows neither.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadOrCreateHostIdentity } from '../../src-main/tls/host-identity.ts';
import { cleanupFolders, startHost, tempDataDir, type TestHost } from '../helpers/host.ts';
import { RawClient } from '../helpers/ws-client.ts';

let host: TestHost | undefined;
let dump: ChildProcess | undefined;
afterEach(async () => {
  dump?.kill('SIGKILL');
  await host?.stop();
  cleanupFolders();
});

/** Starts tcpdump on the loopback for `port`; resolves once it listens. */
function capture(port: number, file: string): Promise<{ stop(): Promise<Buffer> }> {
  // -Z root: tcpdump would drop to its own user, which cannot write into our private temp folder.
  // --immediate-mode: else packets wait in the kernel's ring for a block to fill, and are lost at stop.
  const args = [
    '-i',
    'lo',
    '-U',
    '--immediate-mode',
    '-n',
    '-s',
    '0',
    '-Z',
    'root',
    '-w',
    file,
    'tcp',
    'port',
    String(port),
  ];
  const child = spawn('tcpdump', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  dump = child;
  return new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`tcpdump did not start: ${err}`)), 15_000);
    child.once('error', (e) =>
      reject(new Error(`tcpdump cannot run (bash scripts/setup.sh --test installs it): ${e.message}`)),
    );
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      if (!/listening on/.test(err)) return;
      clearTimeout(timer);
      resolve(
        untilCapturing(port, file).then(() => ({
          stop: async () => {
            const exited = new Promise((r) => child.once('exit', r));
            child.kill('SIGINT');
            await exited;
            return readFile(file);
          },
        })),
      );
    });
  });
}

/** "listening on" comes a moment before packets are: knock on the port until tcpdump writes one. */
async function untilCapturing(port: number, file: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while ((await stat(file).catch(() => ({ size: 0 }))).size <= 24) {
    if (Date.now() > deadline) throw new Error('tcpdump captured nothing within 15 s');
    await new Promise<void>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'));
      const done = () => (socket.destroy(), resolve());
      socket.setTimeout(1000, done).on('data', done).on('error', done);
    });
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function session(url: string, marks: { text: string; name: string }) {
  const c = await RawClient.join(url, { name: marks.name }, { rejectUnauthorized: false });
  c.sendJson({ type: 'send', id: 'sniff-1', text: marks.text });
  await c.waitForMessages(1);
  c.ws.close();
  await c.closed;
}

describe('a sniffer on the network', () => {
  it('reads a plain session but nothing of a TLS one', async () => {
    const dataDir = tempDataDir();
    host = await startHost({ dataDir, tls: await loadOrCreateHostIdentity(dataDir) });
    const file = join(tempDataDir(), 'capture.pcap');
    const sniffer = await capture(host.port, file);
    // What the host sends back (the message, the sender's name) crosses unmasked; what a client
    // sends is XOR-masked by WebSocket framing with a key in the frame itself, no protection, but
    // it hides the bytes from a plain search: so the canaries are what the host echoes.
    const plain = { text: 'PLAINTEXT-canary-41df', name: 'PlainName9' };
    const secret = { text: 'SECRET-canary-7c2e', name: 'SecretName7' };
    await session(`ws://127.0.0.1:${host.port}/room/general`, plain);
    await session(`wss://127.0.0.1:${host.port}/room/general`, secret);
    const bytes = (await sniffer.stop()).toString('latin1');
    for (const value of Object.values(plain)) expect(bytes, `${bytes.length} bytes captured`).toContain(value); // the capture works
    for (const value of Object.values(secret)) expect(bytes).not.toContain(value);
    expect(bytes).toContain('\x16\x03\x01'); // the TLS session is in the capture: its ClientHello record
  }, 60_000);
});
