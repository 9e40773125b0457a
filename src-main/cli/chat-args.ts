/**
 * The flags of `npm run chat`, parsed strictly: a typo is a usage error (exit 2), never ignored.
 */
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import type { RoomAddress } from '../../src-shared/address.ts';
import { parseAddresses, sayAddressesProblem } from '../../src-shared/addresses.ts';
import { checkName } from '../../src-shared/codec.ts';
import { CLIENT_ID_PATTERN, LIMITS } from '../../src-shared/protocol.ts';
import type { Translate } from '../../src-shared/i18n/index.ts';
import { UsageError, type Usage } from './usage.ts';

/** The help of `npm run chat`, in the language of `t`. */
export function chatUsage(t: Translate): Usage {
  return {
    command: 'npm run chat -- ADDRESS [options]',
    options: [
      ['ADDRESS', t('usage.chatAddress')],
      ['', t('usage.chatAddressKey')],
      ['', t('usage.chatAddressMany')],
      ['--name NAME', t('usage.chatName')],
      ['--password SECRET', t('usage.chatPassword')],
      ['--data DIR', t('usage.chatData')],
      ['--client-id ID', t('usage.chatClientId')],
      ['--flush-timeout MS', t('usage.chatFlushTimeout')],
      ['--help', t('usage.help')],
    ],
    foot: t('usage.chatFoot'),
  };
}

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
  if (positionals.length !== 1) throw new UsageError((t) => t('usage.oneAddress'));
  const parsed = parseAddresses(positionals[0]!);
  if (!parsed.ok) throw new UsageError((t) => sayAddressesProblem(t, parsed));
  const name = checkName(values.name ?? defaultName());
  if (!name.ok) {
    const problem = name.problem;
    throw new UsageError((t) =>
      problem === 'control' ? t('join.nameControl') : t('join.nameLength', { max: LIMITS.maxNameChars }),
    );
  }
  const clientId = values['client-id'];
  if (clientId !== undefined && !CLIENT_ID_PATTERN.test(clientId)) {
    throw new UsageError((t) => t('usage.clientId'));
  }
  const timeout = values['flush-timeout'] ?? '5000';
  if (!/^\d{1,7}$/.test(timeout)) throw new UsageError((t) => t('usage.flushTimeout', { value: timeout }));
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
