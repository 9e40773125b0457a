/**
 * `sendBytes` on a real HTTP server and socket: exact bytes for ranges that start and end inside
 * its reused buffers, a client that leaves halfway, and a file shorter than promised.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendBytes } from '../src-main/files/send-bytes.ts';

const dir = mkdtempSync(join(tmpdir(), 'lc-send-bytes-'));
const path = join(dir, 'blob');
/** Several of sendBytes' 512 KiB buffers, and not a whole number of them. */
const bytes = randomBytes(3 * 1024 * 1024 + 12345);
const served: Promise<void>[] = [];
let server: Server;
let port = 0;

beforeAll(async () => {
  writeFileSync(path, bytes);
  // The URL says the inclusive range to send: /START/END.
  server = createServer((req, res) => {
    const [, start, end] = (req.url ?? '').split('/').map(Number);
    res.writeHead(200, { 'Content-Length': end! - start! + 1 });
    served.push(sendBytes(res, path, start!, end!));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * GETs `/start/end`; resolves to the body and whether the response completed (a connection cut
 * before the headers counts as an incomplete, empty response).
 */
function fetchRange(start: number, end: number): Promise<{ body: Buffer; complete: boolean }> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    get({ port, host: '127.0.0.1', path: `/${start}/${end}` }, (res) => {
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('close', () => resolve({ body: Buffer.concat(parts), complete: res.complete }));
    }).on('error', () => resolve({ body: Buffer.concat(parts), complete: false }));
  });
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('sendBytes', () => {
  it('sends the whole file and ranges across buffer boundaries byte for byte', async () => {
    const whole = await fetchRange(0, bytes.length - 1);
    expect(whole.complete).toBe(true);
    expect(sha(whole.body)).toBe(sha(bytes));
    for (const [start, end] of [
      [0, 0],
      [524287, 524288],
      [100, 2 * 524288 + 7],
      [bytes.length - 10, bytes.length - 1],
    ] as const) {
      const part = await fetchRange(start, end);
      expect(part.complete).toBe(true);
      expect(part.body.equals(bytes.subarray(start, end + 1))).toBe(true);
    }
  });

  it('stops and lets go of the file when the client leaves halfway', async () => {
    const before = served.length;
    await new Promise<void>((resolve) => {
      const req = get({ port, host: '127.0.0.1', path: `/0/${bytes.length - 1}` }, (res) => {
        res.once('data', () => req.destroy());
        res.on('close', () => resolve());
      }).on('error', () => resolve());
    });
    // The sender's promise settles (its reads finish, the file closes) although no one reads.
    await expect(served[before]).resolves.toBeUndefined();
    const after = await fetchRange(5, 9);
    expect(after.body.equals(bytes.subarray(5, 10))).toBe(true);
  });

  it('cuts the response off rather than send fewer bytes than its length says', async () => {
    const beyond = await fetchRange(bytes.length - 100, bytes.length + 99);
    expect(beyond.complete).toBe(false);
    expect(beyond.body.length).toBeLessThan(200);
  });
});
