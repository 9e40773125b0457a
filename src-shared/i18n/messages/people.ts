/** People: the member list's status, direct messages in the sidebar, their notifications. */
import type { ChineseOf } from '../keys.ts';

export const en = {
  'people.online': 'online',
  'people.idle': 'idle',
  'people.recent': 'recently here',
  'people.messageTitle': 'Message {{name}} privately',
  'people.dmSuffix': 'direct message',
  'people.directMessages': 'Direct messages',
  'people.dmPlaceholder': 'Message {{name}}',
  'people.dmNotify': '{{name}} (direct message)',
  'people.dmUnnamed': 'direct message',
  'people.dmStart': 'This is the start of your direct messages with {{name}}. Only the two of you see them.',
} as const;

export const zhCN: ChineseOf<typeof en> = {
  'people.online': '在线',
  'people.idle': '空闲',
  'people.recent': '最近来过',
  'people.messageTitle': '私信 {{name}}',
  'people.dmSuffix': '私信',
  'people.directMessages': '私信',
  'people.dmPlaceholder': '发消息给 {{name}}',
  'people.dmNotify': '{{name}}（私信）',
  'people.dmUnnamed': '私信',
  'people.dmStart': '这是你和 {{name}} 私信的开头。只有你们两人能看到。',
};
