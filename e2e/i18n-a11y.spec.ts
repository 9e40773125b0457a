/**
 * The whole UI in Chinese and in English, as the browser's language chooses (Playwright's
 * `locale`), with axe-core on every screen (join, room, files, search, image viewer, settings,
 * dialogs, password prompt, hosting panel) in light and dark at 1280 and 360 px: any serious or
 * critical violation fails. In Chinese no English word may be left on any screen. The expected
 * texts come from the catalogs themselves, so that the spec checks what is on screen, not a copy.
 */
import type { Page } from '@playwright/test';
import { translator, type Translate } from '../src-shared/i18n/index.ts';
import { startHost } from '../test/helpers/host.ts';
import { AVATAR_HUES } from '../src-renderer/lib/avatar.ts';
import { axeEveryWay, interfaceText, latinWords, seriousViolations } from './a11y.ts';
import { desktopPerson } from './desktop-stub.ts';
import { expect, filesHost, join, pageUrl, png, RENDERER_DIR, test, type Person } from './fixtures.ts';

/** Words Chinese text uses too, key names, the people's and rooms' names, addresses. */
const ALLOWED = [
  ...['IPv4', 'IPv6', 'Enter', 'Shift', 'Ctrl', 'Esc', 'English', 'MB', 'kB', 'TXT', 'PNG', 'K'],
  // The scheme people are told to type ("ask for the https:// address"): no Chinese word for it.
  'https',
  ...['Ana', 'Bo', 'test-host', 'general', 'secret', '127.0.0.1', '192.168.1.20', '10.0.0.7'],
];

// Each screen is 4 axe runs and 4 screenshots: minutes on a loaded 2-core machine (no timed assertion).
test.describe.configure({ timeout: 600_000 });

test('axe finds what it should: low contrast text fails', async ({ person, shot }) => {
  const { page } = await person('Ana');
  await page.setContent('<main><h1>x</h1><p style="color:#aaa;background:#fff">faint text</p></main>');
  const found = await axeEveryWay(page, 'probe', shot);
  expect(found.some((f) => f.includes('color-contrast (serious)'))).toBe(true);
});

test('every avatar colour carries its white initials at AA contrast, light and dark', async ({ host, person }) => {
  const ana = await person('Ana', { viewport: { width: 360, height: 740 } });
  await join(ana, pageUrl(host.port), `127.0.0.1:${host.port}/general`);
  await ana.page.getByRole('button', { name: translator('en')('room.showMembers') }).click();
  // A member's colour follows its id, so one room shows only a few: the others are made here
  // from the one on screen (same component, same scoped style), one of each colour.
  const made = await ana.page
    .locator('aside .avatar')
    .first()
    .evaluate((avatar, n) => {
      const row = document.createElement('div');
      row.style.cssText = 'display: flex; gap: 4px; padding: 8px';
      for (let i = 0; i < n; i++) {
        const copy = avatar.cloneNode(true) as HTMLElement;
        copy.className = copy.className.replace(/\bhue-\d+\b/, `hue-${i}`);
        copy.textContent = 'AS'; // two initials ("Alice Smith"): with one letter axe let the failing colours pass
        row.append(copy);
      }
      avatar.closest('aside')!.prepend(row);
      return row.children.length;
    }, AVATAR_HUES);
  expect(made).toBe(AVATAR_HUES);
  for (const colorScheme of ['light', 'dark'] as const) {
    await ana.page.emulateMedia({ colorScheme });
    expect(await seriousViolations(ana.page, `avatars ${colorScheme}`)).toEqual([]);
  }
});

