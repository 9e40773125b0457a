/** The connection status of a room (src-renderer/lib/status.ts). */
import type { ChineseOf } from '../keys.ts';

export const en = {
  'status.password': 'Password needed',
  'status.passwordDetail': 'This room is locked. Type its password to join.',
  'status.connected': 'Connected',
  'status.connectedDetail': 'Messages arrive as they are sent.',
  'status.connecting': 'Connecting…',
  'status.connectingDetail': 'Reaching the host. Your messages will be sent as soon as it answers.',
  'status.connectingAgain': 'Reaching the host again.',
  'status.reconnecting': 'Reconnecting in {{seconds}} s',
  'status.reconnectingDetail': 'The connection dropped. Your messages are kept and will be sent when it is back.',
  'status.disconnected': 'Disconnected',
  'status.left': 'You left this room.',
  'status.closedCode': 'The host closed the connection (code {{code}}).',
  'status.offline': 'Offline',
  'status.offlineDetail': 'This device has no network. LAN Chat reconnects when it is back.',
  'status.retry': 'Retry now',
  'status.lost': 'Connection lost. Reconnecting…',
} as const;

export const zhCN: ChineseOf<typeof en> = {
  'status.password': '需要密码',
  'status.passwordDetail': '这个房间已上锁。输入密码即可加入。',
  'status.connected': '已连接',
  'status.connectedDetail': '消息会即时送达。',
  'status.connecting': '正在连接…',
  'status.connectingDetail': '正在联系主机。主机一响应，你的消息就会发出。',
  'status.connectingAgain': '正在重新联系主机。',
  'status.reconnecting': '{{seconds}} 秒后重新连接',
  'status.reconnectingDetail': '连接已断开。你的消息都已保留，恢复连接后会发出。',
  'status.disconnected': '已断开',
  'status.left': '你已离开这个房间。',
  'status.closedCode': '主机关闭了连接（代码 {{code}}）。',
  'status.offline': '离线',
  'status.offlineDetail': '这台设备没有网络。网络恢复后，局域网聊天会自动重新连接。',
  'status.retry': '立即重试',
  'status.lost': '连接已断开，正在重新连接…',
};
