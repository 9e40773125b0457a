/**
 * Calendar days as the message list groups them, in the local time zone. The words (times, day
 * separators) are the i18n module's: `time`, `fullTime` and `day` in state/i18n.svelte.ts.
 */
export { startOfDay } from '../../src-shared/i18n/index.ts';

/** A key that is equal for two times on the same local calendar day. */
export function dayKey(ts: number): string {
  const d = new Date(ts);
  return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
}
