/** `npm run chat` as a person uses it: a real process, stdin lines in, the room printed out. */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteFileIndex } from '../src-main/files/sqlite-file-index.ts';
import { SPAWNING_TEST_MS, settleWithin, waitWithin } from './helpers/cpu-deadline.ts';
import { cleanupFolders, startHost, tempDataDir, type TestHost } from './helpers/host.ts';
import { seed } from './helpers/seed.ts';
import { RawClient } from './helpers/ws-client.ts';

const hosts: TestHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.stop()));
  cleanupFolders();
});

/** The terminal's language: English unless a test asks for another (`LANG=zh_CN.UTF-8`). */
const ENGLISH = { LANG: 'C.UTF-8', LC_ALL: '', LC_MESSAGES: '', LANGUAGE: '' };

/**
 * Runs the chat CLI and writes `lines`, then EOF unless `keepOpen` (then call `end()`). Its exit
 * and `waitForOutput` give up once it (with this process's hosts) has used its CPU budget.
 */
function chat(args: string[], lines: string[], opts: { keepOpen?: boolean; env?: Record<string, string> } = {}) {
  // Its own user-data folder (identity, known hosts), never the real one of whoever runs the tests.
  const env = { ...process.env, XDG_CONFIG_HOME: tempDataDir(), ...ENGLISH, ...opts.env };
  const child = spawn(process.execPath, ['src-main/cli/chat.ts', ...args], { stdio: ['pipe', 'pipe', 'pipe'], env });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  for (const line of lines) child.stdin.write(`${line}\n`);
  const end = () => child.stdin.end();
  if (!opts.keepOpen) end();
  const exit = new Promise<{ code: number | null; out: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, out })),
  );
  const exited = settleWithin(exit, 'the chat CLI to exit', { pids: [child.pid] }).catch((e: Error) => {
    child.kill('SIGKILL');
    throw new Error(`${e.message}; its output:\n${out}`);
  });
  exited.catch(() => {}); // a test that kills the child itself need not await its exit
  const waitForOutput = (pattern: RegExp) =>
    waitWithin(
      () => pattern.test(out),
      () => `${pattern} in the output:\n${out}`,
      { pids: [child.pid] },
    );
  return { child, exited, end, output: () => out, waitForOutput };
}

