/** The command lines' help (`--help`) and their usage errors (`npm run host`, `npm run chat`). */
import type { ChineseOf } from '../keys.ts';

export const en = {
  'usage.head': 'Usage: {{command}}',
  'usage.help': 'show this text',
  'usage.chatAddress': 'the room: 192.168.1.20, host.local:47800/dev, [fe80::1]:47800, ws://…/room/ID;',
  'usage.chatAddressKey': 'with the host’s key: 192.168.1.20/general#7F3A-91C2-0B5D-E844 (checked);',
  'usage.chatAddressMany': 'several hosts of one room: 10.0.0.5,10.0.0.6:47800/general (tried in turn)',
  'usage.chatName': 'your name in the room (default: your user name)',
  'usage.chatPassword': 'for a locked room',
  'usage.chatData':
    'where this install’s identity and the hosts’ keys are kept (default: your user-data folder for lanchat)',
  'usage.chatClientId':
    'send exactly this id instead of the one derived for each host (8–64 of A–Z a–z 0–9 _ -; anyone who sees it can speak as you)',
  'usage.chatFlushTimeout': 'on exit, wait this long for unsent messages (default 5000)',
  'usage.chatFoot':
    'Type a line and press Enter to send it. Ctrl+D or Ctrl+C leaves (after sending what is queued).\n/send-file PATH sends a file; /history [N] prints the N messages before the oldest shown (default\n20); /search WORDS the newest 20 that contain WORDS (ignoring case); //text sends "/text".\nThe connection is encrypted and the host’s key checked; a host whose key changed is refused.',
  'usage.hostPort': 'TCP port for HTTP and WebSocket (default {{port}}; 0 picks a free one)',
  'usage.hostBind': 'address to listen on (default: every interface, IPv4 and IPv6)',
  'usage.hostData': 'where history is kept (default: your user-data folder for lanchat)',
  'usage.hostName': 'the name people see (default: this machine’s name)',
  'usage.hostPassword': 'lock a room with a password (repeat for several rooms)',
  'usage.hostRate': 'sends per second per member, burst 2N (default 20; 0 = no limit)',
  'usage.hostTrustProxy': 'a reverse proxy whose X-Forwarded-For names the peer (repeat for several)',
  'usage.hostAllowOrigin': 'another web origin whose pages may connect, e.g. https://chat.example.lan',
  'usage.hostTlsOnly':
    'refuse unencrypted connections (browsers are sent to https://); by default the port answers both, and the apps always encrypt',
  'usage.hostNewKey':
    'make a new host key (its fingerprint changes: everyone who pinned the old one is warned); the old key is kept aside in DIR/tls',
  'usage.hostStoreThread':
    'write the history on a thread of its own, so that a slow disk does not hold up the chat; costs some CPU and memory (see docs/performance.md)',
  'usage.hostRedis':
    'keep history in Redis and serve rooms together with every other host on it: redis://HOST:PORT[/DB] (see docs/deploy.md); --data then holds this host’s key (each host has its own) and, without --files, its files',
  'usage.hostRedisPrefix': 'prefix of the Redis keys (default "lanchat:"): one Redis, several deployments',
  'usage.hostRedisHeartbeat':
    'how often a host proves it is alive (default 5000); a host silent for three of them is considered gone and its members leave',
  'usage.hostFiles':
    'where sent files are kept (default: DATA/files); with --redis, a folder every host shares (a network mount), so any host serves any file',
  'usage.hostMaxFileMb': 'largest file people may send, in MiB (default 100)',
  'usage.hostMinFreeMb': 'free disk the host keeps, in MiB: uploads that would leave less are refused (default 1024)',
  'usage.hostNoAnnounce':
    'do not announce this host on the network (DNS-SD); others then join by typing its address. It still lists the hosts it sees at /api/nearby',
  'usage.oneAddress': 'Give exactly one address, for example 192.168.1.20/general.',
  'usage.clientId': '--client-id takes 8–64 characters of A–Z, a–z, 0–9, _ and -.',
  'usage.flushTimeout': '--flush-timeout takes milliseconds, not "{{value}}".',
  'usage.integer': '--{{flag}} takes a whole number from {{min}} to {{max}}, not "{{value}}".',
  'usage.passwordPair': '--password takes ROOM=SECRET, not "{{value}}".',
  'usage.passwordRoom': '--password: "{{room}}" is not a valid room id.',
  'usage.nameEmpty': '--name cannot be empty.',
  'usage.trustProxy': '--trust-proxy takes the proxy’s IP address, not "{{value}}".',
  'usage.allowOrigin': '--allow-origin takes an origin like https://chat.example.lan, not "{{value}}".',
  'usage.redisOnly': '--redis-prefix and --redis-heartbeat go with --redis.',
  'usage.storeThreadRedis': '--store-thread is for the history this host keeps itself (SQLite), not for --redis.',
} as const;

