/** Searching a room's messages. */
import type { ChineseOf } from '../keys.ts';

export const en = {
  'search.open': 'Search messages',
  'search.openTitle': 'Search ({{keys}})',
  'search.title': 'Search',
  'search.close': 'Close search',
  'search.box': 'Search messages in #{{room}}',
  'search.placeholder': 'Search #{{room}}',
  'search.none': 'No messages contain “{{query}}”.',
  'search.results': 'Search results',
  'search.busy': 'Searching…',
} as const;

export const zhCN: ChineseOf<typeof en> = {
  'search.open': '搜索消息',
  'search.openTitle': '搜索（{{keys}}）',
  'search.title': '搜索',
  'search.close': '关闭搜索',
  'search.box': '在 #{{room}} 中搜索消息',
  'search.placeholder': '搜索 #{{room}}',
  'search.none': '没有包含“{{query}}”的消息。',
  'search.results': '搜索结果',
  'search.busy': '正在搜索…',
};
