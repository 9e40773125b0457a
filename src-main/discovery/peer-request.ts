/**
 * One HTTP request to another host, plain or over TLS, with a deadline and a cap on the answer.
 * Over TLS the host's key is checked when the handshake completes (src-main/tls/pinning.ts),
 * before the request is written: pinned to a fingerprint when one is known (TXT `fp`), else the
 * key seen is returned, so that the caller can hold the host to it.
 */
import { request, type IncomingHttpHeaders } from 'node:http';
import { pinnedConnector } from '../tls/pinning.ts';

/** How a request reaches the host. */
export type PeerTransport = { tls: false } | { tls: true; fingerprint?: string | undefined };

export interface PeerRequest {
  method?: 'GET' | 'POST';
  /** A JSON body (POST). */
  json?: unknown;
  transport: PeerTransport;
  timeoutMs?: number;
  maxBytes?: number;
}

export interface PeerResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Over TLS: the full fingerprint of the key the host presented. */
  fingerprint?: string;
}

/** `host:port` (IPv6 in brackets) → its parts. */
function split(address: string): { host: string; port: number } {
  const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(address);
  if (!m) throw new Error('not a host:port address');
  return { host: m[1]!, port: Number(m[2]) };
}

/**
 * Sends one request to `address` (`host:port`) for `path`.
 * @throws on no answer in time, a refused or mismatched key (HostKeyMismatchError), an answer over the cap
 */
export function peerRequest(address: string, path: string, o: PeerRequest): Promise<PeerResponse> {
  const { host, port } = split(address);
  const maxBytes = o.maxBytes ?? 64 * 1024;
  const body = o.json === undefined ? undefined : Buffer.from(JSON.stringify(o.json));
  let fingerprint: string | undefined;
  const t = o.transport;
  const connector = t.tls
    ? pinnedConnector(() => (t.fingerprint ? { fingerprints: [t.fingerprint], source: 'address' } : undefined), {
        onTrusted: (_h, _p, fp) => (fingerprint = fp),
      })
    : undefined;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host,
        port,
        path,
        method: o.method ?? 'GET',
        headers: {
          Accept: 'application/json',
          ...(body ? { 'Content-Type': 'application/json', 'Content-Length': body.length } : {}),
        },
        // No agent: a fresh connection each time (no keep-alive holding a peer's port open);
        // over TLS, the pinned connector makes it (with an agent, Node would ignore it).
        ...(connector ? { createConnection: connector as never } : { agent: false }),
        signal: AbortSignal.timeout(o.timeoutMs ?? 2500),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) req.destroy(new Error('answer too large'));
          else chunks.push(chunk);
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
            ...(fingerprint ? { fingerprint } : {}),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
