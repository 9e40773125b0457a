/** Day separators and relative times. */
import type { ChineseOf } from '../keys.ts';

export const en = {
  'time.today': 'Today',
  'time.yesterday': 'Yesterday',
  'time.seconds_one': '{{count}} second',
  'time.seconds_other': '{{count}} seconds',
} as const;

export const zhCN: ChineseOf<typeof en> = {
  'time.today': '今天',
  'time.yesterday': '昨天',
  'time.seconds_other': '{{count}} 秒',
};
