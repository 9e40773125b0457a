/**
 * The host's plain HTTP side, on the same port as the WebSockets: health, host info, and the
 * built browser client with strict security headers.
 */
import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import type { HostInfo } from '../../src-shared/protocol.ts';
import type { Discovery } from '../discovery/discovery.ts';
import { discoveryRoute } from '../discovery/http-routes.ts';
import { corsOrigin } from './limits/origin-check.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The page's Content-Security-Policy: scripts and styles only from the host itself, and
 * WebSockets to any host, because one window may be in rooms on several hosts of the LAN.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  // Files: a room's images come from its host (any LAN host), tray previews from blob: URLs.
  "img-src 'self' data: blob: http: https:",
  "font-src 'self'",
  // Uploads (tus) go to the room's host over HTTP(S), like its socket.
  "connect-src 'self' ws: wss: http: https:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const COMMON_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>LAN Chat</title>
<h1>LAN Chat</h1><p>This host is running, but the browser client is not built yet.
Run <code>npm run build</code> in the project, then reload this page.</p>`;

export interface HttpHandlerOptions {
  info(): Promise<HostInfo>;
  staticDir: string | undefined;
  /** Origins besides the page's own that may read the API: the desktop app's and configured ones. */
  allowedOrigins?: ReadonlySet<string>;
  /** The files endpoints under `/api/rooms/`, when the host serves files. */
  files?: { handles(path: string): boolean; handle(req: IncomingMessage, res: ServerResponse): void };
  /** Answers `/api/nearby` and `POST /api/peers` when present. */
  discovery?: Discovery | undefined;
  /** Who a request is from, when its page may act on the host (the WebSocket's Origin check). */
  peer?: (req: IncomingMessage) => { address: string } | undefined;
}

function send(res: ServerResponse, status: number, type: string, body: string, extra: Record<string, string> = {}) {
  res.writeHead(status, {
    ...COMMON_HEADERS,
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    ...extra,
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

/** Maps a URL path to a file inside `root`, or null when it would leave it. */
function resolveStatic(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const file = normalize(join(root, decoded === '/' ? 'index.html' : decoded));
  return file.startsWith(root.endsWith(sep) ? root : root + sep) ? file : null;
}

function serveFile(res: ServerResponse, file: string, urlPath: string): boolean {
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) return false;
    size = st.size;
  } catch {
    return false;
  }
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  const headers: Record<string, string | number> = { ...COMMON_HEADERS, 'Content-Type': type, 'Content-Length': size };
  // Vite puts content-hashed names under /assets/: they never change, so cache them for good.
  headers['Cache-Control'] = urlPath.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
  if (type.startsWith('text/html')) {
    headers['Content-Security-Policy'] = CONTENT_SECURITY_POLICY;
    headers['X-Frame-Options'] = 'DENY';
  }
  res.writeHead(200, headers);
  if (res.req.method === 'HEAD') res.end();
  else
    createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
  return true;
}

/** CORS for the desktop app's page and configured origins only: never `*` (any web page could read). */
function corsHeaders(req: IncomingMessage, allowed: ReadonlySet<string> = new Set()): Record<string, string> {
  const origin = corsOrigin(req, allowed);
  return origin ? { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' } : { Vary: 'Origin' };
}

/** Builds the request listener for the host's HTTP server. */
export function createHttpHandler(options: HttpHandlerOptions) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (options.files?.handles(path)) return options.files.handle(req, res);
    const context = { cors: corsHeaders(req, options.allowedOrigins), peer: options.peer };
    if (discoveryRoute(req, res, options.discovery, context)) return;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed\n', { Allow: 'GET, HEAD' });
    }
    if (path === '/healthz') return send(res, 200, 'text/plain; charset=utf-8', 'ok');
    if (path === '/api/info') {
      options.info().then(
        (info) =>
          send(res, 200, 'application/json; charset=utf-8', JSON.stringify(info), {
            'Cache-Control': 'no-store',
            ...corsHeaders(req, options.allowedOrigins),
          }),
        () => send(res, 503, 'text/plain; charset=utf-8', 'The host cannot read its rooms right now.\n'),
      );
      return;
    }
    const file = options.staticDir ? resolveStatic(options.staticDir, path) : null;
    if (file && serveFile(res, file, path)) return;
    if (path === '/') return send(res, 200, 'text/html; charset=utf-8', NOT_BUILT, { 'Cache-Control': 'no-cache' });
    send(res, 404, 'text/plain; charset=utf-8', 'Not found\n');
  };
}
