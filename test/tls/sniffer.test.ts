/**
 * What a passive sniffer on the network sees: tcpdump on the loopback records a plain and a TLS
 * session of the same host. The plain one shows its message and name (the control: the capture
 * works); the TLS one shows neither.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadOrCreateHostIdentity } from '../../src-main/tls/host-identity.ts';
import { cleanupFolders, startHost, tempDataDir, type TestHost } from '../helpers/host.ts';
import { capture, stopCaptures } from '../helpers/sniffer.ts';
import { RawClient } from '../helpers/ws-client.ts';

let host: TestHost | undefined;
afterEach(async () => {
  stopCaptures();
  await host?.stop();
  cleanupFolders();
});

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
