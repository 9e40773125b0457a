/**
 * The preload: exposes `window.lanchat` ({@link LanchatBridge}) and nothing else. It runs
 * sandboxed, so the build bundles it into one CommonJS file; it forwards calls to the main
 * process, which validates them, and never hands the renderer an IPC event or `ipcRenderer`.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC, type EventMap, type InvokeChannel, type InvokeMap, type LanchatBridge } from '../../src-shared/bridge.ts';

const invoke = <C extends InvokeChannel>(channel: C, ...args: InvokeMap[C]['args']): Promise<InvokeMap[C]['result']> =>
  ipcRenderer.invoke(channel, ...args) as Promise<InvokeMap[C]['result']>;

/** Subscribes to a main → renderer event; the listener sees the payload only. */
function subscribe<C extends keyof EventMap>(channel: C, listener: (payload: EventMap[C]) => void): () => void {
  const handler = (_event: IpcRendererEvent, payload: EventMap[C]) => listener(payload);
  ipcRenderer.on(channel, handler);
  return () => void ipcRenderer.removeListener(channel, handler);
}

const bridge: LanchatBridge = {
  host: {
    start: (request) => invoke(IPC.hostStart, request),
    stop: () => invoke(IPC.hostStop),
    status: () => invoke(IPC.hostStatus),
    onStatus: (listener) => subscribe(IPC.hostStatusEvent, listener),
  },
  settings: {
    get: () => invoke(IPC.settingsGet),
    set: (patch) => invoke(IPC.settingsSet, patch),
    getOutbox: (room) => invoke(IPC.outboxGet, room),
    setOutbox: (room, entries) => invoke(IPC.outboxSet, room, [...entries]),
  },
  notify: (request) => invoke(IPC.notify, request),
  setUnread: (count) => invoke(IPC.setUnread, count),
  openExternal: (url) => invoke(IPC.openExternal, url),
  onFocusRoom: (listener) => subscribe(IPC.focusRoomEvent, listener),
  nearby: {
    list: () => invoke(IPC.nearbyList),
    why: () => invoke(IPC.nearbyWhy),
    learn: (address) => invoke(IPC.nearbyLearn, address),
    onChange: (listener) => subscribe(IPC.nearbyEvent, listener),
  },
  tls: {
    check: (address) => invoke(IPC.tlsCheck, address),
    onRefused: (listener) => subscribe(IPC.tlsRefusedEvent, listener),
  },
};

contextBridge.exposeInMainWorld('lanchat', bridge);
