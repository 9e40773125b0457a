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
  'people.rename': 'Change your name',
  'people.renameLabel': 'Your name in #{{room}}',
  'people.renameHint': 'Everyone here sees it at once. Messages you already sent keep the name they were sent with.',
  'people.renameDefault': 'Also use it for rooms I join from now on',
  'people.renameSave': 'Change name',
  'people.renameFailed': 'The name could not be changed right now. Try again in a moment.',
  'people.renamed': '{{old}} is now {{name}}',
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
  'people.rename': '更改你的名字',
  'people.renameLabel': '你在 #{{room}} 中的名字',
  'people.renameHint': '这里的每个人都会立刻看到。已经发出的消息保留发送时的名字。',
  'people.renameDefault': '之后加入的房间也使用这个名字',
  'people.renameSave': '更改名字',
  'people.renameFailed': '现在无法更改名字。请稍后再试。',
  'people.renamed': '{{old}} 现在叫 {{name}}',
};
