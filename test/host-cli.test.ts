import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src-main/platform/paths.ts';
import { HOST_V8_FLAGS } from '../src-main/platform/v8-flags.ts';
import { describe, expect, it } from 'vitest';
import { parseHostArgs, UsageError } from '../src-main/cli/host-args.ts';
import { cleanupFolders, tempDataDir } from './helpers/host.ts';
import { runHostCli, spawnHost } from './helpers/spawn-host.ts';
import { RawClient } from './helpers/ws-client.ts';
import { afterEach } from 'vitest';
import { SPAWNING_TEST_MS } from './helpers/cpu-deadline.ts';

afterEach(cleanupFolders);

describe('host flags', { timeout: SPAWNING_TEST_MS }, () => {
  it('parses every flag, with repeated passwords', () => {
    expect(
      parseHostArgs([
        '--port',
        '4000',
        '--bind',
        '127.0.0.1',
        '--data',
        '/tmp/x',
        '--name',
        ' Lab ',
        '--password',
        'a=1',
        '--password',
        'b=x=y',
        '--rate',
        '0',
        '--trust-proxy',
        '10.0.0.1',
        '--allow-origin',
        'https://chat.example.lan',
        '--tls-only',
        '--new-key',
        '--store-thread',
      ]),
    ).toEqual({
      port: 4000,
      bind: '127.0.0.1',
      data: '/tmp/x',
      name: 'Lab',
      passwords: { a: '1', b: 'x=y' },
      rate: 0,
      trustProxy: ['10.0.0.1'],
      allowOrigins: ['https://chat.example.lan'],
      tlsOnly: true,
      newKey: true,
      storeThread: true,
      announce: true,
      help: false,
    });
    expect(parseHostArgs([])).toMatchObject({
      port: 47800,
      passwords: {},
      tlsOnly: false,
      newKey: false,
      storeThread: false,
    });
  });

  it.each([
    [['--port', 'abc']],
    [['--port', '70000']],
    [['--rate', '-1']],
    [['--password', 'nosecret']],
    [['--password', 'bad room=x']],
    [['--trust-proxy', 'nginx.local']],
    [['--allow-origin', 'https://chat.example.lan/path']],
    [['--unknown']],
    [['stray']],
    [['--redis', 'redis://127.0.0.1:6379', '--store-thread']],
  ])('refuses %j', (argv) => {
    expect(() => parseHostArgs(argv)).toThrow(UsageError);
  });

  it('exits 2 with the usage on a bad flag', async () => {
    const r = await runHostCli(['--port', 'abc']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--port takes a whole number');
    expect(r.stderr).toContain('Usage: npm run host');
  });
});

describe('npm run host', { timeout: SPAWNING_TEST_MS }, () => {
  it('runs with the V8 flags the benchmark measured (npm run host and npm start)', () => {
    const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    for (const script of ['host', 'start']) {
      expect(pkg.scripts[script]).toMatch(new RegExp(`^node ${HOST_V8_FLAGS.join(' ')} `));
    }
  });

  it('prints where to reach it, serves a room, and stops cleanly on SIGTERM', async () => {
    const h = await spawnHost(['--port', '0', '--data', tempDataDir(), '--name', 'Lab host']);
    expect(h.stdout()).toContain('LAN Chat host “Lab host” is running on port');
    expect(h.stdout()).toMatch(/History is kept in /);
    const a = await RawClient.join(`ws://127.0.0.1:${h.port}/room/general`, { name: 'Alice' });
    const b = await RawClient.join(`ws://127.0.0.1:${h.port}/room/general`, { name: 'Bob' });
    a.sendJson({ type: 'send', id: 'hi', text: 'hello Bob' });
    expect((await b.waitForMessages(1))[0]).toMatchObject({ text: 'hello Bob', from: { name: 'Alice' } });
    h.child.kill('SIGTERM');
    expect((await a.closed).code).toBe(1001);
    expect(await h.exited).toBe(0);
    // Logs: joins and leaves with room and member, never message text.
    expect(h.stdout()).toMatch(/join room=general member=m-\S+ name="Alice"/);
    expect(h.stdout()).not.toContain('hello Bob');
  });

  it('says in one sentence that the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = await runHostCli(['--port', String(port), '--bind', '127.0.0.1', '--data', tempDataDir()]);
      expect(r.code).toBe(1);
      expect(r.stderr.trim()).toBe(
        `Port ${port} is already in use: another LAN Chat host (or another program) is listening there. Stop it or choose another port.`,
      );
    } finally {
      blocker.close();
    }
  });
});
