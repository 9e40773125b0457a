/**
 * A load worker: one process driving many client sockets against the server under test, told
 * what to do by the runner over IPC (see {@link WorkerCommand}). It counts deliveries, records
 * end-to-end latencies on a few sockets, and for the host tracks every socket's seqs to count gaps
 * and duplicates. Timestamps are `process.hrtime` (CLOCK_MONOTONIC: one clock for all processes).
 */
import { connect, type BenchClient } from './clients.ts';
import type { ServerKind } from './server.ts';

/** What the runner asks of a worker. */
export type WorkerCommand =
  | {
      type: 'connect';
      kind: ServerKind;
      port: number;
      room: string;
      count: number;
      recorders: number;
      track: boolean;
      /** Joins in flight at once (default 64). */
      concurrency?: number;
    }
  | { type: 'saturate'; senders: number; window: number }
  | { type: 'rate'; perSecond: number }
  | { type: 'burst'; count: number }
  | { type: 'halt' }
  | { type: 'snapshot' }
  | { type: 'close' }
  | { type: 'resume'; port: number; target: number }
  | { type: 'check'; final: number };

/** What a worker answers (`error` for any command that failed). */
export type WorkerReply =
  | { type: 'done' }
  | { type: 'snapshot'; delivered: number; latencies: number[]; lastSeq: number }
  | { type: 'caught'; at: number }
  | { type: 'check'; gaps: number; duplicates: number; behind: number }
  | { type: 'error'; message: string };

/** Microseconds on the monotonic clock shared by every process of the machine. */
export const nowMicros = () => Number(process.hrtime.bigint()) / 1000;

interface Slot {
  tag: string;
  clientId: string;
  client: BenchClient & { epoch?: string };
  sent: number;
  acked: number;
  sender: boolean;
  /** A sender stops at this many sends (a burst); Infinity while saturating. */
  quota: number;
  recorder: boolean;
  lastSeq: number;
  gaps: number;
  duplicates: number;
  open: boolean;
}

const wid = process.argv[2] ?? '0';
const PAD = 'x'.repeat(100);
const slots: Slot[] = [];
let kind: ServerKind = 'bare';
/** Bumped by every `connect`, so that a new client never reuses an old client's send ids. */
let generation = 0;
let room = '';
let track = false;
let delivered = 0;
let latencies: number[] = [];
let sending = false;
let window = 1;
let timer: NodeJS.Timeout | undefined;
/** During a reconnect storm: how many sockets are still below the target seq. */
let waiter: { target: number; remaining: number; resolve: () => void } | undefined;

const reply = (r: WorkerReply) => process.send!(r);

/** A ~100-byte text: `|tag|sendTimeMicros|` and padding. */
function text(slot: Slot): string {
  const head = `|${slot.tag}|${nowMicros().toFixed(1)}|`;
  return head + PAD.slice(head.length);
}

function send(slot: Slot): void {
  slot.sent++;
  slot.client.send(`${slot.tag}-${slot.sent}`, text(slot));
}

function pump(slot: Slot): void {
  while (sending && slot.sent - slot.acked < window && slot.sent < slot.quota) send(slot);
}

function account(slot: Slot, seq: number): void {
  if (seq <= slot.lastSeq) {
    slot.duplicates++;
    return;
  }
  const before = slot.lastSeq;
  slot.gaps += seq - before - 1;
  slot.lastSeq = seq;
  if (waiter && before < waiter.target && seq >= waiter.target && --waiter.remaining === 0) {
    waiter.resolve();
    waiter = undefined;
  }
}

function onDelivered(slot: Slot, s: string, seq: number): void {
  delivered++;
  if (track) account(slot, seq);
  if (slot.recorder) {
    const i = s.indexOf('|', s.indexOf('|') + 1);
    latencies.push(nowMicros() - Number(s.slice(i + 1, s.indexOf('|', i + 1))));
  }
  if (slot.sender && s.includes(`|${slot.tag}|`)) {
    slot.acked++;
    pump(slot);
  }
}

