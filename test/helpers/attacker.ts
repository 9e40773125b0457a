/**
 * The hostile peer of the per-address tests, run on the other machine (a network namespace,
 * see netns.ts). It prints one JSON line per finished plan and keeps its sockets open until its
 * stdin closes, so that the test can check the host meanwhile.
 *
 *   attacker.ts parallel URL COUNT HELLO(0|1)   open COUNT sockets at once (with a hello each)
 *   attacker.ts sequence JSON                   [{url, hello?}…] one after the other, each closed after its answer
 */
import WebSocket from 'ws';

interface Outcome {
  /** `welcome`, an error code, `open` (no frame yet) or `closed`. */
  first: string;
  message?: string;
  ws: WebSocket;
}

let n = 0;
const hello = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    type: 'hello',
    protocol: 1,
    clientId: `attacker${process.pid}x${n++}`,
    name: 'Mallory',
    ...extra,
  });

/** Opens a socket (with a hello when asked) and resolves with its first answer, or `open` after `quietMs`. */
function probe(url: string, helloFields: Record<string, unknown> | undefined, quietMs: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    let done = false;
    const finish = (o: Omit<Outcome, 'ws'>) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve({ ...o, ws });
    };
    const timer = setTimeout(() => finish({ first: 'open' }), quietMs);
    ws.on('error', () => finish({ first: 'closed' }));
    ws.on('close', () => finish({ first: 'closed' }));
    ws.on('open', () => {
      if (helloFields) ws.send(hello(helloFields));
    });
    ws.on('message', (data) => {
      const f = JSON.parse(data.toString()) as { type: string; code?: string; message?: string };
      finish(f.type === 'error' ? { first: f.code!, message: f.message } : { first: f.type });
    });
  });
}

const tally = (outcomes: Outcome[]) => {
  const counts: Record<string, number> = {};
  for (const o of outcomes) counts[o.first] = (counts[o.first] ?? 0) + 1;
  return counts;
};

const [mode, ...args] = process.argv.slice(2);
const keep: WebSocket[] = [];
const started = Date.now();
if (mode === 'parallel') {
  const [url, count, withHello] = args as [string, string, string];
  const outcomes = await Promise.all(
    // With a hello every socket is answered (welcome or error): wait as long as a loaded machine
    // needs. Without, a refusal comes at once and the others stay silent: `open` after 5 s.
    Array.from({ length: Number(count) }, () =>
      probe(url, withHello === '1' ? {} : undefined, withHello === '1' ? 30_000 : 5000),
    ),
  );
  keep.push(...outcomes.map((o) => o.ws));
  const messages = [...new Set(outcomes.map((o) => o.message).filter(Boolean))];
  console.log(JSON.stringify({ counts: tally(outcomes), messages, ms: Date.now() - started }));
} else if (mode === 'sequence') {
  const steps = JSON.parse(args[0]!) as { url: string; hello?: Record<string, unknown> }[];
  const answers: { first: string; message?: string }[] = [];
  for (const step of steps) {
    const o = await probe(step.url, step.hello ?? {}, 5000);
    answers.push({ first: o.first, message: o.message });
    o.ws.terminate();
  }
  console.log(JSON.stringify({ answers, ms: Date.now() - started }));
} else {
  console.error(`unknown mode ${mode}`);
  process.exit(2);
}
process.stdin.resume();
process.stdin.on('end', () => {
  for (const ws of keep) ws.terminate();
  process.exit(0);
});
