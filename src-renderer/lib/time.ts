/** Times and days as people read them in a chat, in their own locale and time zone. */

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' });
const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long' });
const dayYearFormat = new Intl.DateTimeFormat(undefined, {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

/** `14:05` (or `2:05 PM`), the time shown next to a message. */
export function formatTime(ts: number): string {
  return timeFormat.format(ts);
}

/** The full date and time, for a tooltip and the `datetime` of a `<time>`. */
export function formatFull(ts: number): string {
  return fullFormat.format(ts);
}

/** A key that is equal for two times on the same local calendar day. */
export function dayKey(ts: number): string {
  const d = new Date(ts);
  return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
}

/** Local midnight at the start of the day of `ts`. */
export function startOfDay(ts: number): number {
  const d = new Date(ts);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/**
 * The label of a day separator: `Today`, `Yesterday`, `Monday 20 November`, or with the year
 * when it is not this year.
 */
export function dayLabel(ts: number, now: number): string {
  const days = Math.round((startOfDay(now) - startOfDay(ts)) / 86_400_000);
  if (days === 0) return 'Today';
  if (days === 1) return 'Yesterday';
  return new Date(ts).getFullYear() === new Date(now).getFullYear() ? dayFormat.format(ts) : dayYearFormat.format(ts);
}
