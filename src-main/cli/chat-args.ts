/**
 * The flags of `npm run chat`, parsed strictly: a typo is a usage error (exit 2), never ignored.
 */
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import type { RoomAddress } from '../../src-shared/address.ts';
import { parseAddresses } from '../../src-shared/addresses.ts';
import { checkName } from '../../src-shared/codec.ts';
import { CLIENT_ID_PATTERN } from '../../src-shared/protocol.ts';
import { UsageError } from './usage.ts';

export const CHAT_USAGE = `Usage: npm run chat -- ADDRESS [options]

  ADDRESS               the room: 192.168.1.20, host.local:47800/dev, [fe80::1]:47800, ws://…/room/ID;
                        with the host's key: 192.168.1.20/general#7F3A-91C2-0B5D-E844 (checked);
                        several hosts of one room: 10.0.0.5,10.0.0.6:47800/general (tried in turn)
  --name NAME           your name in the room (default: your user name)
  --password SECRET     for a locked room
  --data DIR            where this install's identity and the hosts' keys are kept
                        (default: your user-data folder for lanchat)
  --client-id ID        send exactly this id instead of the one derived for each host
                        (8–64 of A–Z a–z 0–9 _ -; anyone who sees it can speak as you)
  --flush-timeout MS    on exit, wait this long for unsent messages (default 5000)
  --help                show this text

Type a line and press Enter to send it. Ctrl+D or Ctrl+C leaves (after sending what is queued).
/send-file PATH sends a file; /history [N] prints the N messages before the oldest shown (default
20); /search WORDS the newest 20 that contain WORDS (ignoring case); //text sends "/text".
The connection is encrypted and the host's key checked; a host whose key changed is refused.`;

export interface ChatArgs {
  /** The first (or only) host's address. */
  address: RoomAddress;
  /** Every host's address, `address` first. */
  addresses: RoomAddress[];
  name: string;
  password?: string;
  clientId?: string;
  /** The user-data folder (identity, known hosts). */
  data?: string;
  flushTimeoutMs: number;
  help: boolean;
}

/** Parses the chat client's command line. @throws UsageError */
export function parseChatArgs(argv: string[]): ChatArgs | { help: true } {
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: {
        name: { type: 'string' },
        password: { type: 'string' },
        'client-id': { type: 'string' },
        data: { type: 'string' },
        'flush-timeout': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.help) return { help: true };
  if (positionals.length !== 1) throw new UsageError('Give exactly one address, for example 192.168.1.20/general.');
  const parsed = parseAddresses(positionals[0]!);
  if (!parsed.ok) throw new UsageError(parsed.error);
  const name = checkName(values.name ?? defaultName());
  if (!name.ok) throw new UsageError(`--${name.why}`);
  const clientId = values['client-id'];
  if (clientId !== undefined && !CLIENT_ID_PATTERN.test(clientId)) {
    throw new UsageError('--client-id takes 8–64 characters of A–Z, a–z, 0–9, _ and -.');
  }
  const timeout = values['flush-timeout'] ?? '5000';
  if (!/^\d{1,7}$/.test(timeout)) throw new UsageError(`--flush-timeout takes milliseconds, not "${timeout}".`);
  return {
    address: parsed.addresses[0]!,
    addresses: parsed.addresses,
    name: name.name,
    password: values.password,
    clientId,
    data: values.data,
    flushTimeoutMs: +timeout,
    help: false,
  };
}

function defaultName(): string {
  try {
    return userInfo().username || 'guest';
  } catch {
    return 'guest';
  }
}
