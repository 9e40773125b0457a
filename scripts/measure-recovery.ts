/**
 * Measures how fast ChatClient notices a broken link and recovers, with the contract's timings
 * by default (ping 15 s, dead after 35 s, first retry within 1 s):
 *   node scripts/measure-recovery.ts [--ping MS] [--dead MS] [--rounds N]
 * A host on loopback, a TCP proxy in front of it, one client through the proxy. Each round cuts
 * the link (RST) and then makes it half-open (silence, no FIN); prints detection and recovery.
 */
import { parseArgs } from 'node:util';
import { startClient, waitFor } from '../test/helpers/chat-client.ts';
import { cleanupFolders, startHost } from '../test/helpers/host.ts';
import { TcpProxy } from '../test/helpers/tcp-proxy.ts';

const { values } = parseArgs({
  options: { ping: { type: 'string' }, dead: { type: 'string' }, rounds: { type: 'string' } },
});
const pingIntervalMs = Number(values.ping ?? 15_000);
const deadAfterMs = Number(values.dead ?? 35_000);
const rounds = Number(values.rounds ?? 1);

const host = await startHost();
const proxy = await TcpProxy.start(host.port);
const client = startClient(proxy.url(), { pingIntervalMs, deadAfterMs, connectTimeoutMs: 15_000, backoff: {} });
await waitFor(() => client.state === 'open', 10_000, 'open');

async function round(kind: 'cut' | 'half-open'): Promise<void> {
  const t0 = performance.now();
  let detected = 0;
  const off = client.on('close', () => {
    detected = performance.now() - t0;
    proxy.restore();
  });
  if (kind === 'cut') proxy.cut();
  else proxy.blackhole();
  await waitFor(() => detected > 0, deadAfterMs * 2, 'detection');
  await waitFor(() => client.state === 'open', 60_000, 'recovery');
  off();
  const recovered = performance.now() - t0;
  console.log(
    `${kind.padEnd(9)} detection ${Math.round(detected).toString().padStart(6)} ms   recovery ${Math.round(recovered).toString().padStart(6)} ms` +
      `   (ping ${pingIntervalMs} ms, dead after ${deadAfterMs} ms)`,
  );
}

for (let i = 0; i < rounds; i++) {
  await round('cut');
  await round('half-open');
}
client.stop();
await proxy.stop();
await host.stop();
cleanupFolders();
