/** Desktop notifications of new messages. */
import type { ChineseOf } from '../keys.ts';

export const en = {
  'notify.title': '{{name}} in # {{room}}',
  'notify.mention': '{{name}} mentioned you in # {{room}}',
} as const;

export const zhCN: ChineseOf<typeof en> = {
  'notify.title': '{{name}}（# {{room}}）',
  'notify.mention': '{{name}} 在 # {{room}} 中提到了你',
};