export const zhCN: ChineseOf<typeof en> = {
  'usage.head': '用法：{{command}}',
  'usage.help': '显示本说明',
  'usage.chatAddress': '房间地址：192.168.1.20、host.local:47800/dev、[fe80::1]:47800、ws://…/room/ID；',
  'usage.chatAddressKey': '可带上主机密钥：192.168.1.20/general#7F3A-91C2-0B5D-E844（会进行校验）；',
  'usage.chatAddressMany': '同一房间的多台主机：10.0.0.5,10.0.0.6:47800/general（依次尝试）',
  'usage.chatName': '你在房间里的名字（默认：你的用户名）',
  'usage.chatPassword': '上锁房间的密码',
  'usage.chatData': '本机身份和各主机密钥的保存位置（默认：lanchat 的用户数据文件夹）',
  'usage.chatClientId':
    '直接使用这个 ID，而不是为每台主机各自生成的 ID（8–64 个 A–Z a–z 0–9 _ - 字符；看到它的人都能冒充你发言）',
  'usage.chatFlushTimeout': '退出时等待未发送消息的时长，单位毫秒（默认 5000）',
  'usage.chatFoot':
    '输入一行文字并按 Enter 即可发送。按 Ctrl+D 或 Ctrl+C 离开（会先发出排队中的消息）。\n/send-file 路径 发送文件；/history [N] 显示已显示的最早消息之前的 N 条消息（默认 20）；\n/search 关键词 显示包含关键词的最新 20 条消息（不区分大小写）；//文字 会发送“/文字”。\n连接经过加密，并会校验主机密钥；密钥发生变化的主机会被拒绝。',
  'usage.hostPort': 'HTTP 和 WebSocket 使用的 TCP 端口（默认 {{port}}；0 表示自动选择空闲端口）',
  'usage.hostBind': '监听的地址（默认：所有网络接口，IPv4 和 IPv6）',
  'usage.hostData': '历史记录的保存位置（默认：lanchat 的用户数据文件夹）',
  'usage.hostName': '别人看到的主机名（默认：本机名称）',
  'usage.hostPassword': '给房间设置密码（多个房间可重复使用）',
  'usage.hostRate': '每位成员每秒可发送的条数，可短时突发到 2N（默认 20；0 表示不限制）',
  'usage.hostTrustProxy': '信任其 X-Forwarded-For 所报对端地址的反向代理（可重复使用）',
  'usage.hostAllowOrigin': '允许其页面连接的其他网页来源，例如 https://chat.example.lan',
  'usage.hostTlsOnly': '拒绝未加密的连接（浏览器会被转到 https://）；默认同一端口两者都接受，应用总是加密连接',
  'usage.hostNewKey': '生成新的主机密钥（指纹会改变：固定了旧密钥的人都会收到警告）；旧密钥另存在 DIR/tls 中',
  'usage.hostStoreThread':
    '在单独的线程中写入历史记录，使较慢的磁盘不会拖慢聊天；会多用一些 CPU 和内存（见 docs/performance.md）',
  'usage.hostRedis':
    '把历史记录保存在 Redis 中，并与使用同一 Redis 的其他主机共同提供房间：redis://主机:端口[/库号]（见 docs/deploy.md）；此时 --data 保存本主机的密钥（每台主机各有一把），未指定 --files 时也保存其文件',
  'usage.hostRedisPrefix': 'Redis 键的前缀（默认 "lanchat:"）：一个 Redis 可供多套部署使用',
  'usage.hostRedisHeartbeat':
    '主机证明自己在线的间隔，单位毫秒（默认 5000）；连续三次没有消息的主机被视为已离开，其成员也随之离开',
  'usage.hostFiles':
    '发送的文件的保存位置（默认：DATA/files）；与 --redis 一起使用时，须是所有主机共享的文件夹（网络挂载），这样任何主机都能提供任何文件',
  'usage.hostMaxFileMb': '允许发送的最大文件，单位 MiB（默认 100）',
  'usage.hostMinFreeMb': '主机保留的磁盘空闲空间，单位 MiB：会使空闲空间低于此值的上传将被拒绝（默认 1024）',
  'usage.hostNoAnnounce': '不在网络上宣告此主机（DNS-SD）；别人需输入它的地址加入。它仍在 /api/nearby 列出它看到的主机',
  'usage.oneAddress': '请只给出一个地址，例如 192.168.1.20/general。',
  'usage.clientId': '--client-id 须为 8–64 个 A–Z、a–z、0–9、_ 和 - 字符。',
  'usage.flushTimeout': '--flush-timeout 须为毫秒数，而不是“{{value}}”。',
  'usage.integer': '--{{flag}} 须为 {{min}} 到 {{max}} 之间的整数，而不是“{{value}}”。',
  'usage.passwordPair': '--password 的格式是 房间=密码，而不是“{{value}}”。',
  'usage.passwordRoom': '--password：“{{room}}”不是有效的房间 ID。',
  'usage.nameEmpty': '--name 不能为空。',
  'usage.trustProxy': '--trust-proxy 须为代理的 IP 地址，而不是“{{value}}”。',
  'usage.allowOrigin': '--allow-origin 须为 https://chat.example.lan 这样的来源，而不是“{{value}}”。',
  'usage.redisOnly': '--redis-prefix 和 --redis-heartbeat 须与 --redis 一起使用。',
  'usage.storeThreadRedis': '--store-thread 用于本主机自己保存的历史记录（SQLite），不能与 --redis 一起使用。',
};
