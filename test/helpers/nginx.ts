/**
 * A real nginx (Debian's `nginx` package) for tests, configured with the block from
 * docs/deploy.md — verbatim but for the listen address and the upstream servers — so that the
 * documented configuration is the tested one. Runs as the current user, in the foreground, with
 * everything (pid, logs, temp folders) in a temp folder.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src-main/platform/paths.ts';
import { freePort, track } from './redis.ts';

const NGINX = ['/usr/sbin/nginx', 'nginx'].find((bin) => spawnSync(bin, ['-v']).status === 0);

/** For `describe.skipIf(noNginx())`: says out loud why the tests are skipped. */
export function noNginx(): boolean {
  if (!NGINX) console.warn('nginx is not installed (apt-get install -y nginx): nginx tests skipped.');
  return !NGINX;
}

/** The ```nginx block of docs/deploy.md, with its listen address and upstream servers replaced. */
export function deployConfig(port: number, upstreams: string[]): string {
  const doc = readFileSync(join(PROJECT_ROOT, 'docs', 'deploy.md'), 'utf8');
  const block = /```nginx\n([\s\S]*?)```/.exec(doc)?.[1];
  if (!block) throw new Error('docs/deploy.md has no ```nginx block');
  let first = true;
  return block
    .replace(/^(\s*)listen \d+;$/m, `$1listen 127.0.0.1:${port};`)
    .replace(/^(\s*)server [\w.:[\]]+:\d+( [^;]*)?;\n/gm, (_all, indent: string, params = '') => {
      if (!first) return '';
      first = false;
      return upstreams.map((u) => `${indent}server ${u}${params};\n`).join('');
    });
}

export interface TestNginx {
  port: number;
  url: string;
  stop(): Promise<void>;
}

/** Starts nginx on a free loopback port in front of `upstreams` (`127.0.0.1:PORT` each). */
export async function startNginx(upstreams: string[]): Promise<TestNginx> {
  const dir = mkdtempSync(join(tmpdir(), 'lanchat-nginx-'));
  const port = await freePort();
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((k) => `${k}_temp_path ${join(dir, k)};`)
    .join('\n  ');
  writeFileSync(
    join(dir, 'nginx.conf'),
    `daemon off;
master_process off;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 1024; }
http {
  access_log off;
  ${temp}
${deployConfig(port, upstreams)}
}
`,
  );
  const child: ChildProcess = spawn(NGINX!, ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: 'pipe' });
  track(child);
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise((r) => child.once('exit', r));
  // Ready when it accepts connections.
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${err}${safeRead(join(dir, 'error.log'))}`);
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`nginx did not start: ${err}${safeRead(join(dir, 'error.log'))}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    url: `ws://127.0.0.1:${port}`,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function safeRead(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
