/** Desktop notifications of new messages. */
import type { ChineseOf } from '../keys.ts';

export const en = {
  'notify.title': '{{name}} in # {{room}}',
} as const;

export const zhCN: ChineseOf<typeof en> = {
  'notify.title': '{{name}}（# {{room}}）',
};
