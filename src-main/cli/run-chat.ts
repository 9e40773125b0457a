/**
 * `npm run chat -- ADDRESS --name NAME`: a terminal client on top of ChatClient. Reads lines
 * from stdin and sends each; prints the room (time, name, text), presence and connection
 * status. On EOF or Ctrl+C it waits for the outbox to drain (or a timeout), then leaves.
 */
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { formatAddresses } from '../../src-shared/addresses.ts';
import { ChatClient, type TimelineMessage } from '../../src-shared/client/index.ts';
import { errorText, formatList, translator } from '../../src-shared/i18n/index.ts';
import { terminalLocale } from '../platform/locale.ts';
import { userDataDir } from '../platform/paths.ts';
import { prepareSession, type Session } from '../tls/secure-session.ts';
import { mismatchSentence } from '../../src-shared/host-key-check.ts';
import { HostKeyMismatchError } from '../tls/pinning.ts';
import { parseChatArgs, chatUsage } from './chat-args.ts';
import { runCommand } from './chat-commands.ts';
import { formatChange, formatMessage } from './log-commands.ts';
import { terminalSafe } from './terminal-text.ts';
import { parseOrExit } from './usage.ts';
import { fileLines, sendFile } from './send-file.ts';

const two = (n: number) => String(n).padStart(2, '0');
const clock = (ts: number) => {
  const d = new Date(ts);
  return `${two(d.getHours())}:${two(d.getMinutes())}`;
};
const day = (ts: number) => {
  const d = new Date(ts);
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
};
/** Every line goes out through here: what came from the network cannot drive the terminal. */
const say = (line: string) => console.log(terminalSafe(line));
const status = (line: string) => say(`-- ${line}`);
const locale = terminalLocale();
const t = translator(locale);
/** A host error in the terminal's language, by its code. */
const hostSays = (e: { code: string; message: string; retryAfter?: number }) =>
  errorText(t, e.code, e.message, e.retryAfter);

/** What a 4003 close without its error frame means. */
const BAD_PASSWORD = { code: 'bad_password', message: '' };

/** Exit status when a host's key is not the expected one (nothing was sent to it). */
const EXIT_KEY_MISMATCH = 3;

