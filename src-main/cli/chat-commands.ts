/**
 * The terminal client's commands: a stdin line that starts with `/` asks instead of sending.
 * `/history [N]` prints the N messages before the oldest one shown (default 20), `/search WORDS`
 * the newest 20 messages that contain WORDS. `//text` sends `/text`. The room log's commands
 * (`/reply`, `/edit`, `/delete`, `/react`) are in log-commands.ts.
 */
import { RequestFailed, type ChatClient, type TimelineMessage } from '../../src-shared/client/index.ts';
import { errorText, type Translate } from '../../src-shared/i18n/index.ts';
import type { ChatMessage } from '../../src-shared/protocol.ts';
import { isLogCommand, runLogCommand } from './log-commands.ts';

/** What a command needs besides the client: where to print, and in which language. */
export interface CommandOutput {
  t: Translate;
  status(line: string): void;
  message(m: ChatMessage | TimelineMessage): void;
}

/**
 * Runs a line that is a command.
 * @returns false when the line is not a command (send it), true when it was handled
 */
export async function runCommand(client: ChatClient, line: string, out: CommandOutput): Promise<boolean> {
  if (!line.startsWith('/') || line.startsWith('//')) return false;
  const [name = '', ...rest] = line.slice(1).trim().split(/\s+/);
  const arg = line.slice(1).trim().slice(name.length).trim();
  try {
    if (name === 'history') await history(client, rest[0], out);
    else if (name === 'search') await search(client, arg, out);
    else if (isLogCommand(name)) {
      const said = runLogCommand(client, out.t, name, arg);
      if (said) out.status(said);
    } else out.status(out.t('cli.unknownCommand', { name, help: out.t('cli.commands') }));
  } catch (e) {
    out.status(out.t('cli.commandFailed', { name, reason: reason(out.t, e) }));
  }
  return true;
}

async function history(client: ChatClient, count: string | undefined, out: CommandOutput): Promise<void> {
  const n = count === undefined ? 20 : Number(count);
  if (!Number.isSafeInteger(n) || n < 1 || n > 200) return out.status(out.t('cli.historyUsage'));
  const before = client.timeline.olderBefore;
  if (before === undefined) return out.status(out.t('cli.historyNothing'));
  const page = await client.history(before, n);
  out.status(out.t('cli.olderMessages', { count: page.messages.length }));
  for (const m of page.messages) out.message(m);
  if (!page.more) out.status(out.t('cli.roomStart'));
}

async function search(client: ChatClient, words: string, out: CommandOutput): Promise<void> {
  if (words === '') return out.status(out.t('cli.searchUsage'));
  const page = await client.search(words, { limit: 20 });
  if (page.results.length === 0) return out.status(out.t('cli.searchNone', { words }));
  const found = { count: page.results.length, words };
  out.status(page.more ? out.t('cli.searchNewest', found) : out.t('cli.searchFound', found));
  for (const m of page.results) out.message(m);
}

/** Why a command failed, in the terminal's language (a request's error by its code). */
function reason(t: Translate, e: unknown): string {
  return e instanceof RequestFailed ? errorText(t, e.code, e.message) : e instanceof Error ? e.message : String(e);
}
