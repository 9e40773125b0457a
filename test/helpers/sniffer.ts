/**
 * A passive sniffer for tests: tcpdump on the loopback, for one port, written to a pcap file
 * whose bytes a test searches for text that must (or must not) cross the wire in clear.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { connect } from 'node:net';

const running = new Set<ChildProcess>();

/** Kills every capture still running (for an afterEach). */
export function stopCaptures(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

/** Starts tcpdump on the loopback for `port`; resolves once it captures. */
export function capture(port: number, file: string): Promise<{ stop(): Promise<Buffer> }> {
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
  running.add(child);
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
            running.delete(child);
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
