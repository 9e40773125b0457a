/**
 * The whole UI in Chinese and in English, as the browser's language chooses (Playwright's
 * `locale`), with axe-core on every screen in light and dark at 1280 and 360 px. The expected
 * texts come from the catalogs themselves, so that the spec checks what is on screen, not a copy.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { translator, type Translate } from '../src-shared/i18n/index.ts';
import { startHost } from '../test/helpers/host.ts';
import { expect, pageUrl, RENDERER_DIR, test } from './fixtures.ts';

const SIZES = [
  { width: 1280, height: 800 },
  { width: 360, height: 740 },
] as const;

/** Types a message in the composer (labelled in the page's language) and sends it with Enter. */
async function send(page: Page, t: Translate, text: string): Promise<void> {
  const box = page.getByRole('textbox', { name: t('room.composer') });
  await box.fill(text);
  await box.press('Enter');
}

/** axe on the page as it is, in both themes and both sizes: serious and critical violations. */
async function axe(page: Page, screen: string): Promise<string[]> {
  const found: string[] = [];
  const size = page.viewportSize();
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    for (const s of SIZES) {
      await page.setViewportSize(s);
      const result = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
        .analyze();
      for (const v of result.violations) {
        if (v.impact !== 'serious' && v.impact !== 'critical') continue;
        const where = v.nodes.map((n: { target: unknown[] }) => n.target.join(' ')).join(', ');
        found.push(`${screen} ${colorScheme} ${s.width}px: ${v.id} (${v.impact}) at ${where}`);
      }
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  if (size) await page.setViewportSize(size);
  return found;
}

/**
 * Every text a person can perceive: the visible text, and the names and hints read aloud or
 * shown on hover (aria-label, title, placeholder).
 */
async function allText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const parts = [document.title, document.body.innerText];
    for (const el of document.querySelectorAll('[aria-label], [title], [placeholder]')) {
      for (const a of ['aria-label', 'title', 'placeholder']) parts.push(el.getAttribute(a) ?? '');
    }
    return parts.join('\n');
  });
}

/** Latin words left once names, addresses, keys and the languages' own names are removed. */
function english(text: string, allowed: readonly string[]): string[] {
  let rest = text;
  for (const a of allowed) rest = rest.split(a).join(' ');
  return rest.match(/[A-Za-z]{2,}/g) ?? [];
}

