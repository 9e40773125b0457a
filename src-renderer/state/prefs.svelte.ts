/**
 * The person's preferences: language, theme, how to send, which messages notify (by default and
 * per room). Kept in this browser's (or desktop window's) localStorage, each field checked when
 * read back, so a hand-edited value falls back to its default instead of breaking the app.
 */
import { isLocaleSetting, type LocaleSetting } from '../../src-shared/i18n/index.ts';

import type { SendKey } from '../lib/composer.ts';
import { mentions } from '../lib/markdown.ts';

export type { SendKey };
export type Theme = 'system' | 'light' | 'dark';
export type NotifyLevel = 'all' | 'mentions' | 'none';

export const THEMES: readonly Theme[] = ['system', 'light', 'dark'];
export const SEND_KEYS: readonly SendKey[] = ['enter', 'ctrl-enter'];
export const NOTIFY_LEVELS: readonly NotifyLevel[] = ['all', 'mentions', 'none'];

/** Where the preferences are kept: localStorage, or nothing (storage disabled, tests). */
export interface PrefsStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const KEY = 'lanchat.prefs.v1';
/** The most rooms with their own notification level that are remembered. */
const MAX_ROOMS = 100;

const oneOf = <T extends string>(list: readonly T[], v: unknown, fallback: T): T =>
  list.includes(v as T) ? (v as T) : fallback;

function pageStorage(): PrefsStorage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export class Prefs {
  language = $state<LocaleSetting>('system');
  theme = $state<Theme>('system');
  sendKey = $state<SendKey>('enter');
  notify = $state<NotifyLevel>('all');
  /** Rooms (by address) whose notifications differ from {@link notify}. */
  roomNotify = $state.raw<Readonly<Record<string, NotifyLevel>>>({});

  readonly #storage: PrefsStorage | null;

  constructor(storage: PrefsStorage | null = pageStorage()) {
    this.#storage = storage;
    let stored: Record<string, unknown> = {};
    try {
      const parsed: unknown = JSON.parse(storage?.getItem(KEY) ?? '{}');
      if (typeof parsed === 'object' && parsed !== null) stored = parsed as Record<string, unknown>;
    } catch {
      // Not JSON: the defaults.
    }
    this.language = isLocaleSetting(stored.language) ? stored.language : 'system';
    this.theme = oneOf(THEMES, stored.theme, 'system');
    this.sendKey = oneOf(SEND_KEYS, stored.sendKey, 'enter');
    this.notify = oneOf(NOTIFY_LEVELS, stored.notify, 'all');
    const rooms = typeof stored.roomNotify === 'object' && stored.roomNotify !== null ? stored.roomNotify : {};
    this.roomNotify = Object.fromEntries(
      Object.entries(rooms)
        .filter((e): e is [string, NotifyLevel] => NOTIFY_LEVELS.includes(e[1] as NotifyLevel))
        .slice(-MAX_ROOMS),
    );
  }

  /** Changes one preference and remembers it. */
  set<K extends 'language' | 'theme' | 'sendKey' | 'notify'>(key: K, value: this[K]): void {
    this[key] = value;
    this.#save();
  }

  /** A room's own notification level, or `null` to follow the default. */
  setRoomNotify(room: string, level: NotifyLevel | null): void {
    const { [room]: _old, ...rest } = this.roomNotify;
    this.roomNotify = level === null ? rest : { ...rest, [room]: level };
    this.#save();
  }

  /** Which messages of a room notify. */
  notifyLevel(room: string): NotifyLevel {
    return Object.hasOwn(this.roomNotify, room) ? this.roomNotify[room]! : this.notify;
  }

  #save(): void {
    const { language, theme, sendKey, notify, roomNotify } = this;
    try {
      this.#storage?.setItem(KEY, JSON.stringify({ language, theme, sendKey, notify, roomNotify }));
    } catch {
      // Full or disabled storage: the preference holds until the page closes.
    }
  }
}

/** The page's `<html>` (typed loosely: the unit tests run this module under Node, without a page). */
function pageRoot(): { dataset: Record<string, string | undefined> } | null {
  return (
    (globalThis as { document?: { documentElement: { dataset: Record<string, string | undefined> } } }).document
      ?.documentElement ?? null
  );
}

/** Shows the theme: `data-theme` on `<html>` (absent: the system's). */
export function applyTheme(
  theme: Theme,
  root: { dataset: Record<string, string | undefined> } | null = pageRoot(),
): void {
  if (!root) return;
  if (theme === 'system') delete root.dataset.theme;
  else root.dataset.theme = theme;
}

/**
 * Whether a message in a room at this level notifies the person called `you`: every message, or
 * one that mentions them as `@Name`: the one rule that also highlights the mention and badges
 * the room (lib/markdown.ts), so what notifies is what the person then sees marked.
 */
export function shouldNotify(level: NotifyLevel, text: string, you: string): boolean {
  return level === 'all' || (level === 'mentions' && mentions(text, you));
}
