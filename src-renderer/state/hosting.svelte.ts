/**
 * Hosting a room from the desktop app: the status the main process pushes, and the one join of
 * the hosted room that this window makes itself (after "Start hosting", or at start-up when the
 * app was set to host again), over the WebSocket like any other client.
 */
import type { HostRequest } from '../lib/hosting.ts';
import type { HostingPrefs, HostStatus } from '../../src-shared/bridge.ts';
import type { RendererBridge } from './bridge.ts';
import { t } from './i18n.svelte.ts';

export class Hosting {
  status = $state.raw<HostStatus>({ state: 'stopped' });
  busy = $state(false);
  /** How the room was last hosted (the form starts from it), once read from the settings. */
  prefs = $state.raw<HostingPrefs | null>(null);
  readonly #bridge: RendererBridge;
  readonly #onRunning: (local: string) => void;
  /** The local address already handed to `onRunning` for the current run of the host. */
  #joined: string | null = null;

  /** @param onRunning called once per run of the host with its local address, to join it */
  constructor(bridge: RendererBridge, onRunning: (local: string) => void) {
    this.#bridge = bridge;
    this.#onRunning = onRunning;
    bridge.host.onStatus((s) => this.#apply(s));
    bridge.settings.get().then(
      (s) => (this.prefs = s.hosting),
      () => {},
    );
    bridge.host.status().then(
      (s) => this.#apply(s),
      () => {},
    );
  }

  // The status arrives twice for one start (the call's result and the pushed event), and the
  // first status() may race a start: the room is joined once per run all the same.
  #apply(s: HostStatus): void {
    this.status = s;
    if (s.state === 'stopped') this.#joined = null;
    if (s.state === 'running' && s.local !== this.#joined) {
      this.#joined = s.local;
      this.#onRunning(s.local);
    }
  }

  /** Starts hosting; the status says whether it worked and, if not, why. */
  async start(request: HostRequest): Promise<void> {
    await this.#call(() => this.#bridge.host.start(request));
  }

  /** Stops hosting (the people in the room are disconnected). */
  async stop(): Promise<void> {
    await this.#call(() => this.#bridge.host.stop());
  }

  async #call(action: () => Promise<HostStatus>): Promise<void> {
    this.busy = true;
    try {
      this.#apply(await action());
    } catch {
      this.status = { state: 'stopped', error: t('host.noAnswer') };
    } finally {
      this.busy = false;
    }
  }
}