async function main(): Promise<void> {
  const args = parseOrExit(parseChatArgs, chatUsage, process.argv.slice(2));
  const refuse = (e: Error) => {
    const said =
      e instanceof HostKeyMismatchError
        ? mismatchSentence(e.host, e.port, e.expected, e.actual, e.source, t)
        : e.message;
    console.error(`!! ${said}`);
    process.exit(EXIT_KEY_MISMATCH);
  };
  // Lines typed (or piped) while the host is still being reached wait here; so does an early EOF.
  const input = createInterface({ input: process.stdin, terminal: false });
  const early: string[] = [];
  let onLine = (line: string) => void early.push(line);
  let onEnd = () => {
    if (early.length > 0) status(t('cli.flushing', { count: early.length }));
    giveUp = setTimeout(() => {
      status(t('cli.undelivered', { count: early.length }));
      process.exit(early.length > 0 ? 1 : 0);
    }, args.flushTimeoutMs);
    ended = true;
  };
  let ended = false;
  let giveUp: NodeJS.Timeout | undefined;
  input.on('line', (line) => onLine(line));
  input.on('close', () => onEnd());
  process.on('SIGINT', () => onEnd());
  process.on('SIGTERM', () => onEnd());

  let session: Session;
  try {
    session = await prepareSession({
      addresses: args.addresses,
      dataDir: resolve(args.data ?? userDataDir()),
      clientId: args.clientId,
      onMismatch: refuse,
      status,
      t,
    });
  } catch (err) {
    return refuse(err as Error);
  }
  const client = new ChatClient({
    addresses: session.addresses,
    name: args.name,
    clientId: session.clientId,
    password: args.password,
    WebSocket: session.WebSocket,
  });
  let printed = 0; // the highest seq printed in the current epoch
  let leaving = false;
  /** Commands run one after another, each once the room is open; leaving waits for them. */
  let commands: Promise<void> = Promise.resolve();
  const opened = () =>
    client.state === 'open' ? Promise.resolve() : new Promise<void>((r) => void client.on('open', () => r()));

  const printNew = () => {
    const list = client.timeline.messages;
    let i = list.length;
    while (i > 0 && list[i - 1]!.seq > printed) i--;
    for (const m of list.slice(i)) print(m);
    if (list.length > 0) printed = Math.max(printed, list.at(-1)!.seq);
  };
  const print = (m: TimelineMessage) => {
    const quoted = m.replyTo === undefined ? undefined : client.timeline.get(m.replyTo);
    for (const line of formatMessage(t, m, quoted)) say(line);
    for (const line of fileLines(client, m.files, locale)) say(line);
  };
  /** A file's name in a progress line is the user's own (a local path), but cleaned all the same. */
  const progress = (line: string, done: boolean) => {
    if (process.stdout.isTTY) process.stdout.write(`\r-- ${terminalSafe(line)}\x1b[K${done ? '\n' : ''}`);
    else if (done) status(line);
  };

  client.on('connect', (e) =>
    status(
      client.you
        ? t('cli.reconnectAttempt', { attempt: e.attempt })
        : t('cli.connecting', { address: formatAddresses(args.addresses) }),
    ),
  );
  client.on('open', ({ welcome, epochChanged }) => {
    if (epochChanged) {
      status(t('cli.historyReset'));
      printed = 0;
    }
    const others = welcome.members.map((m) => m.name);
    const where = { room: welcome.room, host: welcome.server.name, name: welcome.you.name };
    const line = others.length
      ? t('cli.inRoom', { ...where, others: formatList(locale, others) })
      : t('cli.inRoomAlone', where);
    status(t('tls.withMark', { line, mark: t(session.encrypted ? 'tls.encryptedMark' : 'tls.plainMark') }));
    printNew();
  });
  client.on('message', (frame) => {
    const change = frame.type === 'message' ? formatChange(t, frame) : undefined;
    if (change) say(change);
    else if (frame.type === 'message') printNew();
    else if (frame.type === 'presence')
      say(`* ${t(frame.event === 'join' ? 'cli.joined' : 'cli.left', { name: frame.member.name })}`);
  });
  client.on('close', (e) => {
    if (leaving) return;
    if (e.passwordNeeded)
      status(
        t('cli.needsPassword', { reason: args.password ? hostSays(e.error ?? BAD_PASSWORD) : t('cli.passwordHint') }),
      );
    else if (e.code === 1000) status(t('cli.ended'));
    else if (!e.willReconnect)
      status(t('cli.refused', { reason: e.error ? hostSays(e.error) : `${e.code} ${e.reason}` }));
    else if (e.wasOpen) status(t('cli.lost', { reason: e.reason || e.code }));
  });
  client.on('reconnecting', (e) => status(t('cli.reconnectIn', { seconds: (e.delayMs / 1000).toFixed(1) })));
  client.on('error', (e) => {
    if (e.ref) status(t('cli.notSentCode', { code: e.code, reason: hostSays(e) }));
    else if (!e.code.startsWith('client_')) status(t('cli.hostSays', { message: hostSays(e) }));
  });
  client.on('change', ({ state }) => {
    // The host refused us for good (password, bad name, bad room): nothing left to do.
    if (state === 'closed' && !leaving) process.exit(1);
  });

  const uploads: Promise<void>[] = [];
  const leave = async () => {
    if (leaving) return;
    leaving = true;
    await Promise.all(uploads); // a file being sent finishes (or fails) before the outbox drains
    await commands;
    const queued = client.outbox.sendable().length;
    if (queued > 0 && !ended) status(t('cli.flushing', { count: queued })); // else said when the input ended
    const done = await client.flushed(args.flushTimeoutMs);
    client.stop();
    if (!done) status(t('cli.undelivered', { count: client.outbox.sendable().length }));
    process.exit(done ? 0 : 1);
  };

  const out = {
    t,
    status,
    message: (m: { ts: number; from: { name: string }; text: string }) =>
      say(`[${day(m.ts)} ${clock(m.ts)}] ${m.from.name}: ${m.text}`),
  };
  onLine = (line) => {
    if (line.trim() === '') return;
    const file = /^\/send-file\s+(.+)$/.exec(line.trim());
    if (file) {
      uploads.push(
        sendFile(client, file[1]!, '', progress, locale, session.createConnection).then((why) => {
          if (why) status(t('cli.fileNotSent', { reason: why }));
        }),
      );
      return;
    }
    if (line.startsWith('/') && !line.startsWith('//')) {
      commands = commands.then(opened).then(() => runCommand(client, line, out).then(() => {}));
      return;
    }
    const pending = client.send(line.startsWith('//') ? line.slice(1) : line);
    if (pending.state === 'failed') {
      status(t('cli.notSent', { reason: pending.error ? hostSays(pending.error) : t('cli.invalidMessage') }));
    }
  };
  onEnd = () => void leave();
  early.splice(0).forEach(onLine);
  clearTimeout(giveUp);
  client.start();
  if (ended) void leave();
}

await main();
