/**
 * The desktop app's pins: which key each LAN host must show to the window's connections.
 *
 * Before the window joins a room it asks the main process to check the host (bridge
 * `tls.check`): one TLS handshake, nothing else sent, and the key compared with the address's
 * `#FINGERPRINT`, else with the key remembered from an earlier visit, else (a first visit)
 * remembered now in `known-hosts.json`, like the terminal client. From then on Chromium's
 * certificate check accepts exactly the remembered keys for that host name
 * (cert-decision.ts, through src-main/electron/cert-pinning.ts); other names keep Chromium's
 * own check. A mismatch is found here, before the window opens a socket to the host.
 */
import { parseAddress, type RoomAddress } from '../../src-shared/address.ts';
import { fingerprintMatches } from '../../src-shared/fingerprint.ts';
import type { TlsCheck } from '../../src-shared/host-key-check.ts';
import type { PinLookup } from './cert-decision.ts';
import { KnownHosts } from './known-hosts.ts';
import { HostKeyMismatchError, NotTlsError, probeHostKey, type Pin } from './pinning.ts';

/** How long a check waits for the host's handshake. */
const CHECK_TIMEOUT_MS = 10_000;

export class DesktopPins implements PinLookup {
  readonly #known: KnownHosts;
  readonly #timeoutMs: number;

  private constructor(known: KnownHosts, timeoutMs: number) {
    this.#known = known;
    this.#timeoutMs = timeoutMs;
  }

  /** The pins kept in `<dir>/known-hosts.json` (the app's user-data folder). */
  static async open(dir: string, timeoutMs = CHECK_TIMEOUT_MS): Promise<DesktopPins> {
    return new DesktopPins(await KnownHosts.open(dir), timeoutMs);
  }

  /** @inheritdoc */
  fingerprintsFor(hostname: string): readonly string[] {
    return this.#known.fingerprintsFor(hostname);
  }

  /** {@link check} for an address as people type it (`192.168.1.20/dev#7F3A-…`). */
  async checkAddress(address: string): Promise<TlsCheck> {
    const parsed = parseAddress(address);
    return parsed.ok ? this.check(parsed) : { state: 'unreachable' };
  }

  /** Checks (or on a first visit learns and remembers) the key of the address's host. */
  async check(address: Pick<RoomAddress, 'host' | 'port' | 'secure' | 'fingerprints'>): Promise<TlsCheck> {
    const { host, port } = address;
    const remembered = this.#known.get(host, port);
    const pin: Pin | undefined = address.fingerprints?.length
      ? { fingerprints: address.fingerprints, source: 'address' }
      : remembered
        ? { fingerprints: [remembered], source: 'known' }
        : undefined;
    try {
      const fingerprint = await probeHostKey(host, port, pin, this.#timeoutMs);
      // The key is on disk before the window connects: Chromium's check reads it from here.
      await this.#known.remember(host, port, fingerprint);
      return { state: 'encrypted', fingerprint, firstVisit: pin === undefined };
    } catch (err) {
      if (err instanceof HostKeyMismatchError) {
        const { expected, actual, source } = err;
        return { state: 'mismatch', host, port, expected: [...expected], actual, source };
      }
      if (err instanceof NotTlsError) {
        return pin || address.secure ? { state: 'plainRefused', host, port } : { state: 'plain' };
      }
      // The remembered key, unless the address asks for another: the window may wait for it.
      const known = remembered && (pin?.source !== 'address' || matchesAny(pin.fingerprints, remembered));
      return known ? { state: 'unreachable', known: remembered } : { state: 'unreachable' };
    }
  }
}

const matchesAny = (pins: readonly string[], fingerprint: string) =>
  pins.some((fp) => fingerprintMatches(fp, fingerprint));
