/**
 * How a Node client (the terminal client) reaches a room safely: find a host of the room that
 * answers, learn or check its key (from the address, from known-hosts.json, or trusted on first
 * use), derive this host's clientId from the install secret, and give ChatClient a WebSocket that
 * checks the key again on every (re)connection. A host with another key gets nothing.
 */
import WebSocket from 'ws';
import type { RoomAddress } from '../../src-shared/address.ts';
import { addressScope, clientIdFor, fingerprintScope } from '../../src-shared/client-identity.ts';
import type { WebSocketConstructor } from '../../src-shared/client/types.ts';
import { shortFingerprint } from '../../src-shared/fingerprint.ts';
import type { Translate } from '../../src-shared/i18n/index.ts';
import { loadInstallSecret } from './install-identity.ts';
import { KnownHosts, hostKey } from './known-hosts.ts';
import { HostKeyMismatchError, NotTlsError, pinnedConnector, probeHostKey, type Pin } from './pinning.ts';

export interface SessionOptions {
  addresses: readonly RoomAddress[];
  /** The user-data folder: install secret and known hosts. */
  dataDir: string;
  /** An explicit clientId (`--client-id`), sent as given instead of the derived one. */
  clientId?: string;
  /** A host's key changed while connected: stop and tell the person. */
  onMismatch(err: HostKeyMismatchError): void;
  /** A line of status for the person (waiting for the host, first visit…). */
  status(line: string): void;
  /** The person's language, for those lines and the refusal. */
  t: Translate;
  /** Pause between rounds of trying the hosts while none answers. Default 2000 ms. */
  retryMs?: number;
}

export interface Session {
  addresses: RoomAddress[];
  clientId: string;
  WebSocket: WebSocketConstructor;
  encrypted: boolean;
  /**
   * For HTTP requests to the room's hosts (file uploads): the same pinned TLS connection as the
   * WebSocket's, as `http.request`'s `createConnection`; undefined when the host does not encrypt.
   */
  createConnection?: ReturnType<typeof pinnedConnector>;
}

/**
 * Prepares the connection; resolves once a host of the room has answered.
 * @throws HostKeyMismatchError (stop: nothing was sent), or an Error when a pinned host answers without TLS
 */
export async function prepareSession(o: SessionOptions): Promise<Session> {
  const known = await KnownHosts.open(o.dataDir);
  const secret = o.clientId === undefined ? await loadInstallSecret(o.dataDir) : '';
  const pinFor = (host: string, port: number): Pin | undefined => {
    const listed = o.addresses.find((a) => hostKey(a.host, a.port) === hostKey(host, port))?.fingerprints;
    if (listed?.length) return { fingerprints: listed, source: 'address' };
    const remembered = known.get(host, port);
    return remembered ? { fingerprints: [remembered], source: 'known' } : undefined;
  };
  /** Remembers a trusted key; resolves once it is on disk (a failure is said, never thrown). */
  const trust = async (host: string, port: number, fingerprint: string): Promise<void> => {
    if (known.get(host, port) === fingerprint) return;
    if (!pinFor(host, port))
      o.status(o.t('tls.firstVisit', { host: hostKey(host, port), short: shortFingerprint(fingerprint) }));
    await known
      .remember(host, port, fingerprint)
      .catch((e: unknown) => o.status(o.t('tls.rememberFailed', { reason: String(e) })));
  };

  const first = await firstAnswer(o, pinFor);
  const idFor = (scope: string) => o.clientId ?? clientIdFor(secret, scope);
  if (first.fingerprint === undefined) {
    o.status(o.t('tls.hostPlain'));
    return {
      addresses: o.addresses.map((a) => ({ ...a, secure: false })),
      clientId: idFor(addressScope(o.addresses)),
      WebSocket,
      encrypted: false,
    };
  }
  // On disk before anything is sent: a run that ends at once still remembers the key.
  await trust(first.address.host, first.address.port, first.fingerprint);
  const scope = o.addresses.length === 1 ? fingerprintScope(first.fingerprint) : addressScope(o.addresses);
  const createConnection = pinnedConnector(pinFor, {
    onMismatch: o.onMismatch,
    onTrusted: (h, p, fp) => void trust(h, p, fp),
  });
  class PinnedWebSocket extends WebSocket {
    constructor(url: string) {
      super(url, { createConnection: createConnection as never, perMessageDeflate: false });
    }
  }
  return {
    addresses: o.addresses.map((a) => ({ ...a, secure: true })),
    clientId: idFor(scope),
    WebSocket: PinnedWebSocket,
    encrypted: true,
    createConnection,
  };
}

/** Tries the hosts in turn, round after round, until one completes a TLS handshake (or answers plain). */
async function firstAnswer(
  o: SessionOptions,
  pinFor: (host: string, port: number) => Pin | undefined,
): Promise<{ address: RoomAddress; fingerprint?: string }> {
  for (let round = 0; ; round++) {
    for (const address of o.addresses) {
      const pin = pinFor(address.host, address.port);
      try {
        return { address, fingerprint: await probeHostKey(address.host, address.port, pin) };
      } catch (err) {
        if (err instanceof HostKeyMismatchError) throw err;
        if (err instanceof NotTlsError) {
          if (pin || address.secure) {
            throw new Error(o.t('tls.pinnedButPlain', { host: hostKey(address.host, address.port) }), { cause: err });
          }
          return { address };
        }
      }
    }
    if (round === 0) o.status(o.t('tls.waiting'));
    await new Promise((r) => setTimeout(r, o.retryMs ?? 2000));
  }
}
