/**
 * Encryption and the host's key (src-main/tls, the host and chat CLIs, EncryptionMark.svelte):
 * what the host says about its key, what a client says when it checks one, and the warning when
 * a key is not the expected one.
 */
import type { ChineseOf } from '../keys.ts';

export const en = {
  // The host, when it starts.
  'tls.keyCreated': 'A new host key was made ({{file}}).',
  'tls.keyRotated':
    'A NEW host key replaces the old one: everyone who joined before will be warned that the key changed; tell them the new fingerprint.',
  'tls.keyLoaded': 'Host key as before.',
  'tls.fingerprint': 'Fingerprint {{short}} (full: {{full}}).',
  'tls.onlyEncrypted': 'Only encrypted connections are accepted.',
  'tls.plainToo': 'The apps always encrypt; plain browsers may still use http://.',
  'tls.hostOtherRoom': 'Replace “general” for another room, e.g. {{example}}.',
  'tls.hostBrowserHttps':
    'Encrypted in a browser: {{url}} (the browser warns once: the certificate’s Public Key SHA-256 must start with {{short}})',
  // The terminal client.
  'tls.withMark': '{{line}} {{mark}}',
  'tls.encryptedMark': '(encrypted)',
  'tls.plainMark': '(NOT encrypted)',
  'tls.firstVisit': 'first visit to {{host}}: its key {{short}} is now remembered',
  'tls.rememberFailed': 'could not remember the host’s key: {{reason}}',
  'tls.hostPlain': 'this host does not encrypt: others on the network can read what you write here',
  'tls.waiting': 'waiting for the host to answer…',
  'tls.pinnedButPlain':
    'Stopped: the host at {{host}} should encrypt (you have its key), but it answered without encryption. Nothing was sent to it. It may be an older LAN Chat, or someone pretending to be the host: ask the person who runs it.',
  // A key that is not the expected one (SSH's warning, in plain words).
  'tls.mismatchStopped': 'Stopped: this may not be the host you think.',
  'tls.mismatchAddress':
    'The address you were given says its key is {{expected}}, but the host at {{host}} has the key {{actual}}.',
  'tls.mismatchKnown':
    'When you were here before, the host at {{host}} had the key {{expected}}; now it has the key {{actual}}.',
  'tls.mismatchNothingSent': 'Nothing was sent to it: not your name, your password or any message.',
  'tls.mismatchWhy':
    'Either someone on this network is pretending to be the host, or its owner made a new key (or another computer now has this address).',
  'tls.mismatchAsk': 'Ask the person who runs the host which key their screen shows.',
  'tls.mismatchKnownDo': 'If they confirm the new key, connect again with the new address (ending in #{{actual}}).',
  'tls.mismatchAddressDo': 'Use the address they read to you, including the part after #.',
  // The room header's mark (EncryptionMark.svelte).
  'tls.markEncrypted': 'Encrypted',
  'tls.markPlain': 'Not encrypted',
  'tls.explainPlain':
    'Anyone on this network can read this room’s messages and its password. Ask the host for the https:// address, or use the LAN Chat app, which always encrypts.',
  'tls.explainDesktop': 'Messages to and from this host are encrypted, and its key was checked.',
  'tls.explainBrowser': 'Messages to and from this host are encrypted.',
  'tls.explainBrowserCheck':
    'Your browser warned about the host’s certificate because a local network has no authority to vouch for it. To be sure this is the host, open the certificate from the address bar and check that its Public Key SHA-256 starts with the key the host shows, for example 7F3A 91C2 0B5D E844.',
  // The desktop window (HostKeyWarning.svelte, the join form, a stopped room's status).
  'tls.checking': 'Checking the host’s key…',
  'tls.joinUnreachable':
    'No answer from {{host}}. Check the address and that the host is running. (The app checks a host’s key before it joins, so a new host must answer once.)',
  'tls.statusStopped': 'Stopped: key changed',
  'tls.statusStoppedDetail': 'The host’s key is not the one this app knows. Nothing was sent to it.',
  'tls.warningTitle': 'This may not be the host you think',
  'tls.warningPlainTitle': 'This host stopped encrypting',
  'tls.keyExpectedKnown': 'Key from your last visit',
  'tls.keyExpectedAddress': 'Key in the address',
  'tls.keyPresented': 'Key the host shows now',
  'tls.keyFull': 'In full: {{full}}',
  'tls.dontConnect': 'Don’t connect',
  'tls.mismatchKnownDoDesktop': 'If they confirm the new key, choose “The host has a new key…” below.',
  'tls.trustNew': 'The host has a new key…',
  'tls.trustConfirm':
    'Trust the key {{actual}} for {{host}} from now on? Do this only if the person who runs the host told you that their screen shows exactly this key.',
  'tls.trustIdentity':
    'On this host you will be a new member (your name stays; your earlier messages stay with the old key).',
  'tls.trustYes': 'Trust the new key and connect',
  'tls.trustBack': 'Back',
  'tls.trustNoAnswer': 'The host did not answer: nothing was changed. Try again when it is back.',
  'tls.explainPlainDesktop':
    'This host does not encrypt (it is an older LAN Chat): anyone on this network can read this room’s messages and its password. Ask the person who runs it to update it.',
} as const;

