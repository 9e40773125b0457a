/**
 * The sentence people see for each error `code` of the protocol. The host's own `message` goes
 * over the wire in English (the contract); clients show these instead, in the person's language.
 */
import type { ChineseOf } from '../keys.ts';

export const en = {
  'error.bad_request': 'The host could not understand a request from this app.',
  'error.too_large': 'A message can be at most {{max}} characters long.',
  'error.rate_limited': 'You are sending too fast. The message was not sent; try again in a moment.',
  'error.unavailable': 'The host could not store the message right now. It will be sent again.',
  'error.protocol_version': 'The host speaks another version of LAN Chat. Update the app on one side.',
  'error.bad_hello': 'The host refused to join: the name or the room is not valid.',
  'error.hello_timeout': 'The host waited too long for this app to introduce itself.',
  'error.bad_password': 'The password for this room is missing or wrong.',
  'error.room_invalid': 'This room name is not valid.',
  'error.room_full': 'This room is full.',
  'error.server_full': 'The host is full. Try again later.',
  'error.not_found': 'That message is not in this room.',
  'error.forbidden': 'Only the person who sent a message can change it.',
  'error.unknown': 'The host reported an error: {{message}}',
} as const;

export const zhCN: ChineseOf<typeof en> = {
  'error.bad_request': '主机无法理解本应用发出的请求。',
  'error.too_large': '一条消息最多 {{max}} 个字符。',
  'error.rate_limited': '发送太快了，这条消息没有发出，请稍后再试。',
  'error.unavailable': '主机暂时无法保存这条消息，稍后会自动重新发送。',
  'error.protocol_version': '主机使用的局域网聊天版本不同，请更新其中一方的应用。',
  'error.bad_hello': '主机拒绝加入：名字或房间无效。',
  'error.hello_timeout': '主机等待本应用自我介绍的时间过长。',
  'error.bad_password': '这个房间的密码缺失或错误。',
  'error.room_invalid': '房间名无效。',
  'error.room_full': '房间已满。',
  'error.server_full': '主机已满，请稍后再试。',
  'error.not_found': '这个房间里没有那条消息。',
  'error.forbidden': '只有发送者本人才能修改这条消息。',
  'error.unknown': '主机报告了一个错误：{{message}}',
};
