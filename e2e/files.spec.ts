/**
 * Files in a room, in a real browser against a real host: attach, drag and drop, paste a
 * screenshot → the other person sees the image inline and opens it full size; a text file
 * downloads byte-identical; progress is shown while an upload runs.
 */
import { readFileSync } from 'node:fs';
import { cleanupFolders } from '../test/helpers/host.ts';
import { expect, filesHost, join, pageUrl, png, test, type Person } from './fixtures.ts';

/** Drops a file on the room, as a file manager would (a DataTransfer with a File). */
async function dropFile(p: Person, name: string, type: string, bytes: Buffer): Promise<void> {
  const transfer = await p.page.evaluateHandle(
    ({ name, type, b64 }) => {
      const dt = new DataTransfer();
      const bin = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      dt.items.add(new File([bin], name, { type }));
      return dt;
    },
    { name, type, b64: bytes.toString('base64') },
  );
  const region = p.page.getByRole('region', { name: 'Messages' });
  await region.dispatchEvent('dragover', { dataTransfer: transfer });
  await expect(p.page.getByText(/Drop files to send them/)).toBeVisible();
  await region.dispatchEvent('drop', { dataTransfer: transfer });
}

/** Pastes an image into the composer, as a screenshot from the clipboard arrives. */
async function pasteImage(p: Person, bytes: Buffer): Promise<void> {
  await p.page.getByRole('textbox', { name: 'Message' }).evaluate((el, b64) => {
    const dt = new DataTransfer();
    const bin = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    dt.items.add(new File([bin], 'image.png', { type: 'image/png' }));
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, bytes.toString('base64'));
}

test('attach, drop and paste images and files; the other person sees them and downloads them', async ({
  person,
  shot,
}) => {
  const host = await filesHost();
  try {
    const alice = await person('Alice');
    const bob = await person('Bob', { colorScheme: 'dark', acceptDownloads: true });
    await join(alice, pageUrl(host.port));
    await join(bob, pageUrl(host.port));
    const bobLog = bob.page.getByRole('log');

    // Attach: the picker's files go into the tray, with a caption.
    const photo = await png(1280, 720, '#2f9e44');
    await alice.page
      .getByTestId('file-input')
      .setInputFiles({ name: 'garden.png', mimeType: 'image/png', buffer: photo });
    const tray = alice.page.getByRole('list', { name: 'Files to send' });
    await expect(tray.getByText('garden.png')).toBeVisible();
    await alice.page.getByRole('textbox', { name: 'Message' }).fill('Our garden today');
    await shot(alice.page, 'tray-with-caption');
    await alice.page.getByRole('textbox', { name: 'Message' }).press('Enter');
    await expect(tray).toHaveCount(0);
    await expect(bobLog.getByRole('img', { name: 'garden.png' })).toBeVisible();
    await expect(bobLog).toContainText('Our garden today');
    const thumb = bobLog.getByRole('img', { name: 'garden.png' });
    expect(await thumb.getAttribute('src')).toMatch(/\/thumb(\?|$)/);

    // Drag and drop a second image, remove a third from the tray before sending.
    await dropFile(alice, 'sunset.png', 'image/png', await png(600, 900, '#e8590c'));
    await alice.page
      .getByTestId('file-input')
      .setInputFiles({ name: 'oops.txt', mimeType: 'text/plain', buffer: Buffer.from('no') });
    await alice.page.getByRole('button', { name: 'Remove oops.txt' }).click();
    await expect(tray.getByText('oops.txt')).toHaveCount(0);
    await alice.page.getByRole('button', { name: 'Send' }).click();
    await expect(bobLog.getByRole('img', { name: 'sunset.png' })).toBeVisible();

    // Paste a screenshot.
    await pasteImage(alice, await png(800, 500, '#1971c2'));
    await expect(tray.getByText('image.png')).toBeVisible();
    await alice.page.getByRole('textbox', { name: 'Message' }).press('Enter');
    await expect(bobLog.getByRole('img', { name: 'image.png' })).toBeVisible();
    await shot(bob.page, 'bob-sees-images-dark');

    // The viewer: full size, arrows go to the next image, Escape closes.
    await bobLog.getByRole('img', { name: 'sunset.png' }).click();
    const viewer = bob.page.getByRole('dialog', { name: 'Image viewer' });
    await expect(viewer.getByRole('img', { name: 'sunset.png' })).toBeVisible();
    expect(await viewer.getByRole('img').getAttribute('src')).not.toMatch(/thumb/);
    await shot(bob.page, 'viewer');
    await bob.page.keyboard.press('ArrowRight');
    await expect(viewer.getByRole('img', { name: 'image.png' })).toBeVisible();
    await bob.page.keyboard.press('ArrowLeft');
    await bob.page.keyboard.press('ArrowLeft');
    await expect(viewer.getByRole('img', { name: 'garden.png' })).toBeVisible();
    await bob.page.keyboard.press('Escape');
    await expect(viewer).toBeHidden();

    // A text file: a card with its name and size, and a download that is byte-identical.
    const text = Buffer.from('第一行 line one\r\nline two\n\u0000binary-ish tail\n');
    await alice.page
      .getByTestId('file-input')
      .setInputFiles({ name: '会议纪要.txt', mimeType: 'text/plain', buffer: text });
    await alice.page.getByRole('button', { name: 'Send' }).click();
    const download = bobLog.getByRole('link', { name: 'Download 会议纪要.txt' });
    await expect(download).toBeVisible();
    await expect(bobLog).toContainText(`${text.length} bytes`);
    const [file] = await Promise.all([bob.page.waitForEvent('download'), download.click()]);
    expect(file.suggestedFilename()).toBe('会议纪要.txt');
    expect(readFileSync(await file.path()).equals(text)).toBe(true);
    await shot(bob.page, 'file-card-dark');
    await shot(alice.page, 'alice-after-sending');
  } finally {
    await host.stop();
    cleanupFolders();
  }
});

test('shows each upload’s progress in bytes and percent, and cancels one', async ({ person, shot }) => {
  const host = await filesHost();
  try {
    const alice = await person('Alice');
    await join(alice, pageUrl(host.port));
    // Slow the PATCH down so that the progress can be seen: the bytes still go to the real host.
    await alice.page.route('**/api/rooms/general/uploads/**', async (route) => {
      if (route.request().method() === 'PATCH') await new Promise((r) => setTimeout(r, 1500));
      await route.continue();
    });
    const big = Buffer.alloc(3 * 1024 * 1024, 7);
    await alice.page.getByTestId('file-input').setInputFiles([
      { name: 'big.bin', mimeType: 'application/octet-stream', buffer: big },
      { name: 'second.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(1000, 1) },
    ]);
    await alice.page.getByRole('button', { name: 'Send' }).click();
    const uploads = alice.page.getByRole('region', { name: 'Uploads' });
    await expect(uploads.getByText('big.bin')).toBeVisible();
    await expect(uploads.getByText(/0 bytes of 3 MB \(0%\)/)).toBeVisible();
    await expect(uploads.getByRole('progressbar', { name: 'Upload of big.bin' })).toBeVisible();
    await shot(alice.page, 'upload-progress');
    await uploads.getByRole('button', { name: 'Cancel second.bin' }).click();
    await expect(uploads.getByText('second.bin')).toHaveCount(0);
    const log = alice.page.getByRole('log');
    await expect(log.getByRole('link', { name: 'Download big.bin' })).toBeVisible({ timeout: 30_000 });
    await expect(log.getByText('second.bin')).toHaveCount(0);
    await expect(uploads).toHaveCount(0);
  } finally {
    await host.stop();
    cleanupFolders();
  }
});
