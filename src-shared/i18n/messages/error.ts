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
  'error.too_many_sockets':
    'This computer has as many connections to the host as it allows. Close some windows or tabs, then try again.',
  'error.too_many_unjoined': 'This computer is opening too many connections at once; trying again shortly.',
  'error.too_many_hellos': 'This computer is joining too often; trying again shortly.',
  'error.too_many_rooms':
    'This computer has opened too many new rooms in the last minute. Wait a minute, or join a room that exists.',
  'error.storage_full': 'The host’s history is full: the message was not stored. Tell the host’s owner.',
  'error.unknown': 'The host reported an error: {{message}}',
  'error.client_offline': 'Not connected to the host right now.',
  'error.client_closed': 'The connection closed before the host answered.',
  'error.client_timeout': 'The host did not answer in time.',
  'error.client_unsupported': 'This host does not offer that yet: it runs an older LAN Chat.',
  'error.client_bad_frame': 'The host sent something this app does not understand.',
  'error.client_socket': 'The connection to the host failed.',
  'error.client_dead': 'The host stopped answering.',
  'error.client_store': 'Unsent messages could not be saved on this device.',
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
  'error.too_many_sockets': '这台电脑与主机的连接数已达上限。请关闭一些窗口或标签页后再试。',
  'error.too_many_unjoined': '这台电脑同时打开的连接太多，稍后会自动重试。',
  'error.too_many_hellos': '这台电脑加入得太频繁，稍后会自动重试。',
  'error.too_many_rooms': '这台电脑在过去一分钟内新建的房间太多。请等一分钟，或加入已有的房间。',
  'error.storage_full': '主机的历史记录已满，这条消息没有保存。请告知主机的管理者。',
  'error.unknown': '主机报告了一个错误：{{message}}',
  'error.client_offline': '现在没有连接到主机。',
  'error.client_closed': '主机回复之前连接就断开了。',
  'error.client_timeout': '主机没有及时回复。',
  'error.client_unsupported': '这台主机还不支持此功能：它运行的是较旧版本的局域网聊天。',
  'error.client_bad_frame': '主机发来了本应用无法理解的内容。',
  'error.client_socket': '连接主机失败。',
  'error.client_dead': '主机已停止响应。',
  'error.client_store': '未发送的消息无法保存在这台设备上。',
};