describe('npm run chat', { timeout: SPAWNING_TEST_MS }, () => {
  it('sends stdin lines, prints the room, and exits 0 after the outbox is flushed on EOF', async () => {
    const h = await startHost();
    hosts.push(h);
    const bob = await RawClient.join(h.url('dev'), { name: 'Bob' });
    const address = `127.0.0.1:${h.port}/dev`;
    const lines = ['hello from the terminal', '   ', 'second line'];
    const run = chat([address, '--name', 'Alice', '--flush-timeout', '15000'], lines); // EOF at once
    const { code, out } = await run.exited;
    expect(code).toBe(0);
    expect(out).toMatch(/-- in room dev on test-host as Alice with Bob/);
    expect(out).toMatch(/^\[\d\d:\d\d\] #\d+ Alice: hello from the terminal$/m);
    expect(out).toMatch(/^\[\d\d:\d\d\] #\d+ Alice: second line$/m);
    const got = await bob.waitForMessages(2);
    expect(got.map((m) => m.text)).toEqual(['hello from the terminal', 'second line']);
    bob.ws.terminate();
  });

  it('replies, reacts, edits and deletes with /commands, and prints replies as "↪ Name: first line"', async () => {
    const h = await startHost({ rate: 0 });
    hosts.push(h);
    const bob = await RawClient.join(h.url(), { name: 'Bob' });
    bob.sendJson({ type: 'send', id: 'b1', text: 'lunch?\nat noon' });
    await bob.next('message', (m) => m.id === 'b1');
    const run = chat([`127.0.0.1:${h.port}`, '--name', 'Alice'], [], { keepOpen: true });
    await run.waitForOutput(/#1 Bob: lunch\?/);
    const say = (line: string) => run.child.stdin.write(`${line}\n`);
    say('/react 1 👍');
    expect(await bob.next('message', (m) => m.kind === 'react')).toMatchObject({ target: 1, emoji: '👍', on: true });
    say('/reply 1 sure');
    await run.waitForOutput(/↪ Bob: lunch\?\n\[\d\d:\d\d\] #3 Alice: sure$/m);
    expect(await bob.next('message', (m) => m.seq === 3)).toMatchObject({ replyTo: 1, text: 'sure' });
    say('/edit 1 not mine');
    await run.waitForOutput(/you can edit only your own messages/);
    say('/edit 3 sure thing');
    expect(await bob.next('message', (m) => m.kind === 'edit')).toMatchObject({ target: 3, text: 'sure thing' });
    bob.sendJson({ type: 'edit', id: 'b2', target: 1, text: 'lunch at one?' });
    await run.waitForOutput(/^\* Bob edited #1: lunch at one\?$/m);
    say('/delete 3');
    expect(await bob.next('message', (m) => m.kind === 'delete')).toMatchObject({ target: 3 });
    run.end();
    expect((await run.exited).code).toBe(0);
  });

  it('speaks the terminal’s language: Chinese with LANG=zh_CN.UTF-8', async () => {
    const h = await startHost();
    hosts.push(h);
    const bob = await RawClient.join(h.url('dev'), { name: 'Bob' });
    const run = chat([`127.0.0.1:${h.port}/dev`, '--name', 'Alice'], ['你好'], { env: { LANG: 'zh_CN.UTF-8' } });
    const { code, out } = await run.exited;
    expect(code).toBe(0);
    expect(out).toMatch(/^-- 正在连接 127\.0\.0\.1:\d+\/dev…$/m);
    expect(out).toMatch(/^-- 已进入 test-host 上的房间 dev，名字是 Alice，同在的有 Bob（未加密）$/m);
    expect(out).toMatch(/^\[\d\d:\d\d\] #\d+ Alice: 你好$/m);
    bob.ws.terminate();
  });

  it('prints others’ messages and presence', async () => {
    const h = await startHost();
    hosts.push(h);
    const run = chat([`127.0.0.1:${h.port}`, '--name', 'Alice'], [], { keepOpen: true });
    await run.waitForOutput(/as Alice/);
    const bob = await RawClient.join(h.url(), { name: 'Bob' });
    bob.sendJson({ type: 'send', id: 'b1', text: 'hi Alice' });
    await run.waitForOutput(/Bob: hi Alice/);
    run.end();
    const { code, out } = await run.exited;
    expect(code).toBe(0);
    expect(out).toMatch(/^\* Bob joined$/m);
    bob.ws.terminate();
  });

  it('/history prints older messages back to the start, /search finds a Chinese word, //text sends /text', async () => {
    const dataDir = tempDataDir();
    await seed(dataDir, 'general', 80, (i) => (i === 3 ? '今天下午三点开会' : `old ${i}`));
    const h = await startHost({ dataDir });
    hosts.push(h);
    const lines = ['/history 20', '/history 200', '/history', '/search 开会', '/search nothing-like-this', '//slash'];
    const { code, out } = await chat([`127.0.0.1:${h.port}`, '--name', 'Alice'], lines).exited;
    expect(code).toBe(0);
    expect(out).toMatch(/-- 20 older messages:\n\[[\d-]+ \d\d:\d\d\] Seeder: old 11\n/);
    expect(out).toMatch(/-- 10 older messages:\n\[[\d-]+ \d\d:\d\d\] Seeder: old 1\n/);
    expect(out).toMatch(/-- this is the start of the room\n-- this is the start of the room: nothing older/);
    expect(out).toMatch(/-- 1 message with “开会”:\n\[[\d-]+ \d\d:\d\d\] Seeder: 今天下午三点开会/);
    expect(out).toMatch(/-- no message contains “nothing-like-this”/);
    expect(out).toMatch(/^\[\d\d:\d\d\] #\d+ Alice: \/slash$/m);
  });

  it('says a password is needed and exits 1 instead of looping', async () => {
    const h = await startHost({ passwords: { locked: 'pw' } });
    hosts.push(h);
    const run = chat([`127.0.0.1:${h.port}/locked`, '--name', 'Alice'], [], { keepOpen: true });
    const { code, out } = await run.exited;
    expect(code).toBe(1);
    expect(out).toMatch(/this room needs a password: run again with --password/);
    expect(out.match(/connecting/g)).toHaveLength(1);
  });

  it('says how long to wait when the host is holding wrong passwords back, in the terminal language', async () => {
    const h = await startHost({
      passwords: { locked: 'pw' },
      limits: { freePasswordAttempts: 1, passwordDelayMs: 30_000 },
    });
    hosts.push(h);
    // Two wrong guesses from this computer: the next password is not checked for 30 s.
    for (const guess of ['a', 'b'])
      await expect(RawClient.join(h.url('locked'), { password: guess })).rejects.toThrow(/bad_password/);
    const en = await chat([`127.0.0.1:${h.port}/locked`, '--name', 'Alice', '--password', 'pw'], [], { keepOpen: true })
      .exited;
    expect(en.code).toBe(1);
    expect(en.out).toMatch(
      /this room needs a password: Too many wrong passwords from this computer: try again in \d+ seconds\./,
    );
    const zh = chat([`127.0.0.1:${h.port}/locked`, '--name', 'Alice', '--password', 'pw'], [], {
      keepOpen: true,
      env: { LANG: 'zh_CN.UTF-8' },
    });
    expect((await zh.exited).out).toMatch(/这台电脑输错密码的次数太多，请 \d+ 秒后再试。/);
  });

  it('leaves cleanly on Ctrl+C (SIGINT)', async () => {
    const h = await startHost();
    hosts.push(h);
    const run = chat([`127.0.0.1:${h.port}`, '--name', 'Alice'], ['one last thing'], { keepOpen: true });
    await run.waitForOutput(/Alice: one last thing/);
    run.child.kill('SIGINT');
    const { code } = await run.exited;
    expect(code).toBe(0);
  });

  it('gives up after --flush-timeout when the host cannot be reached, and says so', async () => {
    const h = await startHost();
    await h.stop(); // a port where nothing listens any more
    const run = chat([`127.0.0.1:${h.port}`, '--name', 'Alice', '--flush-timeout', '300'], ['lost in the void']);
    const { code, out } = await run.exited;
    expect(code).toBe(1);
    expect(out).toMatch(/sending 1 queued message…/);
    expect(out).toMatch(/1 message could not be delivered/);
  });

  it('refuses a bad address with a sentence and exit code 2', async () => {
    const { code, out } = await chat(['999.1.1.1'], []).exited;
    expect(code).toBe(2);
    expect(out).toMatch(/“999\.1\.1\.1” is not a valid IPv4 address/);
  });
});

describe('npm run chat against a hostile host', { timeout: SPAWNING_TEST_MS }, () => {
  it('never writes control or escape sequences from the network to the terminal', async () => {
    const { WebSocketServer } = await import('ws');
    const evil = '\u001b]0;owned\u0007\u001b[2J\u001b]52;c;ZXZpbA==\u0007\u009b31m\r\u202eevil';
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise((r) => wss.once('listening', r));
    wss.on('connection', (ws) =>
      ws.once('message', () => {
        const member = { id: 'm-evil', name: `Mallory${evil}` };
        const message = {
          type: 'message',
          seq: 1,
          id: 'x',
          from: member,
          text: `hi${evil}\nsecond line`,
          ts: Date.now(),
        };
        ws.send(
          JSON.stringify({
            type: 'welcome',
            protocol: 1,
            room: 'general',
            epoch: 'e',
            you: { id: 'm-me', name: 'Alice' },
            members: [member],
            history: [message],
            latestSeq: 1,
            truncated: false,
            server: { name: `Host${evil}`, version: '1' },
          }),
        );
        ws.send(JSON.stringify({ type: 'presence', event: 'join', member }));
        ws.send(JSON.stringify({ type: 'error', code: `odd${evil}`, message: `says${evil}` }));
      }),
    );
    try {
      const port = (wss.address() as { port: number }).port;
      const run = chat([`127.0.0.1:${port}`, '--name', 'Alice'], [], { keepOpen: true });
      await run.waitForOutput(/says/);
      run.child.kill('SIGKILL');
      const out = run.output();
      // eslint-disable-next-line no-control-regex
      expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u);
      expect(out).toContain('Mallory␛]0;owned␇␛[2J');
      expect(out).toContain('<U+009B>31m␍<U+202E>evil');
      expect(out).toMatch(/hi.*evil\nsecond line/); // new lines pass
    } finally {
      wss.close();
    }
  });
});

describe('npm run chat: files', { timeout: SPAWNING_TEST_MS }, () => {
  it('sends a file with /send-file, shows progress, and prints files as name, size and URL', async () => {
    const dataDir = tempDataDir();
    const h = await startHost({
      dataDir,
      files: { dir: join(dataDir, 'files'), index: new SqliteFileIndex(dataDir), minFreeBytes: 1 },
    });
    hosts.push(h);
    const bob = await RawClient.join(h.url(), { name: 'Bob' });
    const path = join(dataDir, 'report.txt');
    writeFileSync(path, 'quarterly numbers\n'.repeat(1000));
    const run = chat([`127.0.0.1:${h.port}`, '--name', 'Alice', '--flush-timeout', '15000'], [`/send-file ${path}`]);
    const { code, out } = await run.exited;
    expect(code).toBe(0);
    expect(out).toMatch(/^-- report\.txt: 18 kB sent \(100%\)$/m);
    const [msg] = await bob.waitForMessages(1);
    const file = (msg!.files as { id: string; name: string; size: number }[])[0]!;
    expect(file).toMatchObject({ name: 'report.txt', size: 18_000 });
    expect(out).toContain(`  [file] report.txt (18 kB) http://127.0.0.1:${h.port}/api/rooms/general/files/${file.id}`);
    bob.ws.terminate();
  });
});
