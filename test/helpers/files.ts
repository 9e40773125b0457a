/**
 * Raw HTTP for the files tests: tus requests written by hand (so the tests check the wire, not
 * a client library), downloads, a token from a real welcome; and where bytes still sit on disk.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { request, type ClientRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { join } from 'node:path';
import type { RawClient } from './ws-client.ts';

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** One HTTP request to 127.0.0.1:port; the raw path is sent as given. */
export function http(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: Buffer | string,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => readReply(res, resolve, reject));
    req.on('error', reject);
    req.end(body);
  });
}

/** Reads a whole response into a {@link Reply}. */
export function readReply(res: IncomingMessage, resolve: (r: Reply) => void, reject: (e: Error) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (d: Buffer) => chunks.push(d));
  res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
  res.on('error', reject);
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

/** The welcome's token of a joined raw client. */
export function tokenOf(c: RawClient): string {
  const welcome = c.frames.find((f) => f.type === 'welcome');
  const token = welcome?.token;
  if (typeof token !== 'string') throw new Error(`no token in the welcome: ${JSON.stringify(welcome)}`);
  return token;
}

const tus = (token: string | undefined, extra: Record<string, string> = {}) => ({
  'Tus-Resumable': '1.0.0',
  ...(token ? { Authorization: `Bearer ${token}` } : {}),
  ...extra,
});

/** POST: creates an upload. */
export function createUpload(
  port: number,
  room: string,
  token: string | undefined,
  length: number,
  name = 'a.txt',
  type = 'text/plain',
) {
  return http(
    port,
    'POST',
    `/api/rooms/${room}/uploads`,
    tus(token, {
      'Upload-Length': String(length),
      'Upload-Metadata': `filename ${b64(name)},filetype ${b64(type)}`,
    }),
  );
}

/** PATCH: appends `bytes` at `offset`. */
export function patchUpload(port: number, location: string, token: string | undefined, offset: number, bytes: Buffer) {
  return http(
    port,
    'PATCH',
    location,
    tus(token, { 'Upload-Offset': String(offset), 'Content-Type': 'application/offset+octet-stream' }),
    bytes,
  );
}

/** A PATCH request whose body the caller writes (and cuts, or holds) as its test needs. */
export function patchRequest(
  port: number,
  location: string,
  token: string,
  offset: number,
  headers: Record<string, string> = {},
): ClientRequest {
  const path = location;
  const all = tus(token, {
    'Upload-Offset': String(offset),
    'Content-Type': 'application/offset+octet-stream',
    ...headers,
  });
  return request({ host: '127.0.0.1', port, path, method: 'PATCH', headers: all });
}

/** DELETE (tus termination): the upload is cancelled and its bytes freed. */
export function deleteUpload(port: number, location: string, token: string | undefined) {
  return http(port, 'DELETE', location, tus(token));
}

/** HEAD: where the upload is. */
export function headUpload(port: number, location: string, token: string | undefined) {
  return http(port, 'HEAD', location, tus(token));
}

/** Uploads `bytes` in one PATCH. @returns the file id */
export async function uploadFile(
  port: number,
  room: string,
  token: string,
  bytes: Buffer,
  name = 'a.txt',
  type = 'text/plain',
) {
  const created = await createUpload(port, room, token, bytes.length, name, type);
  if (created.status !== 201) throw new Error(`create: ${created.status} ${created.body.toString()}`);
  const done = await patchUpload(port, created.headers.location!, token, 0, bytes);
  const id = done.headers['lanchat-file-id'];
  if (done.status !== 204 || typeof id !== 'string') throw new Error(`patch: ${done.status} ${done.body.toString()}`);
  return id;
}

export const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Every file under `dir` (recursively) whose bytes contain `needle`: where a secret still sits on disk. */
export function filesHolding(dir: string, needle: Buffer): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .filter((path) => readFileSync(path).includes(needle));
}
