/**
 * A ChatClient on a scripted socket and a manual clock, for the client's unit tests: the test
 * plays the host frame by frame (fake-socket.ts) and moves time by hand.
 */
import { ChatClient } from '../../src-shared/client/chat-client.ts';
import type { ChatClientOptions } from '../../src-shared/client/types.ts';
import { FakeSocket, type ManualClock } from './fake-socket.ts';

export const you = { id: 'm-me', name: 'Me' };
export const bob = { id: 'm-bob', name: 'Bob' };

/** A welcome into `general` as `you`, with Bob present; `extra` overrides fields. */
export function welcome(extra: Record<string, unknown> = {}) {
  return {
    type: 'welcome',
    protocol: 1,
    room: 'general',
    epoch: 'E1',
    you,
    members: [bob],
    history: [],
    latestSeq: 0,
    truncated: false,
    server: { name: 'h', version: '1' },
    ...extra,
  };
}

/** A stored message whose text is its id. */
export const message = (seq: number, id: string, from = you) => ({ type: 'message', seq, id, from, text: id, ts: 1 });

/** A client on `clock` with fast test timings, and a log of its connection events. */
export function scriptedClient(clock: ManualClock, extra: Partial<ChatClientOptions> = {}) {
  const c = new ChatClient({
    url: 'ws://h:1/room/general',
    name: 'Me',
    clientId: 'client-0001',
    WebSocket: FakeSocket,
    now: () => clock.now,
    timers: clock,
    random: () => 0,
    pingIntervalMs: 100,
    deadAfterMs: 250,
    connectTimeoutMs: 500,
    sendRetryMs: 50,
    ...extra,
  });
  const log: string[] = [];
  c.on('connect', (e) => log.push(`connect ${e.attempt}`));
  c.on('open', (e) => log.push(`open resumed=${e.resumed}`));
  c.on('close', (e) => log.push(`close ${e.code} reconnect=${e.willReconnect}`));
  c.on('reconnecting', (e) => log.push(`reconnecting ${e.attempt} ${e.delayMs}`));
  return { c, log };
}

/** Starts, opens and welcomes: the client is `open`. */
export async function connected(clock: ManualClock, extra: Partial<ChatClientOptions> = {}) {
  const r = scriptedClient(clock, extra);
  r.c.start();
  FakeSocket.last.open();
  FakeSocket.last.receive(welcome());
  await r.c.outbox.ready; // the outbox store loads asynchronously
  await Promise.resolve();
  return r;
}
