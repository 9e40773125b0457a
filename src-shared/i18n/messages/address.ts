/** Why a typed room address is not valid (src-shared/address.ts, addresses.ts). */
import type { ChineseOf } from '../keys.ts';

export const en = {
  'address.empty': 'Type the host’s address, for example 192.168.1.20/general.',
  'address.scheme': '“{{scheme}}://” is not a LAN Chat address.',
  'address.v6Bracket': 'The IPv6 address is missing its closing "]".',
  'address.v6Port': 'Expected ":port" after the IPv6 address.',
  'address.noHost': 'The address needs a host, for example 192.168.1.20.',
  'address.v6Zone':
    '“{{host}}” has an IPv6 zone (the part after “%”), which WebSocket addresses cannot carry; use the host’s IPv4 address or name.',
  'address.badHost': '“{{host}}” is not a valid host name or IP address.',
  'address.badIPv4': '“{{host}}” is not a valid IPv4 address: use four numbers from 0 to 255, like 192.168.1.20.',
  'address.badPort': 'The port must be a number from 1 to 65535, not “{{port}}”.',
  'address.badPath': 'After the host, give just the room, for example /general.',
  'address.badRoom':
    '“{{room}}” is not a valid room: use up to 64 letters, digits, “.”, “_” or “-”, starting with a letter or digit.',
  'address.emptyInList': 'There is an empty host between the commas: write host,host:port/room.',
  'address.inList': 'Host {{n}}: {{problem}}',
  'address.badFingerprint':
    '“#{{part}}” is not a key fingerprint: it is four groups of four letters or digits, like 7F3A-91C2-0B5D-E844.',
} as const;

export const zhCN: ChineseOf<typeof en> = {
  'address.empty': '请输入主机地址，例如 192.168.1.20/general。',
  'address.scheme': '“{{scheme}}://” 不是局域网聊天的地址。',
  'address.v6Bracket': 'IPv6 地址缺少右方括号“]”。',
  'address.v6Port': 'IPv6 地址之后应为“:端口”。',
  'address.noHost': '地址需要包含主机，例如 192.168.1.20。',
  'address.v6Zone': '“{{host}}”带有 IPv6 区域（“%”之后的部分），WebSocket 地址无法携带；请改用主机的 IPv4 地址或名称。',
  'address.badHost': '“{{host}}”不是有效的主机名或 IP 地址。',
  'address.badIPv4': '“{{host}}”不是有效的 IPv4 地址：应为四个 0 到 255 之间的数字，例如 192.168.1.20。',
  'address.badPort': '端口必须是 1 到 65535 之间的数字，而不是“{{port}}”。',
  'address.badPath': '主机之后只需写房间名，例如 /general。',
  'address.badRoom': '“{{room}}”不是有效的房间名：最多 64 个字母、数字、“.”、“_”或“-”，并以字母或数字开头。',
  'address.emptyInList': '逗号之间有一个空的主机：请写成 主机,主机:端口/房间。',
  'address.inList': '第 {{n}} 个主机：{{problem}}',
  'address.badFingerprint': '“#{{part}}”不是密钥指纹：指纹是四组、每组四个字母或数字，例如 7F3A-91C2-0B5D-E844。',
};
