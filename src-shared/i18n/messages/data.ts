/**
 * Why a host could not open its data folder (src-main/store/open-database.ts): said by
 * `npm run host` and by the desktop app's hosting panel, each in the person's language.
 */
import type { ChineseOf } from '../keys.ts';

export const en = {
  'data.locked':
    'Another LAN Chat host is already using the data folder {{dir}}: stop that host, or give this one another folder (--data).',
  'data.corrupt':
    'The history file {{file}} is damaged or is not a LAN Chat database: move it out of the folder (or restore it from a backup) and start again; it was left untouched.',
  'data.access':
    'The history file {{file}} cannot be opened for reading and writing ({{reason}}): check that this user owns {{dir}} and that the disk is writable.',
  'data.storeStopped':
    'The history store stopped working ({{reason}}); the host stops so that no message is lost. Start it again: clients catch up when it is back.',
} as const;

export const zhCN: ChineseOf<typeof en> = {
  'data.locked':
    '另一个局域网聊天主机正在使用数据文件夹 {{dir}}：请先停止那个主机，或为这个主机换一个文件夹（--data）。',
  'data.corrupt':
    '历史文件 {{file}} 已损坏，或不是局域网聊天的数据库：请把它移出该文件夹（或从备份恢复）后重新启动；该文件未被改动。',
  'data.access': '无法以读写方式打开历史文件 {{file}}（{{reason}}）：请确认当前用户拥有 {{dir}}，并且磁盘可写。',
  'data.storeStopped':
    '历史存储停止工作（{{reason}}）；为了不丢失任何消息，主机将停止。请重新启动它：主机恢复后，客户端会补上错过的消息。',
};
