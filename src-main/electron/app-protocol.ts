/**
 * The `app://lanchat/` protocol that serves the built renderer (instead of `file://`, which would
 * give the page access to every file URL). Every response carries the Content Security Policy.
 */
import { net, protocol } from 'electron';
import { pathToFileURL } from 'node:url';
import { APP_HEADERS, APP_SCHEME, resolveAppFile } from './security.ts';

/** Must run before the app is ready: a standard, secure scheme (so that it has an origin). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>LAN Chat</title>
<h1>LAN Chat</h1><p>The user interface is not built. Run <code>npm start</code> (or <code>npm run build</code>).</p>`;

/** Serves files of `root` (the built renderer; undefined when it is not built) on the app scheme. */
export function serveApp(root: string | undefined): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (!root)
      return new Response(NOT_BUILT, { headers: { ...APP_HEADERS, 'content-type': 'text/html; charset=utf-8' } });
    const file = resolveAppFile(root, request.url);
    if (!file) return new Response('Not found', { status: 404, headers: APP_HEADERS });
    const res = await net.fetch(pathToFileURL(file).href).catch(() => undefined);
    if (!res?.ok) return new Response('Not found', { status: 404, headers: APP_HEADERS });
    const type = res.headers.get('content-type') ?? 'application/octet-stream';
    return new Response(res.body, { status: 200, headers: { ...APP_HEADERS, 'content-type': type } });
  });
}