for (const locale of ['zh-CN', 'en-US'] as const) {
  const lang = locale === 'zh-CN' ? 'zh-CN' : 'en';
  const t: Translate = translator(lang);

  /** Fails on any English word on a Chinese screen (people's own texts aside). */
  async function allChinese(page: Page, more: readonly string[] = []): Promise<void> {
    if (locale !== 'zh-CN') return;
    expect(latinWords(await interfaceText(page), [...ALLOWED, ...more])).toEqual([]);
  }

  /** Joins the room at `address` from the join screen, in the page's language. */
  async function joinAs(p: Person, port: number, address = `127.0.0.1:${port}/general`): Promise<void> {
    await p.page.goto(pageUrl(port));
    await p.page.getByLabel(t('join.name')).fill(p.name);
    await p.page.getByLabel(t('join.address')).fill(address);
    await p.page.getByRole('button', { name: t('join.submit'), exact: true }).click();
    await expect(p.page.getByRole('status')).toHaveText(t('status.connected'));
  }

  /** Types a message in the composer (labelled in the page's language) and sends it with Enter. */
  async function send(p: Person, text: string): Promise<void> {
    const box = p.page.getByRole('textbox', { name: t('room.composer') });
    await box.fill(text);
    await box.press('Enter');
  }

  /**
   * Waits until the room is connected: on a loaded machine a page busy with axe for seconds may
   * miss the host's heartbeat and reconnect; what follows (search) needs the connection.
   */
  async function connected(page: Page): Promise<void> {
    await expect(page.getByRole('status')).toHaveText(t('status.connected'), { timeout: 30_000 });
  }

  /** Opens the room list on a narrow screen (on a wide one it is always there). */
  async function roomList(page: Page): Promise<void> {
    const menu = page.getByRole('button', { name: t('room.roomList') });
    if (await menu.isVisible()) await menu.click();
  }

  test(`${locale}: the join screen and its errors`, async ({ host, person, shot }) => {
    const { page } = await person('Ana', { locale, viewport: { width: 360, height: 740 } });
    const problems: string[] = [];
    await page.goto(pageUrl(host.port));
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(t('common.appName'));
    await expect(page.getByRole('main')).toBeVisible();
    problems.push(...(await axeEveryWay(page, `${locale}-join`, shot)));
    await allChinese(page);

    await page.getByLabel(t('join.address')).fill('999.1.1.1/general');
    await page.getByRole('button', { name: t('join.submit'), exact: true }).click();
    await expect(page.getByText(t('join.nameEmpty'))).toBeVisible();
    await expect(page.getByText(t('address.badIPv4', { host: '999.1.1.1' }))).toBeVisible();
    problems.push(...(await axeEveryWay(page, `${locale}-join-errors`, shot)));
    await allChinese(page);
    expect(problems).toEqual([]);
  });

  test(`${locale}: a room with messages and files, search and the image viewer`, async ({ person, shot }) => {
    const host = await filesHost();
    try {
      const ana = await person('Ana', { locale, viewport: { width: 1280, height: 800 } });
      const bo = await person('Bo', { locale });
      const problems: string[] = [];
      const files = ['garden.png', '会议纪要.txt'];
      await joinAs(ana, host.port);
      await joinAs(bo, host.port);

      const zh = locale === 'zh-CN';
      await send(bo, zh ? '你好，Ana！今天下午三点开会，别忘了带 laptop。' : 'Hello Ana! The meeting is at three.');
      await send(
        bo,
        zh
          ? '这是一条比较长的消息，用来检查中文与 English words 混排时的换行：标点不应出现在行首，长链接 https://example.com/a/very/long/path/that/must/wrap/somewhere 也要能折行。'
          : 'A longer message to see how lines wrap, with a long link https://example.com/a/very/long/path/that/must/wrap/somewhere in it.',
      );
      await bo.page.getByTestId('file-input').setInputFiles([
        { name: files[0]!, mimeType: 'image/png', buffer: await png(1200, 800, '#2f9e44') },
        { name: files[1]!, mimeType: 'text/plain', buffer: Buffer.from('第一行\nline two\n') },
      ]);
      await send(bo, zh ? '花园的照片和会议纪要' : 'The garden and the notes');
      await send(ana, zh ? '好的 👍 收到' : 'Sure 👍');
      const log = ana.page.getByRole('log');
      await expect(log.getByRole('link', { name: t('files.downloadName', { name: files[1]! }) })).toBeVisible();
      await expect(log.getByRole('img', { name: files[0] })).toBeVisible();
      await expect(log.getByText(t('time.today'), { exact: true })).toBeVisible();
      // New messages from others were announced politely, in the page's language: Bo's message
      // alone, or (when his messages came within the announcer's quiet time, as on a fast
      // machine) one count for the room.
      const oneMessage = t('room.newMessage', { name: 'Bo', text: '' }).trim();
      const [before, after] = t('room.newMessages', { room: '# general', count: 1234567 }).split('1234567');
      const escape = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      await expect(ana.page.locator('[aria-live="polite"][aria-atomic="true"]')).toHaveText(
        new RegExp(`${escape(oneMessage)}|^${escape(before!)}\\d+${escape(after!)}$`),
      );
      problems.push(...(await axeEveryWay(ana.page, `${locale}-room`, shot)));
      await allChinese(ana.page, ['laptop', ...files]);

      // A file in the tray, not sent yet.
      await connected(ana.page);
      await ana.page
        .getByTestId('file-input')
        .setInputFiles({ name: 'plan.txt', mimeType: 'text/plain', buffer: Buffer.from('x') });
      await expect(ana.page.getByRole('list', { name: t('files.tray') })).toBeVisible();
      problems.push(...(await axeEveryWay(ana.page, `${locale}-tray`, shot)));
      await allChinese(ana.page, ['plan.txt', ...files]);
      await ana.page.getByRole('button', { name: t('files.removeName', { name: 'plan.txt' }) }).click();

      // Search: results with the word marked.
      await connected(ana.page);
      await ana.page.getByRole('button', { name: t('search.open') }).click();
      await ana.page
        .getByRole('searchbox', { name: t('search.box', { room: 'general' }) })
        .fill(zh ? '开会' : 'meeting');
      await expect(ana.page.getByRole('list', { name: t('search.results') }).getByRole('listitem')).toHaveCount(1);
      problems.push(...(await axeEveryWay(ana.page, `${locale}-search`, shot)));
      await allChinese(ana.page, ['laptop', ...files]);
      await ana.page.getByRole('button', { name: t('search.close') }).click();

      // The image viewer.
      await log.getByRole('img', { name: files[0] }).click();
      const viewer = ana.page.getByRole('dialog', { name: t('files.viewer') });
      await expect(viewer.getByRole('img', { name: files[0] })).toBeVisible();
      problems.push(...(await axeEveryWay(ana.page, `${locale}-viewer`, shot)));
      await allChinese(ana.page, files);
      await ana.page.keyboard.press('Escape');
      await expect(viewer).toBeHidden();
      expect(problems).toEqual([]);
    } finally {
      await host.stop();
    }
  });

  test(`${locale}: settings, the join dialog, the switcher and a locked room`, async ({ host, person, shot }) => {
    const ana = await person('Ana', { locale, viewport: { width: 360, height: 740 } });
    const { page } = ana;
    const problems: string[] = [];
    await joinAs(ana, host.port);

    await roomList(page);
    await page.getByRole('button', { name: t('settings.open') }).click();
    const dialog = page.getByRole('dialog', { name: t('settings.title') });
    await expect(dialog.getByLabel(t('settings.language'))).toBeVisible();
    problems.push(...(await axeEveryWay(page, `${locale}-settings`, shot)));
    await allChinese(page, ['简体中文']);

    // Dark chosen in the settings wins over the system's light.
    await dialog.getByLabel(t('settings.themeDark')).check();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await dialog.getByLabel(t('settings.system')).first().check();
    await expect(page.locator('html')).not.toHaveAttribute('data-theme', 'dark');

    // The other language, chosen in the settings, applies at once; "system" goes back.
    const other = lang === 'zh-CN' ? 'en' : 'zh-CN';
    await dialog.getByLabel(t('settings.language')).selectOption(other);
    const t2 = translator(other);
    await expect(page.locator('html')).toHaveAttribute('lang', other);
    await expect(page.getByRole('dialog', { name: t2('settings.title') })).toBeVisible();
    await page.getByLabel(t2('settings.language')).selectOption('system');
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    await dialog.getByRole('button', { name: t('settings.done') }).click();

    await roomList(page);
    await page.getByRole('button', { name: t('nav.join') }).click();
    await expect(page.getByRole('dialog', { name: t('join.dialog') })).toBeVisible();
    problems.push(...(await axeEveryWay(page, `${locale}-join-dialog`, shot)));
    await allChinese(page);
    await page.keyboard.press('Escape');

    await page.keyboard.press('Control+k');
    await expect(page.getByRole('dialog', { name: t('nav.switchRooms') })).toBeVisible();
    problems.push(...(await axeEveryWay(page, `${locale}-switcher`, shot)));
    await allChinese(page);
    await page.keyboard.press('Escape');

    const locked = await startHost({ staticDir: RENDERER_DIR, passwords: { secret: 'pw' } });
    try {
      await roomList(page);
      await page.getByRole('button', { name: t('nav.join') }).click();
      await page.getByLabel(t('join.address')).fill(`127.0.0.1:${locked.port}/secret`);
      await page
        .getByRole('dialog')
        .getByRole('button', { name: t('join.submit'), exact: true })
        .click();
      await expect(page.getByRole('heading', { name: t('room.locked') })).toBeVisible();
      problems.push(...(await axeEveryWay(page, `${locale}-password`, shot)));
      await allChinese(page);
    } finally {
      await locked.stop();
    }
    expect(problems).toEqual([]);
  });

  test(`${locale}: the desktop app's hosting panel`, async ({ host, person, shot }) => {
    const ana = await desktopPerson(
      person,
      'Ana',
      { port: host.port },
      { locale, viewport: { width: 1280, height: 800 } },
    );
    const { page } = ana;
    const problems: string[] = [];
    await page.goto(pageUrl(host.port));
    await expect(page.getByRole('heading', { name: t('host.title') })).toBeVisible();
    await page.getByLabel(t('host.room'), { exact: true }).fill('not a room!');
    await page.getByLabel(t('host.port')).fill('70000');
    await page.getByRole('button', { name: t('host.start') }).click();
    await expect(page.getByText(t('host.portInvalid'))).toBeVisible();
    problems.push(...(await axeEveryWay(page, `${locale}-hosting-errors`, shot)));
    await allChinese(page);

    await page.getByLabel(t('host.room'), { exact: true }).fill('general');
    await page.getByLabel(t('host.port')).fill('');
    await page.getByRole('button', { name: t('host.start') }).click();
    await page.getByLabel(t('join.name')).fill('Ana');
    await page.getByRole('button', { name: t('join.submit'), exact: true }).click();
    await expect(page.getByRole('status')).toHaveText(t('status.connected'));
    await expect(page.getByRole('button', { name: t('host.stop') })).toBeVisible();
    // The panel lives in the room list: open it on the narrow screen (the wide one always shows it).
    await page.setViewportSize({ width: 360, height: 740 });
    await roomList(page);
    await expect(page.getByRole('button', { name: t('host.stop') })).toBeVisible();
    problems.push(...(await axeEveryWay(page, `${locale}-hosting`, shot)));
    await allChinese(page);
    expect(problems).toEqual([]);
  });
}