export const zhCN: ChineseOf<typeof en> = {
  'tls.keyCreated': '已生成新的主机密钥（{{file}}）。',
  'tls.keyRotated': '新的主机密钥已替换旧密钥：之前加入过的人都会收到“密钥已变更”的警告；请把新的指纹告诉他们。',
  'tls.keyLoaded': '主机密钥与之前相同。',
  'tls.fingerprint': '指纹 {{short}}（完整：{{full}}）。',
  'tls.onlyEncrypted': '只接受加密连接。',
  'tls.plainToo': '应用始终加密；普通浏览器仍可使用 http://。',
  'tls.hostOtherRoom': '把“general”换成其他房间名即可进入别的房间，例如 {{example}}。',
  'tls.hostBrowserHttps': '在浏览器中加密访问：{{url}}（浏览器会警告一次：证书的公钥 SHA-256 必须以 {{short}} 开头）',
  'tls.withMark': '{{line}}{{mark}}',
  'tls.encryptedMark': '（已加密）',
  'tls.plainMark': '（未加密）',
  'tls.firstVisit': '首次访问 {{host}}：已记住它的密钥 {{short}}',
  'tls.rememberFailed': '无法记住主机的密钥：{{reason}}',
  'tls.hostPlain': '这台主机不加密：网络上的其他人能看到你在这里写的内容',
  'tls.waiting': '正在等待主机应答…',
  'tls.pinnedButPlain':
    '已停止：{{host}} 上的主机本应加密（你有它的密钥），却以未加密方式应答。没有向它发送任何内容。它可能是旧版局域网聊天，也可能是有人冒充主机：请询问主机的运行者。',
  'tls.mismatchStopped': '已停止：这可能不是你以为的那台主机。',
  'tls.mismatchAddress': '你拿到的地址说它的密钥是 {{expected}}，但 {{host}} 上的主机的密钥是 {{actual}}。',
  'tls.mismatchKnown': '你之前来过时，{{host}} 上的主机的密钥是 {{expected}}；现在它的密钥是 {{actual}}。',
  'tls.mismatchNothingSent': '没有向它发送任何内容：没有你的名字、密码或任何消息。',
  'tls.mismatchWhy':
    '可能是这个网络上有人在冒充主机，也可能是主机的主人生成了新密钥（或者现在是另一台电脑在使用这个地址）。',
  'tls.mismatchAsk': '请询问主机的运行者，他们屏幕上显示的是哪个密钥。',
  'tls.mismatchKnownDo': '如果他们确认了新密钥，请用新地址（以 #{{actual}} 结尾）重新连接。',
  'tls.mismatchAddressDo': '请使用他们念给你的地址，包括 # 之后的部分。',
  'tls.markEncrypted': '已加密',
  'tls.markPlain': '未加密',
  'tls.explainPlain':
    '这个网络上的任何人都能看到这个房间的消息和密码。请向主机索取 https:// 地址，或使用始终加密的局域网聊天应用。',
  'tls.explainDesktop': '与这台主机之间的消息已加密，且它的密钥已核对。',
  'tls.explainBrowser': '与这台主机之间的消息已加密。',
  'tls.explainBrowserCheck':
    '浏览器对主机的证书发出了警告，因为局域网里没有能为它担保的机构。要确认这就是那台主机，请从地址栏打开证书，核对它的公钥 SHA-256 是否以主机显示的密钥开头，例如 7F3A 91C2 0B5D E844。',
  'tls.checking': '正在核对主机的密钥…',
  'tls.joinUnreachable':
    '{{host}} 没有应答。请检查地址，并确认主机正在运行。（应用在加入前会核对主机的密钥，所以新主机必须先应答一次。）',
  'tls.statusStopped': '已停止：密钥已变',
  'tls.statusStoppedDetail': '主机的密钥不是本应用记住的那个。没有向它发送任何内容。',
  'tls.warningTitle': '这可能不是你以为的那台主机',
  'tls.warningPlainTitle': '这台主机不再加密',
  'tls.keyExpectedKnown': '上次访问时的密钥',
  'tls.keyExpectedAddress': '地址中的密钥',
  'tls.keyPresented': '主机现在出示的密钥',
  'tls.keyFull': '完整：{{full}}',
  'tls.dontConnect': '不连接',
  'tls.mismatchKnownDoDesktop': '如果他们确认了新密钥，请选择下方的“主机换了新密钥…”。',
  'tls.trustNew': '主机换了新密钥…',
  'tls.trustConfirm':
    '从现在起信任 {{host}} 的密钥 {{actual}} 吗？只有当主机的运行者告诉你，他们屏幕上显示的正是这个密钥时，才这样做。',
  'tls.trustIdentity': '在这台主机上你会成为新成员（名字不变；之前的消息仍属于旧密钥下的你）。',
  'tls.trustYes': '信任新密钥并连接',
  'tls.trustBack': '返回',
  'tls.trustNoAnswer': '主机没有应答：什么都没有改变。等它恢复后再试。',
  'tls.explainPlainDesktop':
    '这台主机不加密（它是旧版局域网聊天）：这个网络上的任何人都能看到这个房间的消息和密码。请让它的运行者更新。',
};
