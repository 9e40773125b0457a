/**
 * The search index is written after the history's commit, on its own thread: a host killed with
 * SIGKILL right after a flood of sends, edits and deletes (the indexer most likely still behind)
 * finds, once started again on the same folder, exactly the messages whose current text matches,
 * and never a deleted one. As people run it, and with SQLite on its own thread (--store-thread).
 */
import { describe, expect, it } from 'vitest';
import { tempDataDir } from './helpers/host.ts';
import { spawnHost } from './helpers/spawn-host.ts';
import { RawClient, type Frame } from './helpers/ws-client.ts';
import { SPAWNING_TEST_MS } from './helpers/cpu-deadline.ts';

const SENDS = 300;
const edited = (i: number) => i % 7 === 0;
const deleted = (i: number) => i % 11 === 0;

describe.each([[], ['--store-thread']])('search after a crash (npm run host %s)', (...flags: string[]) => {
  it(
    'finds what was stored before the SIGKILL, by current text, deletes never',
    async () => {
      const dataDir = tempDataDir();
      const args = ['--port', '0', '--bind', '127.0.0.1', '--data', dataDir, '--rate', '0', ...flags];
      const first = await spawnHost(args);
      const c = await RawClient.join(`ws://127.0.0.1:${first.port}/room/general`, { name: 'Ana' });
      // Seq i is send i: every change comes after all the sends.
      for (let i = 1; i <= SENDS; i++) c.sendJson({ type: 'send', id: `s${i}`, text: `needle ${i} 针` });
      for (let i = 1; i <= SENDS; i++) {
        if (deleted(i)) c.sendJson({ type: 'delete', id: `d${i}`, target: i });
        else if (edited(i)) c.sendJson({ type: 'edit', id: `e${i}`, target: i, text: `changed ${i}` });
      }
      const last = [...Array(SENDS).keys()].map((k) => k + 1).findLast((i) => deleted(i) || edited(i))!;
      await c.next('message', (m) => m.id === `${deleted(last) ? 'd' : 'e'}${last}`, 30_000);
      first.child.kill('SIGKILL');
      await first.exited;

      const second = await spawnHost(args);
      try {
        const d = await RawClient.join(`ws://127.0.0.1:${second.port}/room/general`, { name: 'Ben' });
        let refs = 0;
        const all = async (q: string) => {
          const seqs: number[] = [];
          let before: number | undefined;
          for (;;) {
            const ref = `q${refs++}`;
            d.sendJson({ type: 'search', ref, q, limit: 100, ...(before ? { before } : {}) });
            const page = await d.next('search', (f) => f.ref === ref);
            seqs.push(...(page.results as Frame[]).map((m) => m.seq as number));
            if (!page.more) return seqs;
            before = seqs.at(-1);
          }
        };
        const want = (keep: (i: number) => boolean) =>
          [...Array(SENDS).keys()].map((k) => SENDS - k).filter((i) => !deleted(i) && keep(i));
        expect(await all('needle')).toEqual(want((i) => !edited(i)));
        expect(await all('针')).toEqual(want((i) => !edited(i)));
        expect(await all('changed')).toEqual(want(edited));
        d.ws.terminate();
      } finally {
        second.child.kill('SIGTERM');
        await second.exited;
      }
    },
    SPAWNING_TEST_MS,
  );
});
