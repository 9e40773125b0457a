/**
 * `npm run chat -- ADDRESS --name NAME`: a terminal client on top of ChatClient. Reads lines
 * from stdin and sends each; prints the room (time, name, text), presence and connection
 * status. On EOF or Ctrl+C it waits for the outbox to drain (or a timeout), then leaves.
 */
import { createInterface } from 'node:readline';
import WebSocket from 'ws';
import { formatAddresses } from '../../src-shared/addresses.ts';
import { ChatClient, newClientId, type TimelineMessage } from '../../src-shared/client/index.ts';
import { parseChatArgs, CHAT_USAGE } from './chat-args.ts';
import { parseOrExit } from './usage.ts';

const two = (n: number) => String(n).padStart(2, '0');
const clock = (ts: number) => {
  const d = new Date(ts);
  return `${two(d.getHours())}:${two(d.getMinutes())}`;
};
const status = (line: string) => console.log(`-- ${line}`);

function main(): void {
  const args = parseOrExit(parseChatArgs, CHAT_USAGE, process.argv.slice(2));
  const client = new ChatClient({
    addresses: args.addresses,
    name: args.name,
    clientId: args.clientId ?? newClientId(),
    password: args.password,
    WebSocket,
  });
  let printed = 0; // the highest seq printed in the current epoch
  let leaving = false;

  const printNew = () => {
    const list = client.timeline.messages;
    let i = list.length;
    while (i > 0 && list[i - 1]!.seq > printed) i--;
    for (const m of list.slice(i)) print(m);
    if (list.length > 0) printed = Math.max(printed, list.at(-1)!.seq);
  };
  const print = (m: TimelineMessage) => console.log(`[${clock(m.ts)}] ${m.from.name}: ${m.text}`);

  client.on('connect', (e) =>
    status(client.you ? `reconnecting (attempt ${e.attempt})…` : `connecting to ${formatAddresses(args.addresses)}…`),
  );
  client.on('open', ({ welcome, epochChanged }) => {
    if (epochChanged) {
      status('the host’s history was reset; earlier messages are archived');
      printed = 0;
    }
    const others = welcome.members.map((m) => m.name);
    status(
      `in room ${welcome.room} on ${welcome.server.name} as ${welcome.you.name}` +
        (others.length ? ` with ${others.join(', ')}` : ', nobody else here yet'),
    );
    printNew();
  });
  client.on('message', (frame) => {
    if (frame.type === 'message') printNew();
    else if (frame.type === 'presence')
      console.log(`* ${frame.member.name} ${frame.event === 'join' ? 'joined' : 'left'}`);
  });
  client.on('close', (e) => {
    if (leaving) return;
    if (e.passwordNeeded) status(`this room needs a password: ${e.error?.message ?? 'run again with --password'}`);
    else if (e.code === 1000) status('the host ended the session');
    else if (!e.willReconnect) status(`the host refused: ${e.error?.message ?? `${e.code} ${e.reason}`}`);
    else if (e.wasOpen) status(`connection lost (${e.reason || e.code})`);
  });
  client.on('reconnecting', (e) => status(`reconnecting in ${(e.delayMs / 1000).toFixed(1)} s…`));
  client.on('error', (e) => {
    if (e.ref) status(`not sent (${e.code}): ${e.message}`);
    else if (!e.code.startsWith('client_')) status(`host says: ${e.message}`);
  });
  client.on('change', ({ state }) => {
    // The host refused us for good (password, bad name, bad room): nothing left to do.
    if (state === 'closed' && !leaving) process.exit(1);
  });

  const leave = async () => {
    if (leaving) return;
    leaving = true;
    const queued = client.outbox.sendable().length;
    if (queued > 0) status(`sending ${queued} queued message(s)…`);
    const done = await client.flushed(args.flushTimeoutMs);
    client.stop();
    if (!done) status(`${client.outbox.sendable().length} message(s) could not be delivered`);
    process.exit(done ? 0 : 1);
  };

  const input = createInterface({ input: process.stdin, terminal: false });
  input.on('line', (line) => {
    if (line.trim() === '') return;
    const pending = client.send(line);
    if (pending.state === 'failed') status(`not sent: ${pending.error?.message ?? 'invalid message'}`);
  });
  input.on('close', () => void leave());
  process.on('SIGINT', () => void leave());
  process.on('SIGTERM', () => void leave());
  client.start();
}

main();