async function open(slot: Slot, port: number, since?: number): Promise<void> {
  slot.client = await connect(
    { kind, port, room, clientId: slot.clientId, since, epoch: slot.client?.epoch },
    {
      delivered: (s, seq) => onDelivered(slot, s, seq),
      welcome: (latestSeq, history) => {
        if (since === undefined) slot.lastSeq = latestSeq;
        else for (const seq of history) account(slot, seq);
      },
      closed: () => (slot.open = false),
    },
  );
  slot.open = true;
}

async function reopen(slot: Slot, port: number): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await open(slot, port, slot.lastSeq);
    } catch (err) {
      if (attempt >= 20) throw err;
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
    }
  }
}

/** Runs `fn` over the items with at most `n` in flight. */
async function limited<T>(items: T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  });
  await Promise.all(lanes);
}

async function handle(cmd: WorkerCommand): Promise<WorkerReply> {
  switch (cmd.type) {
    case 'connect': {
      ({ kind, room, track } = cmd);
      const fresh: Slot[] = [];
      generation++;
      for (let i = 0; i < cmd.count; i++) {
        const tag = `w${wid}c${slots.length + i}`;
        const slot = {
          tag,
          clientId: `bench${wid}g${generation}x${tag}`,
          sent: 0,
          acked: 0,
          sender: false,
          quota: Infinity,
          recorder: i > 0 && i <= cmd.recorders,
          lastSeq: 0,
        };
        fresh.push({ ...slot, gaps: 0, duplicates: 0, open: false, client: undefined as unknown as Slot['client'] });
      }
      slots.push(...fresh);
      await limited(fresh, cmd.concurrency ?? 64, (s) => open(s, cmd.port));
      return { type: 'done' };
    }
    case 'saturate':
      window = cmd.window;
      sending = true;
      for (const s of slots.slice(0, cmd.senders)) {
        s.sender = true;
        pump(s);
      }
      return { type: 'done' };
    case 'rate': {
      const start = nowMicros();
      const slot = slots[0]!;
      const base = slot.sent;
      sending = true;
      timer = setInterval(() => {
        const due = base + Math.floor(((nowMicros() - start) * cmd.perSecond) / 1e6);
        while (sending && slot.sent < due) send(slot);
      }, 1);
      return { type: 'done' };
    }
    case 'burst': {
      const slot = slots[0]!;
      const target = slot.acked + cmd.count;
      Object.assign(slot, { sender: true, quota: slot.sent + cmd.count });
      window = 16;
      sending = true;
      pump(slot);
      while (slot.acked < target) await new Promise((r) => setTimeout(r, 5));
      Object.assign(slot, { sender: false, quota: Infinity });
      sending = false;
      return { type: 'done' };
    }
    case 'halt':
      sending = false;
      clearInterval(timer);
      return { type: 'done' };
    case 'snapshot': {
      const r: WorkerReply = { type: 'snapshot', delivered, latencies, lastSeq: slots[0]?.lastSeq ?? 0 };
      latencies = [];
      return r;
    }
    case 'close': {
      sending = false;
      clearInterval(timer);
      const closing = slots.splice(0).filter((s) => s.open);
      for (const s of closing) s.client.close();
      const deadline = Date.now() + 5000;
      while (closing.some((s) => s.open) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      delivered = 0;
      latencies = [];
      return { type: 'done' };
    }
    case 'resume': {
      const remaining = slots.filter((s) => s.lastSeq < cmd.target).length;
      const caught = new Promise<void>((resolve) => (waiter = { target: cmd.target, remaining, resolve }));
      if (remaining === 0) waiter = undefined;
      // All at once, as after a host restart; a refused connection retries like a client would.
      await Promise.all(slots.map((s) => reopen(s, cmd.port)));
      if (waiter) await caught;
      return { type: 'caught', at: nowMicros() };
    }
    case 'check':
      return {
        type: 'check',
        gaps: slots.reduce((n, s) => n + s.gaps, 0),
        duplicates: slots.reduce((n, s) => n + s.duplicates, 0),
        behind: slots.filter((s) => s.lastSeq < cmd.final).length,
      };
    default:
      return cmd satisfies never;
  }
}

process.on('message', (cmd: WorkerCommand) => {
  handle(cmd).then(reply, (err: unknown) => reply({ type: 'error', message: String(err) }));
});
process.on('disconnect', () => process.exit(0));
