/** Words used all over the app. */
import type { ChineseOf } from '../keys.ts';

export const en = {
  'common.appName': 'LAN Chat',
  'common.cancel': 'Cancel',
  'common.close': 'Close',
  'common.retry': 'Retry',
  'common.save': 'Save',
} as const;

export const zhCN: ChineseOf<typeof en> = {
  'common.appName': '局域网聊天',
  'common.cancel': '取消',
  'common.close': '关闭',
  'common.retry': '重试',
  'common.save': '保存',
};
