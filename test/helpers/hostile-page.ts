/**
 * A web server on another machine of the LAN (run in a network namespace, see netns.ts) that
 * serves one page: what a hostile or compromised LAN machine would get a person here to open.
 * Prints `{"port":N}` once it listens and serves until its stdin closes.
 */
import { createServer } from 'node:http';

const page = '<!doctype html><meta charset="utf-8"><title>A page on another machine</title><p>Nothing to see.</p>';
const server = createServer((_req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(page) });
  res.end(page);
});
server.listen(0, '0.0.0.0', () => {
  console.log(JSON.stringify({ port: (server.address() as { port: number }).port }));
});
process.stdin.resume();
process.stdin.on('end', () => server.close(() => process.exit(0)));
