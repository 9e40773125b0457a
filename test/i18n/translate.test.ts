/**
 * Translation, plural forms, the choice of language and the Intl formats. The `@ts-expect-error`
 * lines are checked by `tsc`: were an unknown key or a missing value accepted, tsc would fail on
 * the unused directive. So this file proves the build-time check exists.
 */
import { describe, expect, it } from 'vitest';
import {
  dayLabel,
  errorText,
  formatBytes,
  formatPercent,
  formatList,
  formatNumber,
  pickLocale,
  resolveLocale,
  translator,
} from '../../src-shared/i18n/index.ts';
import { terminalLocale } from '../../src-main/platform/locale.ts';

const en = translator('en');
const zh = translator('zh-CN');

describe('translator', () => {
  it('translates, interpolates and picks plural forms', () => {
    expect(en('time.today')).toBe('Today');
    expect(zh('time.today')).toBe('今天');
    expect(en('time.seconds', { count: 1 })).toBe('1 second');
    expect(en('time.seconds', { count: 5 })).toBe('5 seconds');
    expect(zh('time.seconds', { count: 1 })).toBe('1 秒');
    expect(zh('time.seconds', { count: 5 })).toBe('5 秒');
  });

  it('never escapes values: texts are rendered as text', () => {
    expect(en('error.unknown', { message: '<b>&"' })).toBe('The host reported an error: <b>&"');
  });

  it('checks keys and values at compile time', () => {
    // @ts-expect-error an unknown key
    expect(en('no.such.key')).toBe('no.such.key');
    // @ts-expect-error a missing value
    en('error.unknown');
    // @ts-expect-error a wrong value name
    en('error.unknown', { msg: 'x' });
    // @ts-expect-error count must be a number
    en('time.seconds', { count: '2' });
    // @ts-expect-error a text without placeholders takes no values
    en('time.today', { x: 1 });
  });

  it('says every error code in both languages', () => {
    expect(errorText(en, 'too_large', 'x')).toBe('A message can be at most 4000 characters long.');
    expect(errorText(zh, 'bad_password', 'Wrong password.')).toBe('这个房间的密码缺失或错误。');
    // A code from a newer host: its own sentence, inside a localized frame.
    expect(errorText(zh, 'brand_new', 'Something new.')).toBe('主机报告了一个错误：Something new.');
  });
});

describe('the language', () => {
  it('follows the OS or browser: zh, zh-CN, zh-Hans → Chinese; anything else → English', () => {
    for (const tag of ['zh', 'zh-CN', 'zh-Hans', 'zh-Hans-CN', 'zh-SG', 'ZH-cn', 'zh_CN.UTF-8']) {
      expect(pickLocale([tag]), tag).toBe('zh-CN');
    }
    for (const tag of ['en', 'en-US', 'fr', 'de-DE', 'zh-TW', 'zh-Hant', 'zh-Hant-HK', 'C', '']) {
      expect(pickLocale([tag]), tag).toBe('en');
    }
    expect(pickLocale([])).toBe('en');
    // The first language LAN Chat speaks wins.
    expect(pickLocale(['fr-FR', 'zh-CN', 'en'])).toBe('zh-CN');
    expect(pickLocale(['en-GB', 'zh-CN'])).toBe('en');
  });

  it('a setting other than "system" wins over the system', () => {
    expect(resolveLocale('system', ['zh-CN'])).toBe('zh-CN');
    expect(resolveLocale('en', ['zh-CN'])).toBe('en');
    expect(resolveLocale('zh-CN', ['en-US'])).toBe('zh-CN');
  });
});

describe('Intl formats', () => {
  const now = new Date(2026, 5, 15, 12).getTime();
  const day = 86_400_000;

  it('day separators', () => {
    expect(dayLabel(zh, 'zh-CN', now - 1000, now)).toBe('今天');
    expect(dayLabel(zh, 'zh-CN', now - day, now)).toBe('昨天');
    expect(dayLabel(en, 'en', now - day, now)).toBe('Yesterday');
    expect(dayLabel(zh, 'zh-CN', now - 3 * day, now)).toBe('6月12日星期五');
    expect(dayLabel(en, 'en', now - 3 * day, now)).toBe('Friday, June 12');
    expect(dayLabel(zh, 'zh-CN', new Date(2025, 0, 2).getTime(), now)).toBe('2025年1月2日星期四');
  });

  it('numbers, sizes and lists', () => {
    expect(formatNumber('en', 12345)).toBe('12,345');
    expect(formatBytes('en', 1)).toBe('1 byte');
    expect(formatBytes('en', 999)).toBe('999 bytes');
    expect(formatBytes('zh-CN', 999)).toBe('999字节');
    expect(formatBytes('en', 1536)).toBe('1.5 kB');
    expect(formatBytes('en', 3 * 1024 * 1024)).toBe('3 MB');
    expect(formatBytes('en', 250 * 1024 * 1024)).toBe('250 MB');
    expect(formatBytes('en', 1024 ** 3)).toBe('1 GB');
    expect(formatBytes('zh-CN', 1.5 * 1024 * 1024)).toBe('1.5 MB');
    expect(formatPercent('en', 0.426)).toBe('42%');
    expect(formatPercent('en', 0.999)).toBe('99%');
    expect(formatPercent('zh-CN', 1)).toBe('100%');
    expect(formatList('en', ['Ana', 'Bo', 'Cy'])).toBe('Ana, Bo, and Cy');
    expect(formatList('zh-CN', ['Ana', 'Bo', 'Cy'])).toBe('Ana、Bo和Cy');
  });
});

describe('the terminal’s language', () => {
  it('reads LANGUAGE, LC_ALL, LC_MESSAGES and LANG the way gettext does', () => {
    expect(terminalLocale({ LANG: 'zh_CN.UTF-8' })).toBe('zh-CN');
    expect(terminalLocale({ LANG: 'en_US.UTF-8' })).toBe('en');
    expect(terminalLocale({ LC_ALL: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' })).toBe('zh-CN');
    expect(terminalLocale({ LC_MESSAGES: 'zh_SG', LANG: 'en_US' })).toBe('zh-CN');
    expect(terminalLocale({ LANGUAGE: 'zh_CN:en', LANG: 'en_US.UTF-8' })).toBe('zh-CN');
    // LANGUAGE counts only when a locale is set; C and POSIX say nothing.
    expect(terminalLocale({ LANGUAGE: 'zh_CN' })).toBe('en');
    expect(terminalLocale({ LANG: 'C.UTF-8' })).toBe('en');
    expect(terminalLocale({})).toBe('en');
  });
});
