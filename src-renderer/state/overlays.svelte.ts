/**
 * What covers the chat, one thing at a time: a dialog (join, switcher, settings, a host's key
 * warning) or, on a narrow screen, the room list or the member list sliding over it. The
 * `…Open` flags are views of the one `overlay`, for `bind:`.
 */

/** The one overlay shown, or null. */
export type Overlay = 'join' | 'switcher' | 'rooms' | 'members' | 'settings' | 'hostKey' | null;

export class Overlays {
  /** The one overlay shown; the `…Open` flags below are views of it, for `bind:`. */
  overlay = $state<Overlay>(null);

  get joinOpen(): boolean {
    return this.overlay === 'join';
  }
  set joinOpen(open: boolean) {
    this.toggle('join', open);
  }
  get switcherOpen(): boolean {
    return this.overlay === 'switcher';
  }
  set switcherOpen(open: boolean) {
    this.toggle('switcher', open);
  }
  get settingsOpen(): boolean {
    return this.overlay === 'settings';
  }
  set settingsOpen(open: boolean) {
    this.toggle('settings', open);
  }
  /** The warning that a host's key is not the expected one (desktop). */
  get hostKeyOpen(): boolean {
    return this.overlay === 'hostKey';
  }
  set hostKeyOpen(open: boolean) {
    this.toggle('hostKey', open);
  }
  /** On a narrow screen: the room list slides over the chat. */
  get sidebarOpen(): boolean {
    return this.overlay === 'rooms';
  }
  set sidebarOpen(open: boolean) {
    this.toggle('rooms', open);
  }
  /** On a narrow screen: the member list slides over the chat. */
  get membersOpen(): boolean {
    return this.overlay === 'members';
  }
  set membersOpen(open: boolean) {
    this.toggle('members', open);
  }

  /** Opens `which` (closing any other), or closes it when it is the one shown. */
  toggle(which: Exclude<Overlay, null>, open: boolean): void {
    if (open) this.overlay = which;
    else if (this.overlay === which) this.overlay = null;
  }
}
