/** Finding hosts: the join screen's "On this network" and the desktop setting that stops announcing. */
import type { ChineseOf } from '../keys.ts';

export const en = {
  'nearby.title': 'On this network',
  'nearby.looking': 'Looking…',
  'nearby.servedGone': 'The host that served this page does not answer. Is it still running?',
  'nearby.thisHost': '{{address}} · this page’s host',
  'nearby.noRoomsHere': 'No rooms yet: type a name above to start one.',
  'nearby.noRooms': 'No open rooms.',
  'nearby.noneYet': 'No hosts seen yet. Type a room address above, or see why below.',
  'nearby.roomsOn': 'Rooms on {{host}}',
  'nearby.joinRoom': 'Join {{address}}',
  'nearby.openRoom': 'Open {{address}} on its own host’s page',
  'nearby.locked': 'Needs a password',
  'nearby.lockedShort': 'locked',
  'nearby.people_one': '{{count}} person',
  'nearby.people_other': '{{count}} people',
  'nearby.nobody': 'no one now',
  'nearby.why': 'Why can’t I see a host?',
  'nearby.announce': 'Let others on the network see it',
} as const;

export const zhCN: ChineseOf<typeof en> = {
  'nearby.title': '本网络中',
  'nearby.looking': '正在查找…',
  'nearby.servedGone': '提供此页面的主机没有响应。它还在运行吗？',
  'nearby.thisHost': '{{address}} · 此页面的主机',
  'nearby.noRoomsHere': '还没有房间：在上面输入名称即可创建一个。',
  'nearby.noRooms': '没有开放的房间。',
  'nearby.noneYet': '还没有看到任何主机。请在上面输入房间地址，或看看下面的原因。',
  'nearby.roomsOn': '{{host}} 上的房间',
  'nearby.joinRoom': '加入 {{address}}',
  'nearby.openRoom': '在它自己主机的页面上打开 {{address}}',
  'nearby.locked': '需要密码',
  'nearby.lockedShort': '已加锁',
  'nearby.people_other': '{{count}} 人',
  'nearby.nobody': '现在没有人',
  'nearby.why': '为什么看不到某台主机？',
  'nearby.announce': '让网络上的其他人看到它',
};
