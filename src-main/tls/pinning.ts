/**
 * TLS with a pinned key, for clients that run on Node (the terminal client, the desktop app's
 * main process). A LAN host's certificate is self-signed, so the usual chain check cannot say
 * anything; what counts is whether the key is the one the person expects: the fingerprint from
 * the address, the one remembered from an earlier visit, or, on a first visit, the one seen now.
 *
 * The check runs when the TLS handshake completes, before the socket carries a byte of
 * application data: a host with another key never receives the WebSocket upgrade, let alone a
 * hello, a password or a message (test/tls/client-pinning.test.ts proves it with a fake host).
 */
import { isIP } from 'node:net';
import { connect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import { fingerprintMatches } from '../../src-shared/fingerprint.ts';
import { hostForUrl } from '../../src-shared/address.ts';
import { mismatchSentence, type PinSource } from '../../src-shared/host-key-check.ts';
import { certFingerprint } from './fingerprint.ts';

/** A host's key is not the expected one. */
export class HostKeyMismatchError extends Error {
  readonly code = 'EHOSTKEY_MISMATCH';
  readonly host: string;
  readonly port: number;
  /** What the client expected (short or full forms). */
  readonly expected: readonly string[];
  /** The full fingerprint the host presented. */
  readonly actual: string;
  /** Where the expectation came from. */
  readonly source: PinSource;

  constructor(host: string, port: number, expected: readonly string[], actual: string, source: PinSource) {
    super(mismatchSentence(host, port, expected, actual, source));
    this.host = host;
    this.port = port;
    this.expected = expected;
    this.actual = actual;
    this.source = source;
  }
}

/** The host answered, but not with TLS (a LAN Chat host older than 1.1, or something else). */
export class NotTlsError extends Error {
  readonly code = 'ENOTTLS';
}

/** The expected keys of one host (short or full), and where they came from. */
export interface Pin {
  fingerprints: readonly string[];
  source: PinSource;
}

/** Checks a completed handshake against the pin. @returns the full fingerprint @throws HostKeyMismatchError */
export function checkPeer(socket: TLSSocket, host: string, port: number, pin: Pin | undefined): string {
  const cert = socket.getPeerX509Certificate();
  if (!cert) throw new HostKeyMismatchError(host, port, pin?.fingerprints ?? [], '', pin?.source ?? 'known');
  const actual = certFingerprint(cert);
  if (pin && pin.fingerprints.length > 0 && !pin.fingerprints.some((fp) => fingerprintMatches(fp, actual))) {
    throw new HostKeyMismatchError(host, port, pin.fingerprints, actual, pin.source);
  }
  return actual;
}

/** TLS options for a LAN host: the chain is not checked (self-signed); the key is, by {@link checkPeer}. */
export function lanTlsOptions(host: string, port: number): ConnectionOptions {
  return {
    host,
    port,
    // SNI only for names; an IP address in SNI is not allowed (RFC 6066).
    servername: isIP(host) ? undefined : host,
    rejectUnauthorized: false,
    ALPNProtocols: ['http/1.1'],
  };
}

/**
 * Connects, completes a TLS handshake, checks the key, and closes without sending anything.
 * @returns the host's full fingerprint
 * @throws HostKeyMismatchError, NotTlsError, or the network error (ECONNREFUSED, a timeout…)
 */
export function probeHostKey(host: string, port: number, pin?: Pin, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(lanTlsOptions(host, port));
    const fail = (err: Error) => {
      socket.destroy();
      reject(err);
    };
    socket.setTimeout(timeoutMs, () =>
      fail(Object.assign(new Error(`No answer from ${host}:${port}.`), { code: 'ETIMEDOUT' })),
    );
    socket.once('error', (err: NodeJS.ErrnoException) => fail(tlsProtocolError(err) ? notTls(host, port) : err));
    socket.once('secureConnect', () => {
      try {
        const fp = checkPeer(socket, host, port, pin);
        socket.destroy();
        resolve(fp);
      } catch (err) {
        fail(err as Error);
      }
    });
  });
}

const tlsProtocolError = (err: NodeJS.ErrnoException) =>
  err.code === 'EPROTO' ||
  /^ERR_SSL_/.test(err.code ?? '') ||
  /wrong version number|packet length too long/i.test(err.message);

const notTls = (host: string, port: number) =>
  new NotTlsError(`The host at ${hostForUrl(host)}:${port} does not speak TLS (it may be an older LAN Chat host).`);

/** What `ws` (through `http.request`) passes to a `createConnection`. */
interface ConnectOptions {
  host?: string | null;
  hostname?: string | null;
  port?: number | string | null;
}

/**
 * A `createConnection` for `ws` (through `http.request`): TLS to the host, and the socket is
 * handed to the request only after the handshake completed and the key matched, so not one byte
 * of the upgrade request (the room's name) goes to a host with another key. A mismatch fails the
 * request with a {@link HostKeyMismatchError} and is reported to `onMismatch`.
 */
export function pinnedConnector(
  pinFor: (host: string, port: number) => Pin | undefined,
  hooks: {
    onMismatch?: (err: HostKeyMismatchError) => void;
    onTrusted?: (host: string, port: number, fingerprint: string) => void;
  } = {},
) {
  return (options: ConnectOptions, handOver: (err: Error | null, socket?: TLSSocket) => void): undefined => {
    const host = (options.hostname ?? options.host ?? '').replace(/^\[|\]$/g, '');
    const port = Number(options.port);
    const socket = connect(lanTlsOptions(host, port));
    const early = (err: Error) => handOver(err);
    socket.once('error', early);
    socket.once('secureConnect', () => {
      socket.off('error', early);
      try {
        const fingerprint = checkPeer(socket, host, port, pinFor(host, port));
        hooks.onTrusted?.(host, port, fingerprint);
        handOver(null, socket);
      } catch (err) {
        socket.destroy();
        if (err instanceof HostKeyMismatchError) hooks.onMismatch?.(err);
        handOver(err as Error);
      }
    });
    return undefined;
  };
}
