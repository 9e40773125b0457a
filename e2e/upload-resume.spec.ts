/**
 * An upload cut by quitting the desktop app resumes at the next start: the window keeps the
 * unfinished upload with its bytes (IndexedDB) and its tus URL; a new page of the same app (the
 * stub's "disk" survives it) resumes from the offset the host has, sends only the bytes after it,
 * and the message arrives once.
 */
import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join as joinPath } from 'node:path';
import { cleanupFolders } from '../test/helpers/host.ts';
import { headUpload, tokenOf } from '../test/helpers/files.ts';
import { TcpProxy } from '../test/helpers/tcp-proxy.ts';
import { RawClient } from '../test/helpers/ws-client.ts';
import { desktopPerson } from './desktop-stub.ts';
import { expect, filesHost, join, pageUrl, say, test } from './fixtures.ts';

/** Bytes of the one unfinished upload in the host's files folder (0 while there is none). */
function uploadedBytes(filesDir: string): number {
  const uploads = joinPath(filesDir, 'uploads');
  const ids = readdirSync(uploads).filter((f) => /^[A-Za-z0-9_-]{22}$/.test(f));
  return ids.length === 1 ? statSync(joinPath(uploads, ids[0]!)).size : 0;
}

test('an upload cut by closing the app resumes from the host’s offset at the next start, and its message arrives once', async ({
  person,
}) => {
  const host = await filesHost();
  const filesDir = joinPath(host.dataDir, 'files');
  const bob = await RawClient.join(`ws://127.0.0.1:${host.port}/room/general`, { name: 'Bob' });
  // Alice's room (its socket and her uploads) goes through a proxy, so that the app's quitting
  // can cut her connections as an exiting process's would be.
  const proxy = await TcpProxy.start(host.port);
  try {
    const alice = await desktopPerson(person, 'Alice', { port: host.port });
    const address = `127.0.0.1:${proxy.port}/general`;
    await join(alice, pageUrl(host.port), address);
    // A slow link, so that the app can be closed halfway through the upload.
    const cdp = await alice.page.context().newCDPSession(alice.page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 2 * 1024 * 1024,
    });
    const size = 24 * 1024 * 1024;
    const bytes = Buffer.alloc(size);
    for (let i = 0; i < size; i += 4) bytes.writeUInt32LE((i * 2654435761) >>> 0, i);
    await alice.page
      .getByTestId('file-input')
      .setInputFiles({ name: 'big.bin', mimeType: 'application/octet-stream', buffer: bytes });
    await alice.page.getByRole('textbox', { name: 'Message' }).fill('the big one');
    await alice.page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => uploadedBytes(filesDir), { timeout: 60_000 }).toBeGreaterThan(0);
    const location = `/api/rooms/general/uploads/${readdirSync(joinPath(filesDir, 'uploads')).find((f) => /^[A-Za-z0-9_-]{22}$/.test(f))}`;
    // Halfway by the host's own count (its offset: the file on disk may hold bytes not yet counted).
    const offset = async () => Number((await headUpload(host.port, location, tokenOf(bob))).headers['upload-offset']);
    await expect.poll(offset, { timeout: 60_000 }).toBeGreaterThan(1024 * 1024);

    // The app quits halfway: it stops sending, its window goes, the system closes its sockets.
    // (Closing the page alone does not cut the upload: the throttling goes with the page, and
    // Chromium sent the rest of the body at full speed before it cancelled the request.)
    const context = alice.page.context();
    proxy.blackhole();
    await alice.page.close();
    proxy.cut();
    proxy.restore();
    const before = Number((await headUpload(host.port, location, tokenOf(bob))).headers['upload-offset']);
    expect(before).toBeGreaterThan(1024 * 1024);
    expect(before).toBeLessThan(size);

    // The next start: the same app (its stub "disk" and its window storage), a new page.
    const page = await context.newPage();
    const requests: { method: string; offset?: string; bytes: number }[] = [];
    await page.route('**/api/rooms/general/uploads**', async (route) => {
      const r = route.request();
      if (r.method() !== 'OPTIONS') {
        const offset = r.headers()['upload-offset'];
        requests.push({ method: r.method(), ...(offset ? { offset } : {}), bytes: r.postDataBuffer()?.length ?? 0 });
      }
      await route.continue();
    });
    // What the host answered, for the failure message (a resume that creates a new upload says why).
    const answers: string[] = [];
    page.on('response', (r) => {
      if (r.url().includes('/uploads')) answers.push(`${r.request().method()} ${r.status()}`);
    });
    await join({ page, name: 'Alice' }, pageUrl(host.port), address);
    const log = page.getByRole('log');
    await expect(log.getByRole('link', { name: 'Download big.bin' })).toBeVisible({ timeout: 60_000 });
    await expect(log.getByText('the big one')).toHaveCount(1);

    // Only the rest went: no new upload, one PATCH from the host's offset with the missing bytes.
    expect(
      requests.filter((r) => r.method === 'POST'),
      answers.join(', '),
    ).toEqual([]);
    expect(requests.filter((r) => r.method === 'PATCH')).toEqual([
      { method: 'PATCH', offset: String(before), bytes: size - before },
    ]);
    // Bob got the message once, with the whole file (and nothing more while Alice's page settles).
    const sent = () => bob.frames.filter((f) => f.type === 'message' && f.text === 'the big one');
    await expect.poll(() => sent().length).toBe(1);
    await say({ page, name: 'Alice' }, 'after the big one');
    await expect.poll(() => bob.frames.some((f) => f.type === 'message' && f.text === 'after the big one')).toBe(true);
    expect(sent()).toHaveLength(1);
    const [message] = sent();
    const file = (message!.files as { size: number; sha256: string }[])[0]!;
    expect(file.size).toBe(size);
    expect(file.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    // Nothing is kept for another start.
    const kept = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const req = indexedDB.open('lanchat-uploads', 1);
          req.onsuccess = () => {
            const all = req.result.transaction('batches').objectStore('batches').count();
            all.onsuccess = () => resolve(all.result);
          };
        }),
    );
    expect(kept).toBe(0);
  } finally {
    bob.ws.terminate();
    await proxy.stop();
    await host.stop();
    cleanupFolders();
  }
});
