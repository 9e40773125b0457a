/** The preferences (kept, checked, per room), mentions, the send key, and the announcer. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Announcer } from '../../src-renderer/lib/announcer.ts';
import { composerKeyAction } from '../../src-renderer/lib/composer.ts';
import { applyLocale } from '../../src-renderer/state/i18n.svelte.ts';
import { Prefs, shouldNotify, type PrefsStorage } from '../../src-renderer/state/prefs.svelte.ts';

function memory(initial?: unknown): PrefsStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  if (initial !== undefined) data.set('lanchat.prefs.v1', JSON.stringify(initial));
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

describe('preferences', () => {
  it('start at the defaults and remember every change', () => {
    const store = memory();
    const p = new Prefs(store);
    expect([p.language, p.theme, p.sendKey, p.notify]).toEqual(['system', 'system', 'enter', 'all']);
    p.set('language', 'zh-CN');
    p.set('theme', 'dark');
    p.set('sendKey', 'ctrl-enter');
    p.set('notify', 'mentions');
    p.setRoomNotify('10.0.0.5:47800/dev', 'none');
    const again = new Prefs(store);
    expect([again.language, again.theme, again.sendKey, again.notify]).toEqual([
      'zh-CN',
      'dark',
      'ctrl-enter',
      'mentions',
    ]);
    expect(again.notifyLevel('10.0.0.5:47800/dev')).toBe('none');
    expect(again.notifyLevel('10.0.0.5:47800/general')).toBe('mentions');
    again.setRoomNotify('10.0.0.5:47800/dev', null);
    expect(new Prefs(store).notifyLevel('10.0.0.5:47800/dev')).toBe('mentions');
  });

  it('drop what is not valid, field by field', () => {
    const p = new Prefs(
      memory({ language: 'fr', theme: 'dark', sendKey: 7, notify: 'loud', roomNotify: { a: 'none', b: 'x' } }),
    );
    expect([p.language, p.theme, p.sendKey, p.notify]).toEqual(['system', 'dark', 'enter', 'all']);
    expect(p.roomNotify).toEqual({ a: 'none' });
    const broken = memory();
    broken.data.set('lanchat.prefs.v1', '{not json');
    expect(new Prefs(broken).theme).toBe('system');
    expect(new Prefs(null).theme).toBe('system');
  });
});

describe('mentions and notification levels', () => {
  it('all, mentions, none; a mention is @Name, the rule that highlights it and badges the room', () => {
    expect(shouldNotify('all', 'anything', 'Ana')).toBe(true);
    expect(shouldNotify('mentions', 'anything', 'Ana')).toBe(false);
    expect(shouldNotify('mentions', '@Ana look', 'Ana')).toBe(true);
    expect(shouldNotify('mentions', 'thanks @ana!', 'Ana')).toBe(true);
    expect(shouldNotify('mentions', '@小明你好', '小明')).toBe(true);
    // Without the @ it is not a mention: it is neither highlighted nor badged, so it is silent.
    expect(shouldNotify('mentions', 'hey ana, lunch?', 'Ana')).toBe(false);
    expect(shouldNotify('mentions', '@Anastasia is here', 'Ana')).toBe(false);
    expect(shouldNotify('none', '@Ana!', 'Ana')).toBe(false);
  });
});

describe('the send key', () => {
  const key = (over: Partial<Parameters<typeof composerKeyAction>[0]>) => ({
    key: 'Enter',
    shiftKey: false,
    isComposing: false,
    ...over,
  });

  it('Ctrl+Enter mode: Enter adds a line, Ctrl/⌘+Enter sends', () => {
    expect(composerKeyAction(key({}), 'ctrl-enter')).toBe('none');
    expect(composerKeyAction(key({ ctrlKey: true }), 'ctrl-enter')).toBe('send');
    expect(composerKeyAction(key({ metaKey: true }), 'ctrl-enter')).toBe('send');
  });

  it('never sends while an input method composes, in either mode', () => {
    for (const mode of ['enter', 'ctrl-enter'] as const) {
      expect(composerKeyAction(key({ isComposing: true }), mode)).toBe('none');
      expect(composerKeyAction(key({ isComposing: true, ctrlKey: true }), mode)).toBe('none');
      // Safari: the Enter that confirms a composition arrives with keyCode 229.
      expect(composerKeyAction(key({ keyCode: 229 }), mode)).toBe('none');
    }
  });
});

describe('the announcer', () => {
  afterEach(() => {
    vi.useRealTimers();
    applyLocale('en', { languages: [], root: null });
  });

  it('reads one message, and a flood as one count', () => {
    vi.useFakeTimers();
    const said: string[] = [];
    const a = new Announcer((s) => said.push(s), 'general', 1000, 3000);
    a.add({ from: { name: 'Ana' }, text: 'hi\n there' });
    vi.advanceTimersByTime(1000);
    expect(said).toEqual(['New message from Ana: hi there']);
    for (let i = 0; i < 50; i++) {
      a.add({ from: { name: 'Bo' }, text: `m${i}` });
      vi.advanceTimersByTime(100); // a steady flood never goes quiet…
    }
    // …so the count comes at the latest 3 s after the first, then again for the rest.
    expect(said.slice(1)).toEqual(['30 new messages in # general']);
    vi.advanceTimersByTime(1000);
    expect(said.slice(2)).toEqual(['20 new messages in # general']);
  });

  it('speaks Chinese when the UI does', () => {
    vi.useFakeTimers();
    applyLocale('zh-CN', { languages: [], root: null });
    const said: string[] = [];
    const a = new Announcer((s) => said.push(s), 'general');
    a.add({ from: { name: 'Ana' }, text: '你好' });
    a.add({ from: { name: 'Bo' }, text: '在吗' });
    a.flush();
    expect(said).toEqual(['# general 有 2 条新消息']);
  });
});
