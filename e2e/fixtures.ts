/**
 * The e2e fixtures: a real host (in this process, port 0, its own data folder) serving the built
 * renderer, people as separate browser contexts (each its own storage, so its own clientId),
 * and a guard that fails a test on any page error or CSP violation.
 */
import { join as joinPath } from 'node:path';
import { expect, test as base, type Browser, type BrowserContextOptions, type Page } from '@playwright/test';
import { PROJECT_ROOT } from '../src-main/platform/paths.ts';
import sharp from 'sharp';
import { SqliteFileIndex } from '../src-main/files/sqlite-file-index.ts';
import { cleanupFolders, startHost, tempDataDir, type TestHost } from '../test/helpers/host.ts';

export { expect };

export const RENDERER_DIR = joinPath(PROJECT_ROOT, 'dist', 'renderer');

/** One person in a browser. */
export interface Person {
  page: Page;
  name: string;
}

interface Fixtures {
  host: TestHost;
  /** Opens a browser context for a person; `url` defaults to the host's page. */
  person: (name: string, options?: BrowserContextOptions) => Promise<Person>;
  /** Saves a named screenshot into the test's output folder. */
  shot: (page: Page, name: string) => Promise<void>;
}

/** Problems a page reported: uncaught errors, console errors (CSP violations are among them). */
const problems = new WeakMap<Page, string[]>();

async function openPerson(browser: Browser, name: string, options: BrowserContextOptions = {}): Promise<Person> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const list: string[] = [];
  problems.set(page, list);
  page.on('pageerror', (err) => list.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    // A failed WebSocket while the host is away is expected; anything else is a bug.
    if (msg.type() === 'error' && !/WebSocket connection to .* failed/.test(msg.text())) list.push(msg.text());
  });
  return { page, name };
}

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture's dependencies from this pattern
  host: async ({}, use) => {
    const h = await startHost({ staticDir: RENDERER_DIR });
    await use(h);
    await h.stop().catch(() => {});
    cleanupFolders();
  },
  person: async ({ browser }, use) => {
    const people: Person[] = [];
    await use(async (name, options) => {
      const p = await openPerson(browser, name, options);
      people.push(p);
      return p;
    });
    for (const p of people) {
      expect(problems.get(p.page) ?? [], `errors in ${p.name}'s page`).toEqual([]);
      await p.page.context().close();
    }
  },
  // eslint-disable-next-line no-empty-pattern -- as above
  shot: async ({}, use, testInfo) => {
    let n = 0;
    await use(async (page, name) => {
      n++;
      const file = testInfo.outputPath(`${String(n).padStart(2, '0')}-${name}.png`);
      await page.screenshot({ path: file });
      await testInfo.attach(name, { path: file, contentType: 'image/png' });
    });
  },
});

/** The four looks a UI change is screenshotted in: English and Chinese, light and dark, desktop and 360 px. */
export const FOUR_LOOKS = [
  { locale: 'en-US', colorScheme: 'light', viewport: { width: 1280, height: 800 } },
  { locale: 'zh-CN', colorScheme: 'dark', viewport: { width: 360, height: 740 } },
  { locale: 'en-US', colorScheme: 'dark', viewport: { width: 360, height: 740 } },
  { locale: 'zh-CN', colorScheme: 'light', viewport: { width: 1280, height: 800 } },
] as const;

/** A host that also keeps files (in its own data folder); the caller stops it. */
export function filesHost(): Promise<TestHost> {
  const dataDir = tempDataDir();
  return startHost({
    dataDir,
    staticDir: RENDERER_DIR,
    files: { dir: joinPath(dataDir, 'files'), index: new SqliteFileIndex(dataDir), minFreeBytes: 1 },
  });
}

/** A PNG of one colour. */
export const png = (w: number, h: number, color: string): Promise<Buffer> =>
  sharp({ create: { width: w, height: h, channels: 3, background: color } })
    .png()
    .toBuffer();

/** The host's page (optionally a room link). */
export function pageUrl(port: number, room?: string): string {
  return `http://127.0.0.1:${port}/${room ? `#/room/${room}` : ''}`;
}

/** Opens the page, types the name (and address), joins, and waits for "Connected". */
export async function join(p: Person, url: string, address?: string): Promise<void> {
  await p.page.goto(url);
  await p.page.getByLabel('Your name').fill(p.name);
  if (address !== undefined) await p.page.getByLabel('Room address').fill(address);
  await p.page.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(p.page.getByRole('status')).toHaveText('Connected');
}

/** Types a message in the composer and sends it with Enter. */
export async function say(p: Person, text: string): Promise<void> {
  const box = p.page.getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await box.press('Enter');
}
