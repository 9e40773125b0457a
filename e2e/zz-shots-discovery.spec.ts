// Throwaway: screenshots of the discovery screens (not committed; a copy lives in the notes).
import { createServer } from 'node:net';
import type { Page } from '@playwright/test';
import { Discovery } from '../src-main/discovery/discovery.ts';
import { startHost } from '../test/helpers/host.ts';
import { RawClient } from '../test/helpers/ws-client.ts';
import { expect, pageUrl, RENDERER_DIR, test } from './fixtures.ts';

const OUT = '/work/notes/shots-discovery-s4';
test.describe.configure({ timeout: 900_000 });

async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function shots(page: Page, name: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    for (const width of [1280, 360]) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width, height: 800 });
      await page.waitForTimeout(300);
      await page.screenshot({ path: `${OUT}/${name}-${scheme}-${width}.png` });
    }
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

for (const locale of ['en-US', 'zh-CN'] as const) {
  test(`discovery shots ${locale}`, async ({ person }) => {
    const other = await startHost({ staticDir: RENDERER_DIR, name: 'Workshop' });
    const here = await startHost({
      staticDir: RENDERER_DIR,
      name: 'Front desk',
      passwords: { board: 'pw' },
      discovery: new Discovery({ announce: false, browse: false }),
    });
    const dana = await RawClient.join(`ws://127.0.0.1:${here.port}/room/general`, { name: 'Dana' });
    const op = await RawClient.join(`ws://127.0.0.1:${other.port}/room/ops`, { name: 'Omar' });
    op.sendJson({ type: 'send', id: 'o1', text: 'deploying' });
    await op.next('message');
    await fetch(`http://127.0.0.1:${here.port}/api/peers`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ address: `127.0.0.1:${other.port}` }),
    });
    const opts = { locale, viewport: { width: 1280, height: 800 } };
    const alice = await person('Alice', opts);
    await alice.page.goto(pageUrl(here.port));
    await expect(alice.page.locator('text=/# ops/')).toBeVisible();
    await shots(alice.page, `${locale}-join-nearby`);

    // A DM: Alice and Bob in general; Alice writes to Bob from the member list.
    const bob = await person('Bob', opts);
    for (const p of [alice, bob]) {
      await p.page.goto(pageUrl(here.port, 'general'));
      await p.page.locator('input.input').first().fill(p.name);
      await p.page.locator('form button[type=submit]').first().click();
      await expect(p.page.getByRole('textbox').last()).toBeVisible();
    }
    await alice.page.locator('button.person', { hasText: 'Bob' }).first().click();
    await expect(alice.page.getByRole('heading', { level: 1 })).toHaveText('@ Bob');
    const box = alice.page.locator('textarea').last();
    await box.fill(locale === 'zh-CN' ? '下午三点见？' : 'See you at three?');
    await box.press('Enter');
    await bob.page.locator('nav button.room', { hasText: '@ Alice' }).click();
    const bbox = bob.page.locator('textarea').last();
    await bbox.fill(locale === 'zh-CN' ? '好的，@Alice 我会到' : 'Sure @Alice, I will be there');
    await bbox.press('Enter');
    await alice.page.waitForTimeout(1500);
    await shots(alice.page, `${locale}-dm`);

    // The unreachable screen.
    const port = await deadPort();
    const carol = await person('Carol', opts);
    await carol.page.goto(pageUrl(here.port));
    await carol.page.locator('input.input').first().fill('Carol');
    await carol.page.locator('input.input').nth(1).fill(`127.0.0.1:${port}/general`);
    await carol.page.locator('form button[type=submit]').first().click();
    await expect(carol.page.getByRole('alert')).toBeVisible({ timeout: 15000 });
    await shots(carol.page, `${locale}-unreachable`);
    await dana.close();
    await op.close();
    await here.stop();
    await other.stop();
  });
}
