/** The desktop app's own texts: tray, window title, hosting errors from the main process. */
import type { ChineseOf } from '../keys.ts';

export const en = {
  'desktop.show': 'Show',
  'desktop.quit': 'Quit',
  'desktop.hostingTip_one': '{{app}}: hosting “{{room}}” ({{count}} connected)',
  'desktop.hostingTip_other': '{{app}}: hosting “{{room}}” ({{count}} connected)',
  'desktop.firewall':
    'This computer does not let LAN Chat listen on port {{port}} (a firewall or security policy); allow LAN Chat in its settings or choose another port.',
  'desktop.startFailed': 'Hosting could not start: {{reason}}',
  'desktop.portInUse': 'Port {{port}} is already in use by another program: choose another port.',
} as const;

export const zhCN: ChineseOf<typeof en> = {
  'desktop.show': '显示窗口',
  'desktop.quit': '退出',
  'desktop.hostingTip_other': '{{app}}：正在开设“{{room}}”（{{count}} 人在线）',
  'desktop.firewall':
    '这台电脑不允许局域网聊天在端口 {{port}} 上监听（防火墙或安全策略）；请在其设置中允许局域网聊天，或换一个端口。',
  'desktop.startFailed': '无法开始开设房间：{{reason}}',
  'desktop.portInUse': '端口 {{port}} 已被其他程序占用，请换一个端口。',
};
