/** A host that cannot be reached, said plainly instead of an empty room. */
import type { ChineseOf } from '../keys.ts';

export const en = {
  'reach.title': 'Can’t reach {{where}}.',
  'reach.question': 'Is the host running? Are you on the same network?',
  'reach.tried_one': 'Tried {{url}} once in {{seconds}} s; still trying.',
  'reach.tried_other': 'Tried {{url}} {{count}} times in {{seconds}} s; still trying.',
  'reach.status': 'Can’t reach host',
  'reach.waiting': 'Not connected: what you send now is kept and sent when the host is back.',
  'reach.connectingTo': 'Connecting to {{where}}…',
} as const;

export const zhCN: ChineseOf<typeof en> = {
  'reach.title': '无法连接 {{where}}。',
  'reach.question': '主机在运行吗？你们在同一网络中吗？',
  'reach.tried_other': '已尝试 {{url}} {{count}} 次，用时 {{seconds}} 秒；仍在尝试。',
  'reach.status': '无法连接主机',
  'reach.waiting': '未连接：现在发送的内容会被保留，主机恢复后发出。',
  'reach.connectingTo': '正在连接 {{where}}…',
};
