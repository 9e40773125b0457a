/**
 * The main-process side of the bridge: one handler per channel of `src-shared/bridge.ts`, each
 * answering only the app's own top frame and only with arguments that pass the shared
 * validators. What a handler receives is therefore typed and checked.
 */
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { validateInvoke, type InvokeChannel, type InvokeMap } from '../../src-shared/bridge.ts';
import { isTrustedSender } from './security.ts';

/** The implementation of every request channel (the type makes leaving one out a compile error). */
export type Handlers = {
  [C in InvokeChannel]: (...args: InvokeMap[C]['args']) => InvokeMap[C]['result'] | Promise<InvokeMap[C]['result']>;
};

/** Thrown back to the renderer (as a rejected promise) for a refused call. */
class IpcRefused extends Error {
  readonly code = 'EIPCREFUSED';
}

function check<C extends InvokeChannel>(channel: C, event: IpcMainInvokeEvent, args: unknown[]): InvokeMap[C]['args'] {
  const frame = event.senderFrame;
  if (!isTrustedSender(frame && { url: frame.url, top: frame.parent === null })) {
    throw new IpcRefused(`${channel}: refused, the sender is not the app's own page.`);
  }
  const checked = validateInvoke(channel, args);
  if (!checked.ok) throw new IpcRefused(`${channel}: ${checked.error}`);
  return checked.value;
}

/** Registers every handler (once per app run). */
export function registerIpc(handlers: Handlers): void {
  for (const channel of Object.keys(handlers) as InvokeChannel[]) {
    const handler = handlers[channel] as (...args: unknown[]) => unknown;
    ipcMain.handle(channel, (event, ...args: unknown[]) => handler(...check(channel, event, args)));
  }
}
