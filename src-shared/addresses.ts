/**
 * Several hosts serving one room (hosts on one Redis, see docs/deploy.md), written as one
 * address: `10.0.0.5,10.0.0.6:47800/general`. The hosts are separated by commas; the scheme, if
 * any, and the room after the last host apply to all. A host without a port takes the port
 * written on the last host (`a,b:47801` = both on 47801), else 47800. One host is just
 * {@link parseAddress}. Pure, like address.ts.
 */
import { formatAddress, hostForUrl, parseAddress, type RoomAddress } from './address.ts';
import { message, say, translator, type Message, type Translate } from './i18n/index.ts';
import { DEFAULT_PORT } from './protocol.ts';

/** Why an address list is not valid: `problem`, about host number `host` (from 1) when several. */
export interface AddressesProblem {
  ok: false;
  problem: Message;
  host?: number;
  /** The same in English. */
  error: string;
}

export type ParsedAddresses = { ok: true; addresses: RoomAddress[] } | AddressesProblem;

/** Says what is wrong with an address list in the language of `t`. */
export function sayAddressesProblem(t: Translate, p: Pick<AddressesProblem, 'problem' | 'host'>): string {
  const problem = say(t, p.problem);
  return p.host === undefined ? problem : t('address.inList', { n: p.host, problem });
}

const failed = (problem: Message, host?: number): AddressesProblem => ({
  ok: false,
  problem,
  ...(host === undefined ? {} : { host }),
  error: sayAddressesProblem(translator('en'), { problem, host }),
});

/** `host:port` or `[v6]:port`, as opposed to a bare host or a bare IPv6 address. */
const hasPort = (item: string) => /^\[[^\]]*\]:\d*$/.test(item) || /^[^:[\]]+:\d*$/.test(item);
const withPort = (item: string, port: string) =>
  item.includes(':') && !item.startsWith('[') ? `[${item}]:${port}` : `${item}:${port}`;

/**
 * Parses an address that may list several hosts.
 * @returns every host's address (duplicates dropped, order kept), or what is wrong
 */
export function parseAddresses(input: string): ParsedAddresses {
  const text = input.trim();
  const scheme = /^[a-z]+:\/\//i.exec(text)?.[0] ?? '';
  const rest = text.slice(scheme.length);
  const cut = rest.search(/[/#?]/);
  const list = cut < 0 ? rest : rest.slice(0, cut);
  const tail = cut < 0 ? '' : rest.slice(cut);
  const items = list.split(',').map((s) => s.trim());
  if (items.length > 1 && items.some((s) => s === '')) {
    return failed(message('address.emptyInList'));
  }
  const last = items.at(-1)!;
  const sharedPort = hasPort(last) ? last.slice(last.lastIndexOf(':') + 1) : undefined;
  const addresses: RoomAddress[] = [];
  for (const [i, item] of items.entries()) {
    const full = sharedPort === undefined || hasPort(item) ? item : withPort(item, sharedPort);
    const parsed = parseAddress(scheme + full + tail);
    if (!parsed.ok) return failed(parsed.problem, items.length > 1 ? i + 1 : undefined);
    const { ok: _ok, ...address } = parsed;
    if (!addresses.some((a) => a.host === address.host && a.port === address.port)) addresses.push(address);
  }
  return { ok: true, addresses };
}

/** The short form of several hosts of one room, which {@link parseAddresses} reads back. */
export function formatAddresses(list: readonly RoomAddress[]): string {
  if (list.length <= 1) return list[0] ? formatAddress(list[0]) : '';
  const room = list[0]!.room;
  const port = list[0]!.port;
  if (list.every((a) => a.port === port)) {
    return `${list.map((a) => hostForUrl(a.host)).join(',')}${port === DEFAULT_PORT ? '' : `:${port}`}/${room}`;
  }
  return `${list.map((a) => `${hostForUrl(a.host)}:${a.port}`).join(',')}/${room}`;
}