for (const locale of ['zh-CN', 'en-US'] as const) {
  test(`${locale}: join, errors, chat, settings and dialogs in one language, axe-clean`, async ({
    host,
    person,
    shot,
  }) => {
    test.setTimeout(600_000);
    const t: Translate = translator(locale === 'zh-CN' ? 'zh-CN' : 'en');
    const ana = await person('Ana', { locale, viewport: { width: 360, height: 740 } });
    const { page } = ana;
    const problems: string[] = [];
    const allowed = [
      'IPv4',
      'IPv6',
      'Ana',
      'Bo',
      'test-host',
      '127.0.0.1',
      '192.168.1.20',
      'general',
      'Enter',
      'Shift',
      'Ctrl',
      'English',
      'K',
    ];

    await page.goto(pageUrl(host.port));
    await expect(page.locator('html')).toHaveAttribute('lang', locale === 'zh-CN' ? 'zh-CN' : 'en');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(t('common.appName'));
    await expect(page.getByRole('main')).toBeVisible();
    problems.push(...(await axe(page, 'join')));

    // A bad name and a bad address: the errors in the page's language.
    await page.getByLabel(t('join.address')).fill('999.1.1.1/general');
    await page.getByRole('button', { name: t('join.submit'), exact: true }).click();
    await expect(page.getByText(t('join.nameEmpty'))).toBeVisible();
    await expect(page.getByText(t('address.badIPv4', { host: '999.1.1.1' }))).toBeVisible();
    await shot(page, `${locale}-join-errors-light-360`);
    problems.push(...(await axe(page, 'join with errors')));
    if (locale === 'zh-CN') expect(english(await allText(page), allowed)).toEqual([]);

    await page.getByLabel(t('join.name')).fill('Ana');
    await page.getByLabel(t('join.address')).fill(`127.0.0.1:${host.port}/general`);
    await page.getByRole('button', { name: t('join.submit'), exact: true }).click();
    await expect(page.getByRole('status')).toHaveText(t('status.connected'));

    const bo = await person('Bo', { locale });
    await bo.page.goto(pageUrl(host.port));
    await bo.page.getByLabel(t('join.name')).fill('Bo');
    await bo.page.getByRole('button', { name: t('join.submit'), exact: true }).click();
    await expect(bo.page.getByRole('status')).toHaveText(t('status.connected'));
    await say(
      bo,
      locale === 'zh-CN' ? '你好，Ana！今天下午三点开会，别忘了带 laptop。' : 'Hello Ana! Meeting at three.',
    );
    await send(page, t, locale === 'zh-CN' ? '好的 👍 收到' : 'Sure 👍');
    const log = page.getByRole('log');
    await expect(log.locator('.text')).toHaveCount(2);
    await expect(log.getByText(t('time.today'), { exact: true })).toBeVisible();
    // The new message was announced politely, in the page's language.
    await expect(page.locator('[aria-live="polite"][aria-atomic="true"]')).toContainText(
      t('room.newMessage', { name: 'Bo', text: '' }).trim(),
    );
    await shot(page, `${locale}-room-light-360`);
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot(page, `${locale}-room-dark-360`);
    await page.emulateMedia({ colorScheme: 'light' });
    problems.push(...(await axe(page, 'room')));
    if (locale === 'zh-CN') expect(english(await allText(page), [...allowed, 'Bo', 'laptop'])).toEqual([]);

    // The settings: open from the room list (on a narrow screen, behind the menu).
    await page.getByRole('button', { name: t('room.roomList') }).click();
    await page.getByRole('button', { name: t('settings.open') }).click();
    const dialog = page.getByRole('dialog', { name: t('settings.title') });
    await expect(dialog.getByLabel(t('settings.language'))).toBeVisible();
    await shot(page, `${locale}-settings-light-360`);
    problems.push(...(await axe(page, 'settings')));
    if (locale === 'zh-CN') expect(english(await allText(page), [...allowed, 'laptop', '简体中文'])).toEqual([]);

    // Dark theme chosen in the settings wins over the system's light.
    await dialog.getByLabel(t('settings.themeDark')).check();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await shot(page, `${locale}-settings-dark-360`);
    await dialog.getByLabel(t('settings.system')).first().check();

    // The other language, chosen in the settings, applies at once.
    const other = locale === 'zh-CN' ? 'en' : 'zh-CN';
    await dialog.getByLabel(t('settings.language')).selectOption(other);
    const t2 = translator(other);
    await expect(page.locator('html')).toHaveAttribute('lang', other);
    await expect(page.getByRole('dialog', { name: t2('settings.title') })).toBeVisible();
    await dialog.getByLabel(t2('settings.language')).selectOption('system');
    await expect(page.locator('html')).toHaveAttribute('lang', locale === 'zh-CN' ? 'zh-CN' : 'en');
    await dialog.getByRole('button', { name: t('settings.done') }).click();

    // The join dialog and the room switcher.
    await page.getByRole('button', { name: t('room.roomList') }).click();
    await page.getByRole('button', { name: t('nav.join') }).click();
    await expect(page.getByRole('dialog', { name: t('join.dialog') })).toBeVisible();
    problems.push(...(await axe(page, 'join dialog')));
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+k');
    await expect(page.getByRole('dialog', { name: t('nav.switchRooms') })).toBeVisible();
    problems.push(...(await axe(page, 'switcher')));
    await page.keyboard.press('Escape');

    // A locked room: the password prompt and the error sentence for the code.
    const locked = await startHost({ staticDir: RENDERER_DIR, passwords: { secret: 'pw' } });
    try {
      await page.getByRole('button', { name: t('room.roomList') }).click();
      await page.getByRole('button', { name: t('nav.join') }).click();
      await page.getByLabel(t('join.address')).fill(`127.0.0.1:${locked.port}/secret`);
      await page
        .getByRole('dialog')
        .getByRole('button', { name: t('join.submit'), exact: true })
        .click();
      await expect(page.getByRole('heading', { name: t('room.locked') })).toBeVisible();
      await shot(page, `${locale}-password-light-360`);
      problems.push(...(await axe(page, 'password')));
      if (locale === 'zh-CN') expect(english(await allText(page), [...allowed, 'laptop', 'secret'])).toEqual([]);
    } finally {
      await locked.stop();
    }
    expect(problems).toEqual([]);
  });
}
