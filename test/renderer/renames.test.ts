import { describe, expect, it } from 'vitest';
import { RenameWatch } from '../../src-renderer/lib/renames.ts';
import { applyDefaultName } from '../../src-renderer/state/default-name.ts';
import { applyLocale, t } from '../../src-renderer/state/i18n.svelte.ts';

const alice = { id: 'm-a', name: 'Alice' };
const bob = { id: 'm-b', name: 'Bob' };

describe('RenameWatch', () => {
  it('reports a present member under a new name, once, and not the list it started with', () => {
    const w = new RenameWatch([alice, bob]);
    expect(w.see([alice, bob])).toEqual([]);
    expect(w.see([{ ...alice, name: 'Alicia' }, bob])).toEqual([{ old: 'Alice', name: 'Alicia' }]);
    expect(w.see([{ ...alice, name: 'Alicia' }, bob])).toEqual([]);
  });

  it('says nothing for joins, leaves, or yourself', () => {
    const w = new RenameWatch([alice]);
    expect(w.see([alice, bob])).toEqual([]);
    expect(w.see([alice])).toEqual([]);
    // Bob left: when he comes back under another name, that is a join, not a rename.
    expect(w.see([alice, { ...bob, name: 'Robert' }])).toEqual([]);
    expect(w.see([{ ...alice, name: 'Alicia' }, bob], alice.id)).toEqual([{ old: 'Robert', name: 'Bob' }]);
  });

  it('is said in both languages', () => {
    expect(t('people.renamed', { old: 'Alice', name: 'Alicia' })).toBe('Alice is now Alicia');
    applyLocale('zh-CN', { languages: [], root: null });
    try {
      expect(t('people.renamed', { old: 'Alice', name: 'Alicia' })).toBe('Alice 现在叫 Alicia');
    } finally {
      applyLocale('en', { languages: [], root: null });
    }
  });
});

describe('applyDefaultName', () => {
  const room = (name: string, canRename = true) => {
    const asked: string[] = [];
    return { name, canRename, asked, rename: async (n: string) => void asked.push(n) };
  };

  it('renames the open rooms that use the old default, and no other', () => {
    const plain = room('Alice');
    const chosen = room('Ally');
    const old = room('Alice', false);
    expect(applyDefaultName([plain, chosen, old], 'Alice', 'Alicia')).toEqual([plain]);
    expect([plain.asked, chosen.asked, old.asked]).toEqual([['Alicia'], [], []]);
    // The same name again (Settings saves on change and on close) asks nothing.
    expect(applyDefaultName([plain], 'Alicia', 'Alicia')).toEqual([]);
  });

  it('a refused rename does not throw into Settings', async () => {
    const r = { name: 'Alice', canRename: true, rename: () => Promise.reject(new Error('offline')) };
    expect(applyDefaultName([r], 'Alice', 'Alicia')).toEqual([r]);
    await new Promise((done) => setTimeout(done, 0));
  });
});
