/**
 * A client's check of a host's key, as the desktop app's window sees it (the main process does
 * the check, the window says the result), and what a person reads when a key is not the
 * expected one. Shared by the terminal client, the bridge and the window. Pure.
 */
import { hostForUrl } from './address.ts';
import { shortFingerprint } from './fingerprint.ts';
import { DEFAULT_LOCALE, translator, type Translate } from './i18n/index.ts';

/** Where the expected key came from: the address (`#FINGERPRINT`) or an earlier visit. */
export type PinSource = 'address' | 'known';

/**
 * What the main process found when it checked a host's key before the window joins a room
 * (`tls.check`): one TLS handshake, nothing else sent.
 * - `encrypted`: the key is the expected one (or, on a first visit, now remembered): join with
 *   `wss://`; the window's connections to that host accept exactly this key.
 * - `plain`: the host does not speak TLS (an older LAN Chat) and nothing says it should: `ws://`.
 * - `mismatch`: the host's key is not the expected one: stop, and say {@link mismatchSentence}.
 * - `plainRefused`: the host should encrypt (its key is known) but answered in plain: stop.
 * - `unreachable`: no answer; try again later. `known` is the full fingerprint remembered for the
 *   host (when the address asks for no other): the window may open the room with it and keep
 *   trying, each attempt checked again.
 */
export type TlsCheck =
  | { state: 'encrypted'; fingerprint: string; firstVisit: boolean }
  | { state: 'plain' }
  | { state: 'unreachable'; known?: string }
  | { state: 'mismatch'; host: string; port: number; expected: string[]; actual: string; source: PinSource }
  | { state: 'plainRefused'; host: string; port: number };

/** A connection of the window was refused because a pinned host showed another key (mid-session). */
export interface CertRefusal {
  /** The host name as Chromium connected to it. */
  host: string;
  /** The keys pinned for it. */
  expected: string[];
  /** The full fingerprint it showed, when its certificate could be read. */
  actual?: string;
}

/**
 * What a person reads when a host's key is not the expected one: what happened, what it may
 * mean, and what to do. Like SSH's warning, in plain words, in the person's language.
 * @param expected what the client expected (short or full forms)
 * @param actual the full fingerprint the host presented
 */
export function mismatchSentence(
  host: string,
  port: number,
  expected: readonly string[],
  actual: string,
  source: PinSource,
  t: Translate = translator(DEFAULT_LOCALE),
): string {
  const keys = {
    host: `${hostForUrl(host)}:${port}`,
    expected: expected.map(shortFingerprint).join(' / '),
    actual: shortFingerprint(actual),
  };
  return [
    t('tls.mismatchStopped'),
    t(source === 'address' ? 'tls.mismatchAddress' : 'tls.mismatchKnown', keys),
    t('tls.mismatchNothingSent'),
    t('tls.mismatchWhy'),
    t('tls.mismatchAsk'),
    source === 'known' ? t('tls.mismatchKnownDo', { actual: keys.actual }) : t('tls.mismatchAddressDo'),
  ].join(' ');
}
