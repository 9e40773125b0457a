import { describe, expect, it } from 'vitest';
import type { CloseInfo } from '../../src-shared/client/types.ts';
import { canSend, composerKeyAction, draftProblem } from '../../src-renderer/lib/composer.ts';
import { describeStatus, type StatusInput } from '../../src-renderer/lib/status.ts';
import { typingText } from '../../src-renderer/lib/typing.ts';
import { badge, windowTitle } from '../../src-renderer/lib/title.ts';
import { applyLocale } from '../../src-renderer/state/i18n.svelte.ts';

describe('composer', () => {
  const key = (k: string, shiftKey = false, isComposing = false) =>
    composerKeyAction({ key: k, shiftKey, isComposing });

  it('sends on Enter, adds a line on Shift+Enter, and never sends while an IME composes', () => {
    expect(key('Enter')).toBe('send');
    expect(key('Enter', true)).toBe('newline');
    expect(key('Enter', false, true)).toBe('none');
    expect(key('a')).toBe('none');
  });

  it('does not send an empty, blank or too long draft', () => {
    expect(canSend('')).toBe(false);
    expect(canSend(' \n\t ')).toBe(false);
    expect(canSend('hi')).toBe(true);
    expect(canSend('x'.repeat(4000))).toBe(true);
    expect(canSend('x'.repeat(4001))).toBe(false);
    // Characters, not UTF-16 units: 4000 emoji are fine.
    expect(canSend('😀'.repeat(4000))).toBe(true);
    expect(draftProblem('x'.repeat(4003))).toBe('3 characters too long (the limit is 4000).');
    expect(draftProblem('ok')).toBeNull();
  });
});

describe('connection status', () => {
  const closed = (over: Partial<CloseInfo> = {}): CloseInfo => ({
    code: 1006,
    reason: '',
    willReconnect: true,
    passwordNeeded: false,
    wasOpen: true,
    ...over,
  });
  const status = (over: Partial<StatusInput>) =>
    describeStatus({ state: 'open', nextRetryAt: null, closeInfo: null, online: true, now: 10_000, ...over });

  it('names every state in friendly words', () => {
    expect(status({}).label).toBe('Connected');
    expect(status({ state: 'connecting' })).toMatchObject({ label: 'Connecting…', canRetry: false });
    expect(status({ state: 'reconnecting', nextRetryAt: 13_200, closeInfo: closed() })).toMatchObject({
      kind: 'reconnecting',
      label: 'Reconnecting in 4 s',
      canRetry: true,
    });
    expect(
      status({ state: 'closed', closeInfo: closed({ code: 4003, passwordNeeded: true, willReconnect: false }) }).label,
    ).toBe('Password needed');
    expect(status({ state: 'reconnecting', nextRetryAt: 20_000, online: false }).label).toBe('Offline');
  });

  it('never counts down to "0 s", and offers a retry while a reconnect attempt hangs', () => {
    expect(status({ state: 'reconnecting', nextRetryAt: 10_001 }).label).toBe('Reconnecting in 1 s');
    expect(status({ state: 'reconnecting', nextRetryAt: 9_000 }).label).toBe('Connecting…');
    expect(status({ state: 'connecting', closeInfo: closed() }).canRetry).toBe(true);
  });

  it('says why a session ended', () => {
    const s = status({
      state: 'closed',
      closeInfo: closed({
        code: 4004,
        willReconnect: false,
        error: { code: 'room_invalid', message: 'No such room.' },
      }),
    });
    // The sentence for the error's code, in the person's language (the host's is English).
    expect(s).toMatchObject({
      kind: 'closed',
      label: 'Disconnected',
      detail: 'This room name is not valid.',
      canRetry: true,
    });
    const left = status({ state: 'closed', closeInfo: closed({ code: 1000, willReconnect: false }) });
    expect(left.detail).toBe('You left this room.');
    const other = status({ state: 'closed', closeInfo: closed({ code: 4321, willReconnect: false }) });
    expect(other.detail).toBe('The host closed the connection (code 4321).');
  });

  it('speaks Chinese when the UI does', () => {
    applyLocale('zh-CN', { languages: [], root: null });
    try {
      expect(status({})).toMatchObject({ label: '已连接', detail: '消息会即时送达。' });
      expect(status({ state: 'reconnecting', nextRetryAt: 14_000 }).label).toBe('4 秒后重新连接');
      expect(typingText(['Bob', 'Carol', 'Dan'])).toBe('Bob、Carol和Dan 正在输入…');
      expect(draftProblem('x'.repeat(4001))).toBe('超出 1 个字符（上限为 4000）。');
      expect(windowTitle(3, 'dev')).toBe('(3) dev · 局域网聊天');
    } finally {
      applyLocale('en', { languages: [], root: null });
    }
  });
});

describe('typing indicator and title', () => {
  it('reads naturally for one, two, three and more people', () => {
    expect(typingText([])).toBe('');
    expect(typingText(['Bob'])).toBe('Bob is typing…');
    expect(typingText(['Bob', 'Carol'])).toBe('Bob and Carol are typing…');
    expect(typingText(['Bob', 'Carol', 'Dan'])).toBe('Bob, Carol, and Dan are typing…');
    expect(typingText(['Bob', 'Carol', 'Dan', 'Eve'])).toBe('Several people are typing…');
  });

  it('puts the unread total first in the window title', () => {
    expect(windowTitle(0, 'general')).toBe('general · LAN Chat');
    expect(windowTitle(3, 'dev')).toBe('(3) dev · LAN Chat');
    expect(windowTitle(250, null)).toBe('(99+) LAN Chat');
    expect(badge(100)).toBe('99+');
  });
});
