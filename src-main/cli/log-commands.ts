/**
 * The terminal client's commands for the room log (protocol 1.1) and how it prints entries.
 * Messages are printed with their seq (`#12`) so that a person can name them:
 * `/reply 12 text`, `/edit 12 text`, `/delete 12`, `/react 12 👍` (again to take it back).
 */
import type { ChatClient, TimelineMessage } from '../../src-shared/client/index.ts';
import { errorText, type Translate } from '../../src-shared/i18n/index.ts';
import type { ChatMessage } from '../../src-shared/protocol.ts';

/** The commands this file runs. */
export const LOG_COMMANDS = ['reply', 'edit', 'delete', 'react'] as const;
type LogCommand = (typeof LOG_COMMANDS)[number];

/** Whether `/name` is one of the room log's commands. */
export function isLogCommand(name: string): name is LogCommand {
  return (LOG_COMMANDS as readonly string[]).includes(name);
}

const two = (n: number) => String(n).padStart(2, '0');
const clock = (ts: number) => {
  const d = new Date(ts);
  return `${two(d.getHours())}:${two(d.getMinutes())}`;
};
const first = (text: string) => (text.split('\n').find((l) => l.trim() !== '') ?? '').slice(0, 80);

/** The lines of one message: the quote it answers (`↪ Alice: first line`), then the message. */
export function formatMessage(t: Translate, m: TimelineMessage, quoted: ChatMessage | undefined): string[] {
  const lines: string[] = [];
  if (m.replyTo !== undefined) {
    lines.push(
      quoted
        ? `  ↪ ${quoted.from.name}: ${quoted.deleted ? t('cli.quoteDeleted') : first(quoted.text)}`
        : `  ↪ #${m.replyTo}`,
    );
  }
  const text = m.deleted ? t('cli.messageDeleted') : m.text;
  const edited = m.edited !== undefined && !m.deleted ? ` ${t('cli.edited')}` : '';
  lines.push(`[${clock(m.ts)}] #${m.seq} ${m.from.name}: ${text}${edited}`);
  return lines;
}

/** A live change entry, in words (undefined for a text entry). */
export function formatChange(t: Translate, m: ChatMessage): string | undefined {
  const who = { name: m.from.name, seq: m.target ?? 0 };
  switch (m.kind) {
    case 'edit':
      return `* ${t('cli.changeEdit', { ...who, text: m.text })}`;
    case 'delete':
      return `* ${t('cli.changeDelete', who)}`;
    case 'react':
      return `* ${t(m.on ? 'cli.changeReact' : 'cli.changeUnreact', { ...who, emoji: m.emoji ?? '' })}`;
    default:
      return undefined;
  }
}

/**
 * Runs one of the room log's commands (`/reply N text`, `/edit N text`, `/delete N`, `/react N 👍`).
 * @returns a line to show the person, or undefined when the change was queued
 */
export function runLogCommand(client: ChatClient, t: Translate, name: LogCommand, arg: string): string | undefined {
  const m = /^#?(\d+)(?:\s+([\s\S]*))?$/.exec(arg);
  const usage = t(`cli.usage_${name}`);
  if (!client.supports(name)) return t('cli.notOffered', { name });
  if (!m) return usage;
  const seq = Number(m[1]);
  const rest = m[2] ?? '';
  const target = client.timeline.get(seq);
  if (!target) return t('cli.noSuchMessage', { seq });
  const you = client.you?.id;
  const own = target.from.id === you;
  switch (name) {
    case 'reply':
      return rest.trim() === '' ? usage : failed(t, client.send(rest, { replyTo: seq }));
    case 'edit':
      if (!own) return t('cli.onlyOwnEdit');
      return rest.trim() === '' ? usage : failed(t, client.edit(seq, rest));
    case 'delete':
      return own ? failed(t, client.delete(seq)) : t('cli.onlyOwnDelete');
    case 'react': {
      const emoji = rest.trim();
      if (emoji === '') return usage;
      const mine = you !== undefined && (target.reactions?.[emoji] ?? []).includes(you);
      return failed(t, client.react(seq, emoji, !mine));
    }
  }
}

function failed(t: Translate, p: { state: string; error?: { code: string; message: string } }): string | undefined {
  if (p.state !== 'failed') return undefined;
  return t('cli.notSent', { reason: p.error ? errorText(t, p.error.code, p.error.message) : t('cli.invalidMessage') });
}
