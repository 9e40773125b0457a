/**
 * The terminal client's commands for the room log (protocol 1.1) and how it prints entries.
 * Messages are printed with their seq (`#12`) so that a person can name them:
 * `/reply 12 text`, `/edit 12 text`, `/delete 12`, `/react 12 👍` (again to take it back).
 */
import type { ChatClient, TimelineMessage } from '../../src-shared/client/index.ts';
import type { ChatMessage } from '../../src-shared/protocol.ts';

/** What `/help` prints. */
export const COMMANDS_HELP = [
  '/reply N text   answer message #N',
  '/edit N text    replace the text of your message #N',
  '/delete N       erase your message #N for everyone',
  '/react N 👍     react to #N (the same again takes it back)',
].join('\n');

const two = (n: number) => String(n).padStart(2, '0');
const clock = (ts: number) => {
  const d = new Date(ts);
  return `${two(d.getHours())}:${two(d.getMinutes())}`;
};
const first = (text: string) => (text.split('\n').find((l) => l.trim() !== '') ?? '').slice(0, 80);

/** The lines of one message: the quote it answers (`↪ Alice: first line`), then the message. */
export function formatMessage(m: TimelineMessage, quoted: ChatMessage | undefined): string[] {
  const lines: string[] = [];
  if (m.replyTo !== undefined) {
    lines.push(
      quoted ? `  ↪ ${quoted.from.name}: ${quoted.deleted ? '(deleted)' : first(quoted.text)}` : `  ↪ #${m.replyTo}`,
    );
  }
  const text = m.deleted ? '(this message was deleted)' : m.text;
  lines.push(
    `[${clock(m.ts)}] #${m.seq} ${m.from.name}: ${text}${m.edited !== undefined && !m.deleted ? ' (edited)' : ''}`,
  );
  return lines;
}

/** A live change entry, in words (undefined for a text entry). */
export function formatChange(m: ChatMessage): string | undefined {
  switch (m.kind) {
    case 'edit':
      return `* ${m.from.name} edited #${m.target}: ${m.text}`;
    case 'delete':
      return `* ${m.from.name} deleted #${m.target}`;
    case 'react':
      return `* ${m.from.name} ${m.on ? 'reacted' : 'took back'} ${m.emoji} ${m.on ? 'to' : 'on'} #${m.target}`;
    default:
      return undefined;
  }
}

/**
 * Runs a command line (`/…`).
 * @returns a line to show the person, or undefined when the command was queued
 */
export function runCommand(client: ChatClient, line: string): string | undefined {
  const m = /^\/(\w+)(?:\s+#?(\d+))?(?:\s+([\s\S]*))?$/.exec(line.trim());
  const [, name = '', n, rest = ''] = m ?? [];
  const seq = Number(n);
  const target = n === undefined ? undefined : client.timeline.get(seq);
  if (name === 'help') return COMMANDS_HELP;
  if (!['reply', 'edit', 'delete', 'react'].includes(name))
    return `unknown command; ${COMMANDS_HELP.split('\n').length} commands: /help`;
  if (!client.supports(name === 'reply' ? 'reply' : name)) return `this host does not offer /${name}`;
  if (n === undefined) return `usage: ${COMMANDS_HELP.split('\n').find((l) => l.startsWith(`/${name}`))}`;
  if (!target) return `no message #${seq} here`;
  const you = client.you?.id;
  switch (name) {
    case 'reply':
      return rest.trim() === '' ? 'usage: /reply N text' : failed(client.send(rest, { replyTo: seq }));
    case 'edit':
      if (target.from.id !== you) return 'you can edit only your own messages';
      return rest.trim() === '' ? 'usage: /edit N text' : failed(client.edit(seq, rest));
    case 'delete':
      if (target.from.id !== you) return 'you can delete only your own messages';
      return failed(client.delete(seq));
    default: {
      const emoji = rest.trim();
      if (emoji === '') return 'usage: /react N 👍';
      const mine = you !== undefined && (target.reactions?.[emoji] ?? []).includes(you);
      return failed(client.react(seq, emoji, !mine));
    }
  }
}

function failed(p: { state: string; error?: { message: string } }): string | undefined {
  return p.state === 'failed' ? `not sent: ${p.error?.message ?? 'invalid'}` : undefined;
}
