/**
 * The desktop main process's view of the network, alone in a process: the app's {@link Browsing},
 * its {@link HostingController} (sharing that browsing) and the window's {@link WindowNearby}, as
 * main.ts wires them, minus Electron. A test runs it on one machine of a namespace LAN and drives
 * it by JSON lines on stdin; it reports every push to the window, and every answer, on stdout.
 *
 * Usage: node window-nearby-child.ts DATA_DIR
 */
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { Browsing } from '../../src-main/discovery/browsing.ts';
import { HostingController } from '../../src-main/electron/hosting.ts';
import { WindowNearby } from '../../src-main/electron/window-nearby.ts';

const dataDir = process.argv[2]!;
const out = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);

const browsing = new Browsing({
  dataDir: join(dataDir, 'host'),
  refreshMs: 1000,
  log: (l) => out({ event: 'log', line: l }),
});
await browsing.start();
const hosting = new HostingController({ dataDir: join(dataDir, 'host'), name: 'Desk', browsing });
const nearby = new WindowNearby(browsing, hosting);
nearby.onChange((reply) => out({ event: 'change', reply }));
out({ event: 'ready', reply: nearby.list() });

for await (const text of createInterface({ input: process.stdin })) {
  const cmd = JSON.parse(text) as { cmd: string; address?: string };
  if (cmd.cmd === 'why') out({ event: 'why', diagnosis: await nearby.why() });
  else if (cmd.cmd === 'learn') out({ event: 'learned', ok: await nearby.learn(cmd.address!) });
  else if (cmd.cmd === 'host') out({ event: 'hosting', status: await hosting.start({ room: 'desk', port: 0 }) });
  else if (cmd.cmd === 'quit') break;
}
await hosting.stop();
await browsing.stop();
out({ event: 'bye' });
process.exit(0); // stdin stays open in the parent: the reading of it would keep this process alive
