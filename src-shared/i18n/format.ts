/**
 * Dates, times, numbers, lists and sizes in a language's own way, all through `Intl`, so that
 * Chinese reads "下午2:05" and "1,234" / "1.5 MB" follow the language of the UI, not the machine.
 */
import type { Translate } from './keys.ts';
import type { Locale } from './locale.ts';

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.ListFormat>();

function cached<F extends Intl.DateTimeFormat | Intl.NumberFormat | Intl.ListFormat>(key: string, make: () => F): F {
  let f = cache.get(key);
  if (!f) {
    f = make();
    cache.set(key, f);
  }
  return f as F;
}

function dateFormat(locale: Locale, name: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return cached(`d:${locale}:${name}`, () => new Intl.DateTimeFormat(locale, options));
}

/** `14:05` (or `2:05 PM`, `下午2:05`): the time shown next to a message. */
export function formatTime(locale: Locale, ts: number): string {
  return dateFormat(locale, 'time', { hour: 'numeric', minute: '2-digit' }).format(ts);
}

/** The full date and time, for a tooltip. */
export function formatFull(locale: Locale, ts: number): string {
  return dateFormat(locale, 'full', { dateStyle: 'full', timeStyle: 'short' }).format(ts);
}

/** Local midnight at the start of the day of `ts`. */
export function startOfDay(ts: number): number {
  const d = new Date(ts);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/**
 * The label of a day separator: `Today` / `今天`, `Yesterday` / `昨天`, else the weekday and
 * date (`Monday 20 November`, `11月20日星期一`), with the year when it is not this year.
 */
export function dayLabel(t: Translate, locale: Locale, ts: number, now: number): string {
  const days = Math.round((startOfDay(now) - startOfDay(ts)) / 86_400_000);
  if (days === 0) return t('time.today');
  if (days === 1) return t('time.yesterday');
  const sameYear = new Date(ts).getFullYear() === new Date(now).getFullYear();
  const options: Intl.DateTimeFormatOptions = { weekday: 'long', day: 'numeric', month: 'long' };
  return sameYear
    ? dateFormat(locale, 'day', options).format(ts)
    : dateFormat(locale, 'dayYear', { ...options, year: 'numeric' }).format(ts);
}

/** A count with the language's grouping: `1,234`. */
export function formatNumber(locale: Locale, n: number): string {
  return cached(`n:${locale}`, () => new Intl.NumberFormat(locale)).format(n);
}

const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

/**
 * A file size: `512 bytes`, `1.4 MB`, `1 GB` / `512字节`. In units of 1024 (as the host's limits
 * are set: `--max-file-mb 1024` reads "1 GB"), with the unit names the language uses.
 */
export function formatBytes(locale: Locale, bytes: number): string {
  let i = 0;
  let v = Math.max(0, bytes);
  while (v >= 1024 && i < UNITS.length - 1) {
    v /= 1024;
    i++;
  }
  const unit = UNITS[i] ?? 'byte';
  const digits = i === 0 || v >= 10 ? 0 : 1;
  // Bytes spelled out ("999 bytes", "999字节"); the larger units short ("1.5 MB").
  const unitDisplay = i === 0 ? 'long' : 'short';
  return cached(
    `b:${locale}:${unit}:${digits}`,
    () => new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay, maximumFractionDigits: digits }),
  ).format(v);
}

/** A share as the language writes it: `42%`. @param fraction from 0 to 1 (floored to whole percent) */
export function formatPercent(locale: Locale, fraction: number): string {
  const whole = Math.floor(Math.min(1, Math.max(0, fraction)) * 100) / 100;
  return cached(`p:${locale}`, () => new Intl.NumberFormat(locale, { style: 'percent' })).format(whole);
}

/** Names joined the language's way: `Ana, Bo and Cy` / `Ana、Bo和Cy`. */
export function formatList(locale: Locale, items: readonly string[]): string {
  return cached(`l:${locale}`, () => new Intl.ListFormat(locale, { type: 'conjunction' })).format(items);
}
