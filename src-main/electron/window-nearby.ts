/**
 * "On this network" for the desktop window: the app's own {@link Browsing}, which runs as long
 * as the app does, hosting or not, seen through the bridge (`nearby.*`). The window gets what a
 * browser page gets from its host's `/api/nearby` and `/api/nearby/why`, and a room it opens on
 * another host is remembered (the fallback where multicast is filtered). Plain Node: no Electron
 * import, so tests drive the very module the app runs.
 */
import type { HostStatus } from '../../src-shared/bridge.ts';
import type { Diagnosis, NearbyReply } from '../../src-shared/nearby.ts';
import { normalizePeer } from '../discovery/peer-book.ts';
import type { Browsing } from '../discovery/browsing.ts';
import { diagnose } from '../discovery/diagnose.ts';
import { bindsLoopback } from '../platform/lan-addresses.ts';

/** What the window's list needs of the hosting controller. */
export interface HostedView {
  /** Whether the app's running host announces itself. */
  readonly announcing: boolean;
  /** The running host's own checks; undefined when it hosts nothing. */
  why(): Promise<Diagnosis> | undefined;
  status(): HostStatus;
  onStatus(listener: (status: HostStatus) => void): () => void;
}

/** The teacher the peer book records for what the window taught (the app itself). */
const WINDOW = 'app';

/** The window's view of the network. */
export class WindowNearby {
  readonly #browsing: Browsing;
  readonly #hosting: HostedView;

  constructor(browsing: Browsing, hosting: HostedView) {
    this.#browsing = browsing;
    this.#hosting = hosting;
  }

  /** The hosts in view, and whether the app browses and announces. */
  list(): NearbyReply {
    return this.#browsing.reply(this.#hosting.announcing);
  }

  /**
   * "Why can't I see a host?": the running host's checks (its port on every address), or, when
   * the app hosts nothing, this computer's addresses and whether it browses.
   */
  why(): Promise<Diagnosis> {
    return (
      this.#hosting.why() ??
      diagnose({
        port: 0,
        bind: undefined,
        announcing: false,
        browsing: this.#browsing.browsing,
        hostsSeen: this.#browsing.list().length,
      })
    );
  }

  /**
   * The window opened a room at `address` (a bridge-checked address): remember its host, unless
   * it is the app's own. @returns whether it is remembered (or known) now
   */
  async learn(address: string): Promise<boolean> {
    const peer = normalizePeer(address);
    if (!peer || this.#isOwnHost(peer)) return false;
    return (await this.#browsing.learn(peer, WINDOW)).ok;
  }

  /**
   * Calls `listener` with the list whenever it changes: a host came or went, its rooms changed,
   * or the app started or stopped hosting (announcing, its own host left out). @returns the unsubscribe
   */
  onChange(listener: (reply: NearbyReply) => void): () => void {
    const offList = this.#browsing.onChange(() => listener(this.list()));
    const offStatus = this.#hosting.onStatus((s) => {
      if (s.state === 'running' || s.state === 'stopped') listener(this.list());
    });
    return () => {
      offList();
      offStatus();
    };
  }

  /** The app's own running host at its loopback address (the window joins its room there). */
  #isOwnHost(peer: string): boolean {
    const status = this.#hosting.status();
    const at = peer.lastIndexOf(':');
    const host = peer.slice(0, at).replace(/^\[|\]$/g, '');
    return status.state === 'running' && Number(peer.slice(at + 1)) === status.port && bindsLoopback(host);
  }
}
