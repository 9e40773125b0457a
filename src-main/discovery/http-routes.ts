/**
 * Discovery's HTTP routes: `GET /api/nearby` (the hosts seen) and `POST /api/peers` (a guest
 * who used another host tells this one about it). The POST needs `Content-Type:
 * application/json`, which no other site's page can send here without a CORS preflight that
 * this host never grants.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { diagnose } from './diagnose.ts';
import type { Discovery } from './discovery.ts';

const MAX_BODY = 2048;

/** What the host's HTTP handler gives the routes. */
export interface RouteContext {
  /** The CORS headers of this request: the same rules as `/api/info` (never `*`). */
  cors: Record<string, string>;
  /** Who asks, when its page may act on the host (the WebSocket's Origin check); undefined refuses. */
  peer?: (req: IncomingMessage) => { address: string } | undefined;
}

function json(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...extra,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(res.req.method === 'HEAD' ? undefined : text);
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > MAX_BODY) {
        resolve(undefined);
        req.destroy();
      }
    });
    req.on('end', () => resolve(body));
    req.on('error', () => resolve(undefined));
  });
}

/** Answers the request when it is one of discovery's; returns whether it was. */
export function discoveryRoute(
  req: IncomingMessage,
  res: ServerResponse,
  discovery: Discovery | undefined,
  context: RouteContext,
): boolean {
  const path = (req.url ?? '/').split('?')[0];
  if (path === '/api/nearby' && (req.method === 'GET' || req.method === 'HEAD')) {
    if (!discovery) json(res, 200, { browsing: false, announcing: false, hosts: [] }, context.cors);
    else void discovery.nearby().then((reply) => json(res, 200, reply, context.cors));
    return true;
  }
  if (path === '/api/nearby/why' && (req.method === 'GET' || req.method === 'HEAD')) {
    const checks = discovery
      ? discovery.why()
      : diagnose({
          port: req.socket.localPort ?? 0,
          bind: undefined,
          announcing: false,
          browsing: false,
          hostsSeen: 0,
        });
    void checks.then((d) => json(res, 200, d, context.cors));
    return true;
  }
  if (path !== '/api/peers' || req.method !== 'POST') return false;
  // Another site's page must not teach this host peers in the name of someone who visits it.
  const peer = context.peer ? context.peer(req) : { address: req.socket.remoteAddress ?? '' };
  if (!peer) {
    json(res, 403, { ok: false, message: 'This page may not use this host.' });
    return true;
  }
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
    json(res, 415, { ok: false, message: 'Send JSON: {"address":"HOST:PORT"}.' });
    return true;
  }
  void readBody(req).then(async (body) => {
    let address: unknown;
    try {
      address = (JSON.parse(body ?? '') as { address?: unknown }).address;
    } catch {
      return json(res, 400, { ok: false, message: 'Send JSON: {"address":"HOST:PORT"}.' });
    }
    // A host without discovery answers, so that a page that tells it of a host sees no error.
    if (!discovery) return json(res, 200, { ok: false, message: 'This host does not remember peers.' });
    const { limited, ...result } = await discovery.learn(address, peer.address);
    if (limited) return json(res, 429, result, { 'Retry-After': '60' });
    json(res, result.ok ? 200 : 400, result);
  });
  return true;
}
