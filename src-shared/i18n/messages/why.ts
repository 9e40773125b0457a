/** The "Why can't I see a host?" panel: what the host checked about itself, and what to try. */
import type { ChineseOf } from '../keys.ts';

export const en = {
  'why.checked': 'What this page’s host checked',
  'why.checkedAppHost': 'What this app’s host checked',
  'why.checkedComputer': 'What this computer checked',
  'why.notHosting': 'This app hosts no room now: others see it on the network only while it hosts one.',
  'why.noChecks': 'The checks could not run. Try again in a moment.',
  'why.loopback': 'It listens on this computer only (--bind 127.0.0.1): nobody else can join it.',
  'why.portOpen': 'the port answers',
  'why.portClosed': 'the port does not answer',
  'why.noAddress': 'It has no network address others could use: is it connected to a network?',
  'why.announcing': 'It announces itself on the network.',
  'why.notAnnouncing': 'It does not announce itself (started with --no-announce or turned off): type its address.',
  'why.browsing_one': 'It looks for other hosts and sees {{count}}.',
  'why.browsing_other': 'It looks for other hosts and sees {{count}}.',
  'why.notBrowsing': 'It does not look for other hosts.',
  'why.noAnswer': 'This page’s host did not answer the checks. Is it still running?',
  'why.checking': 'Checking…',
  'why.try': 'What to try',
  'why.trySameNetwork':
    'Be on the same network as the host (the same Wi-Fi name). Guest Wi-Fi often keeps devices apart.',
  'why.tryAddress':
    'Ask the host’s owner for its address and type it in “Room address”, for example {{example}}. Once you have used it, this page’s host remembers it and lists it for everyone.',
  'why.tryAddressApp':
    'Ask the host’s owner for its address and type it in “Room address”, for example {{example}}. Once you have used it, this app remembers that host and lists it here.',
  'why.tryMulticast':
    'Many office networks block multicast, which hosts use to find each other; typing the address still works.',
  'why.tryFirewall':
    'On the host’s computer, allow LAN Chat through the firewall (the advice above is for its system).',
  'why.firewallWindows':
    'Windows Defender Firewall: allow LAN Chat (or Node.js) on Private networks, and set this network to Private, not Public. It needs TCP port {{port}} in and UDP port 5353 (mDNS).',
  'why.firewallMac':
    'System Settings → Network → Firewall: allow incoming connections for LAN Chat (or node). It needs TCP port {{port}} in and UDP port 5353 (mDNS).',
  'why.firewallLinux':
    'If a firewall is on, open TCP port {{port}} and UDP port 5353 (mDNS): with ufw, “sudo ufw allow {{port}}/tcp” and “sudo ufw allow 5353/udp”; with firewalld, “sudo firewall-cmd --add-port={{port}}/tcp --add-service=mdns”.',
} as const;

export const zhCN: ChineseOf<typeof en> = {
  'why.checked': '此页面的主机检查了什么',
  'why.checkedAppHost': '本应用的主机检查了什么',
  'why.checkedComputer': '这台电脑检查了什么',
  'why.notHosting': '本应用现在没有主持房间：只有在主持房间时，网络上的其他人才能看到它。',
  'why.noChecks': '检查无法运行。请稍后再试。',
  'why.loopback': '它只在本机上监听（--bind 127.0.0.1）：其他人都无法加入。',
  'why.portOpen': '端口有响应',
  'why.portClosed': '端口没有响应',
  'why.noAddress': '它没有别人可用的网络地址：它连上网络了吗？',
  'why.announcing': '它在网络上宣告自己。',
  'why.notAnnouncing': '它不宣告自己（以 --no-announce 启动或已关闭）：请输入它的地址。',
  'why.browsing_other': '它在查找其他主机，已看到 {{count}} 台。',
  'why.notBrowsing': '它不查找其他主机。',
  'why.noAnswer': '此页面的主机没有回应检查。它还在运行吗？',
  'why.checking': '正在检查…',
  'why.try': '可以试试',
  'why.trySameNetwork': '和主机在同一网络中（同一个 Wi-Fi 名称）。访客 Wi-Fi 常常把设备彼此隔开。',
  'why.tryAddress':
    '向主机的主人要它的地址，填在“房间地址”里，例如 {{example}}。用过一次后，此页面的主机会记住它，并为所有人列出。',
  'why.tryAddressApp':
    '向主机的主人要它的地址，填在“房间地址”里，例如 {{example}}。用过一次后，本应用会记住那台主机，并在这里列出。',
  'why.tryMulticast': '许多办公网络屏蔽组播，而主机靠组播互相发现；直接输入地址仍然可用。',
  'why.tryFirewall': '在主机的电脑上，允许局域网聊天通过防火墙（上面的建议针对它的系统）。',
  'why.firewallWindows':
    'Windows Defender 防火墙：允许局域网聊天（或 Node.js）用于专用网络，并把此网络设为专用而非公用。它需要入站 TCP 端口 {{port}} 和 UDP 端口 5353（mDNS）。',
  'why.firewallMac':
    '系统设置 → 网络 → 防火墙：允许局域网聊天（或 node）的传入连接。它需要入站 TCP 端口 {{port}} 和 UDP 端口 5353（mDNS）。',
  'why.firewallLinux':
    '如果开启了防火墙，请开放 TCP 端口 {{port}} 和 UDP 端口 5353（mDNS）：用 ufw 时执行“sudo ufw allow {{port}}/tcp”和“sudo ufw allow 5353/udp”；用 firewalld 时执行“sudo firewall-cmd --add-port={{port}}/tcp --add-service=mdns”。',
};
