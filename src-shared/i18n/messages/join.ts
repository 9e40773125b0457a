/** The join screen and the join dialog. */
import type { ChineseOf } from '../keys.ts';

export const en = {
  'join.tagline': 'Chat with the people on your network. No account, no cloud.',
  'join.invited': 'You were invited to {{room}}. Choose the name others will see.',
  'join.name': 'Your name',
  'join.address': 'Room address',
  'join.addressHint': 'For example {{example}}',
  'join.submit': 'Join',
  'join.dialog': 'Join a room',
  'join.recent': 'Recent rooms',
  'join.rejoin': 'Join {{address}}',
  'join.forget': 'Forget {{address}}',
  'join.forgetTitle': 'Forget this room',
  'join.nameEmpty': 'Type the name others will see.',
  'join.nameLength': 'The name must be 1–{{max}} characters long.',
  'join.nameControl': 'The name must not contain control characters.',
  'join.otherMachine':
    'This page joins rooms of the host that served it; {{address}} is on another computer, whose host does not let other computers’ pages in. Open the room on its own host:',
} as const;

export const zhCN: ChineseOf<typeof en> = {
  'join.tagline': '和同一网络里的人聊天。无需账号，不经云端。',
  'join.invited': '你受邀加入 {{room}}。请填写别人会看到的名字。',
  'join.name': '你的名字',
  'join.address': '房间地址',
  'join.addressHint': '例如 {{example}}',
  'join.submit': '加入',
  'join.dialog': '加入房间',
  'join.recent': '最近的房间',
  'join.rejoin': '加入 {{address}}',
  'join.forget': '忘记 {{address}}',
  'join.forgetTitle': '忘记这个房间',
  'join.nameEmpty': '请输入别人会看到的名字。',
  'join.nameLength': '名字须为 1–{{max}} 个字符。',
  'join.nameControl': '名字不能包含控制字符。',
  'join.otherMachine':
    '这个页面只能加入提供它的主机上的房间；{{address}} 在另一台电脑上，那台主机不允许其他电脑的页面连接。请在它自己的主机上打开这个房间：',
};
