/**
 * Full history and search in the browser: a late joiner scrolls back to message 1 of 300
 * without a jump; a search for a Chinese word opens the message in its context; "New messages"
 * marks where the person left off, also after a reload; the list works from the keyboard.
 */
import type { Page } from '@playwright/test';
import { startHost, tempDataDir, type TestHost } from '../test/helpers/host.ts';
import { seed } from '../test/helpers/seed.ts';
import { expect, join, pageUrl, RENDERER_DIR, say, test } from './fixtures.ts';

// Long flows on a shared, loaded machine: more time than the default minute.

const special: Record<number, string> = { 20: '今天下午三点开会，别忘了带报告', 120: 'Lunch is on Friday' };
const text = (i: number) => special[i] ?? `Message number ${i}`;

let seeded: TestHost | undefined;
test.afterEach(async () => {
  await seeded?.stop().catch(() => {});
  seeded = undefined;
});

async function seededHost(n: number): Promise<TestHost> {
  const dataDir = tempDataDir();
  await seed(dataDir, 'general', n, text);
  seeded = await startHost({ dataDir, staticDir: RENDERER_DIR, rate: 0 });
  return seeded;
}

/**
 * The top of a message's text, relative to the message list's viewport. (Its row may lose its
 * name-and-time header when older messages of the same person come in above: the text stays.)
 */
async function topOf(page: Page, seq: number): Promise<number> {
  return page.evaluate((s) => {
    const log = document.querySelector('[role="log"]')!;
    const el = document.querySelector(`[data-seq="${s}"] .bubble`)!;
    return el.getBoundingClientRect().top - log.getBoundingClientRect().top;
  }, seq);
}

test('a late joiner scrolls back to message 1 of 300 without a jump', async ({ person, shot }) => {
  const h = await seededHost(300);
  const reader = await person('Late');
  await join(reader, pageUrl(h.port));
  const log = reader.page.getByRole('log');
  await expect(log).toContainText('Message number 300');
  await expect(reader.page.locator('[data-seq="251"]')).toBeAttached();
  await expect(reader.page.locator('[data-seq="250"]')).not.toBeAttached();

  // Scroll up step by step, as a person would; each time older messages come in above, the
  // message the reader looks at stays exactly where it was.
  let oldest = 251;
  while (oldest > 1) {
    const anchor = oldest;
    await log.evaluate((el) => (el.scrollTop = Math.min(el.scrollTop, 300)));
    const before = await topOf(reader.page, anchor);
    await expect(reader.page.locator(`[data-seq="${anchor - 1}"]`)).toBeAttached();
    await expect.poll(() => reader.page.getByText('Loading older messages…').count()).toBe(0);
    expect(Math.abs((await topOf(reader.page, anchor)) - before)).toBeLessThanOrEqual(1);
    oldest = await reader.page.evaluate(() => Number(document.querySelector('[data-seq]')!.getAttribute('data-seq')));
    expect(oldest).toBeLessThan(anchor);
  }
  await log.evaluate((el) => (el.scrollTop = 0));
  await expect(reader.page.getByText('This is the start of #general.')).toBeVisible();
  await expect(reader.page.locator('[data-seq="1"]')).toContainText('Message number 1');
  // Every message once, in order.
  const seqs = await reader.page.evaluate(() =>
    [...document.querySelectorAll('[data-seq]')].map((e) => Number(e.getAttribute('data-seq'))),
  );
  expect(seqs).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
  await shot(reader.page, 'start-of-room');
});

test('a search for a Chinese word opens the message in its context', async ({ person, shot }) => {
  const h = await seededHost(300);
  const p = await person('Finder');
  await join(p, pageUrl(h.port));
  await p.page.getByRole('textbox', { name: 'Message' }).press('Control+f');
  const box = p.page.getByRole('searchbox', { name: 'Search messages in #general' });
  await expect(box).toBeFocused();
  await box.fill('开会');
  const results = p.page.getByRole('list', { name: 'Search results' });
  await expect(results.getByRole('listitem')).toHaveCount(1);
  await expect(results.locator('mark')).toHaveText('开会');
  await shot(p.page, 'search-results');
  await results.getByRole('button').click();
  const target = p.page.locator('[data-seq="20"]');
  await expect(target).toBeInViewport();
  await expect(target).toHaveClass(/highlight/);
  await expect(p.page.locator('[data-seq="19"]')).toBeAttached();
  await expect(p.page.locator('[data-seq="21"]')).toBeAttached();
  await expect(p.page.getByText('You are looking at older messages.')).toBeVisible();
  await shot(p.page, 'search-context');
  await p.page.getByRole('button', { name: 'Back to newest ↓' }).click();
  await expect(p.page.locator('[data-seq="300"]')).toBeInViewport();

  // Case does not matter, and more results come as the list is scrolled.
  await box.fill('MESSAGE NUMBER');
  await expect(results.getByRole('listitem').first()).toContainText('Message number 300');
  await expect(results.getByRole('listitem')).toHaveCount(30);
  await results.getByRole('listitem').last().scrollIntoViewIfNeeded();
  await p.page.locator('.results').evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect.poll(() => results.getByRole('listitem').count()).toBeGreaterThan(30);
});

test('"New messages" marks where the person left off, also after a reload', async ({ person, host, shot }) => {
  const alice = await person('Alice');
  const bob = await person('Bob');
  await join(alice, pageUrl(host.port));
  await join(bob, pageUrl(host.port));
  await say(bob, 'seen before');
  await expect(alice.page.getByRole('log')).toContainText('seen before');
  // Alice leaves the page (her browser keeps its storage); Bob writes meanwhile.
  const again = alice.page;
  await again.goto('about:blank');
  for (let i = 1; i <= 3; i++) await say(bob, `while you were away ${i}`);
  await again.goto(pageUrl(host.port, 'general'));
  const marker = again.getByText('New messages', { exact: true });
  await expect(marker).toBeVisible();
  const order = await again.evaluate(() => {
    const texts = [...document.querySelectorAll('[data-unread], [data-seq]')].map((e) =>
      e.hasAttribute('data-unread') ? 'MARK' : (e.textContent ?? '').trim(),
    );
    return texts
      .map((t) => (t.includes('seen before') ? 'seen' : t.includes('away 1') ? 'away1' : t))
      .filter((t) => t === 'MARK' || t === 'seen' || t === 'away1');
  });
  expect(order).toEqual(['seen', 'MARK', 'away1']);
  await shot(again, 'new-messages');
  await again.reload();
  await expect(again.getByText('New messages', { exact: true })).toBeVisible();
});

test('the message list works from the keyboard', async ({ person }) => {
  const h = await seededHost(120);
  const p = await person('Keys');
  await join(p, pageUrl(h.port));
  const log = p.page.getByRole('log');
  await expect(log).toContainText('Message number 119');
  const top = () => log.evaluate((el) => el.scrollTop);
  const bottom = await top();
  // PageUp in the composer scrolls the list.
  await p.page.getByRole('textbox', { name: 'Message' }).press('PageUp');
  await expect.poll(top).toBeLessThan(bottom);
  // Tab reaches the list; End and PageUp/Home work there.
  await log.focus();
  await expect(log).toBeFocused();
  await log.press('End');
  await expect.poll(top).toBeGreaterThanOrEqual(bottom - 2);
  await log.press('PageUp');
  await expect.poll(top).toBeLessThan(bottom);
  await log.press('Home');
  await expect(p.page.getByText('This is the start of #general.')).toBeVisible();
});
