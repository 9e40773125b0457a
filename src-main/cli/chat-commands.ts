/**
 * The terminal client's commands: a stdin line that starts with `/` asks instead of sending.
 * `/history [N]` prints the N messages before the oldest one shown (default 20), `/search WORDS`
 * the newest 20 messages that contain WORDS. `//text` sends `/text`.
 */
import type { ChatClient, TimelineMessage } from '../../src-shared/client/index.ts';
import type { ChatMessage } from '../../src-shared/protocol.ts';

/** What a command needs besides the client: where to print. */
export interface CommandOutput {
  status(line: string): void;
  message(m: ChatMessage | TimelineMessage): void;
}

export const COMMAND_HELP = 'commands: /history [N], /search WORDS, //text sends "/text"';

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
    else out.status(`unknown command /${name}; ${COMMAND_HELP}`);
  } catch (e) {
    out.status(`/${name} failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  return true;
}

async function history(client: ChatClient, count: string | undefined, out: CommandOutput): Promise<void> {
  const n = count === undefined ? 20 : Number(count);
  if (!Number.isSafeInteger(n) || n < 1 || n > 200) return out.status('usage: /history [N], N from 1 to 200');
  const before = client.timeline.olderBefore;
  if (before === undefined) return out.status('this is the start of the room: nothing older');
  const page = await client.history(before, n);
  out.status(`${page.messages.length} older message(s):`);
  for (const m of page.messages) out.message(m);
  if (!page.more) out.status('this is the start of the room');
}

async function search(client: ChatClient, words: string, out: CommandOutput): Promise<void> {
  if (words === '') return out.status('usage: /search WORDS');
  const page = await client.search(words, { limit: 20 });
  if (page.results.length === 0) return out.status(`no message contains “${words}”`);
  out.status(`${page.results.length}${page.more ? '+' : ''} message(s) with “${words}”, newest first:`);
  for (const m of page.results) out.message(m);
}
